import Foundation
import MetronomeEvents

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `write(2)`, named apart from `RunMetrics.write(to:)`, which hides the C function inside the type.
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(fd, bytes, count)
    #else
        Darwin.write(fd, bytes, count)
    #endif
}

/// A finished run as Prometheus text-format metrics, for node_exporter's textfile collector.
///
/// Every metric is a gauge labelled with the command (and the shard, when set), describing the last
/// run only: the collector exposes whatever the file says until the next run replaces it, so alerts
/// compare `segment_metronome_last_run_timestamp_seconds` with `time()` to notice runs that stopped
/// happening.
public struct RunMetrics: Sendable {
    /// The run's counts.
    public var report: RunReport
    /// The subcommand that ran: `convert`, `sync` or `upload`.
    public var command: String
    /// The shard (`3/8`) when the input is split across workers, written as a `shard` label so that
    /// several shards' files on one node never expose the same series twice (the collector refuses that).
    public var shard: String?
    /// The process's exit code (documented in the README); 0 is success.
    public var exitCode: Int32
    /// When the run ended.
    public var endTime: Date
    /// Files the ledger skipped because an earlier run finished them; nil when no ledger is used.
    public var filesAlreadyDone: Int?
    /// When an earlier run of the same command last succeeded, if known; used only when this run
    /// failed. `write(to:)` fills it from the file it replaces when it is nil.
    public var previousSuccessTime: Date?

    /// Collects what the metrics file says about one run.
    public init(
        report: RunReport, command: String, shard: String? = nil, exitCode: Int32, endTime: Date,
        filesAlreadyDone: Int? = nil, previousSuccessTime: Date? = nil
    ) {
        self.report = report
        self.command = command
        self.shard = shard
        self.exitCode = exitCode
        self.endTime = endTime
        self.filesAlreadyDone = filesAlreadyDone
        self.previousSuccessTime = previousSuccessTime
    }

    /// True when the run exited 0.
    public var success: Bool { exitCode == 0 }

    /// When the command last succeeded: this run's end if it succeeded, else the earlier success, if known.
    public var lastSuccessTime: Date? { success ? endTime : previousSuccessTime }

    /// The metrics in the text exposition format (version 0.0.4), ending with a newline.
    public var text: String {
        var out = ""
        let label = runLabels
        func family(_ name: String, _ help: String, _ samples: [(String?, String)]) {
            out += "# HELP segment_metronome_\(name) \(help)\n"
            out += "# TYPE segment_metronome_\(name) gauge\n"
            for (extra, value) in samples {
                let labels = extra.map { "\(label),\($0)" } ?? label
                out += "segment_metronome_\(name){\(labels)} \(value)\n"
            }
        }
        family(
            "last_run_timestamp_seconds", "When the last run ended, in seconds since the Unix epoch.",
            [(nil, Self.seconds(endTime.timeIntervalSince1970))])
        family("last_run_success", "1 if the last run exited 0, else 0.", [(nil, success ? "1" : "0")])
        family(
            "last_run_duration_seconds", "How long the last run took, in seconds.",
            [(nil, Self.seconds(report.elapsedSeconds))])
        family("last_run_exit_code", "The last run's exit code (see the README).", [(nil, String(exitCode))])
        // The file holds the last run only; without this, a failed run would erase the one fact an
        // alert on "no success for N hours" needs.
        if let lastSuccessTime {
            family(
                "last_success_timestamp_seconds",
                "When the last successful run (exit code 0) ended, in seconds since the Unix epoch.",
                [(nil, Self.seconds(lastSuccessTime.timeIntervalSince1970))])
        }

        var files: [(String?, String)] = [
            ("outcome=\"read\"", String(report.filesRead)),
            ("outcome=\"failed\"", String(report.filesFailed)),
            ("outcome=\"skipped_non_archive\"", String(report.skippedPaths.count)),
            ("outcome=\"not_started\"", String(report.filesNotStarted)),
        ]
        if let filesAlreadyDone { files.append(("outcome=\"already_done\"", String(filesAlreadyDone))) }
        family(
            "last_run_files",
            "Input files in the last run by outcome (failed files are also counted as read).", files)

        // The report counts not-delivered events among its rejects (both are rejects-file lines); here
        // they are separate so that `rejected` (permanent) and `not_delivered` (retriable) never overlap.
        let notDelivered = report.delivery?.eventsNotDelivered ?? 0
        var events: [(String?, String)] = [
            ("outcome=\"produced\"", String(report.eventsWritten)),
            ("outcome=\"skipped\"", String(report.eventsSkipped)),
            ("outcome=\"rejected\"", String(max(0, report.eventsRejected - notDelivered))),
        ]
        if let delivery = report.delivery {
            events.append(("outcome=\"delivered\"", String(delivery.eventsDelivered)))
            events.append(("outcome=\"not_delivered\"", String(delivery.eventsNotDelivered)))
        }
        family(
            "last_run_events",
            "Events and records in the last run by outcome (rejected is permanent, not_delivered is retriable).",
            events)

        if let delivery = report.delivery {
            family(
                "last_run_requests", "Requests to Metronome's /v1/ingest in the last run by kind.",
                [
                    ("kind=\"sent\"", String(delivery.requests)),
                    ("kind=\"retried\"", String(delivery.retries)),
                    ("kind=\"split\"", String(delivery.splits)),
                ])
        }
        return out
    }

