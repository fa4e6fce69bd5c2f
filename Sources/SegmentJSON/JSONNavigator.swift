/// Walks already-validated JSON bytes: member and element lookup, skipping, key comparison.
///
/// Every function here assumes its input was accepted by `JSONLineParser`, so it only follows
/// structure and never re-validates. Lookups are O(size of the container scanned) and allocate nothing
/// unless a key contains escapes.
public enum JSONNavigator {
    /// The span of the value starting at `start` (whitespace already skipped), with flags: `hasEscapes`
    /// for strings, `needsRewrite` for containers not in canonical `JSON.stringify` form.
    public static func value(_ bytes: JSONBytes, at start: Int) -> JSONSpan {
        let p = bytes.base
        let n = bytes.count
        switch p[start] {
        case UInt8(ascii: "\""):
            var i = start + 1
            var flags: UInt8 = 0
            while true {
                let c = p[i]
                if c == UInt8(ascii: "\"") { break }
                if c == UInt8(ascii: "\\") {
                    flags = JSONSpan.hasEscapes
                    i += 2
                } else {
                    i += 1
                }
            }
            return JSONSpan(start: start, end: i + 1, kind: .string, flags: flags)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            return container(bytes, at: start)
        case UInt8(ascii: "t"): return JSONSpan(start: start, end: start + 4, kind: .true)
        case UInt8(ascii: "f"): return JSONSpan(start: start, end: start + 5, kind: .false)
        case UInt8(ascii: "n"): return JSONSpan(start: start, end: start + 4, kind: .null)
        default:
            // Validated: a number. Its end is the first byte that cannot belong to a number.
            var i = start + 1
            while i < n {
                let c = p[i]
                if c &- 48 < 10 || c == UInt8(ascii: ".") || c | 0x20 == UInt8(ascii: "e") || c == UInt8(ascii: "+")
                    || c == UInt8(ascii: "-")
                {
                    i += 1
                } else {
                    break
                }
            }
            return JSONSpan(start: start, end: i, kind: .number)
        }
    }

    /// Scans a container to its end, computing whether it needs rewriting for canonical output.
    static func container(_ bytes: JSONBytes, at start: Int) -> JSONSpan {
        let p = bytes.base
        var depth = 0
        var i = start
        var rewrite = false
        var reorder = false
        // Whether the next string at this position is an object key (for the integer-like key check).
        var expectingKey = false
        var stack: [Bool] = []  // true = object; only grows with nesting depth
        while true {
            let c = p[i]
            switch c {
            case UInt8(ascii: "{"):
                depth += 1
                stack.append(true)
                expectingKey = true
                i += 1
            case UInt8(ascii: "["):
                depth += 1
                stack.append(false)
                expectingKey = false
                i += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                stack.removeLast()
                i += 1
                if depth == 0 {
                    return JSONSpan(
                        start: start, end: i, kind: c == UInt8(ascii: "}") ? .object : .array,
                        flags: (rewrite ? JSONSpan.needsRewrite : 0) | (reorder ? JSONSpan.needsReorder : 0))
                }
            case UInt8(ascii: ","):
                expectingKey = stack[stack.count - 1]
                i += 1
            case UInt8(ascii: ":"):
                expectingKey = false
                i += 1
            case UInt8(ascii: "\""):
                let stringStart = i + 1
                var keyHasEscapes = false
                i += 1
                while true {
                    let s = p[i]
                    if s == UInt8(ascii: "\"") { break }
                    if s == UInt8(ascii: "\\") {
                        keyHasEscapes = true
                        let e = p[i + 1]
                        if e == UInt8(ascii: "/") {
                            rewrite = true
                        } else if e == UInt8(ascii: "u") {
                            if !isCanonicalUnicodeEscape(p + i + 2) { rewrite = true }
                        }
                        i += 2
                    } else {
                        i += 1
                    }
                }
                if expectingKey
                    && ((keyHasEscapes && JSONLineParser.hasEscapedDigit(p, stringStart, i))
                        || JSONLineParser.isIntegerLikeKey(p, stringStart, i))
                {
                    reorder = true
                }
                i += 1
            case 0x20, 0x09, 0x0A, 0x0D:
                rewrite = true
                i += 1
            default:
                i += 1
            }
        }
    }

