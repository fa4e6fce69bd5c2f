/// One `pattern` → `replacement` pass of `@replace`, compiled once: the pattern is literal text matched
/// on UTF-16 code units (case-insensitively by ECMAScript's canonicalisation when asked), every
/// occurrence or the first only.
///
/// An ASCII pattern also gets a UTF-8 form: no non-ASCII code unit canonicalises to an ASCII one, so
/// matching the UTF-8 bytes gives exactly the same matches without transcoding the value.
struct ReplacePass: Sendable {
    /// The pattern's UTF-16 code units, canonicalised when `ignoreCase`.
    let pattern: [UInt16]
    /// The same as UTF-8 bytes when the pattern is ASCII, else nil.
    let asciiPattern: [UInt8]?
    let replacement: ReplacementText
    let ignoreCase: Bool
    let global: Bool
    /// Upstream's length guard, raised when the pass runs (not when it is compiled).
    let lengthError: String?

    init(pattern: String, replacement: String, ignoreCase: Bool, global: Bool) {
        let units = Array(pattern.utf16)
        self.pattern = ignoreCase ? units.map(JavaScriptCase.canonicalized) : units
        self.asciiPattern = units.allSatisfy { $0 < 0x80 } ? self.pattern.map { UInt8($0) } : nil
        self.replacement = ReplacementText(replacement)
        self.ignoreCase = ignoreCase
        self.global = global
        let limit = ReplaceDirective.maximumLength
        if units.count > limit {
            lengthError = "@replace requires a \"pattern\" less than \(limit) characters"
        } else if replacement.utf16.count > limit {
            lengthError = "@replace requires a \"replacement\" less than \(limit) characters"
        } else {
            lengthError = nil
        }
    }

    /// Replaces in UTF-16 code units. O(n × pattern length); nil when nothing matches (the caller
    /// keeps its value).
    func apply(_ subject: [UInt16]) -> [UInt16]? {
        if ignoreCase {
            return Self.replace(subject, pattern, global, JavaScriptCase.canonicalized, replacement.append)
        }
        return Self.replace(subject, pattern, global, { $0 }, replacement.append)
    }

    /// Replaces in UTF-8 bytes (a buffer or the line itself); only valid when `asciiPattern` is set.
    /// Nil when nothing matches.
    func apply<Subject: RandomAccessCollection<UInt8>>(_ subject: Subject) -> [UInt8]? where Subject.Index == Int {
        let pattern = asciiPattern ?? []
        if ignoreCase {
            // 0x61 is "a": only ASCII letters change, and only ASCII bytes can match an ASCII pattern.
            return Self.replace(subject, pattern, global, { $0 &- 0x61 < 26 ? $0 - 32 : $0 }, replacement.append)
        }
        return Self.replace(subject, pattern, global, { $0 }, replacement.append)
    }

    @inline(__always)
    private static func replace<Unit: FixedWidthInteger, Subject: RandomAccessCollection<Unit>>(
        _ subject: Subject, _ pattern: [Unit], _ global: Bool, _ canonical: (Unit) -> Unit,
        _ substitute: (Subject, Range<Int>, inout [Unit]) -> Void
    ) -> [Unit]? where Subject.Index == Int {
        let length = pattern.count
        let start = subject.startIndex
        let end = subject.endIndex
        guard length > 0, end - start >= length else { return nil }
        var out: [Unit]?
        var copied = start
        var position = start
        while position + length <= end {
            var offset = 0
            while offset < length && canonical(subject[position + offset]) == pattern[offset] { offset += 1 }
            if offset < length {
                position += 1
                continue
            }
            if out == nil { out = []; out?.reserveCapacity(end - start) }
            out?.append(contentsOf: subject[copied..<position])
            substitute(subject, position..<position + length, &out!)
            position += length
            copied = position
            if !global { break }
        }
        guard var result = out else { return nil }
        result.append(contentsOf: subject[copied..<end])
        return result
    }
}
