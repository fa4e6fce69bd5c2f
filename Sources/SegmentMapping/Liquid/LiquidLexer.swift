import SegmentJSON

/// Splits a template into text, `{{ output }}` and `{% tag %}` tokens, the way LiquidJS's tokenizer does, and
/// applies whitespace control (`{{-`, `-}}`, `{%-`, `-%}`).
///
/// Positions are UTF-16 code-unit offsets, as in JavaScript. Quoted strings inside `{{ … }}` may contain `}}`;
/// inside `{% … %}` they may not (the tag ends at the first `%}`, as in current LiquidJS). Everything between
/// `{% raw %}` and the first `{% endraw %}` is one text token.
struct LiquidLexer {
    /// One top-level token.
    struct Token {
        enum Kind {
            case text
            case output
            case tag
        }

        var kind: Kind
        /// The whole token, delimiters included.
        var range: Range<Int>
        /// For text, what remains after whitespace control; for output and tags, the inside without the
        /// delimiters, the `-` markers and surrounding blanks.
        var content: Range<Int>
        var trimLeft = false
        var trimRight = false
        /// The tag name (`if`, `endif`, `#`); empty for other kinds.
        var name = ""
        /// What follows the tag name, without surrounding blanks.
        var arguments: Range<Int> = 0..<0
    }

    private let source: [UInt16]
    private var position = 0
    private var rawBegin: Int?
    private var tokens: [Token] = []

    private init(source: [UInt16]) {
        self.source = source
    }

    /// The tokens of `source`, whitespace control applied.
    static func tokenize(_ source: [UInt16]) throws(LiquidError) -> [Token] {
        var lexer = LiquidLexer(source: source)
        while lexer.position < source.count {
            try lexer.readTopLevelToken()
        }
        lexer.applyWhitespaceControl()
        return lexer.tokens
    }

    // MARK: Characters

    private static let openTag: [UInt16] = [0x7B, 0x25]  // {%
    private static let closeTag: [UInt16] = [0x25, 0x7D]  // %}
    private static let openOutput: [UInt16] = [0x7B, 0x7B]  // {{
    private static let closeOutput: [UInt16] = [0x7D, 0x7D]  // }}
    private static let dash: UInt16 = 0x2D
    private static let backslash: UInt16 = 0x5C

