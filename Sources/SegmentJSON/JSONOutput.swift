/// Writes JSON text exactly as `JSON.stringify` would: compact, `/` unescaped, non-ASCII as UTF-8,
/// control characters as `\b \f \n \r \t` or lower-case `\u00xx`, integer-like keys first.
///
/// Numbers are the one deliberate difference: they keep the spelling they were read with (so integers
/// above 2^53 survive), a product decision recorded in the README.
public enum JSONOutput {
    /// Appends the value at `span` of `bytes`. Canonical containers and escape-free strings are copied
    /// as raw bytes (O(n) memcpy, no allocation beyond `out`'s growth); others are re-serialised.
    public static func appendValue(_ bytes: JSONBytes, _ span: JSONSpan, to out: inout [UInt8]) {
        switch span.kind {
        case .string:
            if span.hasEscapes {
                appendCanonicalString(bytes, span, to: &out)
            } else {
                out.append(contentsOf: UnsafeRawBufferPointer(bytes.slice(span.range)))
            }
        case .object, .array:
            if span.needsReorder {
                appendCanonical(bytes, span, to: &out)
            } else if span.needsRewrite {
                appendRewritten(bytes, span, to: &out)
            } else {
                out.append(contentsOf: UnsafeRawBufferPointer(bytes.slice(span.range)))
            }
        default:
            out.append(contentsOf: UnsafeRawBufferPointer(bytes.slice(span.range)))
        }
    }

