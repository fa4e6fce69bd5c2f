import Foundation
import XCTest

@testable import ConversionPipeline
@testable import MetronomeEvents
@testable import SegmentArchive
@testable import SegmentJSON
@testable import SegmentMapping

/// Every file of `testdata/hostile/` through the whole pipeline (the preset, 2024-06-01): the report's
/// counts, each rejects line's source, line number and reason, the events written, and whether the
/// run would exit 1 (`files_failed > 0`). The reader's view of the same files is in
/// `HostileInputTests`; exit codes and peak memory of the binary in `HostileCLITests`.
final class HostileCorpusTests: XCTestCase {
    let hostile = packageRoot + "/testdata/hostile/"

    struct Reject {
        var source: String
        var line: Int
        var mapping: String?
        var reason: String
        var record: JSONValue
        var truncated: Bool
        var recordBytes: Int?

        var recordString: String? {
            if case .string(let text) = record { return text }
            return nil
        }
    }

    struct Run {
        var report: RunReport
        var rejects: [Reject]
        var events: [String]
        /// The exit code `convert` gives this report.
        var exitCode: Int32 { report.filesFailed > 0 ? 1 : 0 }
    }

    private func run(_ name: String, configure: (inout ConversionOptions) -> Void = { _ in }) throws -> Run {
        let work = try temporaryDirectory(self)
        let report = try convert([hostile + name], work: work, configure: configure)
        let data = try Data(contentsOf: URL(fileURLWithPath: work + "/rejects.ndjson"))
        XCTAssertNotNil(String(validating: data, as: UTF8.self), "the rejects file is valid UTF-8")
        var rejects: [Reject] = []
        for line in data.split(separator: UInt8(ascii: "\n")) {
            // The engine's own parser: JSONSerialization refuses numbers of 10,000 digits.
            guard case .object(let object) = try JSONValue.parse(Array(line)) else {
                XCTFail("a rejects line is not an object")
                continue
            }
            func string(_ key: String) -> String? {
                if case .string(let text)? = object[key] { return text }
                return nil
            }
            func int(_ key: String) -> Int? {
                if case .number(let number)? = object[key] { return Int(number.value) }
                return nil
            }
            rejects.append(
                Reject(
                    source: string("source")!, line: int("line")!, mapping: string("mapping"),
                    reason: string("reason")!,
                    record: object["record"]!, truncated: object["record_truncated"] == .bool(true),
                    recordBytes: int("record_bytes")))
        }
        XCTAssertEqual(rejects.count, report.eventsRejected)
        let output = work + "/out/" + OutputRouter.outputRelativePath(name, gzip: false)
        let events =
            FileManager.default.fileExists(atPath: output)
            ? try readText(output).split(separator: "\n").map(String.init) : []
        XCTAssertEqual(events.count, report.eventsWritten)
        for reject in rejects { XCTAssertEqual(reject.source, hostile + name) }
        return Run(report: report, rejects: rejects, events: events)
    }

    private func assertCounts(
        _ run: Run, written: Int, skipped: Int = 0, rejected: Int, lines: Int, exitCode: Int32,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(run.report.eventsWritten, written, "written", file: file, line: line)
        XCTAssertEqual(run.report.eventsSkipped, skipped, "skipped", file: file, line: line)
        XCTAssertEqual(run.report.eventsRejected, rejected, "rejected", file: file, line: line)
        XCTAssertEqual(run.report.linesRead, lines, "lines", file: file, line: line)
        XCTAssertEqual(run.exitCode, exitCode, "exit code", file: file, line: line)
    }

    private func failure(_ run: Run) -> ArchiveReadFailure? { run.report.failures.first?.failure }

    // MARK: Truncated and corrupt gzip

    func testHeaderOnlyGzip() throws {
        let run = try run("header-only.gz")
        assertCounts(run, written: 0, rejected: 0, lines: 0, exitCode: 1)
        XCTAssertEqual(failure(run)?.kind, .truncatedGzip)
        XCTAssertEqual(
            failure(run)?.message,
            "\(hostile)header-only.gz: truncated gzip data, the file ends inside a gzip member at byte 10")
    }

