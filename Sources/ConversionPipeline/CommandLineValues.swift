import MetronomeEvents

/// Parsers for the command line's value formats, kept here so they are unit-tested.
public enum CommandLineValues {
    /// A duration such as `34d`, `12h`, `30m`, `45s` or `500ms`, in milliseconds.
    public static func durationMilliseconds(_ text: String) -> Int64? {
        let units: [(String, Int64)] = [("ms", 1), ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            guard let value = Int64(text.dropLast(suffix.count)), value >= 0 else { return nil }
            let (product, overflow) = value.multipliedReportingOverflow(by: factor)
            return overflow ? nil : product
        }
        return nil
    }

    /// A reference time: RFC 3339 (`2024-03-01T00:00:00Z`, strictly: a real calendar day, an explicit
    /// offset; `RFC3339`) or epoch milliseconds. Segment's looser timestamp parser is not used here: it
    /// reads `2024-02-30` as March 1st, and a command line should refuse what it cannot mean.
    public static func instantMilliseconds(_ text: String) -> Int64? {
        if let milliseconds = Int64(text) { return milliseconds }
        var text = text
        return text.withUTF8 { RFC3339.epochMilliseconds(UnsafeRawBufferPointer($0)) }
    }

    /// A UTC day `2024-02-25` (its midnight), or an instant as `instantMilliseconds` reads it.
    public static func dayOrInstantMilliseconds(_ text: String) -> Int64? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        if text.count == 10, parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isASCII) }) {
            return instantMilliseconds(text + "T00:00:00Z")
        }
        return instantMilliseconds(text)
    }

    /// A byte count such as `8388608`, `8MiB`, `512KiB`, `1GiB`, `8MB`.
    public static func byteCount(_ text: String) -> Int? {
        let units: [(String, Int)] = [
            ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("KB", 1000), ("MB", 1_000_000),
            ("GB", 1_000_000_000), ("B", 1),
        ]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            guard let value = Int(text.dropLast(suffix.count)), value > 0 else { return nil }
            // `8000000000GiB` must be refused, not trap on overflow.
            let (bytes, overflow) = value.multipliedReportingOverflow(by: factor)
            return overflow ? nil : bytes
        }
        return Int(text).flatMap { $0 > 0 ? $0 : nil }
    }
}
