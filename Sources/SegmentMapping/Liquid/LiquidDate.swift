#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A JavaScript `Date` as the `date` filter sees it, broken down in UTC.
///
/// Inputs follow LiquidJS's `parseDate`: `"now"`/`"today"`, a number of epoch seconds, a string of digits
/// (epoch seconds), otherwise `new Date(value)`. Of the strings `new Date` accepts, segment-metronome reads
/// ISO 8601 (`2015-12-12T19:11:01.266Z`, `2015-12-12`, `2015-12-12T19:11`, offsets `±hh:mm`) and the same with a
/// space for the `T`; a zone-less time is UTC (the product renders in UTC). A string without digits is not a
/// date (LiquidJS returns it unchanged); any other string is refused rather than guessed at, since V8's
/// fallback parser accepts many loose forms.
struct LiquidDate: Sendable {
    /// Milliseconds since 1970-01-01T00:00:00Z, an integer within ±8.64e15.
    let time: Double

    let year: Int
    /// 0 (January) … 11.
    let month: Int
    /// Day of the month, 1 … 31.
    let day: Int
    let hours: Int
    let minutes: Int
    let seconds: Int
    let milliseconds: Int
    /// 0 (Sunday) … 6.
    let weekday: Int

    /// The largest magnitude of a JavaScript time value (ECMAScript TimeClip).
    private static let timeLimit = 8.64e15
    private static let millisecondsPerDay: Int64 = 86_400_000

    /// The date at `time` milliseconds, or nil when it is not a valid JavaScript time.
    init?(time: Double) {
        guard time.isFinite, Swift.abs(time) <= Self.timeLimit else { return nil }
        let clipped = time.rounded(.towardZero) + 0
        self.time = clipped
        let total = Int64(clipped)
        var days = total / Self.millisecondsPerDay
        var inDay = total % Self.millisecondsPerDay
        if inDay < 0 {
            inDay += Self.millisecondsPerDay
            days -= 1
        }
        let civil = Self.civil(fromDays: days)
        year = civil.year
        month = civil.month - 1
        day = civil.day
        hours = Int(inDay / 3_600_000)
        minutes = Int(inDay / 60_000 % 60)
        seconds = Int(inDay / 1000 % 60)
        milliseconds = Int(inDay % 1000)
        weekday = Int(((days % 7) + 11) % 7)
    }

    /// The date `value` denotes for the `date` filter; nil when LiquidJS would find no valid date.
    ///
    /// The filter returns its input unchanged for nil. Throws for date strings segment-metronome does not read.
    init?(_ value: LiquidValue, now: Double) throws(LiquidError) {
        let time: Double?
        switch value.primitive {
        case .undefined, .null, .drop:
            return nil
        case .number(let seconds):
            time = seconds * 1000
        case .bool(let flag):
            time = flag ? 1 : 0
        case .string(let text):
            if text == "now" || text == "today" {
                time = now
            } else if !text.isEmpty && text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                time = LiquidJavaScript.number(text) * 1000
            } else {
                time = try Self.parse(text)
            }
        case let other:
            // `new Date(array or object)` parses the value's string form.
            time = try Self.parse(other.javaScriptString)
        }
        guard let time else { return nil }
        self.init(time: time)
    }

    /// The current time, in whole milliseconds like `Date.now()`.
    static func currentTime() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }

    // MARK: Strings

    /// `new Date(text)` for the strings segment-metronome reads; nil for Invalid Date.
    private static func parse(_ text: String) throws(LiquidError) -> Double? {
        let bytes = Array(text.utf8)
        if let time = isoTime(bytes) { return time }
        guard bytes.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        throw LiquidError(
            "date: cannot read \(LiquidLexer.quote(ArraySlice(text.utf16))) as a date; segment-metronome reads "
                + "ISO 8601 dates, epoch seconds and \"now\"")
    }

    /// `YYYY`, `±YYYYYY`, `-MM`, `-DD`, then optionally `T` (or a space) `hh:mm[:ss[.fff…]]` and `Z` or `±hh:mm`.
    /// Nil when the text does not have that shape or a field is out of range.
    private static func isoTime(_ text: [UInt8]) -> Double? {
        var index = 0
        func number(_ length: Int) -> Int? {
            guard index + length <= text.count else { return nil }
            var value = 0
            for offset in 0..<length {
                let byte = text[index + offset]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += length
            return value
        }
        func take(_ byte: UInt8) -> Bool {
            guard index < text.count, text[index] == byte else { return false }
            index += 1
            return true
        }
        var year: Int
        if take(UInt8(ascii: "+")) {
            guard let value = number(6) else { return nil }
            year = value
        } else if take(UInt8(ascii: "-")) {
            guard let value = number(6), value != 0 else { return nil }
            year = -value
        } else {
            guard let value = number(4) else { return nil }
            year = value
        }
        var month = 1
        var day = 1
        var fullDate = false
        if take(UInt8(ascii: "-")) {
            guard let value = number(2) else { return nil }
            month = value
            if take(UInt8(ascii: "-")) {
                guard let value = number(2) else { return nil }
                day = value
                fullDate = true
            }
        }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month) else { return nil }
        var milliseconds = 0
        var offsetMinutes = 0
        if index < text.count {
            // A time needs a full date before it.
            guard text[index] == UInt8(ascii: "T") || text[index] == UInt8(ascii: " "), fullDate else {
                return nil
            }
            index += 1
            guard let hour = number(2), take(UInt8(ascii: ":")), let minute = number(2) else { return nil }
            var second = 0
            var fraction = 0
            if take(UInt8(ascii: ":")) {
                guard let value = number(2) else { return nil }
                second = value
                if take(UInt8(ascii: ".")) {
                    // V8 keeps the first three fraction digits: ".5" is 500 ms, ".123456" is 123 ms.
                    let start = index
                    while index < text.count && text[index] >= 0x30 && text[index] <= 0x39 { index += 1 }
                    guard index > start else { return nil }
                    for position in 0..<3 {
                        let digit = start + position < index ? Int(text[start + position] - 0x30) : 0
                        fraction = fraction * 10 + digit
                    }
                }
            }
            guard hour <= 23, minute <= 59, second <= 59 else { return nil }
            milliseconds = ((hour * 60 + minute) * 60 + second) * 1000 + fraction
            if take(UInt8(ascii: "Z")) {
                offsetMinutes = 0
            } else if index < text.count, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") {
                let sign = text[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
                guard let offsetHours = number(2), take(UInt8(ascii: ":")), let offsetMinute = number(2),
                    offsetHours <= 23, offsetMinute <= 59
                else { return nil }
                offsetMinutes = sign * (offsetHours * 60 + offsetMinute)
            }
        }
        guard index == text.count else { return nil }
        let days = days(fromCivil: year, month: month, day: day)
        let time = Double(days) * 86_400_000 + Double(milliseconds) - Double(offsetMinutes) * 60_000
        return Swift.abs(time) <= timeLimit ? time : nil
    }

    // MARK: Calendar

    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (month 1 … 12).
    static func days(fromCivil year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date (month 1 … 12) `days` after 1970-01-01.
    static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}
