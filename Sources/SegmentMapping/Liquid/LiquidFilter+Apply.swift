#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The filter implementations, each following its LiquidJS source (`src/filters/*.ts`) including the
/// JavaScript coercions of its arguments.
extension LiquidFilter {
    /// Applies the filter to `input`; `arguments` are the evaluated positional arguments (missing ones are
    /// undefined, as in JavaScript), `now` the time `"now"` means to `date`.
    func apply(
        to input: LiquidValue, _ arguments: [LiquidValue], allowFalse: LiquidValue?, now: Double
    ) throws(LiquidError) -> LiquidValue {
        func argument(_ index: Int) -> LiquidValue { index < arguments.count ? arguments[index] : .undefined }
        switch self {
        case .upcase:
            return .string(LiquidJavaScript.uppercased(input.liquidString))
        case .downcase:
            return .string(LiquidJavaScript.lowercased(input.liquidString))
        case .capitalize:
            return .string(Self.capitalize(input.liquidString))
        case .default:
            return Self.defaultValue(input, fallback: argument(0), allowFalse: allowFalse)
        case .append:
            return .string(try Self.concatenate(input.liquidString, argument(0).liquidString))
        case .prepend:
            return .string(try Self.concatenate(argument(0).liquidString, input.liquidString))
        case .replace:
            return .string(try Self.replaceAll(input, argument(0), with: argument(1).liquidString))
        case .replaceFirst:
            return .string(try Self.replaceFirst(input, argument(0), with: argument(1).liquidString))
        case .remove:
            return .string(try Self.replaceAll(input, argument(0), with: ""))
        case .removeFirst:
            return .string(try Self.replaceFirst(input, argument(0), with: ""))
        case .strip, .lstrip, .rstrip:
            return .string(strip(input.liquidString, characters: argument(0)))
        case .size:
            return Self.size(input)
        case .slice:
            return Self.slice(input, argument(0), argument(1))
        case .truncate:
            return Self.truncate(input, argument(0), argument(1))
        case .plus:
            return .number(input.liquidNumber + argument(0).liquidNumber)
        case .minus:
            return .number(input.liquidNumber - argument(0).liquidNumber)
        case .times:
            return .number(input.liquidNumber * argument(0).liquidNumber)
        case .dividedBy:
            let quotient = input.liquidNumber / argument(0).liquidNumber
            let integerArithmetic = arguments.count > 1 && argument(1).liquidNumber != 0
            return .number(integerArithmetic ? quotient.rounded(.down) : quotient)
        case .modulo:
            return .number(input.liquidNumber.truncatingRemainder(dividingBy: argument(0).liquidNumber))
        case .round:
            let scale = pow(10, argument(0).liquidNumber)
            return .number(LiquidJavaScript.round(input.liquidNumber * scale) / scale)
        case .ceil:
            return .number(input.liquidNumber.rounded(.up))
        case .floor:
            return .number(input.liquidNumber.rounded(.down))
        case .abs:
            return .number(Swift.abs(input.liquidNumber))
        case .date:
            return try Self.date(input, format: argument(0), now: now)
        }
    }

    // MARK: Strings

    /// `str.charAt(0).toUpperCase() + str.slice(1).toLowerCase()`: a first character outside the BMP is half
    /// a surrogate pair to `charAt`, so it stays as it is.
    private static func capitalize(_ text: String) -> String {
        guard let first = text.unicodeScalars.first else { return "" }
        let rest = String(text.unicodeScalars.dropFirst())
        let head = first.value > 0xFFFF ? String(first) : LiquidJavaScript.uppercased(String(first))
        return head + LiquidJavaScript.lowercased(rest)
    }

    private static func concatenate(_ lhs: String, _ rhs: String) throws(LiquidError) -> String {
        guard lhs.utf16.count + rhs.utf16.count <= LiquidRenderer.maximumStringLength else {
            throw LiquidRenderer.tooLong()
        }
        return lhs + rhs
    }

    /// `str.split(pattern).join(replacement)`; an empty pattern puts the replacement between code units.
    private static func replaceAll(
        _ input: LiquidValue, _ pattern: LiquidValue, with replacement: String
    ) throws(LiquidError) -> String {
        let text = LiquidJavaScript.units(input.liquidString)
        let parts = LiquidJavaScript.split(text, by: LiquidJavaScript.units(pattern.liquidString))
        let inserted = LiquidJavaScript.units(replacement)
        let length = parts.reduce(0) { $0 + $1.count } + (parts.count - 1) * inserted.count
        guard length <= LiquidRenderer.maximumStringLength else { throw LiquidRenderer.tooLong() }
        var result: [UInt16] = []
        result.reserveCapacity(length)
        for (index, part) in parts.enumerated() {
            if index > 0 { result.append(contentsOf: inserted) }
            result.append(contentsOf: part)
        }
        return LiquidJavaScript.string(result)
    }

    /// `str.replace(pattern, () => replacement)`: the first occurrence only, the replacement taken literally.
    private static func replaceFirst(
        _ input: LiquidValue, _ pattern: LiquidValue, with replacement: String
    ) throws(LiquidError) -> String {
        let text = LiquidJavaScript.units(input.liquidString)
        let needle = LiquidJavaScript.units(pattern.liquidString)
        guard let found = LiquidJavaScript.index(of: needle, in: text) else { return LiquidJavaScript.string(text) }
        let inserted = LiquidJavaScript.units(replacement)
        guard text.count - needle.count + inserted.count <= LiquidRenderer.maximumStringLength else {
            throw LiquidRenderer.tooLong()
        }
        return LiquidJavaScript.string(text[..<found] + inserted + text[(found + needle.count)...])
    }

