/// JavaScript's locale-independent case conversion: `toLowerCase`, `toUpperCase`, and the
/// per-code-unit canonicalisation a case-insensitive (non-Unicode) regular expression uses.
///
/// Swift's `lowercased()`/`uppercased()` already apply the full Unicode mappings (`"ß"` upper is
/// `"SS"`), but not the context rule for a final capital sigma (`"ΟΔΟΣ"` lower is `"οδος"` in
/// JavaScript), so lower-casing handles that itself.
enum JavaScriptCase {
    /// What ASCII-only conversion made of a text.
    enum ASCIIConversion {
        /// The text is ASCII and already in the wanted case.
        case unchanged
        case converted(String)
        /// The text has a non-ASCII byte: the full Unicode conversion is needed.
        case notASCII
    }

    /// `String.prototype.toLowerCase()`. O(n); allocates the result (ASCII text takes a byte loop).
    static func lowercased(_ string: String) -> String {
        switch asciiConverted(string.utf8, upper: false) {
        case .unchanged: return string
        case .converted(let converted): return converted
        case .notASCII: break
        }
        let scalars = Array(string.unicodeScalars)
        var out = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if scalar.value == 0x03A3 && isFinalSigma(scalars, index) {
                out.append("\u{03C2}")
            } else {
                out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(out)
    }

    /// `String.prototype.toUpperCase()`. O(n); allocates the result.
    static func uppercased(_ string: String) -> String {
        switch asciiConverted(string.utf8, upper: true) {
        case .unchanged: return string
        case .converted(let converted): return converted
        case .notASCII: return string.uppercased()
        }
    }

    /// The case conversion of ASCII text given as UTF-8 (a string of the line read in place, for
    /// instance). O(n); allocates only when a letter changes.
    static func asciiConverted<Text: Collection<UInt8>>(_ utf8: Text, upper: Bool) -> ASCIIConversion {
        // The letters that change: "A"..."Z" (0x41) when lower-casing, "a"..."z" (0x61) when upper-casing.
        let first: UInt8 = upper ? 0x61 : 0x41
        var changes = false
        for byte in utf8 {
            if byte >= 0x80 { return .notASCII }
            if byte &- first < 26 { changes = true }
        }
        if !changes { return .unchanged }
        let converted = String(unsafeUninitializedCapacity: utf8.count) { buffer in
            var index = 0
            for byte in utf8 {
                // Bit 0x20 is the ASCII case bit.
                buffer[index] = byte &- first < 26 ? byte ^ 0x20 : byte
                index += 1
            }
            return index
        }
        return .converted(converted)
    }

    /// Unicode's Final_Sigma condition: a cased letter before (skipping case-ignorable characters) and
    /// none after.
    private static func isFinalSigma(_ scalars: [Unicode.Scalar], _ index: Int) -> Bool {
        var before = index - 1
        while before >= 0 && scalars[before].properties.isCaseIgnorable { before -= 1 }
        guard before >= 0, scalars[before].properties.isCased else { return false }
        var after = index + 1
        while after < scalars.count && scalars[after].properties.isCaseIgnorable { after += 1 }
        return !(after < scalars.count && scalars[after].properties.isCased)
    }

    /// The canonical form of one UTF-16 code unit under a case-insensitive, non-Unicode regular
    /// expression (ECMA-262 Canonicalize): its upper-case mapping when that is a single code unit and
    /// does not turn a non-ASCII unit into an ASCII one; surrogates map to themselves. O(1).
    static func canonicalized(_ unit: UInt16) -> UInt16 {
        if unit < 0x80 {
            // 0x61 is "a": ASCII lower-case letters map to upper case.
            return unit &- 0x61 < 26 ? unit - 32 : unit
        }
        guard let scalar = Unicode.Scalar(UInt32(unit)) else { return unit }
        let upper = scalar.properties.uppercaseMapping.utf16
        guard upper.count == 1, let mapped = upper.first, mapped >= 0x80 else { return unit }
        return mapped
    }
}