    /// Re-serialises a container in canonical form: whitespace removed, strings re-escaped, integer-like
    /// keys first, duplicate keys resolved as `JSON.parse` does (last value, first position).
    static func appendCanonical(_ bytes: JSONBytes, _ span: JSONSpan, to out: inout [UInt8]) {
        switch span.kind {
        case .object:
            var keys: [[UInt8]] = []
            var values: [JSONSpan] = []
            JSONNavigator.forEachMember(bytes, in: span) { key, value in
                let decoded = JSONStringDecoder.decode(
                    bytes, JSONSpan(start: key.start - 1, end: key.end + 1, kind: .string, flags: key.flags))
                if let existing = keys.firstIndex(of: decoded) {
                    values[existing] = value
                } else {
                    keys.append(decoded)
                    values.append(value)
                }
            }
            var order = Array(keys.indices)
            let integers = order.compactMap { index in JSONObject.integerValue(utf8: keys[index]).map { (index, $0) } }
            if !integers.isEmpty {
                let sorted = integers.sorted { $0.1 < $1.1 }.map(\.0)
                order = sorted + order.filter { JSONObject.integerValue(utf8: keys[$0]) == nil }
            }
            out.append(UInt8(ascii: "{"))
            for (position, index) in order.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                appendEscaped(keys[index], to: &out)
                out.append(UInt8(ascii: ":"))
                appendCanonical(bytes, values[index], to: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .array:
            out.append(UInt8(ascii: "["))
            var first = true
            JSONNavigator.forEachElement(bytes, in: span) { _, element in
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                appendCanonical(bytes, element, to: &out)
                return true
            }
            out.append(UInt8(ascii: "]"))
        case .string:
            appendCanonicalString(bytes, span, to: &out)
        default:
            out.append(contentsOf: UnsafeRawBufferPointer(bytes.slice(span.range)))
        }
    }

    /// Copies a container, dropping insignificant whitespace and rewriting escapes the way
    /// `JSON.stringify` writes them (`\/` -> `/`, `\u00e9` -> `é`, ...). One streaming pass, no allocation
    /// beyond `out`'s growth. Key order is kept (callers use `appendCanonical` when it must change).
    static func appendRewritten(_ bytes: JSONBytes, _ span: JSONSpan, to out: inout [UInt8]) {
        let p = bytes.base
        var i = span.start
        let end = span.end
        out.reserveCapacity(out.count + (end - i))
        while i < end {
            let c = p[i]
            switch c {
            case 0x20, 0x09, 0x0A, 0x0D:
                i += 1
            case UInt8(ascii: "\""):
                out.append(c)
                i += 1
                var runStart = i
                while true {
                    // Skip eight bytes at a time to the next quote or backslash (the span is validated).
                    while i &+ 8 <= end {
                        let x = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                        let q = x ^ 0x2222_2222_2222_2222
                        let b = x ^ 0x5C5C_5C5C_5C5C_5C5C
                        let mask =
                            ((q &- 0x0101_0101_0101_0101) & ~q | (b &- 0x0101_0101_0101_0101) & ~b)
                            & 0x8080_8080_8080_8080
                        if mask != 0 {
                            i &+= mask.trailingZeroBitCount >> 3
                            break
                        }
                        i &+= 8
                    }
                    let s = p[i]
                    if s == UInt8(ascii: "\"") {
                        out.append(contentsOf: UnsafeBufferPointer(start: p + runStart, count: i - runStart))
                        out.append(s)
                        i += 1
                        break
                    }
                    if s != UInt8(ascii: "\\") {
                        i += 1
                        continue
                    }
                    out.append(contentsOf: UnsafeBufferPointer(start: p + runStart, count: i - runStart))
                    let e = p[i + 1]
                    if e == UInt8(ascii: "/") {
                        out.append(e)
                        i += 2
                    } else if e == UInt8(ascii: "u") {
                        var unit = JSONStringDecoder.hex4(p + i + 2)
                        i += 6
                        if unit >= 0xD800 && unit < 0xDC00 && p[i] == UInt8(ascii: "\\")
                            && p[i + 1] == UInt8(ascii: "u")
                        {
                            let low = JSONStringDecoder.hex4(p + i + 2)
                            if low >= 0xDC00 && low < 0xE000 {
                                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                                i += 6
                            }
                        }
                        appendEscapedScalar(unit, to: &out)
                    } else {
                        out.append(s)
                        out.append(e)
                        i += 2
                    }
                    runStart = i
                }
            default:
                out.append(c)
                i += 1
            }
        }
    }

    /// Appends one decoded code unit or scalar as `JSON.stringify` writes it inside a string.
    @inline(__always)
    static func appendEscapedScalar(_ value: UInt32, to out: inout [UInt8]) {
        switch value {
        case 0x22: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
        case 0x5C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
        case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
        case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
        case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        case 0..<0x20, 0xD800..<0xE000:
            // Control characters and lone surrogates: lower-case \u escapes.
            out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u")])
            for shift in stride(from: 12, through: 0, by: -4) {
                out.append(hexDigits[Int((value >> UInt32(shift)) & 0xF)])
            }
        default:
            JSONStringDecoder.appendScalar(value, to: &out)
        }
    }

    static func appendCanonicalString(_ bytes: JSONBytes, _ span: JSONSpan, to out: inout [UInt8]) {
        if !span.hasEscapes {
            out.append(contentsOf: UnsafeRawBufferPointer(bytes.slice(span.range)))
            return
        }
        // A string is a container-free value: the streaming rewrite canonicalises its escapes.
        appendRewritten(bytes, span, to: &out)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends decoded (WTF-8) string bytes as a quoted, escaped JSON string. O(n); runs of bytes
    /// that need no escape are appended in one copy, and nothing is allocated beyond `out`'s growth.
    public static func appendEscaped(_ decoded: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let end = decoded.count
        var plainStart = 0
        var i = 0
        while i < end {
            let c = decoded[i]
            // Everything at or above 0x20 except the quote, the backslash and a lead byte that may
            // start a lone surrogate is copied as it is.
            if c >= 0x20 && c != UInt8(ascii: "\"") && c != UInt8(ascii: "\\") && c != 0xED {
                i += 1
                continue
            }
            if c == 0xED && !(i + 2 < end && decoded[i + 1] >= 0xA0) {
                i += 1
                continue
            }
            if plainStart < i { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: decoded[plainStart..<i])) }
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                out.append(UInt8(ascii: "\\"))
                out.append(c)
            case 0x08: appendTwo(UInt8(ascii: "b"), to: &out)
            case 0x0C: appendTwo(UInt8(ascii: "f"), to: &out)
            case 0x0A: appendTwo(UInt8(ascii: "n"), to: &out)
            case 0x0D: appendTwo(UInt8(ascii: "r"), to: &out)
            case 0x09: appendTwo(UInt8(ascii: "t"), to: &out)
            case 0..<0x20:
                appendUnicodeEscape(UInt32(c), to: &out)
            default:
                // 0xED followed by 0xA0...: a lone surrogate kept by the decoder, which
                // JSON.stringify writes as a \u escape.
                let unit = UInt32(c & 0x0F) << 12 | UInt32(decoded[i + 1] & 0x3F) << 6 | UInt32(decoded[i + 2] & 0x3F)
                appendUnicodeEscape(unit, to: &out)
                i += 2
            }
            i += 1
            plainStart = i
        }
        if plainStart < end { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: decoded[plainStart..<end])) }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends decoded string bytes held in an array as a quoted, escaped JSON string. O(n).
    public static func appendEscaped(_ decoded: [UInt8], to out: inout [UInt8]) {
        decoded.withUnsafeBytes { appendEscaped($0, to: &out) }
    }

    /// Appends decoded string bytes from any contiguous or non-contiguous collection. O(n); copies
    /// the bytes first only when the collection has no contiguous storage.
    public static func appendEscaped<C: Collection<UInt8>>(_ decoded: C, to out: inout [UInt8]) {
        let done: Void? = decoded.withContiguousStorageIfAvailable {
            appendEscaped(UnsafeRawBufferPointer($0), to: &out)
        }
        if done == nil { appendEscaped(Array(decoded), to: &out) }
    }

    /// Appends a Swift string as a quoted, escaped JSON string. O(n); no copy of a native string.
    public static func appendEscaped(_ string: String, to out: inout [UInt8]) {
        var string = string
        string.withUTF8 { appendEscaped(UnsafeRawBufferPointer($0), to: &out) }
    }

    /// `\` followed by `letter`.
    @inline(__always)
    private static func appendTwo(_ letter: UInt8, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        out.append(letter)
    }

    /// A lower-case `\uXXXX` escape of one UTF-16 code unit.
    private static func appendUnicodeEscape(_ unit: UInt32, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        out.append(UInt8(ascii: "u"))
        for shift in stride(from: 12, through: 0, by: -4) {
            out.append(hexDigits[Int((unit >> UInt32(shift)) & 0xF)])
        }
    }

    /// Appends an owned value in `JSON.stringify` form.
    public static func append(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let number): out.append(contentsOf: number.text.utf8)
        case .string(let string): appendEscaped(string, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                append(element, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (index, member) in object.orderedMembers.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendEscaped(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                append(member.value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}
