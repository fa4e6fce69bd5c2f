/// Parses the inside of `{{ … }}` and of tags: values, operators and filter chains.
///
/// Follows LiquidJS's grammar (identifiers of ASCII letters, digits, `_`, `-`, `?`; `a.b`, `a[0]`, `a["b"]`,
/// `a[b]`; quoted strings with backslash escapes; `-1.5`; `true`, `false`, `nil`, `null`, `empty`, `blank`) and
/// refuses what LiquidJS versions disagree on or what the product does not implement: ranges `(1..3)`, the
/// `not` operator, properties of literals, a value or operator with nothing to pair with (`a b`, `a ==`).
struct LiquidExpressionParser {
    private let source: [UInt16]
    private var position: Int
    private let end: Int
    /// The token being parsed, quoted in messages.
    private let context: String

    init(source: [UInt16], range: Range<Int>, context: String) {
        self.source = source
        self.position = range.lowerBound
        self.end = range.upperBound
        self.context = context
    }

    // MARK: Entry points

    /// An expression and its filters, using up the whole range.
    mutating func parseFilteredValue() throws(LiquidError) -> LiquidFilteredValue {
        skipBlank()
        guard !atEnd else { throw failure("expected a value") }
        let expression = try parseExpression()
        let filters = try parseFilters()
        return LiquidFilteredValue(expression: expression, filters: filters)
    }

    /// An identifier (for `assign` and `capture` names), or nil.
    mutating func readIdentifier() -> String? {
        skipBlank()
        let begin = position
        while position < end && LiquidLexer.isWord(source[position]) { position += 1 }
        return position > begin ? LiquidJavaScript.string(source[begin..<position]) : nil
    }

    /// A quoted string (for `capture "name"`), or nil.
    mutating func readQuotedString() throws(LiquidError) -> String? {
        skipBlank()
        guard position < end, LiquidLexer.isQuote(source[position]) else { return nil }
        return try readQuoted()
    }

    /// Consumes `character` (after blanks) if it is next.
    mutating func consume(_ character: Character) -> Bool {
        skipBlank()
        guard position < end, let ascii = character.asciiValue, source[position] == UInt16(ascii) else { return false }
        position += 1
        return true
    }

    /// Throws unless only blanks remain.
    mutating func expectEnd() throws(LiquidError) {
        skipBlank()
        guard atEnd else { throw unexpected() }
    }

    // MARK: Expressions

    private mutating func parseExpression() throws(LiquidError) -> LiquidExpression {
        var operands = [try parseOperand()]
        var operators: [LiquidExpression.Operator] = []
        while true {
            skipBlank()
            if atEnd || source[position] == 0x7C { break }  // `|` starts the filters
            guard let found = try readOperator() else { throw unexpected() }
            skipBlank()
            guard !atEnd, source[position] != 0x7C else {
                throw failure("expected a value after \"\(found.rawValue)\"")
            }
            operators.append(found)
            operands.append(try parseOperand())
        }
        return LiquidExpressionParser.combine(operands, operators)
    }

    /// Builds the tree the way LiquidJS's postfix conversion does: an operator waits on the stack until one of
    /// lower precedence arrives, so equal precedence groups to the right.
    private static func combine(
        _ operands: [LiquidExpression], _ operators: [LiquidExpression.Operator]
    ) -> LiquidExpression {
        var output: [LiquidExpression] = [operands[0]]
        var stack: [LiquidExpression.Operator] = []
        func reduce() {
            let rhs = output.removeLast()
            let lhs = output.removeLast()
            output.append(.binary(stack.removeLast(), lhs, rhs))
        }
        for (index, next) in operators.enumerated() {
            while let top = stack.last, top.precedence > next.precedence { reduce() }
            stack.append(next)
            output.append(operands[index + 1])
        }
        while !stack.isEmpty { reduce() }
        return output[0]
    }

    /// Longest first, so that `<=` is not read as `<`.
    private static let symbolicOperators: [(text: [UInt16], value: LiquidExpression.Operator)] =
        [LiquidExpression.Operator.equal, .notEqual, .lessOrEqual, .greaterOrEqual, .less, .greater].map {
            (Array($0.rawValue.utf16), $0)
        }

    private mutating func readOperator() throws(LiquidError) -> LiquidExpression.Operator? {
        for (text, value) in Self.symbolicOperators where matches(text) {
            position += text.count
            return value
        }
        guard let word = peekWord() else { return nil }
        switch word {
        case "contains":
            position += 8
            return .contains
        case "and":
            position += 3
            return .and
        case "or":
            position += 2
            return .or
        case "not":
            throw LiquidError("operator \"not\" is not supported by segment-metronome")
        default:
            return nil
        }
    }