    /// LiquidJS's blank characters: ASCII whitespace and the Unicode space separators.
    static func isBlank(_ unit: UInt16) -> Bool {
        switch unit {
        case 0x09...0x0D, 0x20, 0xA0, 0x1680, 0x180E, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Characters of identifiers: ASCII letters, digits, `_`, `-` and `?`.
    static func isWord(_ unit: UInt16) -> Bool {
        switch unit {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F, 0x2D, 0x3F: return true
        default: return false
        }
    }

    static func isQuote(_ unit: UInt16) -> Bool { unit == 0x22 || unit == 0x27 }

    private func matches(_ word: [UInt16], at index: Int) -> Bool {
        guard index >= 0, index + word.count <= source.count else { return false }
        for offset in word.indices where source[index + offset] != word[offset] { return false }
        return true
    }

    /// Whether `word` ends just before `index`.
    private func matchesBefore(_ word: [UInt16], _ index: Int) -> Bool {
        matches(word, at: index - word.count)
    }

    // MARK: Reading

    private mutating func readTopLevelToken() throws(LiquidError) {
        if rawBegin != nil {
            try readRawContentOrEndraw()
        } else if matches(Self.openTag, at: position) {
            try readDelimited(.tag)
        } else if matches(Self.openOutput, at: position) {
            try readDelimited(.output)
        } else {
            let begin = position
            while position < source.count && !matches(Self.openTag, at: position)
                && !matches(Self.openOutput, at: position)
            {
                position += 1
            }
            tokens.append(Token(kind: .text, range: begin..<position, content: begin..<position))
        }
    }

    /// Reads `{% … %}` or `{{ … }}` starting at `position`.
    private mutating func readDelimited(_ kind: Token.Kind) throws(LiquidError) {
        let begin = position
        let close = kind == .tag ? Self.closeTag : Self.closeOutput
        var end: Int?
        while position < source.count {
            if kind == .output && Self.isQuote(source[position]) {
                skipQuoted()
                continue
            }
            position += 1
            if matchesBefore(close, position) {
                end = position
                break
            }
        }
        guard let end else {
            let what = kind == .tag ? "tag" : "output"
            throw LiquidError("\(what) \(snapshot(from: begin)) not closed")
        }
        var token = Token(kind: kind, range: begin..<end, content: begin..<end)
        var lower = begin + 2
        var upper = end - 2
        if source[lower] == Self.dash {
            token.trimLeft = true
            lower += 1
        }
        if source[upper - 1] == Self.dash {
            token.trimRight = true
            upper -= 1
        }
        while lower < upper && Self.isBlank(source[lower]) { lower += 1 }
        while upper > lower && Self.isBlank(source[upper - 1]) { upper -= 1 }
        token.content = lower..<max(lower, upper)
        if kind == .tag {
            try readTagName(into: &token)
            if token.name == "raw" { rawBegin = begin }
        }
        tokens.append(token)
    }

    /// Skips a quoted string inside an output (an unterminated one runs to the end of the template).
    private mutating func skipQuoted() {
        let quote = source[position]
        position += 1
        var escaped = false
        while position < source.count {
            position += 1
            let unit = source[position - 1]
            if unit == quote && !escaped { break }
            if escaped {
                escaped = false
            } else if unit == Self.backslash {
                escaped = true
            }
        }
    }

    private func readTagName(into token: inout Token) throws(LiquidError) {
        var index = token.content.lowerBound
        let upper = token.content.upperBound
        if index < upper && source[index] == 0x23 {  // `#`, the inline comment tag
            index += 1
        } else {
            while index < upper && Self.isWord(source[index]) { index += 1 }
        }
        guard index > token.content.lowerBound else {
            throw LiquidError("illegal tag syntax, tag name expected: \(snapshot(of: token.range))")
        }
        token.name = LiquidJavaScript.string(source[token.content.lowerBound..<index])
        while index < upper && Self.isBlank(source[index]) { index += 1 }
        token.arguments = index..<upper
    }

    /// In raw mode, reads the text up to `{% endraw %}` and then that tag.
    ///
    /// Only `{%`, blanks and exactly `endraw` open the closing tag, so `{%- endraw %}` does not close it, as in
    /// LiquidJS.
    private mutating func readRawContentOrEndraw() throws(LiquidError) {
        let begin = position
        var search = begin
        while let open = nextOpenTag(from: search) {
            var index = open + 2
            while index < source.count && Self.isBlank(source[index]) { index += 1 }
            let nameStart = index
            while index < source.count && Self.isWord(source[index]) { index += 1 }
            guard LiquidJavaScript.string(source[nameStart..<index]) == "endraw" else {
                search = open + 2
                continue
            }
            // The tag ends at the next `%}`. LiquidJS's recovery when another `{%` comes first is
            // position-dependent, so that template is refused rather than guessed at.
            var close = index
            var found = false
            while close + 2 <= source.count {
                if matches(Self.closeTag, at: close) {
                    found = true
                    break
                }
                if matches(Self.openTag, at: close) {
                    throw LiquidError("malformed {% endraw %} in \(snapshot(from: open))")
                }
                close += 1
            }
            guard found else { break }
            if open > begin {
                tokens.append(Token(kind: .text, range: begin..<open, content: begin..<open))
            }
            position = open
            rawBegin = nil
            try readDelimited(.tag)
            return
        }
        throw LiquidError("raw \(snapshot(from: rawBegin ?? begin)) not closed")
    }

    private func nextOpenTag(from start: Int) -> Int? {
        var index = start
        while index + 1 < source.count {
            if source[index] == 0x7B && source[index + 1] == 0x25 { return index }
            index += 1
        }
        return nil
    }

    // MARK: Whitespace control

    /// LiquidJS's greedy whitespace control: a `-` next to a delimiter removes all blanks (newlines included)
    /// from the neighbouring text; inside `raw` nothing is trimmed.
    private mutating func applyWhitespaceControl() {
        var inRaw = false
        for index in tokens.indices where tokens[index].kind != .text {
            let token = tokens[index]
            if !inRaw && token.trimLeft && index > 0 && tokens[index - 1].kind == .text {
                var text = tokens[index - 1]
                while text.content.upperBound > text.content.lowerBound
                    && Self.isBlank(source[text.content.upperBound - 1])
                {
                    text.content = text.content.lowerBound..<text.content.upperBound - 1
                }
                tokens[index - 1] = text
            }
            if token.kind == .tag {
                if token.name == "raw" {
                    inRaw = true
                } else if token.name == "endraw" {
                    inRaw = false
                }
            }
            if !inRaw && token.trimRight && index + 1 < tokens.count && tokens[index + 1].kind == .text {
                var text = tokens[index + 1]
                while text.content.lowerBound < text.content.upperBound
                    && Self.isBlank(source[text.content.lowerBound])
                {
                    text.content = text.content.lowerBound + 1..<text.content.upperBound
                }
                tokens[index + 1] = text
            }
        }
    }

    // MARK: Messages

    /// The template from `begin`, quoted and shortened like LiquidJS's error snapshots.
    private func snapshot(from begin: Int) -> String {
        snapshot(of: begin..<source.count)
    }

    private func snapshot(of range: Range<Int>) -> String {
        LiquidLexer.quote(source[range])
    }

    /// `text` as a JSON string, cut to 32 code units with an ellipsis (LiquidJS's snapshot).
    static func quote(_ text: ArraySlice<UInt16>) -> String {
        let shown = text.count > 32 ? LiquidJavaScript.string(text.prefix(29)) + "..." : LiquidJavaScript.string(text)
        return JSONValue.string(shown).jsonText
    }
}
