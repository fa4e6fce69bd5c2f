import Foundation
import Logging
import SegmentJSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A swift-log handler that writes each message as one JSON object per line, for log shippers.
///
/// A line is `{"time":"2024-06-01T12:00:00.123Z","level":"warning","label":"segment-metronome",
/// "message":"..."}` followed by the metadata as string fields, keys sorted. Metadata is merged as
/// swift-log's `StreamLogHandler` does: the handler's, then the metadata provider's, then the call's,
/// later ones winning; an attached error adds `error.message` and `error.type`.
struct JSONLogHandler: LogHandler {
    /// The fixed fields, which metadata keys may not replace.
    static let fixedKeys: Set<String> = ["time", "level", "label", "message"]

    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    private let output: @Sendable ([UInt8]) -> Void

    /// A handler writing to standard error (or to `output`, which receives whole lines).
    init(
        label: String, metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider,
        output: @escaping @Sendable ([UInt8]) -> Void = JSONLogHandler.writeToStandardError
    ) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.output = output
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        output(
            Self.line(
                time: Date(), level: event.level, label: label, message: event.message.description, metadata: merged))
    }

    /// The JSON line for one message, newline included. Metadata values are written as their string
    /// form; a metadata key equal to a fixed field's is written as `metadata.<key>` so that the line
    /// never has a key twice.
    static func line(
        time: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(96 + message.utf8.count)
        out.append(contentsOf: #"{"time":""#.utf8)
        out.append(contentsOf: timestamp(time).utf8)
        out.append(contentsOf: #"","level":""#.utf8)
        out.append(contentsOf: level.rawValue.utf8)
        out.append(contentsOf: #"","label":"#.utf8)
        JSONOutput.appendEscaped(label, to: &out)
        out.append(contentsOf: #","message":"#.utf8)
        JSONOutput.appendEscaped(message, to: &out)
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            out.append(UInt8(ascii: ","))
            JSONOutput.appendEscaped(fixedKeys.contains(key) ? "metadata." + key : key, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONOutput.appendEscaped(value.description, to: &out)
        }
        out.append(contentsOf: "}\n".utf8)
        return out
    }

    /// RFC 3339 in UTC with milliseconds (`2024-06-01T12:00:00.123Z`), truncated, not rounded, so a
    /// time never reads as later than it was.
    static func timestamp(_ date: Date) -> String {
        // `Date` counts from 2001, so `timeIntervalSince1970` of a whole millisecond can come out a hair
        // below it; rounding to the microsecond first keeps truncation from losing a millisecond.
        let microseconds = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let milliseconds = floorDivision(microseconds, 1000).quotient
        let (days, millisecondOfDay) = floorDivision(milliseconds, 86_400_000)
        // Howard Hinnant's civil_from_days: proleptic Gregorian calendar, any year.
        let z = days + 719_468
        let era = floorDivision(z, 146_097).quotient
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func padded(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let seconds = millisecondOfDay / 1000
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))T\(padded(seconds / 3600, 2)):"
            + "\(padded(seconds / 60 % 60, 2)):\(padded(seconds % 60, 2)).\(padded(millisecondOfDay % 1000, 3))Z"
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }

    /// Serialises whole lines so that messages from several threads never interleave.
    private static let standardErrorLock = NSLock()

    /// Writes a line to file descriptor 2; errors are ignored because logging must never stop a run.
    @Sendable static func writeToStandardError(_ line: [UInt8]) {
        standardErrorLock.lock()
        defer { standardErrorLock.unlock() }
        line.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
