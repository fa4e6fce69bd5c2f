/// Builds the node tree of a template from its tokens: nests `if`/`unless`/`capture` blocks, drops comments,
/// keeps `raw` bodies as text, and rejects every tag the product does not implement.
struct LiquidParser {
    /// The tags Segment's runtime replaces with one that throws `tag "<name>" is disabled` (SEMANTICS 4.6).
    static let disabledTags: Set<String> = ["case", "for", "include", "layout", "render", "tablerow"]

    /// Tags that only make sense inside a block; met anywhere else they are a syntax error.
    private static let blockPartners: Set<String> = [
        "elsif", "else", "endif", "endunless", "endcapture", "endcomment", "endraw", "endcase", "when", "endfor",
        "endtablerow",
    ]

    private let source: [UInt16]
    private let tokens: [LiquidLexer.Token]
    private var index = 0

    private init(source: [UInt16], tokens: [LiquidLexer.Token]) {
        self.source = source
        self.tokens = tokens
    }

    /// The nodes of a whole template.
    static func parse(_ source: [UInt16]) throws(LiquidError) -> [LiquidNode] {
        var parser = LiquidParser(source: source, tokens: try LiquidLexer.tokenize(source))
        let (nodes, terminator) = try parser.parseNodes(until: [])
        if let terminator { throw parser.unexpectedTag(terminator) }
        return nodes
    }

    // MARK: Blocks

    /// Nodes up to (and consuming) a tag named in `terminators`, which is returned; nil at the end of input.
    private mutating func parseNodes(
        until terminators: Set<String>
    ) throws(LiquidError) -> ([LiquidNode], LiquidLexer.Token?) {
        var nodes: [LiquidNode] = []
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            switch token.kind {
            case .text:
                if !token.content.isEmpty { nodes.append(.text(LiquidJavaScript.string(source[token.content]))) }
            case .output:
                nodes.append(.output(try filteredValue(token.content, in: token)))
            case .tag:
                if terminators.contains(token.name) { return (nodes, token) }
                if let node = try parseTag(token) { nodes.append(node) }
            }
        }
        return (nodes, nil)
    }

    private mutating func parseTag(_ token: LiquidLexer.Token) throws(LiquidError) -> LiquidNode? {
        let name = token.name
        if Self.disabledTags.contains(name) { throw LiquidError("tag \"\(name)\" is disabled") }
        switch name {
        case "if", "unless":
            return try parseConditional(token)
        case "assign":
            return try parseAssign(token)
        case "capture":
            return try parseCapture(token)
        case "comment":
            try skipComment(token)
            return nil
        case "raw":
            return try parseRaw(token)
        default:
            if Self.blockPartners.contains(name) { throw unexpectedTag(token) }
            throw LiquidError("tag \"\(name)\" is not supported by segment-metronome")
        }
    }

    /// `if`/`unless` with any number of `elsif` and at most one `else`, which must come last.
    private mutating func parseConditional(_ opening: LiquidLexer.Token) throws(LiquidError) -> LiquidNode {
        let closing = "end" + opening.name
        let terminators: Set<String> = ["elsif", "else", closing]
        var branches: [LiquidNode.Branch] = []
        var current = LiquidNode.Branch(
            condition: try filteredValue(opening.arguments, in: opening), rendersWhenTruthy: opening.name == "if",
            body: [])
        var otherwise: [LiquidNode] = []
        var sawElse = false
        while true {
            let (body, terminator) = try parseNodes(until: terminators)
            guard let terminator else { throw notClosed(opening) }
            if sawElse {
                otherwise = body
            } else {
                current.body = body
                branches.append(current)
            }
            switch terminator.name {
            case "elsif":
                if sawElse { throw syntaxError("{% elsif %} after {% else %}", in: terminator) }
                current = LiquidNode.Branch(
                    condition: try filteredValue(terminator.arguments, in: terminator), rendersWhenTruthy: true,
                    body: [])
            case "else":
                if sawElse { throw syntaxError("a second {% else %}", in: terminator) }
                try expectNoArguments(terminator)
                sawElse = true
            default:
                try expectNoArguments(terminator)
                return .conditional(branches, otherwise: otherwise)
            }
        }
    }

    /// `{% assign name = value | filters %}`.
    private func parseAssign(_ token: LiquidLexer.Token) throws(LiquidError) -> LiquidNode {
        var parser = expressionParser(token.arguments, in: token)
        guard let name = parser.readIdentifier() else { throw syntaxError("expected a variable name", in: token) }
        guard parser.consume("=") else { throw syntaxError("expected \"=\" after \"\(name)\"", in: token) }
        return .assign(name, try parser.parseFilteredValue())
    }

    /// `{% capture name %}…{% endcapture %}`; the name may also be quoted.
    private mutating func parseCapture(_ token: LiquidLexer.Token) throws(LiquidError) -> LiquidNode {
        var parser = expressionParser(token.arguments, in: token)
        let name: String
        if let identifier = parser.readIdentifier() {
            name = identifier
        } else if let quoted = try parser.readQuotedString() {
            name = quoted
        } else {
            throw syntaxError("expected a variable name", in: token)
        }
        try parser.expectEnd()
        let (body, terminator) = try parseNodes(until: ["endcapture"])
        guard let terminator else { throw notClosed(token) }
        try expectNoArguments(terminator)
        return .capture(name, body)
    }

    /// Skips to the first `{% endcomment %}`; nothing inside is parsed (comments do not nest).
    private mutating func skipComment(_ token: LiquidLexer.Token) throws(LiquidError) {
        while index < tokens.count {
            let candidate = tokens[index]
            index += 1
            if candidate.kind == .tag && candidate.name == "endcomment" { return }
        }
        throw notClosed(token)
    }

    /// The text between `{% raw %}` and `{% endraw %}`, verbatim.
    private mutating func parseRaw(_ token: LiquidLexer.Token) throws(LiquidError) -> LiquidNode? {
        var text = ""
        while index < tokens.count {
            let candidate = tokens[index]
            index += 1
            if candidate.kind == .tag && candidate.name == "endraw" {
                return text.isEmpty ? nil : .text(text)
            }
            text += LiquidJavaScript.string(source[candidate.range])
        }
        throw notClosed(token)
    }

    // MARK: Helpers

    private func filteredValue(
        _ range: Range<Int>, in token: LiquidLexer.Token
    ) throws(LiquidError) -> LiquidFilteredValue {
        var parser = expressionParser(range, in: token)
        return try parser.parseFilteredValue()
    }

    private func expressionParser(_ range: Range<Int>, in token: LiquidLexer.Token) -> LiquidExpressionParser {
        LiquidExpressionParser(source: source, range: range, context: text(of: token))
    }

    private func expectNoArguments(_ token: LiquidLexer.Token) throws(LiquidError) {
        if !token.arguments.isEmpty { throw syntaxError("unexpected arguments", in: token) }
    }

    /// The token as written, shortened for messages.
    private func text(of token: LiquidLexer.Token) -> String {
        let range = token.range
        guard range.count > 60 else { return LiquidJavaScript.string(source[range]) }
        return LiquidJavaScript.string(source[range].prefix(57)) + "..."
    }

    private func syntaxError(_ message: String, in token: LiquidLexer.Token) -> LiquidError {
        LiquidError("\(message) in \(text(of: token))")
    }

    private func notClosed(_ token: LiquidLexer.Token) -> LiquidError {
        LiquidError("tag \(text(of: token)) not closed")
    }

    private func unexpectedTag(_ token: LiquidLexer.Token) -> LiquidError {
        LiquidError("unexpected tag \(text(of: token))")
    }
}
