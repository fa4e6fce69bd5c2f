import Foundation
import XCTest

@testable import MetronomeEvents

final class EventFileSinkTests: XCTestCase {
    func directory() throws -> String {
        let path = NSTemporaryDirectory() + "sink-tests-" + UUID().uuidString
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testNothingAppearsUnderTheFinalNameUntilCommit() throws {
        let root = try directory()
        let path = root + "/a/b/events.ndjson"
        let sink = try EventFileSink(path: path, gzip: false)
        try Array("{\"x\":1}\n".utf8).withUnsafeBytes { try sink.write($0) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        let hidden = try FileManager.default.contentsOfDirectory(atPath: root + "/a/b")
        XCTAssertEqual(hidden.count, 1)
        XCTAssertTrue(hidden[0].hasPrefix(".events.ndjson.partial-"), hidden[0])
        try sink.commit()
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "{\"x\":1}\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root + "/a/b"), ["events.ndjson"])
    }

    func testAnAbandonedSinkLeavesNoFile() throws {
        let root = try directory()
        do {
            let sink = try EventFileSink(path: root + "/x.ndjson", gzip: true)
            try Array("data".utf8).withUnsafeBytes { try sink.write($0) }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root), [])
    }

    func testPartialFilesOfKilledRunsAreRemovedAndLiveOnesKept() throws {
        let root = try directory()
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        // A pid that cannot be running (above the kernel's pid_max) and one that is (pid 1).
        for name in [".a.ndjson.partial-99999999", ".b.ndjson.partial-1", "c.ndjson", ".hidden"] {
            XCTAssertTrue(FileManager.default.createFile(atPath: root + "/" + name, contents: Data("x".utf8)))
        }
        let sink = try EventFileSink(path: root + "/a.ndjson", gzip: false)
        try sink.commit()
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: root).sorted(),
            [".b.ndjson.partial-1", ".hidden", "a.ndjson", "c.ndjson"])
    }

    func testAParentThatIsAFileIsAnError() throws {
        let root = try directory()
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.createFile(atPath: root + "/file", contents: Data()))
        XCTAssertThrowsError(try EventFileSink(path: root + "/file/x.ndjson", gzip: false)) { error in
            XCTAssertTrue("\(error)".contains("not a directory"), "\(error)")
        }
    }
}
