/// A `@replace` replacement, parsed once into literal text and JavaScript's substitution patterns:
/// `$&` (the match), `` $` `` (the text before it), `$'` (the text after it) and `$$` (a `$`). Any
/// other `$` sequence is literal, since the pattern has no capture groups.
struct ReplacementText: Sendable {
    enum Part: Sendable {
        /// Literal text, in both encodings so either matching path can use it.
        case text(utf16: [UInt16], utf8: [UInt8])
        case match
        case before
        case after
    }

    let parts: [Part]

    init(_ replacement: String) {
        var parts: [Part] = []
        var literal = String.UnicodeScalarView()
        func flush() {
            if literal.isEmpty { return }
            let text = String(literal)
            parts.append(.text(utf16: Array(text.utf16), utf8: Array(text.utf8)))
            literal = String.UnicodeScalarView()
        }
        let scalars = Array(replacement.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "$" && index + 1 < scalars.count {
                switch scalars[index + 1] {
                case "$":
                    literal.append("$")
                    index += 2
                    continue
                case "&":
                    flush()
                    parts.append(.match)
                    index += 2
                    continue
                case "`":
                    flush()
                    parts.append(.before)
                    index += 2
                    continue
                case "'":
                    flush()
                    parts.append(.after)
                    index += 2
                    continue
                default:
                    break
                }
            }
            literal.append(scalar)
            index += 1
        }
        flush()
        self.parts = parts
    }

    /// Appends the substitution for the match `match` of `subject` (UTF-16 code units). O(output).
    func append<Subject: RandomAccessCollection<UInt16>>(_ subject: Subject, match: Range<Int>, to out: inout [UInt16])
    where Subject.Index == Int {
        for part in parts {
            switch part {
            case .text(let utf16, _): out.append(contentsOf: utf16)
            case .match: out.append(contentsOf: subject[match])
            case .before: out.append(contentsOf: subject[..<match.lowerBound])
            case .after: out.append(contentsOf: subject[match.upperBound...])
            }
        }
    }

    /// The same on UTF-8 bytes, for ASCII patterns. O(output).
    func append<Subject: RandomAccessCollection<UInt8>>(_ subject: Subject, match: Range<Int>, to out: inout [UInt8])
    where Subject.Index == Int {
        for part in parts {
            switch part {
            case .text(_, let utf8): out.append(contentsOf: utf8)
            case .match: out.append(contentsOf: subject[match])
            case .before: out.append(contentsOf: subject[..<match.lowerBound])
            case .after: out.append(contentsOf: subject[match.upperBound...])
            }
        }
    }
}
