/// Converts mapped timestamp values to Metronome's `YYYY-MM-DDTHH:mm:ss.sssZ`, exactly as upstream's
/// `dayjs.utc(value).toISOString()` with the product decisions of SEMANTICS section 3.
///
/// Strings are read in the order of SEMANTICS 3.2: (1) dayjs's zone-less pattern, read as UTC calendar
/// components that roll over like `Date.UTC`; (2) zoned ISO 8601 / RFC 3339; (3) RFC 2822 / HTTP dates. Anything
/// else is not date-like. Numbers are epoch milliseconds. All work is done on the UTF-8 bytes with integer
/// arithmetic: no Foundation, no regular-expression engine and no heap allocation.
public enum TimestampConversion {
    /// Why a value cannot be converted; `message` is the exact text the event is rejected with.
    public enum Failure: Error, Equatable, Sendable {
        /// The string has none of the accepted shapes.
        case notDateLike
        /// The instant lies outside ECMAScript's time range of ±8.64e15 ms around the epoch.
        case outOfRange

        /// The rejection message (SEMANTICS 2.3 and 3.1).
        public var message: String {
            switch self {
            case .notDateLike: "Timestamp must be a valid date-like string but it was not."
            case .outOfRange: "Timestamp is out of range."
            }
        }
    }

    /// ECMAScript's TimeClip bound: 100,000,000 days either side of the epoch.
    static let maximumMagnitude: Int64 = 8_640_000_000_000_000

    // MARK: Public API

    /// A string value (its UTF-8 bytes, already JSON-unescaped) -> epoch milliseconds UTC.
    ///
    /// Implements SEMANTICS 3.2 shapes 1-3 in order; everything else is `.notDateLike`, and an instant outside
    /// ±8.64e15 ms is `.outOfRange`. O(n) in the number of bytes with a small constant (the zone-less pattern
    /// is matched by a bounded backtracking search); never allocates.
    public static func epochMilliseconds(utf8 bytes: UnsafeRawBufferPointer) -> Result<Int64, Failure> {
        let count = bytes.count
        guard count > 0 else { return .failure(.notDateLike) }
        if let result = canonicalShape(bytes) { return .success(result) }
        var milliseconds: Int64?
        // dayjs only tries its pattern when the string does not end in Z (`/Z$/i`). The last byte of a
        // multi-byte UTF-8 character is >= 0x80, so looking at the last byte alone is exact.
        let last = bytes[count - 1]
        if last != UInt8(ascii: "Z") && last != UInt8(ascii: "z") {
            milliseconds = zonelessShape(bytes)
        }
        if milliseconds == nil { milliseconds = isoShape(bytes) }
        if milliseconds == nil { milliseconds = rfc2822Shape(bytes) }
        guard let result = milliseconds else { return .failure(.notDateLike) }
        guard result.magnitude <= maximumMagnitude.magnitude else { return .failure(.outOfRange) }
        return .success(result)
    }

