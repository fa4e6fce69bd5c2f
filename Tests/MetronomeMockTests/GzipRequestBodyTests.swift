import XCTest

@testable import MetronomeMock

final class GzipRequestBodyTests: XCTestCase {
    private func inflate(_ input: [UInt8], limit: Int = 1 << 20) -> Result<[UInt8], GzipRequestBody.Failure> {
        input.withUnsafeBytes { GzipRequestBody.inflate($0, limit: limit) }
    }

    func testInflatesEveryMember() throws {
        let first = Array(String(repeating: "first ", count: 20_000).utf8)
        let second = Array("second".utf8)
        XCTAssertEqual(try inflate(gzip(first) + gzip(second)).get(), first + second)
    }

    func testRefusesOutputOverTheLimitWithoutInflatingItAll() {
        let body = [UInt8](repeating: UInt8(ascii: "a"), count: 10 << 20)
        XCTAssertEqual(inflate(gzip(body), limit: 1 << 20), .failure(.tooLarge))
        XCTAssertEqual(try inflate(gzip(body), limit: 10 << 20).get().count, 10 << 20)
    }

    func testDamagedAndTruncatedDataAreInvalid() {
        let compressed = gzip(Array("[1,2,3]".utf8))
        guard case .failure(.invalid) = inflate(Array(compressed.dropLast(3))) else {
            return XCTFail("truncated accepted")
        }
        guard case .failure(.invalid) = inflate(Array("not gzip at all".utf8)) else { return XCTFail("text accepted") }
        XCTAssertEqual(try inflate([]).get(), [])
    }
}
