import ConversionPipeline
import Foundation
import Logging
import XCTest

@testable import segment_metronome

/// `--metrics-file` and `--log-format`, parsed and used in-process.
final class ObservabilityFlagsTests: XCTestCase {
    func testObservabilityFlags() throws {
        let defaults = try ObservabilityFlags.parse([])
        XCTAssertNil(defaults.metricsFile)
        XCTAssertEqual(defaults.logFormat, .text)
        let flags = try ObservabilityFlags.parse(["--log-format", "json", "--metrics-file", "m.prom"])
        XCTAssertEqual(flags.logFormat, .json)
        XCTAssertEqual(flags.metricsFile, "m.prom")
        XCTAssertThrowsError(try ObservabilityFlags.parse(["--log-format", "yaml"]))
    }

    func testWriteMetricsLogsAFailureAndReturnsFalse() throws {
        let directory = NSTemporaryDirectory() + "observability-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: directory) }
        let lines = LogLines()
        let logger = Logger(label: "t") { JSONLogHandler(label: $0, output: lines.append) }

        XCTAssertTrue(
            try ObservabilityFlags.parse([]).writeMetrics(
                report: RunReport(), command: "sync", exitCode: 0, logger: logger))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), [])

        let good = try ObservabilityFlags.parse(["--metrics-file", directory + "/m.prom"])
        XCTAssertTrue(good.writeMetrics(report: RunReport(), command: "sync", exitCode: 3, logger: logger))
        let written = try String(contentsOfFile: directory + "/m.prom", encoding: .utf8)
        XCTAssertTrue(written.contains("segment_metronome_last_run_exit_code{command=\"sync\"} 3\n"), written)

        let bad = try ObservabilityFlags.parse(["--metrics-file", directory + "/missing/m.prom"])
        XCTAssertFalse(bad.writeMetrics(report: RunReport(), command: "sync", exitCode: 0, logger: logger))
        XCTAssertEqual(lines.all.count, 1)
        XCTAssertTrue(lines.all[0].contains("cannot write the metrics file"), lines.all[0])
    }
}