    // MARK: Values

    private mutating func parseOperand() throws(LiquidError) -> LiquidExpression {
        skipBlank()
        guard let value = try readValue() else {
            if atEnd { throw failure("expected a value") }
            throw unexpected()
        }
        return value
    }

    /// A literal, number or variable path at `position`, or nil when none starts there.
    private mutating func readValue() throws(LiquidError) -> LiquidExpression? {
        skipBlank()
        guard !atEnd else { return nil }
        let unit = source[position]
        if let word = peekWord() {
            switch word {
            case "not":
                throw LiquidError("operator \"not\" is not supported by segment-metronome")
            case "contains", "and", "or":
                throw failure("expected a value but found the operator \"\(word)\"")
            default:
                break
            }
            if let literal = Self.literals[word] {
                position += word.utf16.count
                try refuseProperties(of: word)
                return .literal(literal)
            }
        }
        if LiquidLexer.isQuote(unit) {
            let text = try readQuoted()
            try refuseProperties(of: "a string")
            return .literal(.string(text))
        }
        if unit == 0x28 {  // `(`
            throw failure("ranges and parentheses are not supported by segment-metronome")
        }
        if let number = try readNumber() { return .literal(.number(number)) }
        return try readVariable()
    }

    private static let literals: [String: LiquidValue] = [
        "true": .bool(true), "false": .bool(false), "nil": .drop(.nil), "null": .drop(.nil),
        "empty": .drop(.empty), "blank": .drop(.blank),
    ]

    private mutating func refuseProperties(of what: String) throws(LiquidError) {
        guard position < end, source[position] == 0x2E || source[position] == 0x5B else { return }
        throw failure("properties of \(what) are not supported by segment-metronome")
    }

    /// `-?digits(.digits)?` not followed by an identifier character (`1st` is a variable name).
    private mutating func readNumber() throws(LiquidError) -> Double? {
        var index = position
        if index < end && source[index] == 0x2D { index += 1 }
        let digitsStart = index
        while index < end && Self.isDigit(source[index]) { index += 1 }
        guard index > digitsStart else { return nil }
        if index < end && source[index] == 0x2E && !(index + 1 < end && source[index + 1] == 0x2E) {
            index += 1
            while index < end && Self.isDigit(source[index]) { index += 1 }
            if index < end && (source[index] == 0x2E || source[index] == 0x5B) {
                throw failure("invalid number \(LiquidLexer.quote(source[position..<index + 1]))")
            }
        }
        if index < end && LiquidLexer.isWord(source[index]) { return nil }
        let text = LiquidJavaScript.string(source[position..<index])
        position = index
        return LiquidJavaScript.number(text)
    }

    private static func isDigit(_ unit: UInt16) -> Bool { unit >= 0x30 && unit <= 0x39 }

    /// `name`, `["name"]`, followed by `.name`, `[value]` any number of times.
    private mutating func readVariable() throws(LiquidError) -> LiquidExpression? {
        var segments: [LiquidExpression] = []
        if position < end && source[position] == 0x5B {
            segments.append(try readBracket())
        } else if let name = readIdentifier() {
            segments.append(.literal(.string(name)))
        } else {
            return nil
        }
        while position < end {
            if source[position] == 0x5B {
                segments.append(try readBracket())
            } else if source[position] == 0x2E && !(position + 1 < end && source[position + 1] == 0x2E) {
                position += 1
                guard position < end, LiquidLexer.isWord(source[position]), let name = readIdentifier() else {
                    throw failure("expected a property name after \".\"")
                }
                segments.append(.literal(.string(name)))
            } else {
                break
            }
        }
        return .variable(segments)
    }

    private mutating func readBracket() throws(LiquidError) -> LiquidExpression {
        position += 1
        guard let key = try readValue() else { throw failure("expected a value inside [ ]") }
        skipBlank()
        guard position < end, source[position] == 0x5D else { throw failure("expected \"]\"") }
        position += 1
        return key
    }

