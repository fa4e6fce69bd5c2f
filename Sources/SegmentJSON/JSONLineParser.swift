/// Validates one NDJSON line completely (RFC 8259 grammar, UTF-8) and records its top-level members.
///
/// This is the engine's hot path: one recursive-descent pass over the bytes, no allocation once the
/// document's member table has grown, no value materialised. Strings are scanned eight bytes at a
/// time. Recursion is bounded by `maximumDepth`, so stack use is bounded too.
public struct JSONLineParser: Sendable {
    /// The deepest nesting accepted. Deeper lines are rejected so that every later stage (which may
    /// recurse over a value) runs in bounded stack space; real events nest a handful of levels.
    public static let maximumDepth = 1000

    public init() {}

    /// Parses `bytes` into `document`. The top-level value may be any JSON value; members are recorded
    /// only when it is an object. Complexity O(n) in the line length.
    public mutating func parse(_ bytes: JSONBytes, into document: inout JSONDocument) throws(JSONSyntaxError) {
        document.bytes = bytes
        let table = document.table
        table.count = 0
        table.nested.reset()
        let p = bytes.base
        let n = bytes.count
        var i = Self.skipWhitespace(p, n, 0)
        if i == n { throw JSONSyntaxError(column: i + 1, reason: "empty line") }
        let rootStart = i
        let kind: JSONKind
        var flags: UInt8 = 0
        if p[i] == UInt8(ascii: "{") {
            (i, flags) = try Self.parseRootObject(p, n, i, table)
            kind = .object
        } else {
            (i, kind) = try Self.parseValue(p, n, i, 0, &flags)
            if kind != .object && kind != .array { flags &= JSONSpan.hasEscapes }
        }
        document.root = JSONSpan(start: rootStart, end: i, kind: kind, flags: flags)
        i = Self.skipWhitespace(p, n, i)
        guard i == n else { throw Self.error(p, n, i, expected: "end of line after the JSON value") }
    }

    /// The root object: like `parseObject`, but records every member's key and value spans. Returns the
    /// end and the root's own `needsRewrite`/`needsReorder` flags (so a rejected line can be written out
    /// without another scan).
    @inline(__always)
    static func parseRootObject(
        _ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int, _ table: MemberTable
    ) throws(JSONSyntaxError) -> (Int, UInt8) {
        var rootFlags: UInt8 = 0
        var i = skipNestedWhitespace(p, n, start + 1, &rootFlags)
        if i < n && p[i] == UInt8(ascii: "}") { return (i + 1, rootFlags) }
        while true {
            guard i < n, p[i] == UInt8(ascii: "\"") else { throw error(p, n, i, expected: "a string key or '}'") }
            let (keyEnd, keyFlags) = try scanString(p, n, i + 1)
            table.appendKey(JSONSpan(start: i + 1, end: keyEnd - 1, kind: .string, flags: keyFlags))
            rootFlags |= keyFlags & JSONSpan.needsRewrite
            // A key with escapes may decode to an integer-like key (`"\u0031"`): let the reordering path,
            // which decodes keys, decide.
            if (keyFlags & JSONSpan.hasEscapes != 0 && hasEscapedDigit(p, i + 1, keyEnd - 1))
                || (p[i + 1] &- 48 < 10 && isIntegerLikeKey(p, i + 1, keyEnd - 1))
            {
                rootFlags |= JSONSpan.needsReorder
            }
            i = skipNestedWhitespace(p, n, keyEnd, &rootFlags)
            guard i < n, p[i] == UInt8(ascii: ":") else { throw error(p, n, i, expected: "':'") }
            i = skipNestedWhitespace(p, n, i + 1, &rootFlags)
            let valueStart = i
            var flags: UInt8 = 0
            let (end, kind) = try parseValue(p, n, i, 1, &flags)
            rootFlags |= flags & (JSONSpan.needsRewrite | JSONSpan.needsReorder)
            if kind == .object || kind == .array {
                flags &= JSONSpan.needsRewrite | JSONSpan.needsReorder
            } else {
                flags &= JSONSpan.hasEscapes
            }
            table.appendValue(JSONSpan(start: valueStart, end: end, kind: kind, flags: flags))
            i = skipNestedWhitespace(p, n, end, &rootFlags)
            guard i < n else {
                throw JSONSyntaxError(column: i + 1, reason: "unexpected end of line, expected ',' or '}'")
            }
            let c = p[i]
            if c == UInt8(ascii: ",") {
                i = skipNestedWhitespace(p, n, i + 1, &rootFlags)
                continue
            }
            if c == UInt8(ascii: "}") { return (i + 1, rootFlags) }
            throw error(p, n, i, expected: "',' or '}'")
        }
    }

