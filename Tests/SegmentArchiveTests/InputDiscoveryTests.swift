import Foundation
import XCTest

@testable import SegmentArchive

final class InputDiscoveryTests: XCTestCase {
    private var root = ""

    override func setUpWithError() throws {
        root = try makeTemporaryDirectory(self)
    }

    private func touch(_ relative: String) throws {
        try writeFile(root + "/" + relative, Array("{}\n".utf8))
    }

    private func discover(_ inputs: [String]) throws -> InputDiscovery.Result {
        do {
            return try InputDiscovery.discover(inputs)
        } catch {
            XCTFail("discover failed: \(error)")
            throw error
        }
    }

    func testDirectoryIsWalkedRecursivelyInByteOrder() throws {
        for name in ["a0.gz", "a/b.gz", "a.gz", "B.gz", "a-b.gz", "a/c/d.json", "a/B.gz", "é.gz", "z.gz"] {
            try touch("in/" + name)
        }
        let result = try discover([root + "/in"])
        let expected = ["B.gz", "a-b.gz", "a.gz", "a/B.gz", "a/b.gz", "a/c/d.json", "a0.gz", "z.gz", "é.gz"]
        XCTAssertEqual(result.files.map(\.relativePath), expected)
        XCTAssertEqual(result.files.map(\.path), expected.map { root + "/in/" + $0 })
        XCTAssertTrue(result.skipped.isEmpty)
    }

    func testTrailingSlashOnDirectoryGivesCleanPaths() throws {
        try touch("in/x/y.gz")
        let result = try discover([root + "/in/"])
        XCTAssertEqual(result.files, [ArchiveFile(path: root + "/in/x/y.gz", relativePath: "x/y.gz")])
    }

    func testHiddenFilesAndDirectoriesAreIgnoredSilently() throws {
        try touch("in/.hidden.gz")
        try touch("in/.git/objects.gz")
        try touch("in/visible/.also-hidden.json")
        try touch("in/visible/kept.json")
        let result = try discover([root + "/in"])
        XCTAssertEqual(result.files.map(\.relativePath), ["visible/kept.json"])
        XCTAssertTrue(result.skipped.isEmpty, "hidden entries are not listed: \(result.skipped)")
    }

    func testNonArchiveObjectsAreListedAsSkipped() throws {
        try touch("in/2024/06/01/dummy-object.txt")
        try touch("in/2024/06/01/events.gz")
        try touch("in/notes.md")
        try touch("in/data.json.bak")
        let result = try discover([root + "/in"])
        XCTAssertEqual(result.files.map(\.relativePath), ["2024/06/01/events.gz"])
        XCTAssertEqual(Set(result.skipped), ["2024/06/01/dummy-object.txt", "notes.md", "data.json.bak"])
    }

    func testArchiveSuffixesAreCaseInsensitive() throws {
        let names = ["a.json", "b.ndjson", "c.jsonl", "d.gz", "e.JSON", "f.NDJSON", "g.JsonL", "h.GZ", "i.json.gz"]
        for name in names { try touch("in/" + name) }
        try touch("in/j.gzip")
        try touch("in/k.jso")
        try touch("in/gz")
        let result = try discover([root + "/in"])
        XCTAssertEqual(result.files.map(\.relativePath), names)
        XCTAssertEqual(Set(result.skipped), ["j.gzip", "k.jso", "gz"])
    }

    func testIsArchiveName() {
        XCTAssertTrue(InputDiscovery.isArchiveName("x.Gz"))
        XCTAssertTrue(InputDiscovery.isArchiveName(".json"))
        XCTAssertFalse(InputDiscovery.isArchiveName("x.txt"))
        XCTAssertFalse(InputDiscovery.isArchiveName("json"))
    }

    func testExplicitFileIsAlwaysTakenWithItsBasename() throws {
        try touch("deep/dir/dummy-object.txt")
        try touch("deep/dir/.hidden")
        let result = try discover([root + "/deep/dir/dummy-object.txt", root + "/deep/dir/.hidden"])
        XCTAssertEqual(
            result.files,
            [
                ArchiveFile(path: root + "/deep/dir/dummy-object.txt", relativePath: "dummy-object.txt"),
                ArchiveFile(path: root + "/deep/dir/.hidden", relativePath: ".hidden"),
            ])
        XCTAssertTrue(result.skipped.isEmpty)
    }

