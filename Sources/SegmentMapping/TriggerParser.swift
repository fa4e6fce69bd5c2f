/// Parses the subscription language of SEMANTICS 5.4 into a `Trigger`.
///
/// Recursive descent over tokens: `or` of `and`s of unary terms; `and` binds tighter; parentheses nest
/// to any depth (bounded by a depth limit so hostile input cannot exhaust the stack).
public struct TriggerParser {
    enum Token: Equatable {
        case identifier([String])  // path segments, escapes resolved
        case string(String)
        case number(Double)
        case op(String)  // = != < <= > >=
        case bang, leftParen, rightParen, comma
        case end
        /// A lexical error, surfaced only if the parser reaches it (so the leftmost error wins).
        case lexError(TriggerSyntaxError)
    }

    /// The subscription as Unicode scalars: columns count scalars, and `\r\n` stays two characters.
    private let text: [Unicode.Scalar]
    private let source: String
    private var tokens: [(token: Token, column: Int)] = []
    private var position = 0
    private var depth = 0
    private static let maximumDepth = 200

    public static func parse(_ subscription: String) throws(TriggerSyntaxError) -> Trigger {
        var parser = TriggerParser(subscription)
        parser.tokenize()
        let result = try parser.parseOr()
        guard parser.current.token == .end else {
            throw parser.error("expected \"and\", \"or\" or end of input")
        }
        return result
    }

    private init(_ source: String) {
        self.source = source
        self.text = Array(source.unicodeScalars)
    }

    private var current: (token: Token, column: Int) { tokens[position] }

    private func error(_ message: String, column: Int? = nil) -> TriggerSyntaxError {
        if column == nil, case .lexError(let lexical) = current.token { return lexical }
        return TriggerSyntaxError(trigger: source, column: column ?? current.column, message: message)
    }

    // MARK: Lexer

    /// Splits the text into tokens; a lexical error becomes the last token instead of being thrown.
    private mutating func tokenize() {
        do {
            try lex()
        } catch {
            tokens.append((.lexError(error), error.column))
        }
    }

