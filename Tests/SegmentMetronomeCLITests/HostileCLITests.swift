import Foundation
import SegmentArchive
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which the Glibc module does not
/// export (it is a GNU extension).
@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
private func addCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Int32

/// The built binary on hostile input: exit codes, peak memory (the child's `VmHWM`) and open
/// descriptors (`/proc/<pid>/fd`), both sampled from `/proc` while it runs.
///
/// Peak memory is not `ru_maxrss` from `wait4`: `posix_spawn` starts the child with `vfork`
/// semantics, and at `exec` Linux folds the *parent's* high-water mark into the child's
/// `ru_maxrss`, so the test runner's own size (158 MB by the time CI reached these tests) was
/// reported for every file. `VmHWM` belongs to the address space the child gets at `exec`.
///
/// `SEGMENT_METRONOME_SLOW_TESTS=1` adds 100,000 input files and 10 GiB of NDJSON through standard
/// input (about 7 and 20 minutes with a debug build); `Benchmarks/RESULTS.md` ("resource bounds
/// (issue 6)") records what they measured.
final class HostileCLITests: XCTestCase {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    let hostile = HostileCLITests.root + "/testdata/hostile/"
    static let memoryLimitKiB = 150 * 1024
    static var slow: Bool { ProcessInfo.processInfo.environment["SEGMENT_METRONOME_SLOW_TESTS"] == "1" }

    var binary: String { Bundle.main.bundleURL.appendingPathComponent("segment-metronome").path }

    struct Measured {
        var status: Int32
        /// Peak resident set size, KiB.
        var maxRSSKiB: Int
        /// The most descriptors seen open at once.
        var maxDescriptors: Int
        var stderr: String
    }

    /// Runs `arguments[0]` with the rest and this process's environment plus `extra`, standard input
    /// from `stdinFD` (else /dev/null), standard output to /dev/null, standard error to a file; samples
    /// its peak memory and descriptors until it exits.
    func measure(
        _ arguments: [String], stdinFD: Int32? = nil, environment extra: [String: String] = [:], work: String
    ) throws -> Measured {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdinFD {
            posix_spawn_file_actions_adddup2(&actions, stdinFD, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let errPath = work + "/stderr-\(UUID().uuidString).txt"
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // Nothing else of this process's: the test runner's descriptors (a dozen sockets) would count as
        // the child's, and an inherited write end of the standard input pipe would keep the child from
        // ever seeing its end (the 10 GiB test hung for that).
        XCTAssertEqual(addCloseFrom(&actions, 3), 0)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in envp { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, &argv, &envp)
        guard spawned == 0 else { throw NSError(domain: "spawn", code: Int(spawned)) }
        var status: Int32 = 0
        var usage = rusage()
        var maxDescriptors = 0
        var peakKiB = 0
        while true {
            // Read before reaping: once the child is reaped its /proc entry is gone. What the child
            // touches in the last sampling interval before it exits is the only thing this misses.
            if let kib = Self.highWaterMarkKiB(pid) { peakKiB = max(peakKiB, kib) }
            let done = wait4(pid, &status, WNOHANG, &usage)
            if done == pid { break }
            if let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd") {
                maxDescriptors = max(maxDescriptors, entries.count)
            }
            usleep(2_000)
        }
        let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Measured(
            status: exitStatus, maxRSSKiB: peakKiB, maxDescriptors: maxDescriptors,
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// The `VmHWM` line of `/proc/<pid>/status` in KiB: the peak resident size of the process's
    /// current address space; nil once it has exited (a zombie has no address space).
    static func highWaterMarkKiB(_ pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return nil }
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        return fields.count >= 2 ? Int(fields[1]) : nil
    }

    func temporary() throws -> String {
        let path = NSTemporaryDirectory() + "segment-metronome-hostile-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func convert(_ input: String, work: String, _ extra: [String] = []) throws -> Measured {
        try measure(
            [
                binary, "convert", input, "--out", work + "/out", "--rejects", work + "/rejects.ndjson",
                "--now", "2024-06-01T00:00:00Z", "--quiet",
            ] + extra, work: work)
    }

    // MARK: The measurement itself

    func testPeakMemoryIsTheChildsOwnNotTheTestRunners() throws {
        // Grow this process by 200 MB of touched pages, as a long test run does; `ru_maxrss` from
        // `wait4` then reported over 200 MB for a child that needs a few.
        let size = 200 << 20
        let ballast = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 4096)
        defer { ballast.deallocate() }
        memset(ballast, 1, size)
        let work = try temporary()
        let run = try measure(
            [binary, "convert", Self.root + "/testdata/segment-logs", "--out", work + "/out", "--quiet"], work: work)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertGreaterThan(run.maxRSSKiB, 1024, "a real process has a high-water mark")
        XCTAssertLessThan(run.maxRSSKiB, 100 * 1024, "the child's own peak, not the runner's 200 MB")
    }

    // MARK: Every hostile file

    func testEveryHostileFileEndsWithItsExitCodeUnder150MB() throws {
        let expected: [String: Int32] = [
            "header-only.gz": 1, "mid-member.gz": 1, "no-trailer.gz": 1, "corrupt-crc.gz": 1,
            "gzip-magic-then-garbage.gz": 1, "random-bytes.gz": 1, "zip-named.gz": 1, "zstd-named.gz": 1,
            "bomb-one-line.gz": 0, "bomb-short-lines.gz": 0, "line-100mb.gz": 0, "deep-nesting.gz": 0,
            "long-numbers.ndjson": 0, "invalid-utf8.ndjson": 0, "nul-bytes.ndjson": 0,
            "surrogate-escapes.ndjson": 0, "duplicate-keys.ndjson": 0,
        ]
        let files = try FileManager.default.contentsOfDirectory(atPath: hostile).filter {
            !$0.hasSuffix(".py") && !$0.hasSuffix(".md")
        }
        XCTAssertEqual(Set(files), Set(expected.keys), "every file in testdata/hostile has an expected exit code")
        for (name, code) in expected.sorted(by: { $0.key < $1.key }) {
            let work = try temporary()
            let run = try convert(hostile + name, work: work)
            XCTAssertEqual(run.status, code, "\(name): \(run.stderr)")
            XCTAssertLessThan(run.maxRSSKiB, Self.memoryLimitKiB, name)
            let rejects = try Data(contentsOf: URL(fileURLWithPath: work + "/rejects.ndjson"))
            XCTAssertNotNil(String(validating: rejects, as: UTF8.self), name)
            // No rejects line is longer than the default 64 KiB cap allows (plus its head and escapes).
            for line in rejects.split(separator: UInt8(ascii: "\n")) {
                XCTAssertLessThan(line.count, 6 * 65_536 + 1024, name)
            }
        }
    }

    // MARK: A gigabyte-scale bomb, made at test time

    /// Writes one gzip member inflating to `bytes` bytes of `x` and no newline, with the project's own
    /// `GzipCompressor` at level 1 (about 4.5 MB for 1 GiB, in a second or two).
    func makeOneLineBomb(_ path: String, bytes: Int) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let file = FileHandle(forWritingAtPath: path)
        else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        defer { try? file.close() }
        let compressor = GzipCompressor(level: 1)
        let block = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        let blocks = bytes >> 20
        try block.withUnsafeBytes { block in
            for index in 0..<blocks {
                try compressor.compress(block, finish: index == blocks - 1) { try file.write(contentsOf: $0) }
            }
        }
    }