    /// A quoted string at `position`, escapes decoded as LiquidJS does (`\n`, `\t`, `\uXXXX`, octal, `\x` → x).
    private mutating func readQuoted() throws(LiquidError) -> String {
        let quote = source[position]
        let begin = position
        position += 1
        var units: [UInt16] = []
        while true {
            guard position < end else {
                throw failure("unterminated string \(LiquidLexer.quote(source[begin..<end]))")
            }
            let unit = source[position]
            position += 1
            if unit == quote { break }
            guard unit == 0x5C, position < end else {
                units.append(unit)
                continue
            }
            let escaped = source[position]
            position += 1
            switch escaped {
            case 0x62: units.append(0x08)  // \b
            case 0x66: units.append(0x0C)  // \f
            case 0x6E: units.append(0x0A)  // \n
            case 0x72: units.append(0x0D)  // \r
            case 0x74: units.append(0x09)  // \t
            case 0x76: units.append(0x0B)  // \v
            case 0x75:  // \u with up to four hex digits
                var value: UInt16 = 0
                var count = 0
                while count < 4, position < end, let digit = Self.hexValue(source[position]) {
                    value = value &* 16 &+ digit
                    position += 1
                    count += 1
                }
                units.append(value)
            case 0x30...0x37:  // up to three octal digits
                var value = escaped - 0x30
                var count = 1
                while count < 3, position < end, source[position] >= 0x30, source[position] <= 0x37 {
                    value = value * 8 + (source[position] - 0x30)
                    position += 1
                    count += 1
                }
                units.append(value)
            default:
                units.append(escaped)
            }
        }
        return LiquidJavaScript.string(units)
    }

    private static func hexValue(_ unit: UInt16) -> UInt16? {
        switch unit {
        case 0x30...0x39: return unit - 0x30
        case 0x41...0x46: return unit - 0x37
        case 0x61...0x66: return unit - 0x57
        default: return nil
        }
    }

    // MARK: Filters

    private mutating func parseFilters() throws(LiquidError) -> [LiquidFilteredValue.FilterCall] {
        var calls: [LiquidFilteredValue.FilterCall] = []
        while true {
            skipBlank()
            if atEnd { return calls }
            guard source[position] == 0x7C else { throw unexpected() }
            position += 1
            skipBlank()
            guard let name = readIdentifier() else { throw failure("expected a filter name after \"|\"") }
            let filter = try LiquidFilter.named(name)
            var arguments: [LiquidExpression] = []
            var keywords: [(name: String, value: LiquidExpression)] = []
            skipBlank()
            if position < end && source[position] == 0x3A {  // `:`
                repeat {
                    position += 1
                    skipBlank()
                    let keyStart = position
                    guard let argument = try readValue() else { throw failure("expected an argument for \"\(name)\"") }
                    skipBlank()
                    if position < end && source[position] == 0x3A {
                        guard case .variable(let segments) = argument, segments.count == 1,
                            case .literal(.string(let keyword)) = segments[0], source[keyStart] != 0x5B
                        else { throw failure("invalid keyword argument for \"\(name)\"") }
                        position += 1
                        guard let value = try readValue() else {
                            throw failure("expected a value for \"\(keyword)\"")
                        }
                        keywords.append((keyword, value))
                    } else {
                        if !keywords.isEmpty {
                            throw failure("positional argument after a keyword argument for \"\(name)\"")
                        }
                        arguments.append(argument)
                    }
                    skipBlank()
                    guard atEnd || source[position] == 0x2C || source[position] == 0x7C else { throw unexpected() }
                } while position < end && source[position] == 0x2C
            } else if !(atEnd || source[position] == 0x7C) {
                throw failure("expected \":\" after the filter name \"\(name)\"")
            }
            try filter.validate(positional: arguments.count, keywords: keywords.map(\.name))
            if filter == .date, case .literal(.string(let format))? = arguments.first {
                try LiquidStrftime.validate(format)
            }
            calls.append(
                LiquidFilteredValue.FilterCall(
                    filter: filter, arguments: arguments, allowFalse: keywords.first?.value))
        }
    }

    // MARK: Scanning

    private var atEnd: Bool { position >= end }

    private mutating func skipBlank() {
        while position < end && LiquidLexer.isBlank(source[position]) { position += 1 }
    }

    private func matches(_ text: [UInt16]) -> Bool {
        guard position + text.count <= end else { return false }
        for offset in text.indices where source[position + offset] != text[offset] { return false }
        return true
    }

    /// The identifier starting at `position`, without consuming it.
    private func peekWord() -> String? {
        var index = position
        while index < end && LiquidLexer.isWord(source[index]) { index += 1 }
        return index > position ? LiquidJavaScript.string(source[position..<index]) : nil
    }

    private func failure(_ message: String) -> LiquidError {
        LiquidError("\(message) in \(context)")
    }

    private func unexpected() -> LiquidError {
        let rest = source[position..<end]
        return failure("unexpected \(LiquidLexer.quote(rest))")
    }
}
