import XCTest

@testable import MetronomeMock

final class MockRecordFileTests: XCTestCase {
    func testAppendsAndReadsBackIDsAcrossBlockBoundaries() throws {
        let path = temporaryPath("record.ndjson")
        let file = try MockRecordFile(path: path)
        // Lines of ~1 KiB: several of them straddle the reader's 1 MiB blocks; one line is 3 MiB long.
        let padding = String(repeating: "p", count: 1000)
        var expected: [String] = []
        var text = ""
        for index in 0..<3000 {
            expected.append("id-\(index)")
            text += event("id-\(index)", properties: #"{"pad":"\#(padding)"}"#) + "\n"
        }
        expected.append("huge")
        text += event("huge", properties: #"{"pad":"\#(String(repeating: "h", count: 3 << 20))"}"#) + "\n"
        text += "garbage line\n\n" + #"{"transaction_id":42}"# + "\n"
        expected.append("last-without-newline")
        text += event("last-without-newline")
        XCTAssertNil(file.append(Array(text.utf8)))
        var ids: [String] = []
        try MockRecordFile.forEachTransactionID(inFileAt: path) { ids.append($0) }
        XCTAssertEqual(ids, expected)
    }

    func testAMissingFileHasNoIDsAndAnUnopenableOneIsAnError() throws {
        var count = 0
        try MockRecordFile.forEachTransactionID(inFileAt: temporaryPath("absent")) { _ in count += 1 }
        XCTAssertEqual(count, 0)
        XCTAssertThrowsError(try MockRecordFile(path: "/nonexistent-directory/record.ndjson")) { error in
            guard case MockMetronomeError.recordFile(let path, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, "/nonexistent-directory/record.ndjson")
        }
    }
}
