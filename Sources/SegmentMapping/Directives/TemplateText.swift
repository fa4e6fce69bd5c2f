import SegmentJSON

/// An `@template` text split once into literal text and placeholder paths (SEMANTICS 4.4).
///
/// Upstream replaces every `{{{…}}}` first and then every `{{…}}` in the *result*, so text inserted by
/// the first pass can itself form a placeholder for the second. A text without `{{{…}}}` (the normal
/// case) needs one pass over pre-split pieces; one with them keeps its first-pass pieces and splits the
/// second pass per event.
struct TemplateText: Sendable {
    enum Piece: Sendable {
        /// Literal UTF-8 text.
        case text([UInt8])
        /// A placeholder's path (trimmed, no `$.` removal).
        case placeholder(FieldPath)
    }

    /// The pieces of the only pass, or of the first (`{{{…}}}`) pass when `secondPass` is set.
    let pieces: [Piece]
    /// Whether the `{{…}}` pass must run on the first pass's output.
    let secondPass: Bool
    /// The whole result when the text has no placeholder at all.
    let constant: String?

    /// Splits `text`. O(length of the text); runs at load time for texts given in the mapping.
    init(_ text: String) {
        let bytes = Array(text.utf8)
        if let triple = Self.split(bytes, braces: 3) {
            pieces = triple
            secondPass = true
            constant = nil
        } else if let double = Self.split(bytes, braces: 2) {
            pieces = double
            secondPass = false
            constant = nil
        } else {
            pieces = [.text(bytes)]
            secondPass = false
            constant = text
        }
    }

    /// Renders the text with `payload`. O(output length + lookups); allocates the output (a text
    /// without placeholders is returned without allocating).
    func render(_ payload: Resolved, _ document: JSONDocument) -> String {
        if let constant { return constant }
        var out: [UInt8] = []
        Self.render(pieces, payload, document, into: &out)
        if secondPass, let second = Self.split(out, braces: 2) {
            var final: [UInt8] = []
            Self.render(second, payload, document, into: &final)
            out = final
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func render(
        _ pieces: [Piece], _ payload: Resolved, _ document: JSONDocument, into out: inout [UInt8]
    ) {
        for piece in pieces {
            switch piece {
            case .text(let text):
                out.append(contentsOf: text)
            case .placeholder(let path):
                // `undefined` and `null` render as ""; everything else as its JavaScript string form.
                path.lookup(in: payload, document).appendJavaScriptString(document.bytes, to: &out)
            }
        }
    }

    /// The pieces of `text` for placeholders with `braces` braces (regex `\{{n}([^}]+)\}{n}`, global),
    /// or nil when there is none. Matching on UTF-8 is exact: `{` and `}` never occur inside a
    /// multi-byte sequence.
    static func split(_ text: [UInt8], braces: Int) -> [Piece]? {
        let open = UInt8(ascii: "{")
        let close = UInt8(ascii: "}")
        var pieces: [Piece] = []
        var literalStart = 0
        var index = 0
        let count = text.count
        while index + 2 * braces < count {
            var matched = false
            if (0..<braces).allSatisfy({ text[index + $0] == open }) {
                // `[^}]+` is greedy and cannot give back to a `}`, so the first `}` decides.
                var end = index + braces
                while end < count && text[end] != close { end += 1 }
                if end > index + braces && end + braces <= count
                    && (0..<braces).allSatisfy({ text[end + $0] == close })
                {
                    if literalStart < index { pieces.append(.text(Array(text[literalStart..<index]))) }
                    let inner = String(decoding: text[(index + braces)..<end], as: UTF8.self)
                    pieces.append(.placeholder(placeholderPath(inner)))
                    index = end + braces
                    literalStart = index
                    matched = true
                }
            }
            if !matched { index += 1 }
        }
        if pieces.isEmpty { return nil }
        if literalStart < count { pieces.append(.text(Array(text[literalStart...]))) }
        return pieces
    }

    /// The path of a placeholder's inner text: trimmed as `String.prototype.trim` does, then split as
    /// a path *without* removing a `$.` (`{{$.a}}` looks up a key named `$`). `FieldPath` removes the
    /// first `$.`, so one is put in front for it to remove.
    static func placeholderPath(_ inner: String) -> FieldPath {
        let scalars = inner.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end && isJavaScriptWhitespace(scalars[start]) { start = scalars.index(after: start) }
        while end > start && isJavaScriptWhitespace(scalars[scalars.index(before: end)]) {
            end = scalars.index(before: end)
        }
        return FieldPath("$." + String(scalars[start..<end]))
    }

    /// ECMAScript WhiteSpace and LineTerminator, what `trim` removes.
    static func isJavaScriptWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
            return true
        default:
            return false
        }
    }
}
