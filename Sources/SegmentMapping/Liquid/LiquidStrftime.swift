import SegmentJSON

/// LiquidJS's `strftime` (`src/util/strftime.ts`) for dates in UTC.
///
/// A directive is `%`, optional flags (`-` no padding, `_` pad with spaces, `0` pad with zeros, `^` upper case,
/// `#` swap case, `:` colon in `%z`), an optional width, an optional `E`/`O` (ignored) and a conversion.
/// Supported conversions: `a A b B C d e h H I j k l L m M N p P q s S u U w W y Y z t n %`. The locale-dependent
/// `%c`, `%x`, `%X`, the zone name `%Z` and other letters are refused; a `%` before anything else stays as it is.
enum LiquidStrftime {
    /// LiquidJS's default `dateFormat`, used when `date` has no format argument.
    static let defaultFormat = "%A, %B %-e, %Y at %-l:%M %P %z"

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
    private static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    /// Conversions padded to a width by default, and that width.
    private static let padWidths: [Character: Int] = [
        "d": 2, "e": 2, "H": 2, "I": 2, "j": 3, "k": 2, "l": 2, "L": 3, "m": 2, "M": 2, "S": 2, "U": 2, "W": 2,
    ]
    /// Conversions padded with spaces rather than zeros.
    private static let spacePadded: Set<Character> = ["a", "A", "b", "B", "c", "e", "k", "l", "p", "P"]
    private static let supported: Set<Character> = [
        "a", "A", "b", "B", "C", "d", "e", "h", "H", "I", "j", "k", "l", "L", "m", "M", "N", "p", "P", "q", "s",
        "S", "u", "U", "w", "W", "y", "Y", "z", "t", "n", "%",
    ]

    /// One parsed directive.
    private struct Directive {
        var range: Range<Int>
        var flags: Set<Character>
        var width: Int?
        var conversion: Character
    }

    /// Throws when `format` uses a conversion segment-metronome does not implement.
    static func validate(_ format: String) throws(LiquidError) {
        let units = Array(format.utf16)
        var index = 0
        while let directive = try nextDirective(in: units, from: index) {
            index = directive.range.upperBound
        }
    }

    /// `date` formatted with `format`.
    static func format(_ date: LiquidDate, _ format: String) throws(LiquidError) -> String {
        let units = Array(format.utf16)
        // Built as code units so that a directive next to half a surrogate pair keeps the pair intact.
        var output: [UInt16] = []
        var index = 0
        while let directive = try nextDirective(in: units, from: index) {
            output += units[index..<directive.range.lowerBound]
            if supported.contains(directive.conversion) {
                output += try render(directive, date).utf16
            } else {
                output += units[directive.range]
            }
            index = directive.range.upperBound
        }
        return LiquidJavaScript.string(output + units[index...])
    }

    /// The first directive at or after `start`, matched like LiquidJS's `/%([-_0^#:]+)?(\d+)?([EO])?(.)/`
    /// (greedy groups, backtracking, `.` not matching line terminators).
    private static func nextDirective(in units: [UInt16], from start: Int) throws(LiquidError) -> Directive? {
        var percent = start
        while percent < units.count {
            defer { percent += 1 }
            guard units[percent] == 0x25 else { continue }
            var flagsEnd = percent + 1
            while flagsEnd < units.count && isFlag(units[flagsEnd]) { flagsEnd += 1 }
            for flagsStop in stride(from: flagsEnd, through: percent + 1, by: -1) {
                var digitsEnd = flagsStop
                while digitsEnd < units.count && units[digitsEnd] >= 0x30 && units[digitsEnd] <= 0x39 { digitsEnd += 1 }
                for digitsStop in stride(from: digitsEnd, through: flagsStop, by: -1) {
                    for withModifier in [true, false] {
                        var position = digitsStop
                        if withModifier {
                            guard position < units.count, units[position] == 0x45 || units[position] == 0x4F else {
                                continue
                            }
                            position += 1
                        }
                        guard position < units.count, !isLineTerminator(units[position]) else { continue }
                        // Half a surrogate pair is no conversion LiquidJS knows, like any other non-letter.
                        let conversion = Unicode.Scalar(units[position]).map(Character.init) ?? "\u{FFFD}"
                        try check(conversion)
                        var flags: Set<Character> = []
                        for unit in units[(percent + 1)..<flagsStop] {
                            flags.insert(Character(Unicode.Scalar(UInt8(unit))))
                        }
                        var width: Int?
                        if digitsStop > flagsStop {
                            width = Int(LiquidJavaScript.string(units[flagsStop..<digitsStop])) ?? Int.max
                        }
                        return Directive(
                            range: percent..<(position + 1), flags: flags, width: width, conversion: conversion)
                    }
                }
            }
        }
        return nil
    }

    private static func isFlag(_ unit: UInt16) -> Bool {
        switch unit {
        case 0x2D, 0x5F, 0x30, 0x5E, 0x23, 0x3A: return true  // - _ 0 ^ # :
        default: return false
        }
    }

    private static func isLineTerminator(_ unit: UInt16) -> Bool {
        unit == 0x0A || unit == 0x0D || unit == 0x2028 || unit == 0x2029
    }