    /// A one-line bomb of `mebibytes` MiB through `convert`: exit 0, one rejects line cut to the
    /// default 64 KiB record cap and giving the line's full length, peak memory under 150 MB.
    func checkOneLineBomb(mebibytes: Int) throws {
        let work = try temporary()
        let bytes = mebibytes << 20
        try makeOneLineBomb(work + "/bomb.gz", bytes: bytes)
        let compressed = try FileManager.default.attributesOfItem(atPath: work + "/bomb.gz")[.size] as! Int
        XCTAssertLessThan(compressed, bytes / 200, "a bomb: it inflates over 200 times")
        let started = Date()
        let run = try convert(work + "/bomb.gz", work: work, ["--report", work + "/report.json"])
        let seconds = Date().timeIntervalSince(started)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertLessThan(run.maxRSSKiB, Self.memoryLimitKiB)
        let rejects = try Data(contentsOf: URL(fileURLWithPath: work + "/rejects.ndjson"))
        let lines = rejects.split(separator: UInt8(ascii: "\n"))
        XCTAssertEqual(lines.count, 1, "one line, one reject")
        XCTAssertLessThan(rejects.count, 65_536 + 1024, "the record is cut to 64 KiB")
        let object = try JSONSerialization.jsonObject(with: Data(lines[0])) as! [String: Any]
        XCTAssertEqual((object["record"] as? String)?.utf8.count, 65_536)
        XCTAssertEqual(object["record_truncated"] as? Bool, true)
        XCTAssertEqual(object["record_bytes"] as? Int, bytes)
        let report =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: work + "/report.json")))
            as! [String: Any]
        XCTAssertEqual(report["bytes_read"] as? Int, bytes)
        XCTAssertEqual(report["events_rejected"] as? Int, 1)
        XCTAssertEqual(try String(contentsOfFile: work + "/out/bomb.ndjson", encoding: .utf8), "")
        print(
            "\(mebibytes) MiB one-line bomb (\(compressed) bytes): peak RSS \(run.maxRSSKiB) KiB, "
                + String(format: "%.1f s", seconds))
    }

    /// 1 GiB of one line from about 4.5 MB of gzip. The line is skipped with `memchr` once past the
    /// line limit, so this takes a few seconds even with a debug build and runs in every suite.
    func testOneLineBombOf1GiBIsOneBoundedRejectUnder150MB() throws {
        try checkOneLineBomb(mebibytes: 1024)
    }

    // MARK: sync on hostile files

    /// `sync` to the stand-in over the hostile files that stress memory (a 16 MB line inflated from a
    /// few KB, a 100 MB line, nesting 100,000 deep) and a truncated one: each run ends with its exit
    /// code and stays under 150 MB, alone and all together.
    func testSyncOnHostileFilesEndsWithItsExitCodeUnder150MB() throws {
        let work = try temporary()
        let token = "hostile-sync-token"
        let mock = try ServeMockProcess(
            binary: Bundle.main.bundleURL.appendingPathComponent("segment-metronome"),
            arguments: ["--token", token, "--now", "2024-06-01T00:00:00Z"], directory: work, test: self)
        let cases: [([String], Int32)] = [
            (["bomb-one-line.gz"], 0), (["line-100mb.gz"], 0), (["deep-nesting.gz"], 0), (["mid-member.gz"], 1),
            (["bomb-one-line.gz", "line-100mb.gz", "deep-nesting.gz", "bomb-short-lines.gz"], 0),
        ]
        for (index, (names, code)) in cases.enumerated() {
            let run = try measure(
                [
                    binary, "sync", "--endpoint", mock.endpoint, "--no-ledger", "--rejects",
                    work + "/rejects-\(index).ndjson", "--now", "2024-06-01T00:00:00Z", "--quiet",
                ] + names.map { hostile + $0 }, environment: ["METRONOME_BEARER_TOKEN": token], work: work)
            XCTAssertEqual(run.status, code, "\(names): \(run.stderr)")
            XCTAssertLessThan(run.maxRSSKiB, Self.memoryLimitKiB, "\(names)")
            print("sync \(names.joined(separator: " ")): peak RSS \(run.maxRSSKiB) KiB")
        }
        let counts = try mock.stop()
        XCTAssertGreaterThan(counts.requests, 0, "the short lines were sent")
    }

    func testMaxRejectRecordBytesOption() throws {
        let work = try temporary()
        let run = try convert(hostile + "bomb-one-line.gz", work: work, ["--max-reject-record-bytes", "1KiB"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let text = try String(contentsOfFile: work + "/rejects.ndjson", encoding: .utf8)
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        XCTAssertEqual((object["record"] as? String)?.utf8.count, 1024)
        XCTAssertEqual(object["record_truncated"] as? Bool, true)
        XCTAssertEqual(object["record_bytes"] as? Int, 16_777_256)
        for bad in ["0", "-1", "lots", "9000000000000000GiB"] {
            let refused = try convert(hostile + "bomb-one-line.gz", work: work, ["--max-reject-record-bytes", bad])
            XCTAssertEqual(refused.status, 2, bad)
            XCTAssertTrue(refused.stderr.contains("--max-reject-record-bytes"), refused.stderr)
        }
    }

    func testByteCountThatOverflowsIsAUsageErrorNotATrap() throws {
        // `9000000000000000GiB` overflowed Int and trapped before the fix.
        let work = try temporary()
        let run = try convert(hostile + "no-trailer.gz", work: work, ["--max-line-bytes", "9000000000000000GiB"])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("--max-line-bytes"), run.stderr)
    }

    func testFIFONamedOnTheCommandLineDoesNotHang() throws {
        let work = try temporary()
        XCTAssertEqual(mkfifo(work + "/pipe.gz", 0o600), 0)
        let run = try convert(work + "/pipe.gz", work: work)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try String(contentsOfFile: work + "/out/pipe.ndjson", encoding: .utf8), "")
    }

    // MARK: Descriptors with many files

    /// `count` one-event files under `work/in`, in 100 directories.
    func makeFiles(_ count: Int, work: String) throws {
        for index in 0..<count {
            let directory = work + "/in/d\(index % 100)"
            if index < 100 {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            let line =
                #"{"type":"track","event":"E","messageId":"m\#(index)","timestamp":"2024-05-30T00:00:00Z","context":{"groupId":"g"},"properties":{}}"#
                + "\n"
            let fd = open(directory + "/f\(index).ndjson", O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
            XCTAssertGreaterThanOrEqual(fd, 0)
            _ = line.withCString { write(fd, $0, strlen($0)) }
            close(fd)
        }
    }

    func testManySmallFilesUnderALowDescriptorLimit() throws {
        // Before the fix, files waiting for their fsync each held a descriptor: with 2,000 inputs and a
        // limit of 100 the run failed most of them with "Too many open files".
        let work = try temporary()
        try makeFiles(2_000, work: work)
        let run = try measure(
            [
                "/bin/sh", "-c", "ulimit -n 100 && exec \"$0\" \"$@\"", binary, "convert", work + "/in", "--out",
                work + "/out", "--rejects", work + "/rejects.ndjson", "--report", work + "/report.json", "--now",
                "2024-06-01T00:00:00Z", "--quiet",
            ], work: work)
        XCTAssertEqual(run.status, 0, run.stderr)
        let report =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: work + "/report.json")))
            as! [String: Any]
        XCTAssertEqual(report["files_read"] as? Int, 2_000)
        XCTAssertEqual(report["files_failed"] as? Int, 0)
        XCTAssertEqual(report["events_written"] as? Int, 2_000)
        XCTAssertLessThanOrEqual(run.maxDescriptors, 64)
    }

    func test100000InputFilesKeepDescriptorsAndMemoryBounded() throws {
        try XCTSkipUnless(
            Self.slow, "100,000 files take about 140 s (one fsync each): set SEGMENT_METRONOME_SLOW_TESTS=1")
        let work = try temporary()
        try makeFiles(100_000, work: work)
        let run = try measure(
            [
                binary, "convert", work + "/in", "--out", work + "/out", "--rejects", work + "/rejects.ndjson",
                "--report", work + "/report.json", "--now", "2024-06-01T00:00:00Z", "--quiet",
            ], work: work)
        XCTAssertEqual(run.status, 0, run.stderr)
        let report =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: work + "/report.json")))
            as! [String: Any]
        XCTAssertEqual(report["events_written"] as? Int, 100_000)
        XCTAssertEqual(report["files_failed"] as? Int, 0)
        XCTAssertLessThanOrEqual(run.maxDescriptors, 64)
        XCTAssertLessThan(run.maxRSSKiB, Self.memoryLimitKiB)
        print("100,000 files: peak RSS \(run.maxRSSKiB) KiB, at most \(run.maxDescriptors) descriptors open")
    }

    // MARK: 10 GiB through standard input

    func test10GiBThroughStandardInputStaysUnder150MB() throws {
        try XCTSkipUnless(
            Self.slow, "10 GiB take minutes with a debug build: set SEGMENT_METRONOME_SLOW_TESTS=1")
        let gibibytes = Int(ProcessInfo.processInfo.environment["SEGMENT_METRONOME_STDIN_GIB"] ?? "10") ?? 10
        let work = try temporary()
        // 1 MiB of distinct-looking track events, written again and again into a pipe: nothing is stored.
        var block: [UInt8] = []
        var index = 0
        while block.count < (1 << 20) - 400 {
            block +=
                Array(
                    #"{"type":"track","event":"API Call","messageId":"m-\#(index)","timestamp":"2024-05-30T12:00:00.000Z","context":{"groupId":"acct_\#(index % 97)"},"properties":{"endpoint":"/v1/users","count":\#(index),"region":"eu-west-1","ok":true}}"#
                        .utf8) + [0x0A]
            index += 1
        }
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        let total = gibibytes << 30
        let writeFD = fds[1]
        let chunk = block
        let writer = Thread {
            var sent = 0
            chunk.withUnsafeBytes { bytes in
                while sent < total {
                    var offset = 0
                    while offset < bytes.count {
                        let n = write(writeFD, bytes.baseAddress! + offset, bytes.count - offset)
                        if n <= 0 { break }
                        offset += n
                    }
                    sent += bytes.count
                }
            }
            close(writeFD)
        }
        writer.start()
        let started = Date()
        let run = try measure(
            [
                binary, "convert", "-", "--out", "-", "--rejects", work + "/rejects.ndjson", "--report",
                work + "/report.json", "--now", "2024-06-01T00:00:00Z", "--quiet",
            ], stdinFD: fds[0], work: work)
        close(fds[0])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertLessThan(run.maxRSSKiB, Self.memoryLimitKiB)
        let report =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: work + "/report.json")))
            as! [String: Any]
        XCTAssertGreaterThanOrEqual(report["bytes_read"] as! Int, total)
        XCTAssertEqual(report["events_rejected"] as? Int, 0)
        print(
            "\(gibibytes) GiB through stdin: peak RSS \(run.maxRSSKiB) KiB, \(report["events_written"]!) events, \(Int(Date().timeIntervalSince(started))) s"
        )
    }
}