    /// Parses the value at `i` (not whitespace) inside containers nested `depth` deep; returns its end.
    /// `flags` accumulates `hasEscapes`/`needsRewrite` of strings and `needsReorder` of nested objects.
    @inline(__always)
    static func parseValue(
        _ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int, _ depth: Int, _ flags: inout UInt8
    ) throws(JSONSyntaxError) -> (Int, JSONKind) {
        guard i < n else { throw JSONSyntaxError(column: i + 1, reason: "unexpected end of line, expected a value") }
        let c = p[i]
        if c == UInt8(ascii: "\"") {
            let (end, stringFlags) = try scanString(p, n, i + 1)
            flags |= stringFlags
            return (end, .string)
        }
        if c == UInt8(ascii: "{") { return (try parseObject(p, n, i, depth + 1, &flags), .object) }
        if c == UInt8(ascii: "[") { return (try parseArray(p, n, i, depth + 1, &flags), .array) }
        if c &- 48 < 10 || c == UInt8(ascii: "-") { return (try scanNumber(p, n, i), .number) }
        if c == UInt8(ascii: "t") {
            try expectLiteral(p, n, i, "true")
            return (i + 4, .true)
        }
        if c == UInt8(ascii: "f") {
            try expectLiteral(p, n, i, "false")
            return (i + 5, .false)
        }
        if c == UInt8(ascii: "n") {
            try expectLiteral(p, n, i, "null")
            return (i + 4, .null)
        }
        throw error(p, n, i, expected: "a value")
    }

    /// Skips whitespace inside a nested container, noting that it makes the container non-canonical.
    @inline(__always)
    static func skipNestedWhitespace(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int, _ flags: inout UInt8) -> Int {
        if i < n && p[i] > 0x20 { return i }
        let j = skipWhitespace(p, n, i)
        if j != i { flags |= JSONSpan.needsRewrite }
        return j
    }

    static func parseObject(
        _ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int, _ depth: Int, _ flags: inout UInt8
    ) throws(JSONSyntaxError) -> Int {
        if depth > maximumDepth { throw tooDeep(start) }
        var i = skipNestedWhitespace(p, n, start + 1, &flags)
        if i < n && p[i] == UInt8(ascii: "}") { return i + 1 }
        while true {
            guard i < n, p[i] == UInt8(ascii: "\"") else { throw error(p, n, i, expected: "a string key or '}'") }
            let (keyEnd, keyFlags) = try scanString(p, n, i + 1)
            flags |= keyFlags & JSONSpan.needsRewrite
            if (keyFlags & JSONSpan.hasEscapes != 0 && hasEscapedDigit(p, i + 1, keyEnd - 1))
                || (p[i + 1] &- 48 < 10 && isIntegerLikeKey(p, i + 1, keyEnd - 1))
            {
                flags |= JSONSpan.needsReorder
            }
            i = skipNestedWhitespace(p, n, keyEnd, &flags)
            guard i < n, p[i] == UInt8(ascii: ":") else { throw error(p, n, i, expected: "':'") }
            i = skipNestedWhitespace(p, n, i + 1, &flags)
            var valueFlags: UInt8 = 0
            (i, _) = try parseValue(p, n, i, depth, &valueFlags)
            flags |= valueFlags & (JSONSpan.needsRewrite | JSONSpan.needsReorder)
            i = skipNestedWhitespace(p, n, i, &flags)
            guard i < n else {
                throw JSONSyntaxError(column: i + 1, reason: "unexpected end of line, expected ',' or '}'")
            }
            let c = p[i]
            if c == UInt8(ascii: ",") {
                i = skipNestedWhitespace(p, n, i + 1, &flags)
                continue
            }
            if c == UInt8(ascii: "}") { return i + 1 }
            throw error(p, n, i, expected: "',' or '}'")
        }
    }