    /// Refuses letters that are not implemented conversions (LiquidJS would print them as they are, or
    /// format them with the locale); other characters pass through.
    private static func check(_ conversion: Character) throws(LiquidError) {
        guard !supported.contains(conversion), conversion.isASCII, conversion.isLetter else { return }
        throw LiquidError("date format \"%\(conversion)\" is not supported by segment-metronome")
    }

    // MARK: Conversions

    private static func render(_ directive: Directive, _ date: LiquidDate) throws(LiquidError) -> String {
        let conversion = directive.conversion
        var text = value(conversion, date, directive)
        var padWidth = directive.width ?? padWidths[conversion] ?? 0
        var padCharacter: Character = spacePadded.contains(conversion) ? " " : "0"
        if directive.flags.contains("^") {
            text = LiquidJavaScript.uppercased(text)
        } else if directive.flags.contains("#") {
            let hasLowercase = text.unicodeScalars.contains { $0.value >= 0x61 && $0.value <= 0x7A }
            text = hasLowercase ? LiquidJavaScript.uppercased(text) : LiquidJavaScript.lowercased(text)
        }
        if directive.flags.contains("_") {
            padCharacter = " "
        } else if directive.flags.contains("0") {
            padCharacter = "0"
        }
        if directive.flags.contains("-") { padWidth = 0 }
        let missing = padWidth - text.utf16.count
        guard missing > 0 else { return text }
        guard padWidth <= LiquidRenderer.maximumStringLength else { throw LiquidRenderer.tooLong() }
        return String(repeating: padCharacter, count: missing) + text
    }

    private static func value(_ conversion: Character, _ date: LiquidDate, _ directive: Directive) -> String {
        let hours12 = String(date.hours % 12 == 0 ? 12 : date.hours % 12)
        switch conversion {
        case "a": return String(dayNames[date.weekday].prefix(3))
        case "A": return dayNames[date.weekday]
        case "b", "h": return String(monthNames[date.month].prefix(3))
        case "B": return monthNames[date.month]
        case "C": return century(date.year)
        case "d", "e": return String(date.day)
        case "H", "k": return String(date.hours)
        case "I", "l": return hours12
        case "j": return String(dayOfYear(date))
        case "L": return String(date.milliseconds)
        case "m": return String(date.month + 1)
        case "M": return String(date.minutes)
        case "N":
            let width = directive.width.flatMap { $0 > 0 ? $0 : nil } ?? 9
            let digits = String(String(date.milliseconds).prefix(width))
            return digits
                + String(repeating: "0", count: max(0, min(width, LiquidRenderer.maximumStringLength) - digits.count))
        case "p": return date.hours < 12 ? "AM" : "PM"
        case "P": return date.hours < 12 ? "am" : "pm"
        case "q": return suffix(date.day)
        case "s": return JavaScriptNumber.string(LiquidJavaScript.round(date.time / 1000))
        case "S": return String(date.seconds)
        case "u": return String(date.weekday == 0 ? 7 : date.weekday)
        case "U": return weekOfYear(date, startDay: 0)
        case "w": return String(date.weekday)
        case "W": return weekOfYear(date, startDay: 1)
        case "y": return javaScriptSlice(String(date.year), 2, 4)
        case "Y": return String(date.year)
        case "z": return directive.flags.contains(":") ? "+00:00" : "+0000"
        case "t": return "\t"
        case "n": return "\n"
        default: return "%"
        }
    }

    /// `parseInt(String(year).substring(0, 2), 10)`: the first two characters, so `-12` for year -123.
    private static func century(_ year: Int) -> String {
        String(Int(String(String(year).prefix(2))) ?? 0)
    }

    /// `String.prototype.slice(start, end)` on an ASCII string.
    private static func javaScriptSlice(_ text: String, _ start: Int, _ end: Int) -> String {
        let characters = Array(text)
        guard start < characters.count else { return "" }
        return String(characters[start..<min(end, characters.count)])
    }

    /// LiquidJS's leap-year test, which (unlike the calendar) does not count year 0 as leap.
    private static func isLeapYear(_ year: Int) -> Bool {
        (year & 3) == 0 && (year % 100 != 0 || (year % 400 == 0 && year != 0))
    }

    private static func dayOfYear(_ date: LiquidDate) -> Int {
        let february = isLeapYear(date.year) ? 29 : 28
        let lengths = [31, february, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return lengths.prefix(date.month).reduce(0, +) + date.day
    }

    /// LiquidJS's `getWeekOfYear`: weeks starting on `startDay` (0 Sunday, 1 Monday).
    private static func weekOfYear(_ date: LiquidDate, startDay: Int) -> String {
        let now = dayOfYear(date) + (startDay - date.weekday)
        let januaryFirst = LiquidDate.days(fromCivil: date.year, month: 1, day: 1)
        let januaryWeekday = Int(((januaryFirst % 7) + 11) % 7)
        let then = 7 - januaryWeekday + startDay
        return String(Int((Double(now - then) / 7).rounded(.down)) + 1)
    }

    private static func suffix(_ day: Int) -> String {
        switch day {
        case 11, 12, 13: return "th"
        default:
            switch day % 10 {
            case 1: return "st"
            case 2: return "nd"
            case 3: return "rd"
            default: return "th"
            }
        }
    }
}
