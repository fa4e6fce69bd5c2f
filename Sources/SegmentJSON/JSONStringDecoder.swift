/// Decodes JSON string spans into their bytes.
///
/// Output is WTF-8: valid UTF-8, except that a lone surrogate escape (`\ud800`), which `JSON.parse`
/// accepts, is kept as its 3-byte generalised UTF-8 form so that `JSONOutput` can write it back as the
/// same escape, as `JSON.stringify` does.
public enum JSONStringDecoder {
    /// The decoded bytes of the string at `span` (quotes included in the span). Allocates the result.
    public static func decode(_ bytes: JSONBytes, _ span: JSONSpan) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(span.end - span.start)
        append(bytes, span, to: &out)
        return out
    }

    /// The decoded string as a Swift `String`. A lone surrogate (3 generalised-UTF-8 bytes) becomes three
    /// U+FFFD, as any invalid UTF-8 does when decoded. Allocates.
    public static func string(_ bytes: JSONBytes, _ span: JSONSpan) -> String {
        if !span.hasEscapes {
            return String(decoding: bytes.slice(span.start + 1..<span.end - 1), as: UTF8.self)
        }
        return String(decoding: decode(bytes, span), as: UTF8.self)
    }

    /// Appends the decoded bytes of the string at `span` (quotes included) to `out`. O(length).
    public static func append(_ bytes: JSONBytes, _ span: JSONSpan, to out: inout [UInt8]) {
        let p = bytes.base
        var i = span.start + 1
        let end = span.end - 1
        if !span.hasEscapes {
            out.append(contentsOf: UnsafeBufferPointer(start: p + i, count: end - i))
            return
        }
        while i < end {
            let c = p[i]
            if c != UInt8(ascii: "\\") {
                out.append(c)
                i += 1
                continue
            }
            let e = p[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var unit = hex4(p + i)
                i += 4
                if unit >= 0xD800 && unit < 0xDC00 && i + 6 <= end && p[i] == UInt8(ascii: "\\")
                    && p[i + 1] == UInt8(ascii: "u")
                {
                    let low = hex4(p + i + 2)
                    if low >= 0xDC00 && low < 0xE000 {
                        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                }
                appendScalar(unit, to: &out)
            default: out.append(e)  // '"', '\\', '/'
            }
        }
    }

    static func hex4(_ p: UnsafePointer<UInt8>) -> UInt32 {
        var value: UInt32 = 0
        for k in 0..<4 {
            let h = p[k]
            let digit: UInt32
            switch h {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(h - 48)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(h - 87)
            default: digit = UInt32(h - 55)
            }
            value = value << 4 | digit
        }
        return value
    }

    /// Appends the (generalised) UTF-8 encoding of a code point; surrogates are encoded as 3 bytes.
    public static func appendScalar(_ value: UInt32, to out: inout [UInt8]) {
        switch value {
        case 0..<0x80:
            out.append(UInt8(value))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (value >> 6)))
            out.append(UInt8(0x80 | (value & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (value >> 12)))
            out.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (value & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (value >> 18)))
            out.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (value & 0x3F)))
        }
    }

    /// The number of UTF-16 code units of decoded (WTF-8) bytes, as JavaScript's `length`.
    public static func utf16Length(_ decoded: some Collection<UInt8>) -> Int {
        var count = 0
        for byte in decoded {
            if byte & 0xC0 != 0x80 { count += byte >= 0xF0 ? 2 : 1 }
        }
        return count
    }
}