    /// `trim`/`trimStart`/`trimEnd`, or with a truthy argument, removal of the argument's characters (only
    /// those in the BMP can match, as `Set(chars).has(str[i])` compares single code units).
    private func strip(_ text: String, characters: LiquidValue) -> String {
        let units = LiquidJavaScript.units(text)
        let remove: (UInt16) -> Bool
        if characters.javaScriptTruthy {
            let set = Set(characters.liquidString.unicodeScalars.filter { $0.value <= 0xFFFF }.map { UInt16($0.value) })
            remove = { set.contains($0) }
        } else {
            remove = LiquidJavaScript.isWhitespace
        }
        var lower = 0
        var upper = units.count
        if self != .rstrip {
            while lower < upper && remove(units[lower]) { lower += 1 }
        }
        if self != .lstrip {
            while upper > lower && remove(units[upper - 1]) { upper -= 1 }
        }
        return LiquidJavaScript.string(units[lower..<upper])
    }

    /// `v?.length || 0`: the length of a string (code units) or array, an object's own `length` key when it is
    /// truthy, else 0.
    private static func size(_ input: LiquidValue) -> LiquidValue {
        switch input {
        case .string(let text): return .number(Double(text.utf16.count))
        case .array(let array): return .number(Double(array.count))
        case .object(let object):
            let length = object.member("length")
            return length.javaScriptTruthy ? length : .number(0)
        default: return .number(0)
        }
    }

    /// `slice(v, begin, length = 1)`: nil gives `[]`; arrays slice to arrays, anything else to a substring;
    /// a negative `begin` counts from the end (`begin + length` is computed with JavaScript's `+`).
    private static func slice(_ input: LiquidValue, _ begin: LiquidValue, _ length: LiquidValue) -> LiquidValue {
        let value = input.primitive
        if value.isNil { return .array(LiquidArray(elements: [], identity: "#slice")) }
        let count: Int
        let units: [UInt16]
        if case .array(let array) = value {
            count = array.count
            units = []
        } else {
            units = LiquidJavaScript.units(value.liquidString)
            count = units.count
        }
        var start = begin
        if begin.javaScriptLess(than: .number(0)) == true {
            start = LiquidValue.javaScriptAdd(.number(Double(count)), begin)
        }
        let finish = LiquidValue.javaScriptAdd(start, length.isUndefined ? .number(1) : length)
        let from = LiquidJavaScript.clampedIndex(start.javaScriptNumber, length: count, fromEnd: true)
        let to = LiquidJavaScript.clampedIndex(finish.javaScriptNumber, length: count, fromEnd: true)
        if case .array(let array) = value { return .array(array.slice(from, to)) }
        return .string(from < to ? LiquidJavaScript.string(units[from..<to]) : "")
    }

    /// `truncate(v, l = 50, o = '...')`: `v` itself when its text is at most `l` long, else the first
    /// `l - o.length` code units followed by `o`.
    private static func truncate(_ input: LiquidValue, _ limit: LiquidValue, _ ellipsis: LiquidValue) -> LiquidValue {
        let units = LiquidJavaScript.units(input.liquidString)
        let limit = limit.isUndefined ? LiquidValue.number(50) : limit
        let ellipsis = ellipsis.isUndefined ? "..." : ellipsis.liquidString
        let length = LiquidValue.number(Double(units.count))
        // `length <= limit` is `!(limit < length)`, false when either side is NaN.
        if let limitIsShorter = limit.javaScriptLess(than: length), !limitIsShorter { return input }
        let end = limit.javaScriptNumber - Double(ellipsis.utf16.count)
        let cut = LiquidJavaScript.clampedIndex(end, length: units.count, fromEnd: false)
        return .string(LiquidJavaScript.string(units[..<cut]) + ellipsis)
    }

    // MARK: Other

    /// `default`: the fallback for nil, `false`, `""` and `[]` (with `allow_false`, `false` stays).
    private static func defaultValue(
        _ input: LiquidValue, fallback: LiquidValue, allowFalse: LiquidValue?
    ) -> LiquidValue {
        let value = input.primitive
        switch value {
        case .string(let text): return text.isEmpty ? fallback : value
        case .array(let array): return array.count == 0 ? fallback : value
        case .bool(false): return allowFalse?.javaScriptTruthy == true ? value : fallback
        default: return value.isTruthy ? value : fallback
        }
    }

    /// `date`: formats a date (`"now"`, epoch seconds, ISO 8601 text) in UTC; anything that is not a date is
    /// returned unchanged.
    private static func date(_ input: LiquidValue, format: LiquidValue, now: Double) throws(LiquidError) -> LiquidValue
    {
        guard let date = try LiquidDate(input, now: now) else { return input }
        let format = format.primitive
        let pattern = format.isNil ? LiquidStrftime.defaultFormat : format.liquidString
        try LiquidStrftime.validate(pattern)
        return .string(try LiquidStrftime.format(date, pattern))
    }
}