    /// Convenience form of `epochMilliseconds(utf8:)` for a Swift string (no allocation for native strings).
    public static func epochMilliseconds(string: String) -> Result<Int64, Failure> {
        var text = string
        return text.withUTF8 { epochMilliseconds(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// A number value: epoch ms, fraction truncated toward zero; outside ±8.64e15 (or NaN/inf) -> `.outOfRange`.
    ///
    /// This is `new Date(number)`: TimeClip checks the magnitude before truncating. O(1).
    public static func epochMilliseconds(number: Double) -> Result<Int64, Failure> {
        guard number.isFinite, number.magnitude <= 8.64e15 else { return .failure(.outOfRange) }
        // Converting to an integer truncates toward zero; -0.5 gives 0, as TimeClip turns -0 into +0.
        return .success(Int64(number))
    }

    /// Appends the ISO form (`YYYY-MM-DDTHH:mm:ss.sssZ`; years outside 0...9999 as `+YYYYYY`/`-YYYYYY` like JS
    /// toISOString) to `buffer`.
    ///
    /// O(1); no allocation beyond buffer growth (24 bytes, 27 for extended years).
    public static func appendISO8601(epochMilliseconds: Int64, to buffer: inout [UInt8]) {
        let (days, millisecondOfDay) = floorDivision(epochMilliseconds, 86_400_000)
        let (year, month, day) = civilDate(fromDays: days)
        let time = Int(millisecondOfDay)
        // Laid out in a stack buffer and appended once: one capacity check instead of one per byte.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { text in
            @inline(__always)
            func digits(_ value: Int, width: Int, at offset: Int) {
                var rest = value
                for position in stride(from: offset + width - 1, through: offset, by: -1) {
                    text[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                    rest /= 10
                }
            }
            var offset = 0
            if year >= 0 && year <= 9999 {
                digits(Int(year), width: 4, at: 0)
                offset = 4
            } else {
                // Extended years: sign and at least six digits (ECMAScript's range needs exactly six).
                text[0] = year < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
                let magnitude = Int(clamping: year.magnitude)
                let width = max(6, decimalDigitCount(magnitude))
                digits(magnitude, width: width, at: 1)
                offset = 1 + width
            }
            // The rest has a fixed layout: -MM-DDTHH:mm:ss.sssZ (20 bytes).
            text[offset] = UInt8(ascii: "-")
            digits(Int(month), width: 2, at: offset + 1)
            text[offset + 3] = UInt8(ascii: "-")
            digits(Int(day), width: 2, at: offset + 4)
            text[offset + 6] = UInt8(ascii: "T")
            digits(time / 3_600_000, width: 2, at: offset + 7)
            text[offset + 9] = UInt8(ascii: ":")
            digits(time / 60_000 % 60, width: 2, at: offset + 10)
            text[offset + 12] = UInt8(ascii: ":")
            digits(time / 1000 % 60, width: 2, at: offset + 13)
            text[offset + 15] = UInt8(ascii: ".")
            digits(time % 1000, width: 3, at: offset + 16)
            text[offset + 19] = UInt8(ascii: "Z")
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: text[0..<(offset + 20)]))
        }
    }

    /// The ISO form of `epochMilliseconds` as a string (allocates it).
    public static func iso8601(epochMilliseconds: Int64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(27)
        appendISO8601(epochMilliseconds: epochMilliseconds, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: Fast path

    /// Shape 2 restricted to the exact layouts Segment and most producers emit, `YYYY-MM-DDTHH:mm:ss.sssZ` and
    /// `YYYY-MM-DDTHH:mm:ss.sss±HH:mm`, read at fixed offsets; nil means "use the general path".
    ///
    /// Skipping shape 1 is exact: the zone-less pattern cannot consume a `Z` at the end, nor a `+`, nor a `-` after
    /// byte 7. Validation and arithmetic are those of `isoShape`.
    @inline(__always)
    private static func canonicalShape(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        let count = bytes.count
        guard count == 24 || count == 29,
            bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: ".")
        else { return nil }
        func twoDigits(_ offset: Int) -> Int64 {
            let high = bytes[offset] &- UInt8(ascii: "0")
            let low = bytes[offset + 1] &- UInt8(ascii: "0")
            // -1 for anything but two ASCII digits; every caller range-checks the value.
            return high < 10 && low < 10 ? Int64(high) * 10 + Int64(low) : -1
        }
        let century = twoDigits(0)
        let yearInCentury = twoDigits(2)
        let month = twoDigits(5)
        let day = twoDigits(8)
        let hour = twoDigits(11)
        let minute = twoDigits(14)
        let second = twoDigits(17)
        let fractionHigh = twoDigits(20)
        let fractionLow = bytes[22] &- UInt8(ascii: "0")
        guard century >= 0, yearInCentury >= 0, month >= 1, month <= 12, day >= 1, day <= 31,
            hour >= 0, hour <= 23, minute >= 0, minute <= 59, second >= 0, second <= 59,
            fractionHigh >= 0, fractionLow < 10
        else { return nil }
        var offset: Int64 = 0
        if count == 24 {
            guard bytes[23] == UInt8(ascii: "Z") else { return nil }
        } else {
            let sign = bytes[23]
            let offsetHours = twoDigits(24)
            let offsetMinutes = twoDigits(27)
            guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), bytes[26] == UInt8(ascii: ":"),
                offsetHours >= 0, offsetHours <= 23, offsetMinutes >= 0, offsetMinutes <= 59
            else { return nil }
            offset = offsetHours * 60 + offsetMinutes
            if sign == UInt8(ascii: "-") { offset = -offset }
        }
        let days = makeDay(year: century * 100 + yearInCentury, month: month - 1, day: day)
        return days * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000
            + fractionHigh * 10 + Int64(fractionLow) - offset * 60_000
    }

    // MARK: Shape 1: dayjs's zone-less pattern

    /// Shape 1: dayjs's `REGEX_PARSE` read as UTC (`Date.UTC`), or nil when the pattern does not match.
    private static func zonelessShape(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        var matcher = ZonelessPattern(bytes)
        guard matcher.match() else { return nil }
        var year = matcher.number(matcher.year) ?? 0
        // `Date.UTC` maps years 0-99 to 1900-1999.
        if year <= 99 { year += 1900 }
        // `d[2] - 1 || 0`: absent -> 0; "0"/"00" -> -1 (December of the previous year).
        let month = (matcher.number(matcher.month) ?? 1) - 1
        // `d[3] || 1`: the empty capture is falsy, "0"/"00" is a truthy string that reads as 0.
        let day = matcher.day.isEmpty ? 1 : matcher.number(matcher.day) ?? 1
        let hour = matcher.number(matcher.hour) ?? 0
        let minute = matcher.number(matcher.minute) ?? 0
        let second = matcher.number(matcher.second) ?? 0
        // `(d[7] || '0').substring(0, 3)` read as an integer: "5" is 5 ms, not 500.
        var millisecond: Int64 = 0
        if matcher.fraction.isPresent {
            let end = min(matcher.fraction.end, matcher.fraction.start + 3)
            millisecond = matcher.number(Capture(start: matcher.fraction.start, end: end)) ?? 0
        }
        return makeDate(
            year: year, month: month, day: day,
            hour: hour, minute: minute, second: second, millisecond: millisecond)
    }

    /// A capture group of the zone-less pattern: byte offsets, with `start == -1` for a group that did not
    /// participate (JavaScript `undefined`).
    struct Capture {
        var start: Int
        var end: Int

        static let undefined = Capture(start: -1, end: -1)

        var isPresent: Bool { start >= 0 }
        var isEmpty: Bool { start < 0 || start == end }
    }

    /// A hand-written matcher for dayjs's `REGEX_PARSE` with JavaScript semantics:
    /// `^(\d{4})[-/]?(\d{1,2})?[-/]?(\d{0,2})[Tt\s]*(\d{1,2})?:?(\d{1,2})?:?(\d{1,2})?[.:]?(\d+)?$`.
    ///
    /// Greedy quantifiers are tried longest first and backtracked in the same order as a JavaScript engine, so the
    /// captures of the first successful path are the ones JavaScript reports (`"20210710"` -> 2021, 07, 10).
    /// Two steps are deterministic because no alternative can succeed: `[Tt\s]*` must take its whole run (no later
    /// element matches T, t or whitespace) and `(\d+)?$` must take the rest when it is all digits. The search has
    /// at most a few thousand paths regardless of input length; the recursion is at most 13 levels deep.
    struct ZonelessPattern {
        let bytes: UnsafeRawBufferPointer
        /// The smallest offset from which every remaining byte is an ASCII digit.
        let digitsToEndFrom: Int
        var year = Capture.undefined
        var month = Capture.undefined
        var day = Capture.undefined
        var hour = Capture.undefined
        var minute = Capture.undefined
        var second = Capture.undefined
        var fraction = Capture.undefined
        /// Per time-part element (7-12), a bit per offset below 64 from which that element is known to fail.
        private var failedTimeStates = FailureBits()

        /// Whether every byte could belong to a match (digits, `-/:.Tt`, ASCII whitespace, any non-ASCII byte,
        /// and `-` or `/` only at offsets 4-7, the only places `[-/]?` can stand); when not, the search is skipped.
        /// This rejects zoned strings such as `...+00:00` or `... 05:37:11-05:30` in one pass.
        let plausible: Bool

        init(_ bytes: UnsafeRawBufferPointer) {
            self.bytes = bytes
            var start = bytes.count
            while start > 0 && isDigit(bytes[start - 1]) { start -= 1 }
            digitsToEndFrom = start
            var plausible = true
            for offset in 0..<start {
                switch bytes[offset] {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: "T"),
                    UInt8(ascii: "t"), UInt8(ascii: " "), 0x09...0x0D, 0x80...:
                    continue
                case UInt8(ascii: "-"), UInt8(ascii: "/"):
                    if offset >= 4 && offset <= 7 { continue }
                    plausible = false
                default:
                    plausible = false
                }
                break
            }
            self.plausible = plausible
        }

        /// Whether the whole string matches; on success the captures describe the match.
        mutating func match() -> Bool {
            guard plausible, bytes.count >= 4, digitRun(at: 0, maximum: 4) == 4 else { return false }
            year = Capture(start: 0, end: 4)
            return match(element: 2, at: 4)
        }

        /// The decimal value of a present capture, or nil for an undefined one.
        func number(_ capture: Capture) -> Int64? {
            guard capture.isPresent else { return nil }
            var value: Int64 = 0
            for offset in capture.start..<capture.end {
                value = value * 10 + Int64(bytes[offset] &- UInt8(ascii: "0"))
            }
            return value
        }

        /// Matches pattern elements `element...` (numbered as in the doc comment's order, after the year) and the
        /// end anchor from byte offset `position`.
        private mutating func match(element: Int, at position: Int) -> Bool {
            // The time part (elements 7-12) is re-entered at the same offset by different date-part paths, and
            // whether it can match from there does not depend on the captures: remember failures so that a
            // non-matching string costs at most a few hundred steps.
            if element >= 7 && element <= 12 && position < 64 {
                let bit: UInt64 = 1 << UInt64(position)
                if failedTimeStates[element - 7] & bit != 0 { return false }
                if matchElement(element, at: position) { return true }
                failedTimeStates[element - 7] |= bit
                return false
            }
            return matchElement(element, at: position)
        }

        private mutating func matchElement(_ element: Int, at position: Int) -> Bool {
            switch element {
            case 2, 4:  // [-/]?
                if position < bytes.count, bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "/"),
                    match(element: element + 1, at: position + 1)
                {
                    return true
                }
                return match(element: element + 1, at: position)
            case 3:  // (\d{1,2})?
                return matchOptionalDigits(element: 3, at: position)
            case 5:  // (\d{0,2})
                var length = digitRun(at: position, maximum: 2)
                while length >= 0 {
                    day = Capture(start: position, end: position + length)
                    if match(element: 6, at: position + length) { return true }
                    length -= 1
                }
                return false
            case 6:  // [Tt\s]*, whole run only (see the type's doc comment)
                var end = position
                while end < bytes.count {
                    let length = separatorLength(at: end)
                    if length == 0 { break }
                    end += length
                }
                return match(element: 7, at: end)
            case 7:  // (\d{1,2})?
                return matchOptionalDigits(element: 7, at: position)
            case 8, 10:  // :?
                if position < bytes.count, bytes[position] == UInt8(ascii: ":"),
                    match(element: element + 1, at: position + 1)
                {
                    return true
                }
                return match(element: element + 1, at: position)
            case 9:  // (\d{1,2})?
                return matchOptionalDigits(element: 9, at: position)
            case 11:  // (\d{1,2})?
                return matchOptionalDigits(element: 11, at: position)
            case 12:  // [.:]?
                if position < bytes.count, bytes[position] == UInt8(ascii: ".") || bytes[position] == UInt8(ascii: ":"),
                    match(element: 13, at: position + 1)
                {
                    return true
                }
                return match(element: 13, at: position)
            default:  // (\d+)?$
                if position == bytes.count {
                    fraction = .undefined
                    return true
                }
                if position >= digitsToEndFrom {
                    fraction = Capture(start: position, end: bytes.count)
                    return true
                }
                return false
            }
        }

