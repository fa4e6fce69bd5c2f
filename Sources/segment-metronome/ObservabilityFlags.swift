import ArgumentParser
import ConversionPipeline
import Foundation
import Logging

/// The flags for scheduled runs, shared by `convert`, `sync` and `upload`: a metrics file for
/// node_exporter's textfile collector, and the log line format.
struct ObservabilityFlags: ParsableArguments {
    @Option(
        name: .customLong("metrics-file"),
        help: ArgumentHelp(
            "Write Prometheus metrics about the run to this file when it ends (replaced atomically).",
            discussion: "Point it into node_exporter's --collector.textfile.directory; the name must end in .prom.",
            valueName: "path"))
    var metricsFile: String?

    @Option(
        name: .customLong("log-format"),
        help: ArgumentHelp("Log lines on standard error as text or as one JSON object per line.", valueName: "format"))
    var logFormat: LogFormat = .text

    /// Writes the metrics file if `--metrics-file` was given; a failure is logged, not fatal, because
    /// the run's work is done by then and its exit code should say how that went.
    /// Returns false when the file could not be written.
    @discardableResult
    func writeMetrics(
        report: RunReport, command: String, shard: String? = nil, exitCode: Int32, filesAlreadyDone: Int? = nil,
        previousSuccessTime: Date? = nil, endTime: Date = Date(), logger: Logger
    ) -> Bool {
        guard let metricsFile else { return true }
        let metrics = RunMetrics(
            report: report, command: command, shard: shard, exitCode: exitCode, endTime: endTime,
            filesAlreadyDone: filesAlreadyDone, previousSuccessTime: previousSuccessTime)
        do {
            try metrics.write(to: metricsFile)
            return true
        } catch {
            logger.error("cannot write the metrics file: \(error)")
            return false
        }
    }
}