    static func parseArray(
        _ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int, _ depth: Int, _ flags: inout UInt8
    ) throws(JSONSyntaxError) -> Int {
        if depth > maximumDepth { throw tooDeep(start) }
        var i = skipNestedWhitespace(p, n, start + 1, &flags)
        if i < n && p[i] == UInt8(ascii: "]") { return i + 1 }
        while true {
            var valueFlags: UInt8 = 0
            (i, _) = try parseValue(p, n, i, depth, &valueFlags)
            flags |= valueFlags & (JSONSpan.needsRewrite | JSONSpan.needsReorder)
            i = skipNestedWhitespace(p, n, i, &flags)
            guard i < n else {
                throw JSONSyntaxError(column: i + 1, reason: "unexpected end of line, expected ',' or ']'")
            }
            let c = p[i]
            if c == UInt8(ascii: ",") {
                i = skipNestedWhitespace(p, n, i + 1, &flags)
                continue
            }
            if c == UInt8(ascii: "]") { return i + 1 }
            throw error(p, n, i, expected: "',' or ']'")
        }
    }

    // MARK: - Scanners (shared with JSONNavigator)

    @inline(__always)
    static func skipWhitespace(_ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int) -> Int {
        var i = start
        while i < n {
            if p[i] > 0x20 { break }
            let c = p[i]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { break }
        }
        return i
    }

    /// Scans a string body starting just after the opening quote; returns the index after the closing
    /// quote and the flags (`hasEscapes`, and `needsRewrite` for escapes that `JSON.stringify` would
    /// write differently). Validates escapes and UTF-8.
    @inline(__always)
    static func scanString(_ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int) throws(JSONSyntaxError) -> (Int, UInt8) {
        var i = start
        var flags: UInt8 = 0
        while true {
            // Fast path: eight plain ASCII bytes at a time.
            while i &+ 8 <= n {
                let x = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                let high = x & 0x8080_8080_8080_8080
                let q = x ^ 0x2222_2222_2222_2222
                let b = x ^ 0x5C5C_5C5C_5C5C_5C5C
                let quote = (q &- 0x0101_0101_0101_0101) & ~q
                let backslash = (b &- 0x0101_0101_0101_0101) & ~b
                let control = (x &- 0x2020_2020_2020_2020) & ~x
                let mask = (high | quote | backslash | control) & 0x8080_8080_8080_8080
                if mask == 0 {
                    i &+= 8
                } else {
                    i &+= mask.trailingZeroBitCount >> 3
                    break
                }
            }
            guard i < n else { throw JSONSyntaxError(column: n + 1, reason: "unterminated string") }
            let c = p[i]
            if c == UInt8(ascii: "\"") { return (i + 1, flags) }
            if c == UInt8(ascii: "\\") {
                flags |= JSONSpan.hasEscapes
                guard i + 1 < n else { throw JSONSyntaxError(column: n + 1, reason: "unterminated string") }
                switch p[i + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    i += 2
                case UInt8(ascii: "/"):
                    flags |= JSONSpan.needsRewrite
                    i += 2
                case UInt8(ascii: "u"):
                    guard i + 6 <= n else { throw JSONSyntaxError(column: i + 1, reason: "incomplete \\u escape") }
                    var value: UInt32 = 0
                    var hasUpper = false
                    for k in 2..<6 {
                        let h = p[i + k]
                        let digit: UInt32
                        switch h {
                        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(h &- 48)
                        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(h &- 87)
                        case UInt8(ascii: "A")...UInt8(ascii: "F"):
                            digit = UInt32(h &- 55)
                            hasUpper = true
                        default:
                            throw JSONSyntaxError(column: i + k + 1, reason: "invalid hex digit in \\u escape")
                        }
                        value = value << 4 | digit
                    }
                    // JSON.stringify writes only control characters (other than \b \f \n \r \t) as \u00xx.
                    let canonical =
                        value < 0x20 && !hasUpper && value != 8 && value != 9 && value != 10
                        && value != 12 && value != 13
                    if !canonical { flags |= JSONSpan.needsRewrite }
                    i += 6
                default:
                    throw JSONSyntaxError(
                        column: i + 2, reason: "invalid escape '\\\(Character(Unicode.Scalar(p[i + 1])))'")
                }
                continue
            }
            if c < 0x20 {
                throw JSONSyntaxError(
                    column: i + 1, reason: "unescaped control character 0x\(String(c, radix: 16)) in string")
            }
            if c < 0x80 {
                i += 1
                continue
            }
            i = try validateUTF8Sequence(p, n, i)
        }
    }