        /// `(\d{1,2})?` for pattern element `element` (3, 7, 9 or 11): two digits, then one, then the group
        /// left undefined, each followed by the rest of the pattern.
        private mutating func matchOptionalDigits(element: Int, at position: Int) -> Bool {
            var length = digitRun(at: position, maximum: 2)
            while length >= 1 {
                setCapture(of: element, Capture(start: position, end: position + length))
                if match(element: element + 1, at: position + length) { return true }
                length -= 1
            }
            setCapture(of: element, .undefined)
            return match(element: element + 1, at: position)
        }

        private mutating func setCapture(of element: Int, _ capture: Capture) {
            switch element {
            case 3: month = capture
            case 7: hour = capture
            case 9: minute = capture
            default: second = capture
            }
        }

        /// The number of ASCII digits starting at `position`, capped at `maximum`.
        private func digitRun(at position: Int, maximum: Int) -> Int {
            var length = 0
            while length < maximum && position + length < bytes.count && isDigit(bytes[position + length]) {
                length += 1
            }
            return length
        }

        /// The byte length of a `[Tt\s]` character at `position`, or 0. `\s` is JavaScript's WhiteSpace and
        /// LineTerminator set, several of which are multi-byte in UTF-8.
        private func separatorLength(at position: Int) -> Int {
            let remaining = bytes.count - position
            let first = bytes[position]
            switch first {
            case UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " "), 0x09...0x0D:
                return 1
            case 0xC2:  // U+00A0 NO-BREAK SPACE
                return remaining >= 2 && bytes[position + 1] == 0xA0 ? 2 : 0
            case 0xE1:  // U+1680 OGHAM SPACE MARK
                return remaining >= 3 && bytes[position + 1] == 0x9A && bytes[position + 2] == 0x80 ? 3 : 0
            case 0xE2:
                guard remaining >= 3 else { return 0 }
                let second = bytes[position + 1]
                let third = bytes[position + 2]
                if second == 0x80 {
                    // U+2000-U+200A, U+2028, U+2029, U+202F.
                    return (0x80...0x8A).contains(third) || third == 0xA8 || third == 0xA9 || third == 0xAF ? 3 : 0
                }
                return second == 0x81 && third == 0x9F ? 3 : 0  // U+205F
            case 0xE3:  // U+3000 IDEOGRAPHIC SPACE
                return remaining >= 3 && bytes[position + 1] == 0x80 && bytes[position + 2] == 0x80 ? 3 : 0
            case 0xEF:  // U+FEFF ZERO WIDTH NO-BREAK SPACE
                return remaining >= 3 && bytes[position + 1] == 0xBB && bytes[position + 2] == 0xBF ? 3 : 0
            default:
                return 0
            }
        }
    }

    /// Six 64-bit sets kept inline (no heap), indexed 0-5.
    struct FailureBits {
        private var bits: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)

        subscript(index: Int) -> UInt64 {
            get {
                switch index {
                case 0: bits.0
                case 1: bits.1
                case 2: bits.2
                case 3: bits.3
                case 4: bits.4
                default: bits.5
                }
            }
            set {
                switch index {
                case 0: bits.0 = newValue
                case 1: bits.1 = newValue
                case 2: bits.2 = newValue
                case 3: bits.3 = newValue
                case 4: bits.4 = newValue
                default: bits.5 = newValue
                }
            }
        }
    }

    // MARK: Shape 2: zoned ISO 8601 / RFC 3339

    /// Shape 2: `YYYY-MM-DD(Z|z)` or `YYYY-MM-DD(T|t| )HH:mm[:ss[.f+]](Z|z|±HH:mm|±HHmm)`, or nil.
    private static func isoShape(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        var scanner = Scanner(bytes: bytes)
        guard let year = scanner.fixedDigits(4), scanner.skip(UInt8(ascii: "-")),
            let month = scanner.fixedDigits(2), scanner.skip(UInt8(ascii: "-")),
            let day = scanner.fixedDigits(2),
            (1...12).contains(month), (1...31).contains(day),
            let separator = scanner.next()
        else { return nil }
        if (separator == UInt8(ascii: "Z") || separator == UInt8(ascii: "z")) && scanner.atEnd {
            return legacyNumericDay(year: year, month: month, day: day).map { $0 * 86_400_000 }
        }
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " "),
            let hour = scanner.fixedDigits(2), scanner.skip(UInt8(ascii: ":")),
            let minute = scanner.fixedDigits(2)
        else { return nil }
        var second: Int64 = 0
        var millisecond: Int64 = 0
        var fractionIsZero = true
        if scanner.skip(UInt8(ascii: ":")) {
            guard let value = scanner.fixedDigits(2) else { return nil }
            second = value
            if scanner.skip(UInt8(ascii: ".")) {
                // A true decimal fraction, truncated to milliseconds: ".5" is 500 ms.
                let start = scanner.position
                var scale: Int64 = 100
                while let digit = scanner.digit() {
                    millisecond += digit * scale
                    scale /= 10
                    if digit != 0 { fractionIsZero = false }
                }
                guard scanner.position > start else { return nil }
            }
        }
        guard minute <= 59, second <= 59,
            hour <= 23 || (hour == 24 && minute == 0 && second == 0 && fractionIsZero),
            let offset = scanner.zoneOffset(allowNames: false), scanner.atEnd
        else { return nil }
        let isoDays =
            separator == UInt8(ascii: " ")
            ? legacyNumericDay(year: year, month: month, day: day)
            : makeDay(year: year, month: month - 1, day: day)
        guard let days = isoDays else { return nil }
        return days * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + millisecond
            - offset * 60_000
    }

    // MARK: Shape 3: RFC 2822 / HTTP date

    /// Shape 3: `[<Day>,[ ]]D[D] <Mon> YYYY H[H]:mm[:ss] <zone>`, or nil.
    private static func rfc2822Shape(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        var scanner = Scanner(bytes: bytes)
        if let name = scanner.peekWord(), dayNames.contains(name) {
            // The day name is ignored, not checked against the date.
            scanner.position += 3
            guard scanner.skip(UInt8(ascii: ",")) else { return nil }
            _ = scanner.skip(UInt8(ascii: " "))
        }
        guard let day = scanner.digits(minimum: 1, maximum: 2), scanner.skip(UInt8(ascii: " ")),
            let monthWord = scanner.peekWord(), let monthIndex = monthNames.firstIndex(of: monthWord)
        else { return nil }
        scanner.position += 3
        guard scanner.skip(UInt8(ascii: " ")), let year = scanner.fixedDigits(4), scanner.skip(UInt8(ascii: " ")),
            let hour = scanner.digits(minimum: 1, maximum: 2), scanner.skip(UInt8(ascii: ":")),
            let minute = scanner.fixedDigits(2)
        else { return nil }
        var second: Int64 = 0
        if scanner.skip(UInt8(ascii: ":")) {
            guard let value = scanner.fixedDigits(2) else { return nil }
            second = value
        }
        guard scanner.skip(UInt8(ascii: " ")), let offset = scanner.zoneOffset(allowNames: true), scanner.atEnd,
            (1...31).contains(day), minute <= 59, second <= 59,
            hour <= 23 || (hour == 24 && minute == 0 && second == 0)
        else { return nil }
        let days = makeDay(year: legacyYear(year), month: Int64(monthIndex), day: day)
        return days * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 - offset * 60_000
    }

    /// Three-letter English day names, lower-cased ASCII packed big-endian into a `UInt32`.
    private static let dayNames: [UInt32] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"].map(packWord)
    /// Three-letter English month names in calendar order, packed like `dayNames`.
    private static let monthNames: [UInt32] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ].map(packWord)

    /// RFC 2822 zone names (lower-cased, packed like `dayNames`) and their offsets from UTC in hours.
    private static let zoneNames: [(name: UInt32, hours: Int64)] = [
        ("gmt", 0), ("ut", 0), ("utc", 0), ("est", -5), ("edt", -4), ("cst", -6), ("cdt", -5),
        ("mst", -7), ("mdt", -6), ("pst", -8), ("pdt", -7),
    ].map { (packWord($0.0), $0.1) }

    private static func packWord(_ word: String) -> UInt32 {
        word.utf8.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The day number of a shape-2 date that V8 reads with its legacy parser rather than its ISO parser (a date
    /// followed directly by a zone, or a space before the time), or nil where V8 finds it invalid.
    ///
    /// That parser differs from the literal reading only for years 0000-0099: it maps them like RFC 2822 years,
    /// and a first number in 1...31 is taken as a month, so `0010-11-06` is read month-day-year as 2006-10-11.
    private static func legacyNumericDay(year: Int64, month: Int64, day: Int64) -> Int64? {
        guard year >= 1 && year <= 31 else {
            return makeDay(year: legacyYear(year), month: month - 1, day: day)
        }
        guard year <= 12 else { return nil }
        return makeDay(year: legacyYear(day), month: year - 1, day: month)
    }

    /// V8's legacy date parser (RFC 2822 and other non-ES formats) reads years 0-49 as 2000-2049 and 50-99 as
    /// 1950-1999.
    private static func legacyYear(_ year: Int64) -> Int64 {
        if year <= 49 { return year + 2000 }
        if year <= 99 { return year + 1900 }
        return year
    }

    /// A forward-only reader over the bytes for shapes 2 and 3.
    struct Scanner {
        let bytes: UnsafeRawBufferPointer
        var position = 0

        var atEnd: Bool { position == bytes.count }

        /// Consumes and returns the next byte.
        mutating func next() -> UInt8? {
            guard position < bytes.count else { return nil }
            position += 1
            return bytes[position - 1]
        }

        /// Consumes `byte` if it is next.
        mutating func skip(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        /// Consumes one ASCII digit and returns its value.
        mutating func digit() -> Int64? {
            guard position < bytes.count, isDigit(bytes[position]) else { return nil }
            position += 1
            return Int64(bytes[position - 1] &- UInt8(ascii: "0"))
        }

        /// Consumes exactly `count` digits.
        mutating func fixedDigits(_ count: Int) -> Int64? {
            digits(minimum: count, maximum: count)
        }

        /// Consumes `minimum...maximum` digits (greedily, so a following digit is left for the caller, as in
        /// `+0200`) and returns their value.
        mutating func digits(minimum: Int, maximum: Int) -> Int64? {
            let start = position
            var value: Int64 = 0
            while position - start < maximum, let next = digit() {
                value = value * 10 + next
            }
            guard position - start >= minimum else {
                position = start
                return nil
            }
            return value
        }

        /// The next three bytes as a lower-cased ASCII word packed like `dayNames`, without consuming them.
        func peekWord() -> UInt32? {
            guard bytes.count - position >= 3 else { return nil }
            var word: UInt32 = 0
            for offset in position..<(position + 3) {
                let byte = bytes[offset] | 0x20
                guard byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") else { return nil }
                word = word << 8 | UInt32(byte)
            }
            return word
        }

        /// Consumes a zone and returns its offset from UTC in minutes: `Z`/`z`, `±HH:mm`, `±HHmm` (hours 00-23,
        /// minutes 00-59) and, with `allowNames`, the RFC 2822 names (case-insensitive, like V8).
        mutating func zoneOffset(allowNames: Bool) -> Int64? {
            guard position < bytes.count else { return nil }
            let first = bytes[position]
            if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
                let start = position
                position += 1
                guard let hours = fixedDigits(2) else {
                    position = start
                    return nil
                }
                _ = skip(UInt8(ascii: ":"))
                guard let minutes = fixedDigits(2), hours <= 23, minutes <= 59 else {
                    position = start
                    return nil
                }
                let offset = hours * 60 + minutes
                return first == UInt8(ascii: "-") ? -offset : offset
            }
            if first | 0x20 == UInt8(ascii: "z") {
                position += 1
                return 0
            }
            guard allowNames else { return nil }
            // Names are letters only; read the whole word so that "UTC" is not taken for "UT" + "C".
            var end = position
            var word: UInt32 = 0
            while end < bytes.count, end - position < 4 {
                let byte = bytes[end] | 0x20
                guard byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") else { break }
                word = word << 8 | UInt32(byte)
                end += 1
            }
            guard let zone = zoneNames.first(where: { $0.name == word }) else { return nil }
            position = end
            return zone.hours * 60
        }
    }

    // MARK: Calendar arithmetic (proleptic Gregorian, ECMAScript MakeDay/MakeDate)

    /// ECMAScript `MakeDate(MakeDay(year, month, day), MakeTime(...))` with `month` zero-based; every component
    /// may be out of its usual range and rolls over (month 13, day 0, hour 31).
    static func makeDate(
        year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64, millisecond: Int64
    ) -> Int64 {
        makeDay(year: year, month: month, day: day) * 86_400_000
            + hour * 3_600_000 + minute * 60_000 + second * 1000 + millisecond
    }

    /// ECMAScript `MakeDay`: days since the epoch of day `day` (1-based, may overflow) of zero-based `month`
    /// (may be negative or above 11) of `year`.
    static func makeDay(year: Int64, month: Int64, day: Int64) -> Int64 {
        let (yearCarry, monthInYear) = floorDivision(month, 12)
        return daysFromCivil(year: year + yearCarry, month: monthInYear + 1, day: 1) + day - 1
    }

    /// Days since 1970-01-01 of a valid proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civilDate(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Whether `byte` is an ASCII digit (JavaScript's `\d`).
    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    /// The number of decimal digits of a non-negative `value` (1 for zero).
    private static func decimalDigitCount(_ value: Int) -> Int {
        var count = 1
        var rest = value / 10
        while rest > 0 {
            count += 1
            rest /= 10
        }
        return count
    }

    /// Quotient rounded toward negative infinity and the matching non-negative remainder.
    static func floorDivision(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        var quotient = value / divisor
        var remainder = value % divisor
        if remainder < 0 {
            quotient -= 1
            remainder += divisor
        }
        return (quotient, remainder)
    }
}
