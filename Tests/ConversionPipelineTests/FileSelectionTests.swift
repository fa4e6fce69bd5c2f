import Foundation
import RunLedger
import SegmentArchive
import XCTest

@testable import ConversionPipeline

#if canImport(Glibc)
    import Glibc
#endif

final class FileSelectionTests: XCTestCase {
    /// 2024-02-25T00:00:00Z and the days around it, epoch milliseconds.
    private let day: Int64 = 1_708_819_200_000
    private let dayLength: Int64 = 86_400_000

    private func file(_ relativePath: String, root: String = "/nonexistent") -> ArchiveFile {
        ArchiveFile(path: root + "/" + relativePath, relativePath: relativePath)
    }

    /// Creates `relativePath` under `root` with the modification time `milliseconds` (exactly).
    private func file(_ relativePath: String, root: String, modified milliseconds: Int64) throws -> ArchiveFile {
        let path = root + "/" + relativePath
        try Data("x".utf8).write(to: URL(fileURLWithPath: path))
        let time = timespec(tv_sec: Int(milliseconds / 1000), tv_nsec: Int(milliseconds % 1000) * 1_000_000)
        var times = [time, time]
        XCTAssertEqual(utimensat(AT_FDCWD, path, &times, 0), 0)
        XCTAssertEqual(FileSelection.modificationMilliseconds(path), milliseconds)
        return ArchiveFile(path: path, relativePath: relativePath)
    }

    // MARK: Day folders

    func testTheDayFolderIsTheLastFolderNamingAUTCMidnightInMilliseconds() {
        XCTAssertEqual(FileSelection.dayFolder("src/1708819200000/a.gz"), 1_708_819_200_000)
        XCTAssertEqual(
            FileSelection.dayFolder("segment-logs/abc/1708819200000/1708822800000.def.gz"), 1_708_819_200_000)
        XCTAssertEqual(FileSelection.dayFolder("1708819200000/a.gz"), 1_708_819_200_000)
        XCTAssertEqual(
            FileSelection.dayFolder("1708732800000/x/1708819200000/a.gz"), 1_708_819_200_000, "the last one wins")
        XCTAssertEqual(
            FileSelection.dayFolder("src/1708819200000/1708819200001/a.gz"), 1_708_819_200_000,
            "a folder that is not a day is passed over")
        XCTAssertEqual(FileSelection.dayFolder("src/1000000000000/a.gz"), nil, "not a multiple of a day")
        XCTAssertEqual(FileSelection.dayFolder("src/1728000000000/a.gz"), 1_728_000_000_000)
    }

    func testNoDayFolderFor12Or14DigitsNonMidnightsFileNamesOrSignedNumbers() {
        for path in [
            "src/170899200000/a.gz",  // 12 digits (and a multiple of a day: 1975-06-02)
            "src/17088192000000/a.gz",  // 14 digits
            "src/1708819200001/a.gz",  // one millisecond past midnight
            "src/1708822800000/a.gz",  // 01:00
            "src/1708819200000",  // a file name, not a folder
            "1708819200000",
            "src/a.gz",
            "",
            "src/17088192000x0/a.gz",
            "src/+086400000000/a.gz",  // 13 characters, a multiple of a day, but a sign is not a digit
            "src/-000000000000/a.gz",
            "src/ 1708819200000/a.gz",
        ] {
            XCTAssertNil(FileSelection.dayFolder(path), path)
        }
    }

    // MARK: Window

    func testSinceIsInclusiveAndUntilExclusiveByDayFolder() {
        let files = [day - dayLength, day, day + dayLength].map { file("src/\($0)/a.gz") }
        let since = FileSelection(since: day).apply(files)
        XCTAssertEqual(since.files, Array(files[1...]))
        XCTAssertEqual(since.outsideWindow, 1)
        let until = FileSelection(until: day + dayLength).apply(files)
        XCTAssertEqual(until.files, Array(files[..<2]))
        XCTAssertEqual(until.outsideWindow, 1)
        let both = FileSelection(since: day, until: day + dayLength).apply(files)
        XCTAssertEqual(both.files, [files[1]])
        XCTAssertEqual(both.outsideWindow, 2)
        XCTAssertEqual(both.otherShards, 0)
        // A window inside a day: the day's files are dated at its midnight.
        XCTAssertEqual(FileSelection(since: day + 1).apply(files).files, [files[2]])
        XCTAssertEqual(FileSelection(until: day + 1).apply(files).files, Array(files[..<2]))
        XCTAssertEqual(FileSelection(since: day, until: day).apply(files).files, [], "an empty window")
    }

