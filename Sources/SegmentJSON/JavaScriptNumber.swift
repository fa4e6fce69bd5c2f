#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// JavaScript's number semantics: parsing JSON number text like JSON.parse and printing like
/// Number.prototype.toString().
///
/// Both directions are exact: `parse` is correctly rounded (round-half-even, like every conforming JavaScript
/// engine) and `string`/`append` print the shortest digit string that reads back as the same double, laid out
/// with JavaScript's notation rules (SEMANTICS 0.1 "Number to string").
public enum JavaScriptNumber {
    // MARK: Parsing

    /// Parses the bytes of a valid JSON number (already validated by the caller) into the nearest Double,
    /// exactly as JSON.parse.
    ///
    /// The result is correctly rounded; overflow gives ±infinity (`1e400` → `Infinity`) and `-0` gives `-0.0`.
    /// Numbers with at most 19 significant digits whose value and decimal exponent are small enough (the vast
    /// majority: `3`, `4.35`, `1625895431000`) are converted exactly with one floating-point multiplication or
    /// division (Clinger's fast path). Anything else is handed to the C library's correctly rounded `strtod`
    /// on a NUL-terminated copy in a temporary (stack) buffer. O(n) in the number of bytes; no heap
    /// allocation for numbers up to a few hundred bytes.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Double {
        let count = bytes.count
        var index = 0
        var negative = false
        if index < count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var decimalExponent = 0
        // Integer part.
        while index < count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            if digit > 9 { break }
            if mantissa != 0 || digit != 0 {
                significantDigits += 1
                mantissa = mantissa &* 10 &+ UInt64(digit)
            }
            index += 1
        }
        // Fraction part: every fraction digit scales the mantissa down by ten.
        if index < count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < count {
                let digit = bytes[index] &- UInt8(ascii: "0")
                if digit > 9 { break }
                if mantissa != 0 || digit != 0 {
                    significantDigits += 1
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                }
                decimalExponent -= 1
                index += 1
            }
        }
        // Exponent part; saturate so that absurd exponents cannot overflow `Int`.
        if index < count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var exponent = 0
            while index < count {
                let digit = bytes[index] &- UInt8(ascii: "0")
                if digit > 9 { break }
                if exponent < 1_000_000 { exponent = exponent * 10 + Int(digit) }
                index += 1
            }
            decimalExponent += exponentNegative ? -exponent : exponent
        }
        if significantDigits == 0 {
            return negative ? -0.0 : 0.0
        }
        // Clinger's fast path: both the mantissa (<= 2^53) and 10^|e| (e <= 22) are exact doubles, so one
        // IEEE operation gives the correctly rounded result.
        if significantDigits <= 19 && mantissa <= 1 << 53 && decimalExponent >= -22 && decimalExponent <= 22 {
            var value = Double(mantissa)
            if decimalExponent < 0 {
                value /= exactPowersOfTen[-decimalExponent]
            } else {
                value *= exactPowersOfTen[decimalExponent]
            }
            return negative ? -value : value
        }
        return parseWithStrtod(bytes)
    }

    /// 10^0 ... 10^22, all exactly representable as doubles.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The slow path of `parse`: the C library's `strtod` (glibc, musl, Darwin) is correctly rounded for any input
    /// length.
    private static func parseWithStrtod(_ bytes: UnsafeRawBufferPointer) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { text in
            for offset in 0..<bytes.count {
                text[offset] = CChar(bitPattern: bytes[offset])
            }
            text[bytes.count] = 0
            // `strtod` reads the decimal point from LC_NUMERIC; pin the C locale for this thread in case the
            // process has called `setlocale`.
            let previous = uselocale(CNumericLocale.shared.locale)
            defer { _ = uselocale(previous) }
            return strtod(text.baseAddress!, nil)
        }
    }

    // MARK: Printing

    /// JS Number.prototype.toString(): shortest round-trip digits; plain decimal when 1e-6 <= |x| < 1e21 or
    /// x == 0; otherwise exponent form with explicit sign ("1e+21", "5e-7", "1.5e+300"); -0 -> "0";
    /// NaN -> "NaN"; Infinity -> "Infinity"/"-Infinity".
    ///
    /// Allocates the returned string; see `append(_:to:)` for the hot path.
    public static func string(_ x: Double) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        append(x, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Same as `string` but appends UTF-8 bytes to `buffer`.
    ///
    /// Integers up to 2^53 in magnitude (counts, epoch milliseconds) are printed directly without any
    /// allocation. Other values take their shortest round-trip digits from Swift's `description` (which
    /// allocates a temporary string only when it is longer than 15 bytes) and are re-laid out in JavaScript
    /// notation. O(1): at most 17 significant digits and 25 bytes.
    public static func append(_ x: Double, to buffer: inout [UInt8]) {
        if x.isNaN {
            buffer.append(contentsOf: "NaN".utf8)
            return
        }
        if x.isInfinite {
            buffer.append(contentsOf: (x < 0 ? "-Infinity" : "Infinity").utf8)
            return
        }
        if x == 0 {
            // Covers -0 as well: JavaScript prints it as "0".
            buffer.append(UInt8(ascii: "0"))
            return
        }
        let magnitude = x.magnitude
        if magnitude <= 9_007_199_254_740_992, magnitude == Double(UInt64(magnitude)) {
            // Every integer up to 2^53 is its own shortest representation, and it is below 1e21.
            if x < 0 { buffer.append(UInt8(ascii: "-")) }
            appendDigits(of: UInt64(magnitude), to: &buffer)
            return
        }
        let (digits, pointPosition) = shortestDigits(of: magnitude)
        if x < 0 { buffer.append(UInt8(ascii: "-")) }
        appendJavaScriptLayout(digits: digits, pointPosition: pointPosition, to: &buffer)
    }

    /// The shortest round-trip digits of a finite positive `x` as an integer `digits` (no trailing zeros)
    /// with `value = 0.digits × 10^pointPosition`, i.e. `pointPosition` is ECMAScript's `n`.
    ///
    /// Swift's `description` is already shortest round-trip (SwiftDtoa); only its notation differs from
    /// JavaScript's ("1e-07", "100.0", "1.2345678901234567e+16"), so the digits and the exponent are read
    /// back out of it.
    private static func shortestDigits(of x: Double) -> (digits: UInt64, pointPosition: Int) {
        var digits: UInt64 = 0
        var exponent = 0  // value = digits × 10^exponent
        var afterPoint = false
        var exponentValue = 0
        var exponentNegative = false
        var inExponent = false
        for byte in x.description.utf8 {
            if inExponent {
                switch byte {
                case UInt8(ascii: "-"): exponentNegative = true
                case UInt8(ascii: "+"): break
                default: exponentValue = exponentValue * 10 + Int(byte &- UInt8(ascii: "0"))
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "."):
                afterPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                inExponent = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits = digits &* 10 &+ UInt64(byte &- UInt8(ascii: "0"))
                if afterPoint { exponent -= 1 }
            default:
                break
            }
        }
        exponent += exponentNegative ? -exponentValue : exponentValue
        while digits != 0 && digits % 10 == 0 {
            digits /= 10
            exponent += 1
        }
        return (digits, exponent + decimalDigitCount(digits))
    }

    /// Lays out `0.digits × 10^n` per ECMAScript Number::toString (radix 10), steps 6-12.
    private static func appendJavaScriptLayout(digits: UInt64, pointPosition n: Int, to buffer: inout [UInt8]) {
        let k = decimalDigitCount(digits)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { text in
            var value = digits
            for index in stride(from: k - 1, through: 0, by: -1) {
                text[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
                value /= 10
            }
            let digitBytes = UnsafeBufferPointer(rebasing: text[0..<k])
            if k <= n && n <= 21 {
                // Integer: the digits followed by n - k zeros.
                buffer.append(contentsOf: digitBytes)
                for _ in 0..<(n - k) { buffer.append(UInt8(ascii: "0")) }
            } else if 0 < n && n <= 21 {
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: text[0..<n]))
                buffer.append(UInt8(ascii: "."))
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: text[n..<k]))
            } else if -6 < n && n <= 0 {
                buffer.append(UInt8(ascii: "0"))
                buffer.append(UInt8(ascii: "."))
                for _ in 0..<(-n) { buffer.append(UInt8(ascii: "0")) }
                buffer.append(contentsOf: digitBytes)
            } else {
                buffer.append(text[0])
                if k > 1 {
                    buffer.append(UInt8(ascii: "."))
                    buffer.append(contentsOf: UnsafeBufferPointer(rebasing: text[1..<k]))
                }
                buffer.append(UInt8(ascii: "e"))
                let exponent = n - 1
                buffer.append(exponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
                appendDigits(of: UInt64(exponent.magnitude), to: &buffer)
            }
        }
    }

    /// Appends the decimal digits of `value` (no sign, no leading zeros; "0" for zero). No allocation beyond
    /// buffer growth.
    static func appendDigits(of value: UInt64, to buffer: inout [UInt8]) {
        let count = decimalDigitCount(value)
        let start = buffer.count
        for _ in 0..<count { buffer.append(UInt8(ascii: "0")) }
        var remaining = value
        var index = start + count - 1
        while index >= start {
            buffer[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: remaining % 10)
            remaining /= 10
            index -= 1
        }
    }

    /// The number of decimal digits of `value` (1 for zero).
    static func decimalDigitCount(_ value: UInt64) -> Int {
        var count = 1
        var remaining = value
        while remaining >= 10 {
            remaining /= 10
            count += 1
        }
        return count
    }
}

/// The process-wide "C" numeric locale used to make `strtod` locale-independent; created once, never freed.
private struct CNumericLocale: @unchecked Sendable {
    // `locale_t` is an immutable handle once created, so sharing it between threads is safe. Should
    // `newlocale` ever fail, `uselocale(nil)` leaves the thread's locale unchanged.
    let locale: locale_t?

    static let shared = CNumericLocale(locale: newlocale(LC_NUMERIC_MASK, "C", nil))
}