    /// Writes `text` to `path` atomically: a temporary file in the same directory, synced, then renamed
    /// over `path`, so the collector never reads a half-written file. When this run failed and
    /// `previousSuccessTime` is nil, the last success time is carried over from the file it replaces.
    public func write(to path: String) throws(OutputError) {
        var metrics = self
        if !success && previousSuccessTime == nil, let previous = FileManager.default.contents(atPath: path) {
            metrics.previousSuccessTime = lastSuccessTime(in: String(decoding: previous, as: UTF8.self))
        }
        try Self.writeAtomically(Array(metrics.text.utf8), to: path)
    }

    /// The labels every sample carries: `command`, and `shard` when set.
    var runLabels: String {
        "command=\"\(Self.escapeLabelValue(command))\""
            + (shard.map { ",shard=\"\(Self.escapeLabelValue($0))\"" } ?? "")
    }

    /// The `last_success_timestamp_seconds` sample with this run's labels in an earlier metrics file.
    func lastSuccessTime(in text: String) -> Date? {
        let prefix = "segment_metronome_last_success_timestamp_seconds{\(runLabels)} "
        for line in text.split(separator: "\n") where line.hasPrefix(prefix) {
            guard let seconds = Double(line.dropFirst(prefix.count)), seconds.isFinite else { return nil }
            return Date(timeIntervalSince1970: seconds)
        }
        return nil
    }

    /// Escapes a label value as the text format requires: backslash, double quote and line feed.
    public static func escapeLabelValue(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for character in value.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// Seconds with millisecond precision, spelled without exponent or locale (`1717200000.123`).
    static func seconds(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "+Inf" : "-Inf") }
        let milliseconds = Int64((value * 1000).rounded())
        let sign = milliseconds < 0 ? "-" : ""
        let magnitude = milliseconds.magnitude
        let fraction = String(magnitude % 1000)
        return "\(sign)\(magnitude / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }

    /// Writes `bytes` to `PATH.tmp.<pid>` next to `path`, fsyncs it and renames it over `path`.
    ///
    /// The temporary name does not end in `.prom`, so the textfile collector ignores it; it is in the
    /// same directory because `rename` is atomic only within one file system.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(OutputError) {
        let temporaryPath = "\(path).tmp.\(getpid())"
        let fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw OutputError("cannot create \(temporaryPath): \(String(cString: strerror(errno)))")
        }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                let message = String(cString: strerror(errno))
                close(fd)
                unlink(temporaryPath)
                throw OutputError("cannot write \(temporaryPath): \(message)")
            }
            offset += written
        }
        // Without the sync, a crash after the rename can leave an empty file under the final name.
        guard fsync(fd) == 0 || errno == EINVAL else {
            let message = String(cString: strerror(errno))
            close(fd)
            unlink(temporaryPath)
            throw OutputError("cannot sync \(temporaryPath): \(message)")
        }
        close(fd)
        guard rename(temporaryPath, path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw OutputError("cannot rename \(temporaryPath) to \(path): \(message)")
        }
    }
}