    func testGzipCutMidMember() throws {
        let run = try run("mid-member.gz")
        assertCounts(run, written: 4, rejected: 1, lines: 5, exitCode: 1)
        XCTAssertEqual(failure(run)?.kind, .truncatedGzip)
        XCTAssertEqual(failure(run)?.offset, 359)
        XCTAssertEqual(run.rejects.map(\.line), [5])
        XCTAssertEqual(
            run.rejects.first?.reason,
            "the last line before the damaged or truncated gzip data is incomplete (40 bytes)")
        XCTAssertEqual(run.rejects.first?.recordString, #"{"type":"track","event":"API Call","mess"#)
        XCTAssertEqual(run.events.last?.hasPrefix(#"{"transaction_id":"h-4""#), true)
    }

    func testGzipWithoutTrailer() throws {
        let run = try run("no-trailer.gz")
        assertCounts(run, written: 3, rejected: 0, lines: 3, exitCode: 1)
        XCTAssertEqual(failure(run)?.kind, .truncatedGzip)
        XCTAssertEqual(failure(run)?.offset, 151)
    }

    func testGzipWithCorruptCRC() throws {
        let run = try run("corrupt-crc.gz")
        assertCounts(run, written: 3, rejected: 0, lines: 3, exitCode: 1)
        XCTAssertEqual(failure(run)?.kind, .corruptGzip)
        // The 159-byte file ends in CRC-32 (151..<155) and ISIZE (155..<159): zlib stops when the
        // CRC does not match, ISA-L after reading the whole trailer. Either is "near" the damage.
        let offset = GzipInflater.libraryName == "zlib" ? 155 : 159
        XCTAssertEqual(failure(run)?.offset, Int64(offset))
        XCTAssertTrue(
            failure(run)?.message.hasPrefix("\(hostile)corrupt-crc.gz: corrupt gzip data near byte \(offset)") == true,
            failure(run)?.message ?? "no failure")
    }

    func testGzipMagicThenGarbage() throws {
        let run = try run("gzip-magic-then-garbage.gz")
        assertCounts(run, written: 0, rejected: 0, lines: 0, exitCode: 1)
        XCTAssertEqual(failure(run)?.kind, .corruptGzip)
    }

    // MARK: Not gzip

    func testRandomBytesNamedGz() throws {
        let run = try run("random-bytes.gz")
        assertCounts(run, written: 0, rejected: 0, lines: 0, exitCode: 1)
        XCTAssertEqual(failure(run)?.kind, .notAnArchive)
        XCTAssertEqual(
            failure(run)?.message,
            "\(hostile)random-bytes.gz is neither gzip data nor NDJSON (it starts with bytes 9c 92 d2 14)")
    }

    func testZipNamedGz() throws {
        let run = try run("zip-named.gz")
        assertCounts(run, written: 0, rejected: 0, lines: 0, exitCode: 1)
        XCTAssertEqual(
            failure(run)?.message,
            "\(hostile)zip-named.gz is neither gzip data nor NDJSON (it starts with bytes 50 4b 03 04, a zip archive)")
    }

    func testZstdNamedGz() throws {
        let run = try run("zstd-named.gz")
        assertCounts(run, written: 0, rejected: 0, lines: 0, exitCode: 1)
        XCTAssertEqual(
            failure(run)?.message,
            "\(hostile)zstd-named.gz is neither gzip data nor NDJSON (it starts with bytes 28 b5 2f fd, zstd data)")
    }

    // MARK: Bombs, long lines, deep nesting, long numbers

    func testBombOfOneLine() throws {
        let run = try run("bomb-one-line.gz")
        assertCounts(run, written: 1, rejected: 1, lines: 2, exitCode: 0)
        let reject = try XCTUnwrap(run.rejects.first)
        XCTAssertEqual(reject.line, 1)
        XCTAssertNil(reject.mapping)
        XCTAssertEqual(
            reject.reason,
            "the line is 16777256 bytes long, over the --max-line-bytes limit of 8388608; it was skipped without being parsed"
        )
        // The record keeps the first 64 KiB of the line and says it was cut.
        XCTAssertTrue(reject.truncated)
        XCTAssertEqual(reject.recordBytes, 16_777_256)
        XCTAssertEqual(reject.recordString?.utf8.count, 65_536)
        XCTAssertEqual(reject.recordString?.hasPrefix(#"{"type":"track","properties":{"pad":"aaa"#), true)
        XCTAssertEqual(run.events.first?.hasPrefix(#"{"transaction_id":"after-bomb""#), true)
    }

    func testBombOfShortLines() throws {
        let run = try run("bomb-short-lines.gz")
        assertCounts(run, written: 1, skipped: 524_288, rejected: 0, lines: 524_289, exitCode: 0)
        XCTAssertEqual(run.report.bytesRead, 17_301_657)
        XCTAssertEqual(run.events.first?.hasPrefix(#"{"transaction_id":"after-lines""#), true)
    }

    func testLineOf100MiB() throws {
        let run = try run("line-100mb.gz") { $0.maximumRejectRecordBytes = 1000 }
        assertCounts(run, written: 1, rejected: 1, lines: 2, exitCode: 0)
        let reject = try XCTUnwrap(run.rejects.first)
        XCTAssertEqual(reject.line, 1)
        XCTAssertEqual(
            reject.reason,
            "the line is 104857641 bytes long, over the --max-line-bytes limit of 8388608; it was skipped without being parsed"
        )
        XCTAssertTrue(reject.truncated)
        XCTAssertEqual(reject.recordBytes, 104_857_641)
        XCTAssertEqual(reject.recordString?.utf8.count, 1000)
        XCTAssertEqual(run.events.first?.hasPrefix(#"{"transaction_id":"after-100mb""#), true)
    }

    func testNesting100000Deep() throws {
        let run = try run("deep-nesting.gz")
        assertCounts(run, written: 1, rejected: 3, lines: 4, exitCode: 0)
        XCTAssertEqual(run.rejects.map(\.line), [1, 2, 3])
        XCTAssertEqual(
            run.rejects.map(\.reason),
            [
                "invalid JSON at column 1036: nesting deeper than 1000 levels",
                "invalid JSON at column 1001: nesting deeper than 1000 levels",
                "invalid JSON at column 5001: nesting deeper than 1000 levels",
            ])
        XCTAssertEqual(run.rejects.map(\.recordBytes), [200_039, 100_000, 600_001])
        XCTAssertEqual(run.rejects.map(\.truncated), [true, true, true])
        XCTAssertEqual(run.events.first?.hasPrefix(#"{"transaction_id":"after-deep""#), true)
    }

    func testNumbersWith10000Digits() throws {
        let run = try run("long-numbers.ndjson")
        assertCounts(run, written: 6, rejected: 1, lines: 7, exitCode: 0)
        let digits = String(repeating: "9", count: 10_000)
        // Sub-objects are copied as written; fields read as numbers take JavaScript's value (Infinity,
        // 0, 2 ms), as Segment's JavaScript would.
        XCTAssertTrue(run.events[0].contains(#""big":"# + digits + "}"))
        XCTAssertTrue(run.events[1].contains(#""frac":0."# + digits + #","exp":1e"# + digits))
        XCTAssertTrue(run.events[2].hasPrefix(#"{"transaction_id":"Infinity","#), run.events[2])
        XCTAssertTrue(run.events[3].contains(#""event_type":"-Infinity""#), run.events[3])
        XCTAssertTrue(run.events[4].contains(#""customer_id":"0""#), run.events[4])
        XCTAssertTrue(run.events[5].contains(#""timestamp":"1970-01-01T00:00:00.002Z""#), run.events[5])
        XCTAssertEqual(run.rejects.map(\.line), [3])
        XCTAssertEqual(run.rejects.first?.reason, "Timestamp is out of range.")
        XCTAssertEqual(run.rejects.first?.mapping, "Send track events to Metronome")
        guard case .object? = run.rejects.first?.record else { return XCTFail("under 64 KiB: the record is the event") }
    }

    func testNumbersWith10000DigitsInATrigger() throws {
        let work = try temporaryDirectory(self)
        let mappings = try MappingFile.load(
            Array(
                """
                {"mappings": [{"name": "big", "subscribe": "properties.big > 5 and properties.n < 2", "mapping": {
                  "transaction_id": {"@path": "$.messageId"}, "customer_id": "c", "timestamp": {"@path": "$.timestamp"},
                  "event_type": "big", "properties": {"@path": "$.properties"}}}]}
                """.utf8))
        let report = try convert([hostile + "long-numbers.ndjson"], work: work) { $0.mappings = mappings }
        // Only line 1 has `properties.big`, 10,000 nines: Infinity > 5, as in JavaScript.
        XCTAssertEqual(report.eventsWritten, 1)
        XCTAssertEqual(report.eventsSkipped, 6)
    }

    // MARK: Text

    func testEveryClassOfInvalidUTF8() throws {
        let run = try run("invalid-utf8.ndjson")
        assertCounts(run, written: 1, rejected: 22, lines: 23, exitCode: 0)
        XCTAssertEqual(run.rejects.map(\.line), Array(1...22))
        let expected: [(Int, String)] = [
            (149, "invalid UTF-8 byte 0x80"), (149, "invalid UTF-8 byte 0xbf"), (149, "invalid UTF-8 byte 0xc0"),
            (149, "invalid UTF-8 byte 0xc1"), (150, "invalid UTF-8 sequence"), (150, "invalid UTF-8 sequence"),
            (150, "invalid UTF-8 sequence"), (150, "invalid UTF-8 sequence"), (150, "invalid UTF-8 sequence"),
            (151, "invalid UTF-8 sequence"), (151, "invalid UTF-8 sequence"), (151, "invalid UTF-8 sequence"),
            (150, "invalid UTF-8 byte 0xf5"), (150, "invalid UTF-8 byte 0xfe"), (150, "invalid UTF-8 byte 0xff"),
            (151, "invalid UTF-8 sequence"), (152, "invalid UTF-8 sequence"), (153, "invalid UTF-8 sequence"),
            (151, "invalid UTF-8 sequence"), (19, "invalid UTF-8 sequence"),
            (147, "unexpected byte 0xc2, expected end of line after the JSON value"), (22, "truncated UTF-8 sequence"),
        ]
        XCTAssertEqual(run.rejects.map(\.reason), expected.map { "invalid JSON at column \($0.0): \($0.1)" })
        for reject in run.rejects {
            XCTAssertNil(reject.mapping)
            // Line 21's only fault is U+00A0 (valid UTF-8) outside a string.
            if reject.line == 21 { continue }
            XCTAssertTrue(reject.recordString?.contains("\u{FFFD}") == true, "\(reject.line)")
        }
        XCTAssertEqual(
            run.events,
            [
                #"{"transaction_id":"u-ok","customer_id":"acct_1","timestamp":"2024-05-30T12:00:00.000Z","event_type":"API Call","properties":{"n":1,"s":"é😀\#u{2028}"}}"#
            ])
    }

    func testNULBytes() throws {
        let run = try run("nul-bytes.ndjson")
        assertCounts(run, written: 2, rejected: 4, lines: 6, exitCode: 0)
        XCTAssertEqual(run.rejects.map(\.line), [1, 2, 3, 4])
        XCTAssertEqual(
            run.rejects.map(\.reason),
            [
                "invalid JSON at column 150: unescaped control character 0x0 in string",
                "invalid JSON at column 2: unexpected byte 0x0, expected a string key or '}'",
                "invalid JSON at column 1: unexpected byte 0x0, expected a value",
                "invalid JSON at column 145: unexpected byte 0x0, expected end of line after the JSON value",
            ])
        XCTAssertEqual(run.rejects[2].recordString, String(repeating: "\u{0}", count: 64))
        // An escaped NUL is JSON: it goes through, escaped again.
        XCTAssertTrue(run.events[0].contains(#""s":"a\u0000b""#), run.events[0])
        XCTAssertTrue(run.events[1].contains(#""event_type":"API\u0000Call""#), run.events[1])
    }

    func testUnpairedSurrogateEscapes() throws {
        // JSON.parse accepts lone surrogates; they are written back as escapes (well-formed
        // JSON.stringify), so the output stays valid UTF-8.
        let run = try run("surrogate-escapes.ndjson")
        assertCounts(run, written: 8, rejected: 0, lines: 8, exitCode: 0)
        let strings = [
            #""s":"\ud800""#, #""s":"\udc00""#, #""s":"\udc00\ud800""#, #""s":"\ud800A""#, #""s":"x\ud83d""#,
        ]
        for (index, text) in strings.enumerated() { XCTAssertTrue(run.events[index].contains(text), run.events[index]) }
        XCTAssertTrue(run.events[5].contains(#""s":"😀""#), run.events[5])
        XCTAssertTrue(run.events[6].hasPrefix(#"{"transaction_id":"s-7\ud800","#), run.events[6])
        XCTAssertTrue(run.events[7].contains(#""event_type":"API \udfff Call""#), run.events[7])
    }

    func testDuplicateKeysTheLastWinsForThePreset() throws {
        let run = try run("duplicate-keys.ndjson")
        assertCounts(run, written: 8, skipped: 1, rejected: 1, lines: 10, exitCode: 0)
        let ids = run.events.map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        XCTAssertEqual(
            ids.map { $0["transaction_id"] as! String }, ["d-1", "last-3", "d-4", "d-5", "d-6", "d-7", "d-8", "d-10"])
        XCTAssertEqual(run.events[2].contains(#""event_type":"Last""#), true)
        XCTAssertEqual(run.events[3].contains(#""timestamp":"2024-05-31T00:00:00.000Z""#), true)
        XCTAssertEqual(run.events[4].contains(#""customer_id":"last""#), true)
        XCTAssertEqual(run.events[5].contains(#""customer_id":"last""#), true)
        XCTAssertEqual(run.events[6].hasSuffix(#""properties":{"b":2}}"#), true)
        XCTAssertEqual(run.events[7].hasSuffix(#""properties":{"1":"x","b":2}}"#), true)
        // Line 9's last context is null: customer_id is missing.
        XCTAssertEqual(run.rejects.map(\.line), [9])
        XCTAssertEqual(run.rejects.first?.reason, "The root value is missing the required field 'customer_id'.")
    }

    func testDuplicateKeysTheLastWinsForTriggers() throws {
        let work = try temporaryDirectory(self)
        func mapping(_ name: String, _ trigger: String) -> String {
            """
            {"name": "\(name)", "subscribe": \(String(reflecting: trigger)), "mapping": {
              "transaction_id": {"@path": "$.messageId"}, "customer_id": "c", "timestamp": "2024-05-30T00:00:00Z",
              "event_type": "\(name)", "properties": {}}}
            """
        }
        let file =
            #"{"mappings": ["#
            + [
                mapping("first-type", #"type = "identify""#), mapping("first-event", #"event = "First""#),
                mapping("last-event", #"event = "Last""#), mapping("first-properties", "properties.a = 1"),
                mapping("last-properties", "properties.b = 2"),
            ].joined(separator: ",") + "]}"
        let mappings = try MappingFile.load(Array(file.utf8))
        let report = try convert([hostile + "duplicate-keys.ndjson"], work: work) { $0.mappings = mappings }
        let events = try readText(work + "/out/duplicate-keys.ndjson").split(separator: "\n")
        let fired = events.map { line -> String in
            let object = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return "\(object["transaction_id"]!) \(object["event_type"]!)"
        }
        // Line 2's last type is identify; line 4's last event is Last; line 8's last properties {"b":2},
        // line 10's {"b":1,...,"b":2}.
        XCTAssertEqual(fired, ["d-2 first-type", "d-4 last-event", "d-8 last-properties", "d-10 last-properties"])
        XCTAssertEqual(report.eventsRejected, 0)
    }

    // MARK: The reject record cap

    func testRejectRecordCapAppliesToParsedRecords() throws {
        // Line 3 of long-numbers.ndjson is a 10 KB event rejected by the mapping: with a 100-byte cap its
        // record is the first 100 bytes as a string.
        let run = try run("long-numbers.ndjson") { $0.maximumRejectRecordBytes = 100 }
        let reject = try XCTUnwrap(run.rejects.first)
        XCTAssertTrue(reject.truncated)
        XCTAssertEqual(reject.recordBytes, 10_118)
        XCTAssertEqual(
            reject.recordString,
            String(
                #"{"type":"track","event":"API Call","messageId":"n-3","timestamp":99999999999999999999999999999999999999999999999"#
                    .prefix(100)))
    }
}
