import SegmentJSON

/// The JavaScript built-ins LiquidJS leans on, reproduced on UTF-16 code units: `Number(string)`,
/// `String.prototype` searching, trimming and case mapping, `Math.round`, and index normalisation.
///
/// JavaScript strings are sequences of UTF-16 code units, and LiquidJS measures, slices and searches them as such;
/// the filters therefore work on `[UInt16]`. A Swift string cannot hold a lone surrogate, so a slice that splits a
/// surrogate pair comes back with U+FFFD in place of the half (JavaScript would keep the half).
enum LiquidJavaScript {
    // MARK: Strings as code units

    /// The UTF-16 code units of `text`.
    static func units(_ text: String) -> [UInt16] { Array(text.utf16) }

    /// The string of `units` (a lone surrogate becomes U+FFFD).
    static func string<C: Collection>(_ units: C) -> String where C.Element == UInt16 {
        String(decoding: units, as: UTF16.self)
    }

    /// Whether two strings are the same code-unit sequence (JavaScript `===`; Swift's `==` would also equate
    /// canonically equivalent spellings such as precomposed and decomposed "é").
    static func same(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf16.elementsEqual(rhs.utf16)
    }

    /// `lhs < rhs` for strings: code-unit order, as JavaScript compares.
    static func less(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf16.lexicographicallyPrecedes(rhs.utf16)
    }

