import Foundation
import XCTest

@testable import ConversionPipeline
@testable import MetronomeEvents
@testable import SegmentArchive
@testable import SegmentMapping

/// End-to-end tests of `Conversion`: the golden sample, and bad input of every kind.
final class ConversionTests: XCTestCase {
    let sample = packageRoot + "/testdata/segment-logs"
    let expected = packageRoot + "/testdata/expected"

    /// Converts the bundled sample and compares the events tree, rejects and report with the golden
    /// files, with one thread and with several (output must not depend on parallelism).
    func testGoldenSampleMatchesExpectedFiles() throws {
        for threads in [1, 2, 4] {
            let work = try temporaryDirectory(self)
            let report = try convert([sample], work: work, threads: threads)
            XCTAssertEqual(report.filesFailed, 0)

            let expectedFiles = try FileManager.default.subpathsOfDirectory(atPath: expected + "/segment-logs")
                .filter { $0.hasSuffix(".ndjson") }.sorted()
            let producedFiles = try FileManager.default.subpathsOfDirectory(atPath: work + "/out")
                .filter { $0.hasSuffix(".ndjson") }.sorted()
            XCTAssertEqual(producedFiles, expectedFiles, "threads \(threads)")
            XCTAssertEqual(expectedFiles.count, 5)
            for file in expectedFiles {
                XCTAssertEqual(
                    try readText(work + "/out/" + file), try readText(expected + "/segment-logs/" + file),
                    "\(file), threads \(threads)")
            }
            XCTAssertEqual(
                try sortedRejects(work + "/rejects.ndjson", removing: packageRoot + "/"),
                try readText(expected + "/rejects.ndjson").split(separator: "\n").map(String.init))

            var produced =
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: work + "/report.json")))
                as! [String: Any]
            let golden =
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: expected + "/report.json"))) as! [String: Any]
            XCTAssertNotNil(produced.removeValue(forKey: "elapsed_seconds"))
            XCTAssertNotNil(produced.removeValue(forKey: "rejects_file"))
            XCTAssertEqual(NSDictionary(dictionary: produced), NSDictionary(dictionary: golden))
        }
    }

    /// Every line is accounted for: written + skipped + rejected + blank covers every line read.
    func testEveryLineIsAccountedFor() throws {
        let work = try temporaryDirectory(self)
        let report = try convert([sample], work: work)
        // The preset has one mapping, so each non-blank line is exactly one of the three outcomes.
        XCTAssertEqual(
            report.eventsWritten + report.eventsSkipped + report.eventsRejected + report.blankLines, report.linesRead)
        let written = try FileManager.default.subpathsOfDirectory(atPath: work + "/out").filter {
            $0.hasSuffix(".ndjson")
        }
        .map { try readText(work + "/out/" + $0).split(separator: "\n").count }.reduce(0, +)
        XCTAssertEqual(written, report.eventsWritten)
        XCTAssertEqual(try readText(work + "/rejects.ndjson").split(separator: "\n").count, report.eventsRejected)
    }

    func testTruncatedGzipKeepsEventsBeforeTheDamageAndReportsTheOffset() throws {
        let work = try temporaryDirectory(self)
        let report = try convert([packageRoot + "/testdata/bad/truncated.gz"], work: work)
        XCTAssertEqual(report.filesFailed, 1)
        let failure = try XCTUnwrap(report.failures.first?.failure)
        XCTAssertEqual(failure.kind, .truncatedGzip)
        XCTAssertTrue(failure.message.contains("truncated.gz"), failure.message)
        XCTAssertGreaterThan(failure.offset, 0)
        XCTAssertGreaterThan(report.eventsWritten, 100)
        XCTAssertLessThan(report.eventsWritten, 2000)
        let events = try readText(work + "/out/truncated.ndjson").split(separator: "\n")
        XCTAssertEqual(events.count, report.eventsWritten)
        // The incomplete last line is a reject, not silently dropped.
        XCTAssertEqual(
            report.rejectedByReason["The line was cut short by damaged or truncated gzip data."] ?? 0,
            report.eventsRejected)
    }

    func testGzipWithoutTrailerAndWithBadCRCAreReportedButConverted() throws {
        let work = try temporaryDirectory(self)
        let report = try convert(
            [packageRoot + "/testdata/bad/missing-trailer.gz", packageRoot + "/testdata/bad/corrupt-crc.gz"], work: work
        )
        XCTAssertEqual(report.filesFailed, 2)
        let kinds = Set(report.failures.map(\.failure.kind))
        XCTAssertEqual(kinds, [.truncatedGzip, .corruptGzip])
        // All 2,000 lines were inflated before the damage was noticed.
        XCTAssertEqual(report.eventsWritten, 4000)
    }

    func testFilesNamedGzThatAreNotGzipAreRefusedWithTheirFormat() throws {
        let work = try temporaryDirectory(self)
        let report = try convert(
            [packageRoot + "/testdata/bad/zip-named.gz", packageRoot + "/testdata/bad/zstd-named.gz"], work: work)
        XCTAssertEqual(report.filesFailed, 2)
        let messages = report.failures.map(\.failure.message).joined(separator: "\n")
        XCTAssertTrue(messages.contains("a zip archive"), messages)
        XCTAssertTrue(messages.contains("zstd data"), messages)
        XCTAssertEqual(report.eventsWritten + report.eventsRejected, 0)
    }

    func testMultiMemberGzipEmptyFileAndCRLFWithBOM() throws {
        let work = try temporaryDirectory(self)
        let report = try convert(
            ["two-members.gz", "empty.gz", "crlf-bom.ndjson"].map { packageRoot + "/testdata/bad/" + $0 }, work: work)
        XCTAssertEqual(report.filesFailed, 0)
        XCTAssertEqual(report.eventsWritten, 4)
        XCTAssertEqual(report.eventsRejected, 0)
        XCTAssertEqual(try readText(work + "/out/empty.ndjson"), "")
        XCTAssertEqual(try readText(work + "/out/two-members.ndjson").split(separator: "\n").count, 2)
        XCTAssertTrue(try readText(work + "/out/crlf-bom.ndjson").hasPrefix("{\"transaction_id\":\"c-1\""))
    }

    func testLineOverTheLimitIsRejectedAndTheNextLinesAreKept() throws {
        let work = try temporaryDirectory(self)
        let long = "{\"type\":\"track\",\"pad\":\"" + String(repeating: "x", count: 5000) + "\"}"
        let good =
            "{\"type\":\"track\",\"event\":\"E\",\"messageId\":\"m\",\"timestamp\":\"2024-05-30T00:00:00Z\",\"context\":{\"groupId\":\"g\"},\"properties\":{}}"
        try (long + "\n" + good + "\n" + long + long + "\n" + good).write(
            toFile: work + "/in.ndjson", atomically: true, encoding: .utf8)
        for chunkSize in [64, 1 << 20] {
            let report = try convert([work + "/in.ndjson"], work: work) { options in
                options.maximumLineBytes = 1000
                options.chunkSize = chunkSize
            }
            XCTAssertEqual(report.eventsWritten, 2, "chunk \(chunkSize)")
            XCTAssertEqual(report.rejectedByReason["The line is longer than --max-line-bytes."], 2)
            let rejects = try readText(work + "/rejects.ndjson")
            XCTAssertTrue(rejects.contains("\"line\":1,"), rejects)
            XCTAssertTrue(rejects.contains("\"line\":3,"), rejects)
        }
    }

    func testEmptyDirectoryConvertsNothing() throws {
        let work = try temporaryDirectory(self)
        try FileManager.default.createDirectory(atPath: work + "/empty", withIntermediateDirectories: true)
        let report = try convert([work + "/empty"], work: work)
        XCTAssertEqual(report.filesRead, 0)
        XCTAssertEqual(report.eventsWritten, 0)
    }

    func testMissingInputIsAConfigurationError() throws {
        let work = try temporaryDirectory(self)
        XCTAssertThrowsError(try convert([work + "/nope"], work: work)) { error in
            XCTAssertTrue("\(error)".contains("does not exist"), "\(error)")
        }
    }

    func testRejectsInsideTheOutputTreeIsRefused() throws {
        let work = try temporaryDirectory(self)
        XCTAssertThrowsError(try convert([sample], work: work) { $0.rejectsPath = work + "/out/rejects.ndjson" })
    }

    func testGzipOutputRoundTrips() throws {
        let work = try temporaryDirectory(self)
        _ = try convert([sample], work: work) { $0.gzip = true }
        let path = work + "/out/VhBYQcAjH5/1432684800000/edge-cases.ndjson.gz"
        var lines: [UInt8] = []
        let result = ArchiveReader().read(ArchiveFile(path: path, relativePath: "x")) { item in
            if case .lines(let chunk) = item { lines.append(contentsOf: chunk.buffer.bytes) }
        }
        XCTAssertNil(result.failure)
        XCTAssertTrue(result.compressed)
        XCTAssertEqual(
            String(decoding: lines, as: UTF8.self),
            try readText(expected + "/segment-logs/VhBYQcAjH5/1432684800000/edge-cases.ndjson"))
    }

    func testNoPartialFilesAreLeftUnderFinalOrTemporaryNames() throws {
        let work = try temporaryDirectory(self)
        _ = try convert([sample], work: work)
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: work + "/out").filter {
            $0.contains(".partial-")
        }
        XCTAssertEqual(leftovers, [])
    }

    func testCustomMappingFromUserIdAndMultipleMappingsYieldOneEventPerMatch() throws {
        let work = try temporaryDirectory(self)
        let file = """
            {"mappings": [
              {"name": "all", "subscribe": "type = \\"track\\"", "mapping": {"transaction_id": {"@path": "$.messageId"},
                "customer_id": {"@path": "$.userId"}, "timestamp": {"@path": "$.timestamp"},
                "event_type": {"@path": "$.event"}, "properties": {"@path": "$.properties"}}},
              {"name": "api", "subscribe": "event = \\"API Call\\" and type = \\"track\\"", "mapping": {
                "transaction_id": {"@path": "$.messageId"}, "customer_id": "acct_fixed", "timestamp": {"@path": "$.timestamp"},
                "event_type": "api_call", "properties": {"@path": "$.properties"}}},
              {"name": "off", "enabled": false, "subscribe": "type = \\"track\\"", "mapping": {}}
            ]}
            """
        let mappings = try MappingFile.load(Array(file.utf8))
        let line =
            "{\"type\":\"track\",\"event\":\"API Call\",\"messageId\":\"m1\",\"userId\":\"u1\",\"timestamp\":\"2024-05-30T00:00:00Z\",\"properties\":{}}\n"
        try line.write(toFile: work + "/in.ndjson", atomically: true, encoding: .utf8)
        let report = try convert([work + "/in.ndjson"], work: work) { $0.mappings = mappings }
        XCTAssertEqual(report.eventsWritten, 2)
        XCTAssertEqual(
            try readText(work + "/out/in.ndjson"),
            """
            {"transaction_id":"m1","customer_id":"u1","timestamp":"2024-05-30T00:00:00.000Z","event_type":"API Call","properties":{}}
            {"transaction_id":"m1","customer_id":"acct_fixed","timestamp":"2024-05-30T00:00:00.000Z","event_type":"api_call","properties":{}}

            """)
    }
}
