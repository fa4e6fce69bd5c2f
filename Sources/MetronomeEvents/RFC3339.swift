/// Strict RFC 3339 date-time parsing, as Metronome's ingest API checks `timestamp` (SEMANTICS 6.2).
///
/// Accepted: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`, `T`/`Z` in either case, a four-digit
/// year, real calendar days, seconds 00-60 (a leap second counts as :59.999). Anything else, including
/// the looser forms Segment's own timestamp parser takes, is refused.
public enum RFC3339 {
    /// The instant in epoch milliseconds (fraction truncated to milliseconds), or nil when `text` is not
    /// an RFC 3339 date-time. O(length), no allocation.
    public static func epochMilliseconds(_ text: UnsafeRawBufferPointer) -> Int64? {
        let n = text.count
        guard n >= 20 else { return nil }
        func digits(_ at: Int, _ count: Int) -> Int64? {
            guard at + count <= n else { return nil }
            var value: Int64 = 0
            for i in at..<at + count {
                let d = text[i] &- 48
                guard d < 10 else { return nil }
                value = value * 10 + Int64(d)
            }
            return value
        }
        guard let year = digits(0, 4), text[4] == UInt8(ascii: "-"), let month = digits(5, 2),
            text[7] == UInt8(ascii: "-"), let day = digits(8, 2), text[10] | 0x20 == UInt8(ascii: "t"),
            let hour = digits(11, 2), text[13] == UInt8(ascii: ":"), let minute = digits(14, 2),
            text[16] == UInt8(ascii: ":"), let second = digits(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month), hour < 24,
            minute < 60, second <= 60
        else { return nil }
        var i = 19
        var milliseconds: Int64 = 0
        if i < n && text[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < n && text[i] &- 48 < 10 {
                if i - start < 3 { milliseconds = milliseconds * 10 + Int64(text[i] - 48) }
                i += 1
            }
            guard i > start else { return nil }
            for _ in min(3, i - start)..<3 { milliseconds *= 10 }
        }
        guard i < n else { return nil }
        var offsetMinutes: Int64 = 0
        if text[i] | 0x20 == UInt8(ascii: "z") {
            i += 1
        } else if text[i] == UInt8(ascii: "+") || text[i] == UInt8(ascii: "-") {
            let sign: Int64 = text[i] == UInt8(ascii: "-") ? -1 : 1
            guard let offsetHours = digits(i + 1, 2), i + 3 < n, text[i + 3] == UInt8(ascii: ":"),
                let offsetMinute = digits(i + 4, 2), offsetHours < 24, offsetMinute < 60
            else { return nil }
            offsetMinutes = sign * (offsetHours * 60 + offsetMinute)
            i += 6
        } else {
            return nil
        }
        guard i == n else { return nil }
        let days = TimestampConversion.daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + min(second, 59) - offsetMinutes * 60
        return seconds * 1_000 + (second == 60 ? 999 : milliseconds)
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