    /// `String.prototype.indexOf`: the first index at or after `start` where `needle` occurs, or nil.
    static func index(of needle: [UInt16], in haystack: [UInt16], from start: Int = 0) -> Int? {
        if needle.isEmpty { return start <= haystack.count ? start : nil }
        guard haystack.count >= needle.count else { return nil }
        var position = start
        let last = haystack.count - needle.count
        while position <= last {
            if haystack[position] == needle[0] {
                var matched = true
                for offset in 1..<needle.count where haystack[position + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched { return position }
            }
            position += 1
        }
        return nil
    }

    /// `String.prototype.split(separator)` with a string separator; an empty separator splits into code units.
    static func split(_ text: [UInt16], by separator: [UInt16]) -> [ArraySlice<UInt16>] {
        if separator.isEmpty { return text.indices.map { text[$0..<$0 + 1] } }
        var parts: [ArraySlice<UInt16>] = []
        var start = 0
        while let found = index(of: separator, in: text, from: start) {
            parts.append(text[start..<found])
            start = found + separator.count
        }
        parts.append(text[start...])
        return parts
    }

    // MARK: Whitespace

    /// JavaScript `WhiteSpace` or `LineTerminator` (what `trim` removes and `\s` matches).
    static func isWhitespace(_ unit: UInt16) -> Bool {
        switch unit {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
            return true
        case 0x2000...0x200A:
            return true
        default:
            return false
        }
    }

    // MARK: Case mapping

    /// `String.prototype.toUpperCase`: full, locale-independent Unicode mapping (`"ß"` → `"SS"`).
    static func uppercased(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars { result += scalar.properties.uppercaseMapping }
        return result
    }

    /// `String.prototype.toLowerCase`: full, locale-independent Unicode mapping, including the one contextual
    /// rule JavaScript applies (a capital sigma that ends a word becomes `ς`).
    static func lowercased(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var result = ""
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\u{03A3}" && isFinalSigma(scalars, at: index) {
                result += "\u{03C2}"
            } else {
                result += scalar.properties.lowercaseMapping
            }
        }
        return result
    }

    /// Unicode's Final_Sigma condition: a cased letter before (skipping case-ignorables), none after.
    private static func isFinalSigma(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        var before = index - 1
        while before >= 0 && scalars[before].properties.isCaseIgnorable { before -= 1 }
        guard before >= 0 && scalars[before].properties.isCased else { return false }
        var after = index + 1
        while after < scalars.count && scalars[after].properties.isCaseIgnorable { after += 1 }
        return !(after < scalars.count && scalars[after].properties.isCased)
    }

    // MARK: Numbers

    /// `Number(text)` (ECMAScript StringToNumber): trimmed decimal, `Infinity`, `0x`/`0o`/`0b` integers;
    /// `""` is 0, anything else NaN.
    static func number(_ text: String) -> Double {
        let all = units(text)
        var lower = 0
        var upper = all.count
        while lower < upper && isWhitespace(all[lower]) { lower += 1 }
        while upper > lower && isWhitespace(all[upper - 1]) { upper -= 1 }
        if lower == upper { return 0 }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(upper - lower)
        for unit in all[lower..<upper] {
            guard unit < 0x80 else { return .nan }
            bytes.append(UInt8(unit))
        }
        if bytes.count > 2 && bytes[0] == UInt8(ascii: "0") {
            switch bytes[1] | 0x20 {
            case UInt8(ascii: "x"): return integer(bytes.dropFirst(2), radix: 16)
            case UInt8(ascii: "o"): return integer(bytes.dropFirst(2), radix: 8)
            case UInt8(ascii: "b"): return integer(bytes.dropFirst(2), radix: 2)
            default: break
            }
        }
        return decimal(bytes)
    }

    /// A signed decimal literal (`-1.5e3`, `.5`, `5.`, `+Infinity`), else NaN.
    private static func decimal(_ bytes: [UInt8]) -> Double {
        var index = 0
        var negative = false
        if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        let body = Array(bytes[index...])
        if body.elementsEqual("Infinity".utf8) { return negative ? -.infinity : .infinity }
        var position = 0
        func digits() -> Int {
            let start = position
            while position < body.count && body[position] >= 48 && body[position] <= 57 { position += 1 }
            return position - start
        }
        let integerDigits = digits()
        var fractionDigits = 0
        if position < body.count && body[position] == UInt8(ascii: ".") {
            position += 1
            fractionDigits = digits()
        }
        guard integerDigits + fractionDigits > 0 else { return .nan }
        if position < body.count && body[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < body.count && (body[position] == UInt8(ascii: "+") || body[position] == UInt8(ascii: "-")) {
                position += 1
            }
            guard digits() > 0 else { return .nan }
        }
        guard position == body.count else { return .nan }
        // The validated body is JSON number syntax apart from a bare "." edge, which the parser accepts.
        let magnitude = body.withUnsafeBytes { JavaScriptNumber.parse($0) }
        return negative ? -magnitude : magnitude
    }

    /// The digits of a `0x`/`0o`/`0b` literal, else NaN.
    private static func integer(_ digits: ArraySlice<UInt8>, radix: Int) -> Double {
        var value: Double = 0
        for byte in digits {
            let digit: Int
            switch byte {
            case 48...57: digit = Int(byte) - 48
            case 97...122: digit = Int(byte) - 87
            case 65...90: digit = Int(byte) - 55
            default: return .nan
            }
            guard digit < radix else { return .nan }
            value = value * Double(radix) + Double(digit)
        }
        return value
    }

    /// ECMAScript ToIntegerOrInfinity: NaN → 0, otherwise truncated toward zero.
    static func integerOrInfinity(_ value: Double) -> Double {
        if value.isNaN { return 0 }
        if value.isInfinite { return value }
        return value.rounded(.towardZero) + 0
    }

    /// A relative index as `slice`/`substring` arguments are normalised: negative counts from the end (when
    /// `fromEnd`), then the result is clamped to `0...length`.
    static func clampedIndex(_ value: Double, length: Int, fromEnd: Bool) -> Int {
        let integer = integerOrInfinity(value)
        if integer < 0 {
            guard fromEnd else { return 0 }
            return integer == -.infinity ? 0 : max(length + Int(max(integer, -Double(length))), 0)
        }
        return integer >= Double(length) ? length : Int(integer)
    }

    /// `Math.round`: the nearest integer, halves toward +∞, keeping the sign of zero.
    static func round(_ value: Double) -> Double {
        if value.isNaN || value.isInfinite || value == value.rounded(.towardZero) { return value }
        let floor = value.rounded(.down)
        let result = value - floor >= 0.5 ? floor + 1 : floor
        return result == 0 && value < 0 ? -0.0 : result
    }
}
