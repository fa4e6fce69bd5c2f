import Foundation
import XCTest

@testable import SegmentArchive

#if canImport(Glibc)
    import Glibc
#endif

/// The reader and the input walk on `testdata/hostile/` (one test per file) and on hostile inputs that
/// only exist at run time: a FIFO, a file that shrinks or disappears while it is read, an unreadable
/// file, a symlink loop, a deep tree near the descriptor limit, 100,000 tiny files. Each ends with
/// lines, rejects-to-be or a per-file failure, never a crash or a hang. The pipeline's view of the
/// same files is in `HostileCorpusTests`.
final class HostileInputTests: XCTestCase {
    static let hostile: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path + "/testdata/hostile/"
    }()

    private func read(_ name: String) -> ReadOutcome { readArchive(Self.hostile + name) }

    private func size(_ name: String) throws -> Int64 {
        (try FileManager.default.attributesOfItem(atPath: Self.hostile + name)[.size] as! NSNumber).int64Value
    }

    /// The three whole lines every truncated or corrupt file starts with.
    private func assertThreeTrackLines(_ outcome: ReadOutcome, file: StaticString = #filePath, line: UInt = #line) {
        let lines = outcome.lines.map { String(decoding: $0, as: UTF8.self) }
        XCTAssertEqual(lines.count, 3, file: file, line: line)
        for (index, text) in lines.enumerated() {
            XCTAssertTrue(text.contains("\"messageId\":\"h-\(index + 1)\""), text, file: file, line: line)
            XCTAssertTrue(text.hasSuffix("}\n"), text, file: file, line: line)
        }
    }

    // MARK: Truncated and corrupt gzip

    func testHeaderOnlyGzipIsTruncatedAtByte10() {
        let outcome = read("header-only.gz")
        XCTAssertEqual(outcome.result.failure?.kind, .truncatedGzip)
        XCTAssertEqual(outcome.result.failure?.offset, 10)
        XCTAssertTrue(outcome.result.failure?.message.contains("header-only.gz") == true)
        XCTAssertTrue(outcome.items.isEmpty)
    }

    func testGzipCutMidMemberKeepsWholeLinesAndTheCutLineAsADamagedTail() throws {
        let outcome = read("mid-member.gz")
        XCTAssertEqual(outcome.result.failure?.kind, .truncatedGzip)
        XCTAssertEqual(outcome.result.failure?.offset, try size("mid-member.gz"))
        let lines = outcome.lines.map { String(decoding: $0, as: UTF8.self) }
        XCTAssertEqual(lines.count, 4)
        XCTAssertTrue(lines[3].contains("\"messageId\":\"h-4\""), lines[3])
        // The fifth line was cut 40 bytes in: a damaged tail, never a line.
        XCTAssertEqual(outcome.damagedTails.count, 1)
        XCTAssertEqual(outcome.damagedTails.first?.length, 40)
        XCTAssertEqual(
            outcome.damagedTails.first.map { String(decoding: $0.prefix, as: UTF8.self) },
            #"{"type":"track","event":"API Call","mess"#)
    }

    func testGzipWithoutItsTrailerKeepsEveryLine() throws {
        let outcome = read("no-trailer.gz")
        XCTAssertEqual(outcome.result.failure?.kind, .truncatedGzip)
        XCTAssertEqual(outcome.result.failure?.offset, try size("no-trailer.gz"))
        assertThreeTrackLines(outcome)
        XCTAssertTrue(outcome.damagedTails.isEmpty)
    }

    func testGzipWithACorruptCRCKeepsTheLinesAndIsCorrupt() {
        let outcome = read("corrupt-crc.gz")
        XCTAssertEqual(outcome.result.failure?.kind, .corruptGzip)
        assertThreeTrackLines(outcome)
        XCTAssertTrue(outcome.damagedTails.isEmpty)
    }

    func testGzipMagicThenAReservedBlockTypeIsCorruptWithNothingRead() {
        let outcome = read("gzip-magic-then-garbage.gz")
        XCTAssertEqual(outcome.result.failure?.kind, .corruptGzip)
        XCTAssertTrue(outcome.items.isEmpty)
    }

    // MARK: Not gzip at all

    func testRandomBytesNamedGzAreNotAnArchive() {
        let outcome = read("random-bytes.gz")
        XCTAssertEqual(outcome.result.failure?.kind, .notAnArchive)
        XCTAssertEqual(outcome.result.failure?.offset, 0)
        XCTAssertTrue(outcome.result.failure?.message.contains("it starts with bytes 9c") == true)
        XCTAssertTrue(outcome.items.isEmpty)
    }

    func testRealZipArchiveNamedGzIsNamedAsZip() {
        let outcome = read("zip-named.gz")
        XCTAssertEqual(outcome.result.failure?.kind, .notAnArchive)
        XCTAssertTrue(outcome.result.failure?.message.hasSuffix("50 4b 03 04, a zip archive)") == true)
        XCTAssertTrue(outcome.items.isEmpty)
    }

    func testRealZstdFrameNamedGzIsNamedAsZstd() {
        let outcome = read("zstd-named.gz")
        XCTAssertEqual(outcome.result.failure?.kind, .notAnArchive)
        XCTAssertTrue(outcome.result.failure?.message.hasSuffix("28 b5 2f fd, zstd data)") == true)
        XCTAssertTrue(outcome.items.isEmpty)
    }

    // MARK: Bombs and long lines

    func testBombOfOneLineIsSkippedWithoutBeingHeld() {
        var peakBuffer = 0
        var items: [ArchiveItem] = []
        let result = ArchiveReader().read(ArchiveFile(path: Self.hostile + "bomb-one-line.gz", relativePath: "b")) {
            if case .lines(let chunk) = $0 { peakBuffer = max(peakBuffer, chunk.buffer.capacity) }
            items.append($0)
        }
        let outcome = ReadOutcome(result: result, items: items)
        XCTAssertNil(result.failure)
        let prefix = #"{"type":"track","properties":{"pad":""#
        XCTAssertEqual(outcome.overlongLines.count, 1)
        XCTAssertEqual(outcome.overlongLines.first?.length, prefix.utf8.count + (16 << 20) + 3)
        XCTAssertEqual(outcome.overlongLines.first?.prefix.count, LineFramer.prefixBytes)
        XCTAssertTrue(outcome.overlongLines.first.map { $0.prefix.starts(with: Array(prefix.utf8)) } == true)
        XCTAssertEqual(outcome.lines.count, 1)
        XCTAssertTrue(String(decoding: outcome.lines[0], as: UTF8.self).contains("after-bomb"))
        XCTAssertEqual(result.bytesOut, Int64(prefix.utf8.count + (16 << 20) + 3 + outcome.lines[0].count + 1))
        // Never more than a chunk plus the line limit in one buffer.
        XCTAssertLessThanOrEqual(peakBuffer, (1 << 20) + (8 << 20))
    }

    func testBombOfShortLinesGivesEveryLine() {
        var lines = 0
        var bytes = 0
        var overlong = 0
        let result = ArchiveReader().read(ArchiveFile(path: Self.hostile + "bomb-short-lines.gz", relativePath: "b")) {
            switch $0 {
            case .lines(let chunk):
                bytes += chunk.count
                lines += chunk.buffer.bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            default: overlong += 1
            }
        }
        XCTAssertNil(result.failure)
        XCTAssertEqual(lines, 32768 * 16 + 1)
        XCTAssertEqual(bytes, 17_301_657)
        XCTAssertEqual(Int(result.bytesOut), bytes)
        XCTAssertEqual(overlong, 0)
    }

    func testLineOf100MiBIsSkippedAndTheNextLineKept() {
        let outcome = read("line-100mb.gz")
        XCTAssertNil(outcome.result.failure)
        let prefix = #"{"type":"track","properties":{"text":""#
        XCTAssertEqual(outcome.overlongLines.map(\.length), [prefix.utf8.count + (100 << 20) + 3])
        XCTAssertEqual(outcome.lines.count, 1)
        XCTAssertTrue(String(decoding: outcome.lines[0], as: UTF8.self).contains("after-100mb"))
    }

    func testOverlongLineKeepsTheRequestedPrefix() {
        var reader = ArchiveReader()
        reader.keptPrefixBytes = 100_000
        let outcome = readArchive(Self.hostile + "bomb-one-line.gz", reader: reader)
        XCTAssertEqual(outcome.overlongLines.first?.prefix.count, 100_000)
    }

    func testDeepNestingIsLeftToTheParserLineByLine() {
        // The reader does not look inside lines: four lines, the deepest 900 KB long.
        let outcome = read("deep-nesting.gz")
        XCTAssertNil(outcome.result.failure)
        XCTAssertEqual(outcome.lines.map(\.count), [200_040, 100_001, 600_002, 152])
    }

    // MARK: Files that change, vanish or cannot be read

    func testFIFOWithoutAWriterReadsAsEmptyInsteadOfHanging() throws {
        let work = try makeTemporaryDirectory(self)
        let path = work + "/fifo.gz"
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        let done = expectation(description: "read returned")
        let box = ResultBox()
        Thread {
            box.outcome = readArchive(path)
            done.fulfill()
        }.start()
        // Before the fix, open() waited forever for a writer.
        wait(for: [done], timeout: 10)
        XCTAssertNil(box.outcome?.result.failure)
        XCTAssertEqual(box.outcome?.items.count, 0)
        if box.outcome == nil {
            // Release the reader thread so the test process can end.
            let fd = open(path, O_WRONLY | O_NONBLOCK)
            if fd >= 0 { close(fd) }
        }
    }

    func testFIFOWithAWriterIsRead() throws {
        let work = try makeTemporaryDirectory(self)
        let path = work + "/fifo.ndjson"
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        Thread {
            let fd = open(path, O_WRONLY)
            let text = "{\"a\":1}\n{\"a\":2}\n"
            _ = text.withCString { write(fd, $0, strlen($0)) }
            close(fd)
        }.start()
        // The writer may open after the reader: retry until it has (a writerless FIFO reads as empty).
        var outcome = readArchive(path)
        let deadline = Date().addingTimeInterval(10)
        while outcome.lines.isEmpty && Date() < deadline {
            usleep(10_000)
            outcome = readArchive(path)
        }
        XCTAssertEqual(outcome.lines.count, 2)
    }

    func testGzipTruncatedWhileBeingReadIsTruncatedWithEarlierLinesKept() throws {
        let work = try makeTemporaryDirectory(self)
        let path = work + "/shrinking.gz"
        let data = sampleLines(20_000).flatMap { $0 }
        let compressed = gzipMember(data)
        try writeFile(path, compressed)
        var items: [ArchiveItem] = []
        var truncatedOnce = false
        let reader = ArchiveReader(chunkSize: 4096, inputBlockSize: 4096)
        let result = reader.read(ArchiveFile(path: path, relativePath: "shrinking.gz")) { item in
            if !truncatedOnce {
                truncatedOnce = true
                XCTAssertEqual(truncate(path, off_t(compressed.count / 2)), 0)
            }
            items.append(item)
        }
        XCTAssertEqual(result.failure?.kind, .truncatedGzip)
        XCTAssertEqual(result.failure?.offset, Int64(compressed.count / 2))
        let outcome = ReadOutcome(result: result, items: items)
        XCTAssertGreaterThan(outcome.lines.count, 100)
        XCTAssertLessThan(outcome.lines.count, 20_000)
        XCTAssertEqual(Array(outcome.lines.joined()), Array(data.prefix(outcome.lines.joined().count)))
        XCTAssertEqual(outcome.damagedTails.count, outcome.lines.last?.last == 0x0A ? 1 : 0)
    }

    func testFileRemovedWhileBeingReadIsReadToItsEnd() throws {
        // The open descriptor keeps the data: the file is read whole, as `cat` would.
        let work = try makeTemporaryDirectory(self)
        let path = work + "/vanishing.gz"
        let data = sampleLines(5_000).flatMap { $0 }
        try writeFile(path, gzipMember(data))
        var removed = false
        var items: [ArchiveItem] = []
        let result = ArchiveReader(chunkSize: 4096, inputBlockSize: 4096).read(
            ArchiveFile(path: path, relativePath: "vanishing.gz")
        ) { item in
            if !removed {
                removed = true
                XCTAssertEqual(unlink(path), 0)
            }
            items.append(item)
        }
        XCTAssertNil(result.failure)
        XCTAssertEqual(ReadOutcome(result: result, items: items).data, data)
    }

    func testFileRemovedBeforeItIsOpenedIsUnreadable() throws {
        let work = try makeTemporaryDirectory(self)
        try writeFile(work + "/gone.gz", gzipMember(Array("{}\n".utf8)))
        let found = try InputDiscovery.discover([work])
        XCTAssertEqual(found.files.map(\.relativePath), ["gone.gz"])
        XCTAssertEqual(unlink(work + "/gone.gz"), 0)
        let outcome = readArchive(found.files[0].path)
        XCTAssertEqual(outcome.result.failure?.kind, .unreadable)
        XCTAssertEqual(
            outcome.result.failure?.message, "cannot open \(work)/gone.gz: No such file or directory")
    }

    func testFileWhoseReadFailsIsUnreadable() throws {
        // A read error that root cannot get around either: /proc/self/mem opens, and reading its first
        // bytes (unmapped memory) fails with EIO. Linked into the tree under an archive name.
        let work = try makeTemporaryDirectory(self)
        XCTAssertEqual(symlink("/proc/self/mem", work + "/unreadable.gz"), 0)
        let found = try InputDiscovery.discover([work])
        XCTAssertEqual(found.files.map(\.relativePath), ["unreadable.gz"])
        let outcome = readArchive(found.files[0].path)
        XCTAssertEqual(outcome.result.failure?.kind, .unreadable)
        XCTAssertEqual(
            outcome.result.failure?.message, "\(work)/unreadable.gz: read error at byte 0: Input/output error")
        XCTAssertTrue(outcome.items.isEmpty)
    }

    func testFileWithModeZeroIsUnreadable() throws {
        let work = try makeTemporaryDirectory(self)
        try writeFile(work + "/locked.gz", gzipMember(Array("{}\n".utf8)))
        XCTAssertEqual(chmod(work + "/locked.gz", 0), 0)
        try XCTSkipIf(
            geteuid() == 0,
            "running as root, which mode 000 does not stop from reading; testFileWhoseReadFailsIsUnreadable covers an unreadable file for root"
        )
        let outcome = readArchive(work + "/locked.gz")
        XCTAssertEqual(outcome.result.failure?.kind, .unreadable)
        XCTAssertEqual(outcome.result.failure?.message, "cannot open \(work)/locked.gz: Permission denied")
    }

    // MARK: The input tree

    func testSymlinkLoopsInTheTreeAreSkipped() throws {
        let work = try makeTemporaryDirectory(self)
        try writeFile(work + "/tree/sub/real.gz", gzipMember(Array("{}\n".utf8)))
        XCTAssertEqual(symlink("..", work + "/tree/sub/up"), 0)  // a directory loop
        XCTAssertEqual(symlink("b.gz", work + "/tree/a.gz"), 0)  // a file loop: ELOOP
        XCTAssertEqual(symlink("a.gz", work + "/tree/b.gz"), 0)
        XCTAssertEqual(symlink("self.gz", work + "/tree/self.gz"), 0)
        let found = try InputDiscovery.discover([work + "/tree"])
        XCTAssertEqual(found.files.map(\.relativePath), ["sub/real.gz"])
        XCTAssertEqual(found.skipped.sorted(), ["a.gz", "b.gz", "self.gz", "sub/up"])
    }

    func testDeepTreeIsWalkedWithOneDescriptorAtATime() throws {
        // Before the fix each level kept its directory open while walking the next, so a tree deeper than
        // the descriptors left lost its deepest files silently. Leave 8 descriptors and walk 40 levels.
        let work = try makeTemporaryDirectory(self)
        var path = work + "/deep"
        for level in 0..<40 { path += "/d\(level)" }
        try writeFile(path + "/bottom.gz", gzipMember(Array("{}\n".utf8)))
        var limit = rlimit()
        XCTAssertEqual(getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit), 0)
        var held: [Int32] = []
        defer { for fd in held { close(fd) } }
        while true {
            let fd = open("/dev/null", O_RDONLY | O_CLOEXEC)
            if fd < 0 { break }
            held.append(fd)
        }
        for _ in 0..<8 { close(held.removeLast()) }
        let found = try InputDiscovery.discover([work + "/deep"])
        for fd in held { close(fd) }
        held = []
        XCTAssertEqual(found.files.count, 1)
        XCTAssertTrue(found.files.first?.relativePath.hasSuffix("/d39/bottom.gz") == true)
    }

    func testDirectoryOf100000TinyFilesIsListedInOrder() throws {
        // Making 100,000 files takes about 13 s here: 10,000 unless SEGMENT_METRONOME_SLOW_TESTS=1.
        let count = ProcessInfo.processInfo.environment["SEGMENT_METRONOME_SLOW_TESTS"] == "1" ? 100_000 : 10_000
        let work = try makeTemporaryDirectory(self)
        let directory = work + "/many"
        XCTAssertEqual(mkdir(directory, 0o755), 0)
        let line = Array("{}\n".utf8)
        for index in 0..<count {
            let fd = open(directory + "/f\(100_000 + index).ndjson", O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
            XCTAssertGreaterThanOrEqual(fd, 0)
            _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
        let before = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
        let found = try InputDiscovery.discover([directory])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count, before)
        XCTAssertEqual(found.files.count, count)
        XCTAssertEqual(found.files.first?.relativePath, "f100000.ndjson")
        XCTAssertEqual(found.files.last?.relativePath, "f\(100_000 + count - 1).ndjson")
        XCTAssertTrue(found.skipped.isEmpty)
    }
}

private final class ResultBox: @unchecked Sendable {
    var outcome: ReadOutcome?
}