    func testDashMeansStandardInput() throws {
        let result = try discover(["-"])
        XCTAssertEqual(result.files, [ArchiveFile(path: "-", relativePath: "stdin")])
        XCTAssertTrue(result.files[0].isStandardInput)
    }

    func testInputsKeepCommandLineOrder() throws {
        try touch("z.gz")
        try touch("in/a.gz")
        let result = try discover([root + "/z.gz", root + "/in", "-"])
        XCTAssertEqual(result.files.map(\.relativePath), ["z.gz", "a.gz", "stdin"])
    }

    func testEmptyDirectoryGivesNoFiles() throws {
        try FileManager.default.createDirectory(atPath: root + "/empty", withIntermediateDirectories: true)
        let result = try discover([root + "/empty"])
        XCTAssertTrue(result.files.isEmpty)
        XCTAssertTrue(result.skipped.isEmpty)
    }

    func testNonexistentPathThrows() {
        XCTAssertThrowsError(try InputDiscovery.discover([root + "/missing"])) { error in
            let message = (error as? InputDiscovery.Failure)?.message ?? ""
            XCTAssertTrue(message.contains("/missing"), message)
            XCTAssertTrue(message.contains("does not exist"), message)
        }
    }

    func testSymlinkedDirectoryIsNotFollowed() throws {
        try touch("elsewhere/inside.gz")
        try touch("in/real.gz")
        try FileManager.default.createSymbolicLink(atPath: root + "/in/link", withDestinationPath: root + "/elsewhere")
        // A loop: a link back to the directory itself.
        try FileManager.default.createSymbolicLink(atPath: root + "/in/loop", withDestinationPath: root + "/in")
        let result = try discover([root + "/in"])
        XCTAssertEqual(result.files.map(\.relativePath), ["real.gz"])
        XCTAssertEqual(Set(result.skipped), ["link", "loop"])
    }

    func testSymlinkToFileIsFollowed() throws {
        try touch("elsewhere/target.gz")
        try touch("in/placeholder.txt")
        try FileManager.default.createSymbolicLink(
            atPath: root + "/in/linked.gz", withDestinationPath: root + "/elsewhere/target.gz")
        let result = try discover([root + "/in"])
        XCTAssertEqual(result.files, [ArchiveFile(path: root + "/in/linked.gz", relativePath: "linked.gz")])
    }

    func testBrokenSymlinkIsSkipped() throws {
        try FileManager.default.createDirectory(atPath: root + "/in", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: root + "/in/broken.gz", withDestinationPath: root + "/nowhere")
        let result = try discover([root + "/in"])
        XCTAssertTrue(result.files.isEmpty)
        XCTAssertEqual(result.skipped, ["broken.gz"])
    }

    func testDuplicateRelativePathsAcrossInputsThrow() throws {
        try touch("one/events.gz")
        try touch("two/events.gz")
        XCTAssertThrowsError(try InputDiscovery.discover([root + "/one", root + "/two"])) { error in
            let message = (error as? InputDiscovery.Failure)?.description ?? ""
            XCTAssertTrue(message.contains("events.gz"), message)
            XCTAssertTrue(message.contains("same output path"), message)
        }
    }

    func testSameFileTwiceThrows() throws {
        try touch("a.gz")
        XCTAssertThrowsError(try InputDiscovery.discover([root + "/a.gz", root + "/a.gz"]))
    }

    func testExplicitFileCollidingWithDirectoryEntryThrows() throws {
        try touch("in/events.gz")
        try touch("other/events.gz")
        XCTAssertThrowsError(try InputDiscovery.discover([root + "/in", root + "/other/events.gz"]))
    }

    func testDistinctRelativePathsFromTwoDirectoriesAreFine() throws {
        try touch("one/a.gz")
        try touch("two/b.gz")
        let result = try discover([root + "/one", root + "/two"])
        XCTAssertEqual(result.files.map(\.relativePath), ["a.gz", "b.gz"])
    }
}
