import SegmentJSON

/// A compiled `@path` / `@arrayPath` path: split once at load time by upstream's rules (SEMANTICS 4.3).
public struct FieldPath: Sendable, Equatable, CustomStringConvertible {
    /// One key of the path, with its facts precomputed for the walk.
    public struct Segment: Sendable, Equatable {
        public let key: [UInt8]
        /// The array/string index when the key is integer-like (canonical 0 ... 4294967294).
        public let index: Int?
        public let isLength: Bool

        public init(_ key: String) {
            self.key = Array(key.utf8)
            self.index = JSONObject.integerValue(key).map { Int($0) }
            self.isLength = key == "length"
        }
    }

    /// The path as written in the mapping.
    public let source: String
    /// Empty for the whole event.
    public let segments: [Segment]

    /// Compiles a path string: removes the first `$.`, splits at `.`, at `[` before a quote or digit and
    /// at runs of `]` after a quote or digit, drops empty segments and every quote character.
    public init(_ path: String) {
        source = path
        var text = Array(path.unicodeScalars)
        // The first occurrence of "$." anywhere is removed, not only a leading one (upstream quirk).
        if let position = (0..<max(0, text.count - 1)).first(where: { text[$0] == "$" && text[$0 + 1] == "." }) {
            text.removeSubrange(position..<position + 2)
        }
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        func isQuoteOrDigit(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "\"" || scalar == "'" || ("0"..."9").contains(scalar)
        }
        var i = 0
        while i < text.count {
            let scalar = text[i]
            if scalar == "." {
                parts.append(String(current))
                current = String.UnicodeScalarView()
                i += 1
            } else if scalar == "[" && i + 1 < text.count && isQuoteOrDigit(text[i + 1]) {
                parts.append(String(current))
                current = String.UnicodeScalarView()
                i += 1
            } else if scalar == "]" && i > 0 && isQuoteOrDigit(text[i - 1]) {
                parts.append(String(current))
                current = String.UnicodeScalarView()
                while i < text.count && text[i] == "]" { i += 1 }
            } else {
                current.append(scalar)
                i += 1
            }
        }
        parts.append(String(current))
        segments = parts.filter { !$0.isEmpty }
            .map { Segment(String($0.unicodeScalars.filter { $0 != "\"" && $0 != "'" }.map(Character.init))) }
    }

    /// A path given as an array of keys (library API): no splitting.
    public init(keys: [String]) {
        source = keys.joined(separator: ".")
        segments = keys.map(Segment.init)
    }

    public var description: String { source }
}