    func testTheDayFolderWinsOverTheModificationTime() throws {
        let root = try temporaryDirectory(self)
        try FileManager.default.createDirectory(atPath: root + "/\(day)", withIntermediateDirectories: true)
        // Modified a year later, but in the folder of `day`.
        let inDay = try file("\(day)/a.gz", root: root, modified: day + 365 * dayLength)
        XCTAssertEqual(FileSelection(since: day, until: day + dayLength).apply([inDay]).files, [inDay])
        XCTAssertEqual(FileSelection(since: day + dayLength).apply([inDay]).outsideWindow, 1)
    }

    func testFilesWithoutADayFolderAreDatedByTheirModificationTime() throws {
        let root = try temporaryDirectory(self)
        let hour: Int64 = 3_600_000
        let before = try file("before.gz", root: root, modified: day - 1)
        let at = try file("at.gz", root: root, modified: day)
        let after = try file("after.gz", root: root, modified: day + hour + 123)
        let files = [before, at, after]
        XCTAssertEqual(FileSelection(since: day).apply(files).files, [at, after])
        XCTAssertEqual(FileSelection(until: day).apply(files).files, [before])
        XCTAssertEqual(FileSelection(until: day + hour + 123).apply(files).files, [before, at])
        XCTAssertEqual(FileSelection(until: day + hour + 124).apply(files).files, files)
        let window = FileSelection(since: day, until: day + hour).apply(files)
        XCTAssertEqual(window.files, [at])
        XCTAssertEqual(window.outsideWindow, 2)
    }

    func testStandardInputIsNeverLeftOut() {
        let input = ArchiveFile(path: "-", relativePath: "stdin")
        for count in 1...4 {
            for index in 0..<count {
                let outcome = FileSelection(shard: ShardAssignment(index: index, count: count)).apply([input])
                XCTAssertEqual(outcome.files, [input])
            }
        }
        XCTAssertEqual(FileSelection(since: day, until: day + 1).apply([input]).files, [input])
    }

    // MARK: Shards

    func testTheShardFilterKeepsThisShardsFilesAndCountsTheOthers() throws {
        let files = (0..<300).map { file("src/\(day)/\($0).gz") }
        var seen: [ArchiveFile] = []
        for index in 0..<3 {
            let shard = try XCTUnwrap(ShardAssignment(index: index, count: 3))
            let outcome = FileSelection(shard: shard).apply(files)
            XCTAssertEqual(outcome.files, files.filter { shard.owns($0.relativePath) }, "in order, only its own")
            XCTAssertEqual(outcome.otherShards, files.count - outcome.files.count)
            XCTAssertEqual(outcome.outsideWindow, 0)
            XCTAssertGreaterThan(outcome.files.count, 50)
            seen += outcome.files
        }
        XCTAssertEqual(seen.count, files.count, "every file in exactly one shard")
        XCTAssertEqual(Set(seen.map(\.relativePath)), Set(files.map(\.relativePath)))
    }

    func testAFileOfAnotherShardIsCountedOnceAsOtherShardEvenOutsideTheWindow() throws {
        let shard = try XCTUnwrap(ShardAssignment(index: 0, count: 2))
        let files = (0..<100).map { file("src/\(day - dayLength * Int64($0 % 2))/\($0).gz") }
        let outcome = FileSelection(shard: shard, since: day).apply(files)
        let mine = files.filter { shard.owns($0.relativePath) }
        XCTAssertEqual(outcome.otherShards, files.count - mine.count)
        XCTAssertEqual(outcome.files, mine.filter { FileSelection.dayFolder($0.relativePath) == day })
        XCTAssertEqual(outcome.outsideWindow, mine.count - outcome.files.count)
        XCTAssertEqual(outcome.files.count + outcome.otherShards + outcome.outsideWindow, files.count)
    }

    // MARK: Everything

    func testEverythingIsSelectedOnlyWithoutShardAndWindow() throws {
        XCTAssertTrue(FileSelection().isEverything)
        XCTAssertFalse(FileSelection(shard: ShardAssignment(index: 0, count: 1)).isEverything)
        XCTAssertFalse(FileSelection(since: day).isEverything)
        XCTAssertFalse(FileSelection(until: day).isEverything)
        let files = [file("a.gz"), file("src/\(day)/b.gz"), ArchiveFile(path: "-", relativePath: "stdin")]
        let outcome = FileSelection().apply(files)
        XCTAssertEqual(outcome.files, files)
        XCTAssertEqual(outcome.otherShards, 0)
        XCTAssertEqual(outcome.outsideWindow, 0)
    }
}