    /// Validates one multi-byte UTF-8 sequence starting at `i` (lead byte >= 0x80); returns the index
    /// after it. Rejects overlong forms, surrogates and code points above U+10FFFF.
    @inline(__always)
    static func validateUTF8Sequence(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int) throws(JSONSyntaxError) -> Int {
        let lead = p[i]
        var length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default:
            throw JSONSyntaxError(column: i + 1, reason: "invalid UTF-8 byte 0x\(String(lead, radix: 16))")
        }
        guard i + length <= n else { throw JSONSyntaxError(column: i + 1, reason: "truncated UTF-8 sequence") }
        let second = p[i + 1]
        guard second >= low && second <= high else {
            throw JSONSyntaxError(column: i + 2, reason: "invalid UTF-8 sequence")
        }
        var k = 2
        while k < length {
            guard p[i + k] & 0xC0 == 0x80 else {
                throw JSONSyntaxError(column: i + k + 1, reason: "invalid UTF-8 sequence")
            }
            k += 1
        }
        return i + length
    }

    @inline(__always)
    static func scanNumber(_ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int) throws(JSONSyntaxError) -> Int {
        var i = start
        if p[i] == UInt8(ascii: "-") { i += 1 }
        guard i < n, p[i] &- 48 < 10 else { throw JSONSyntaxError(column: i + 1, reason: "invalid number") }
        if p[i] == UInt8(ascii: "0") {
            i += 1
            if i < n, p[i] &- 48 < 10 { throw JSONSyntaxError(column: i + 1, reason: "leading zero in number") }
        } else {
            while i < n, p[i] &- 48 < 10 { i += 1 }
        }
        if i < n, p[i] == UInt8(ascii: ".") {
            i += 1
            guard i < n, p[i] &- 48 < 10 else {
                throw JSONSyntaxError(column: i + 1, reason: "expected a digit after '.'")
            }
            while i < n, p[i] &- 48 < 10 { i += 1 }
        }
        if i < n, p[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < n, p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") { i += 1 }
            guard i < n, p[i] &- 48 < 10 else {
                throw JSONSyntaxError(column: i + 1, reason: "expected a digit in exponent")
            }
            while i < n, p[i] &- 48 < 10 { i += 1 }
        }
        return i
    }

    @inline(__always)
    static func expectLiteral(
        _ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int, _ word: StaticString
    ) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        let w = word.utf8Start
        guard i + count <= n else { throw JSONSyntaxError(column: i + 1, reason: "invalid literal") }
        for k in 0..<count where p[i + k] != w[k] {
            throw JSONSyntaxError(column: i + k + 1, reason: "invalid literal")
        }
    }

    /// Whether raw key bytes hold a `\u003X` escape, i.e. may decode to an integer-like key.
    static func hasEscapedDigit(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var k = start
        while k + 5 < end + 1 {
            if p[k] == UInt8(ascii: "\\") && p[k + 1] == UInt8(ascii: "u") && p[k + 2] == UInt8(ascii: "0")
                && p[k + 3] == UInt8(ascii: "0") && p[k + 4] == UInt8(ascii: "3")
            {
                return true
            }
            k += p[k] == UInt8(ascii: "\\") ? 2 : 1
        }
        return false
    }

    /// Whether the key bytes are the canonical decimal form of an integer in 0 ... 4294967294, the keys
    /// JavaScript orders first.
    static func isIntegerLikeKey(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let length = end - start
        guard length >= 1 && length <= 10 else { return false }
        if length > 1 && p[start] == UInt8(ascii: "0") { return false }
        var value: UInt64 = 0
        for k in start..<end {
            let d = p[k] &- 48
            guard d < 10 else { return false }
            value = value * 10 + UInt64(d)
        }
        return value <= 4_294_967_294
    }

    static func tooDeep(_ i: Int) -> JSONSyntaxError {
        JSONSyntaxError(column: i + 1, reason: "nesting deeper than \(maximumDepth) levels")
    }

    static func error(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int, expected: String) -> JSONSyntaxError {
        if i >= n { return JSONSyntaxError(column: i + 1, reason: "unexpected end of line, expected \(expected)") }
        let c = p[i]
        let found: String
        if c >= 0x20 && c < 0x7F {
            found = "'\(Character(Unicode.Scalar(c)))'"
        } else {
            found = "byte 0x\(String(c, radix: 16, uppercase: false))"
        }
        return JSONSyntaxError(column: i + 1, reason: "unexpected \(found), expected \(expected)")
    }
}