    /// Whether `\uXXXX` (pointer at the first hex digit) is how `JSON.stringify` would write that unit.
    static func isCanonicalUnicodeEscape(_ hex: UnsafePointer<UInt8>) -> Bool {
        guard hex[0] == UInt8(ascii: "0"), hex[1] == UInt8(ascii: "0") else { return false }
        let h2 = hex[2]
        let h3 = hex[3]
        guard h2 == UInt8(ascii: "0") || h2 == UInt8(ascii: "1") else { return false }
        let low: UInt8
        switch h3 {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): low = h3 - 48
        case UInt8(ascii: "a")...UInt8(ascii: "f"): low = h3 - 87
        default: return false
        }
        let value = (h2 - 48) << 4 | low
        return value != 8 && value != 9 && value != 10 && value != 12 && value != 13
    }

    /// Index of the first non-whitespace byte at or after `i`.
    @inlinable
    public static func skipWhitespace(_ bytes: JSONBytes, _ i: Int) -> Int {
        var i = i
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { break }
        }
        return i
    }

    /// The value of member `key` in the object `object`; the last occurrence wins (`JSON.parse`).
    /// O(object size); no allocation unless keys hold escapes.
    public static func member(_ bytes: JSONBytes, in object: JSONSpan, key: UnsafeRawBufferPointer) -> JSONSpan? {
        var foundStart = -1
        forEachMemberStart(bytes, in: object) { keySpan, valueStart in
            if keyEquals(bytes, keySpan, key) { foundStart = valueStart }
        }
        return foundStart < 0 ? nil : value(bytes, at: foundStart)
    }

    /// Calls `body` with each member's key span (quotes excluded, `hasEscapes` set when it holds one)
    /// and the offset where its value starts, in order. Values are skipped without computing their
    /// flags, so nothing is allocated; O(object size).
    @inline(__always)
    static func forEachMemberStart(_ bytes: JSONBytes, in object: JSONSpan, _ body: (JSONSpan, Int) -> Void) {
        var i = skipWhitespace(bytes, object.start + 1)
        if bytes[i] == UInt8(ascii: "}") { return }
        while true {
            let keyEnd = skipEnd(bytes, at: i)
            let keyHasEscapes = bytes.slice(i + 1..<keyEnd - 1).contains(UInt8(ascii: "\\"))
            let keySpan = JSONSpan(
                start: i + 1, end: keyEnd - 1, kind: .string, flags: keyHasEscapes ? JSONSpan.hasEscapes : 0)
            i = skipWhitespace(bytes, keyEnd)
            i = skipWhitespace(bytes, i + 1)  // past ':'
            body(keySpan, i)
            i = skipWhitespace(bytes, skipEnd(bytes, at: i))
            if bytes[i] == UInt8(ascii: "}") { return }
            i = skipWhitespace(bytes, i + 1)  // past ','
        }
    }

    /// The end of the validated value starting at `start`, found by counting brackets outside strings.
    /// O(value size), no allocation.
    static func skipEnd(_ bytes: JSONBytes, at start: Int) -> Int {
        let p = bytes.base
        let n = bytes.count
        var i = start
        let first = p[i]
        if first == UInt8(ascii: "\"") { return skipString(p, n, i + 1) }
        if first != UInt8(ascii: "{") && first != UInt8(ascii: "[") {
            // A number or literal: up to the next delimiter.
            i += 1
            while i < n {
                let c = p[i]
                if c == UInt8(ascii: ",") || c == UInt8(ascii: "}") || c == UInt8(ascii: "]") || c <= 0x20 { break }
                i += 1
            }
            return i
        }
        var depth = 0
        while true {
            let c = p[i]
            if c == UInt8(ascii: "\"") {
                i = skipString(p, n, i + 1)
                continue
            }
            if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                depth += 1
            } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { return i + 1 }
            }
            i += 1
        }
    }

    /// The index after the closing quote of a validated string whose body starts at `start`, in a
    /// line of `n` bytes. Eight bytes at a time while neither a quote nor a backslash is among them
    /// (strings are most of a line's bytes: user agents, URLs, ids); never reads past `n`.
    @inline(__always)
    static func skipString(_ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int) -> Int {
        var i = start
        while true {
            while i &+ 8 <= n {
                let x = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                let q = x ^ 0x2222_2222_2222_2222
                let b = x ^ 0x5C5C_5C5C_5C5C_5C5C
                // The lowest flagged byte is exactly the first quote or backslash.
                let mask =
                    ((q &- 0x0101_0101_0101_0101) & ~q | (b &- 0x0101_0101_0101_0101) & ~b) & 0x8080_8080_8080_8080
                if mask == 0 {
                    i &+= 8
                } else {
                    i &+= mask.trailingZeroBitCount >> 3
                    break
                }
            }
            let c = p[i]
            if c == UInt8(ascii: "\"") { return i + 1 }
            i += c == UInt8(ascii: "\\") ? 2 : 1
        }
    }

    /// Calls `body` with the key span (quotes excluded) and value span of each member, in order.
    public static func forEachMember(_ bytes: JSONBytes, in object: JSONSpan, _ body: (JSONSpan, JSONSpan) -> Void) {
        var i = skipWhitespace(bytes, object.start + 1)
        if bytes[i] == UInt8(ascii: "}") { return }
        while true {
            let keyValue = value(bytes, at: i)
            let keySpan = JSONSpan(
                start: keyValue.start + 1, end: keyValue.end - 1, kind: .string, flags: keyValue.flags)
            i = skipWhitespace(bytes, keyValue.end)
            i = skipWhitespace(bytes, i + 1)  // past ':'
            let valueSpan = value(bytes, at: i)
            body(keySpan, valueSpan)
            i = skipWhitespace(bytes, valueSpan.end)
            if bytes[i] == UInt8(ascii: "}") { return }
            i = skipWhitespace(bytes, i + 1)  // past ','
        }
    }

    /// Calls `body` with each element span of the array `array`, in order; `body` returns false to stop.
    public static func forEachElement(_ bytes: JSONBytes, in array: JSONSpan, _ body: (Int, JSONSpan) -> Bool) {
        var i = skipWhitespace(bytes, array.start + 1)
        if bytes[i] == UInt8(ascii: "]") { return }
        var index = 0
        while true {
            let element = value(bytes, at: i)
            if !body(index, element) { return }
            index += 1
            i = skipWhitespace(bytes, element.end)
            if bytes[i] == UInt8(ascii: "]") { return }
            i = skipWhitespace(bytes, i + 1)
        }
    }

    /// The element at `index` of `array`, or nil when out of range.
    public static func element(_ bytes: JSONBytes, in array: JSONSpan, at index: Int) -> JSONSpan? {
        var found: JSONSpan?
        forEachElement(bytes, in: array) { position, span in
            if position == index {
                found = span
                return false
            }
            return true
        }
        return found
    }

    /// The number of elements of `array`.
    public static func count(_ bytes: JSONBytes, in array: JSONSpan) -> Int {
        var total = 0
        forEachElement(bytes, in: array) { _, _ in
            total += 1
            return true
        }
        return total
    }

    /// Whether the key at `keySpan` (quotes excluded) equals the unescaped UTF-8 `key`.
    @inlinable
    public static func keyEquals(_ bytes: JSONBytes, _ keySpan: JSONSpan, _ key: UnsafeRawBufferPointer) -> Bool {
        if !keySpan.hasEscapes {
            let length = keySpan.end - keySpan.start
            guard length == key.count else { return false }
            if length == 0 { return true }
            return memcmpEqual(bytes.base + keySpan.start, key.baseAddress!, length)
        }
        let decoded = JSONStringDecoder.decode(
            bytes, JSONSpan(start: keySpan.start - 1, end: keySpan.end + 1, kind: .string, flags: keySpan.flags))
        return decoded.elementsEqual(key)
    }

    @inlinable
    static func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
        let b = b.assumingMemoryBound(to: UInt8.self)
        var k = 0
        while k < count {
            if a[k] != b[k] { return false }
            k += 1
        }
        return true
    }
}