    private mutating func lex() throws(TriggerSyntaxError) {
        var i = 0
        func isLetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
        func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
        func isIdentifierStart(_ c: Unicode.Scalar) -> Bool { isLetter(c) || c == "_" || c == "\\" }
        func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
            isLetter(c) || isDigit(c) || c == "_" || c == "-" || c == "." || c == "\\"
        }
        func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            return String(view)
        }
        while i < text.count {
            let c = text[i]
            let column = i + 1
            switch c {
            case " ", "\t", "\n", "\r":
                i += 1
            case "(":
                tokens.append((.leftParen, column))
                i += 1
            case ")":
                tokens.append((.rightParen, column))
                i += 1
            case ",":
                tokens.append((.comma, column))
                i += 1
            case "=":
                tokens.append((.op("="), column))
                i += 1
            case "!":
                if i + 1 < text.count && text[i + 1] == "=" {
                    tokens.append((.op("!="), column))
                    i += 2
                } else {
                    tokens.append((.bang, column))
                    i += 1
                }
            case "<", ">":
                if i + 1 < text.count && text[i + 1] == "=" {
                    tokens.append((.op(String(c) + "="), column))
                    i += 2
                } else {
                    tokens.append((.op(String(c)), column))
                    i += 1
                }
            case "\"", "'":
                guard let close = text[(i + 1)...].firstIndex(of: c) else {
                    throw TriggerSyntaxError(trigger: source, column: column, message: "unterminated string")
                }
                tokens.append((.string(string(text[(i + 1)..<close])), column))
                i = close + 1
            case "+", "-", "0"..."9":
                var j = i
                if c == "+" || c == "-" { j += 1 }
                let digitsStart = j
                while j < text.count, isDigit(text[j]) { j += 1 }
                var malformed = j == digitsStart
                if !malformed && j < text.count && text[j] == "." {
                    j += 1
                    let fractionStart = j
                    while j < text.count, isDigit(text[j]) { j += 1 }
                    if j == fractionStart { malformed = true }
                }
                if !malformed && j < text.count && isIdentifierPart(text[j]) { malformed = true }
                guard !malformed, let value = Double(string(text[i..<j])) else {
                    throw TriggerSyntaxError(trigger: source, column: column, message: "malformed number")
                }
                tokens.append((.number(value), column))
                i = j
            default:
                guard isIdentifierStart(c) else {
                    throw TriggerSyntaxError(trigger: source, column: column, message: "unexpected character '\(c)'")
                }
                var segments: [String] = []
                var segment = ""
                var j = i
                while j < text.count, isIdentifierPart(text[j]) {
                    let d = text[j]
                    if d == "\\" {
                        guard j + 1 < text.count else {
                            throw TriggerSyntaxError(
                                trigger: source, column: j + 1, message: "'\\' at the end of the input")
                        }
                        segment.unicodeScalars.append(text[j + 1])
                        j += 2
                    } else if d == "." {
                        guard !segment.isEmpty || !segments.isEmpty || j > i else { break }
                        segments.append(segment)
                        segment = ""
                        j += 1
                        if j >= text.count || !isIdentifierPart(text[j]) || text[j] == "." {
                            throw TriggerSyntaxError(
                                trigger: source, column: j + 1, message: "expected a field name after '.'")
                        }
                    } else {
                        segment.unicodeScalars.append(d)
                        j += 1
                    }
                }
                segments.append(segment)
                tokens.append((.identifier(segments), column))
                i = j
            }
        }
        tokens.append((.end, text.count + 1))
    }

    // MARK: Grammar

    private mutating func parseOr() throws(TriggerSyntaxError) -> Trigger {
        var terms = [try parseAnd()]
        while case .identifier(["or"]) = current.token {
            position += 1
            terms.append(try parseAnd())
        }
        return terms.count == 1 ? terms[0] : .any(terms)
    }

    private mutating func parseAnd() throws(TriggerSyntaxError) -> Trigger {
        var terms = [try parseUnary()]
        while case .identifier(["and"]) = current.token {
            position += 1
            terms.append(try parseUnary())
        }
        return terms.count == 1 ? terms[0] : .all(terms)
    }

    private mutating func parseUnary() throws(TriggerSyntaxError) -> Trigger {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
        switch current.token {
        case .bang:
            position += 1
            if current.token == .leftParen { return .not(try parseGroup()) }
            if isFunctionStart { return try parseFunction(negated: true) }
            throw error("'!' must be followed by '(', contains or match")
        case .leftParen:
            return try parseGroup()
        default:
            if isFunctionStart { return try parseFunction(negated: false) }
            return try parseComparison()
        }
    }

    private var isFunctionStart: Bool {
        guard case .identifier(let segments) = current.token, segments == ["contains"] || segments == ["match"] else {
            return false
        }
        return tokens[position + 1].token == .leftParen
    }

    private mutating func parseGroup() throws(TriggerSyntaxError) -> Trigger {
        position += 1  // (
        let inner = try parseOr()
        guard current.token == .rightParen else { throw error("expected ')'") }
        position += 1
        return inner
    }

    private mutating func parseFunction(negated: Bool) throws(TriggerSyntaxError) -> Trigger {
        guard case .identifier(let name) = current.token else { throw error("expected a function") }
        position += 2  // name (
        let field = try parseField()
        guard current.token == .comma else { throw error("expected ','") }
        position += 1
        guard case .string(let argument) = current.token else { throw error("expected a string") }
        let argumentColumn = current.column
        position += 1
        guard current.token == .rightParen else { throw error("expected ')'") }
        position += 1
        if name == ["contains"] { return .contains(field, Array(argument.utf8), negated: negated) }
        let stars = argument.filter { $0 == "*" }.count
        if argument.hasSuffix("*") && stars == 1 {
            return .match(field, prefix: true, Array(argument.dropLast().utf8), negated: negated)
        }
        if argument.hasPrefix("*") && stars == 1 {
            return .match(field, prefix: false, Array(argument.dropFirst().utf8), negated: negated)
        }
        throw error("a match pattern must be \"text*\" or \"*text\"", column: argumentColumn)
    }

    private mutating func parseField() throws(TriggerSyntaxError) -> TriggerField {
        guard case .identifier(let segments) = current.token else { throw error("expected a field") }
        let keywords: Set<String> = ["and", "or", "true", "false", "null"]
        if segments.count == 1 && keywords.contains(segments[0]) { throw error("expected a field") }
        switch segments[0] {
        case "type", "event", "name", "userId":
            guard segments.count == 1 else { throw error("\(segments[0]) takes no sub-path") }
        case "properties", "traits", "context":
            guard segments.count >= 2 else { throw error("\(segments[0]) needs a sub-path such as \(segments[0]).x") }
        default:
            throw error("unknown field \"\(segments.joined(separator: "."))\"")
        }
        position += 1
        return TriggerField(segments: segments)
    }

    private mutating func parseComparison() throws(TriggerSyntaxError) -> Trigger {
        let field = try parseField()
        guard case .op(let symbol) = current.token, let op = TriggerOperator(rawValue: symbol) else {
            throw error("expected an operator (=, !=, <, <=, >, >=)")
        }
        position += 1
        let literal: TriggerLiteral
        switch current.token {
        case .string(let value): literal = .string(Array(value.utf8))
        case .number(let value): literal = .number(value)
        case .identifier(["true"]): literal = .bool(true)
        case .identifier(["false"]): literal = .bool(false)
        case .identifier(["null"]): literal = .null
        case .end: throw error("expected a value")
        default: throw error("expected a string, number, true, false or null")
        }
        switch (op, literal) {
        case (.less, .number), (.lessOrEqual, .number), (.greater, .number), (.greaterOrEqual, .number): break
        case (.less, _), (.lessOrEqual, _), (.greater, _), (.greaterOrEqual, _):
            throw error("\(op.rawValue) needs a number")
        case (.notEqual, .bool):
            throw error("!= true and != false are not supported")
        default: break
        }
        position += 1
        return .compare(field, op, literal)
    }
}
