import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// `TriggerParser` against SEMANTICS 5.4: the parse-error cases of `testdata/vectors/fql.json`, the
/// structure the grammar builds and the column of every kind of error.
final class TriggerParserTests: XCTestCase {
    // MARK: Helpers

    /// A compact rendering of a parsed trigger, to assert its structure.
    private func render(_ trigger: Trigger) -> String {
        func literal(_ value: TriggerLiteral) -> String {
            switch value {
            case .string(let bytes): return "\"" + String(decoding: bytes, as: UTF8.self) + "\""
            case .number(let number): return JavaScriptNumber.string(number)
            case .bool(let flag): return flag ? "true" : "false"
            case .null: return "null"
            }
        }
        func field(_ field: TriggerField) -> String {
            field.segments.map { "[" + String(decoding: $0, as: UTF8.self) + "]" }.joined()
        }
        switch trigger {
        case .all(let terms): return "all(" + terms.map(render).joined(separator: ", ") + ")"
        case .any(let terms): return "any(" + terms.map(render).joined(separator: ", ") + ")"
        case .not(let inner): return "not(" + render(inner) + ")"
        case .compare(let f, let op, let value): return field(f) + " " + op.rawValue + " " + literal(value)
        case .contains(let f, let needle, let negated):
            return (negated ? "!" : "") + "contains(" + field(f) + ", \"" + String(decoding: needle, as: UTF8.self)
                + "\")"
        case .match(let f, let prefix, let text, let negated):
            let pattern =
                prefix ? String(decoding: text, as: UTF8.self) + "*" : "*" + String(decoding: text, as: UTF8.self)
            return (negated ? "!" : "") + "match(" + field(f) + ", \"" + pattern + "\")"
        }
    }

    private func assertParses(
        _ subscription: String, as expected: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            let trigger = try TriggerParser.parse(subscription)
            XCTAssertEqual(render(trigger), expected, subscription, file: file, line: line)
        } catch {
            XCTFail("\(subscription.debugDescription) did not parse: \(error)", file: file, line: line)
        }
    }

    /// Asserts that parsing fails at `column`; returns the error.
    @discardableResult
    private func assertError(
        _ subscription: String, column: Int, file: StaticString = #filePath, line: UInt = #line
    ) -> TriggerSyntaxError? {
        do {
            let trigger = try TriggerParser.parse(subscription)
            XCTFail(
                "\(subscription.debugDescription) parsed as \(render(trigger)); expected an error at column \(column)",
                file: file, line: line)
            return nil
        } catch {
            XCTAssertEqual(
                error.column, column, "\(subscription.debugDescription): \(error.message)", file: file, line: line)
            XCTAssertEqual(error.trigger, subscription, file: file, line: line)
            XCTAssertTrue(error.description.contains("column \(column)"), error.description, file: file, line: line)
            return error
        }
    }

    // MARK: Vectors

    func testEveryParseErrorVector() throws {
        let cases = try MappingTestSupport.vectorCases("fql.json")
        XCTAssertGreaterThan(cases.count, 0, "fql.json has no cases")
        let errorCases = cases.filter { if case .object? = $0["expected"] { return true } else { return false } }
        XCTAssertGreaterThan(errorCases.count, 0, "fql.json has no parse-error cases")
        var passed = 0
        for testCase in errorCases {
            guard case .string(let name)? = testCase["name"], case .string(let fql)? = testCase["fql"],
                case .object(let expected)? = testCase["expected"], case .string(let message)? = expected["error"],
                message.hasPrefix("column "), let column = Int(message.dropFirst("column ".count))
            else {
                XCTFail("malformed parse-error case: \(testCase)")
                continue
            }
            do {
                _ = try TriggerParser.parse(fql)
                XCTFail(
                    "fql.json \(name.debugDescription): \(fql.debugDescription) parsed; expected an error at column \(column)"
                )
            } catch {
                XCTAssertEqual(
                    error.column, column, "fql.json \(name.debugDescription): \(fql.debugDescription): \(error.message)"
                )
                XCTAssertTrue(error.description.contains(message), error.description)
                if error.column == column { passed += 1 }
            }
        }
        XCTAssertEqual(passed, errorCases.count, "fql.json parse errors: \(passed) of \(errorCases.count) pass")
    }

    // MARK: Structure

    func testPresetSubscription() {
        assertParses(#"type = "track""#, as: #"[type] = "track""#)
        XCTAssertEqual(render(Trigger.trackEvents), #"[type] = "track""#)
    }

    func testAndBindsTighterThanOr() {
        assertParses(
            #"type = "a" or type = "b" and type = "c""#, as: #"any([type] = "a", all([type] = "b", [type] = "c"))"#)
        assertParses(
            #"type = "a" and type = "b" or type = "c""#, as: #"any(all([type] = "a", [type] = "b"), [type] = "c")"#)
        assertParses(
            #"(type = "a" or type = "b") and type = "c""#, as: #"all(any([type] = "a", [type] = "b"), [type] = "c")"#)
        assertParses(
            #"type = "a" or type = "b" or type = "c""#, as: #"any([type] = "a", [type] = "b", [type] = "c")"#)
    }

    func testParenthesesNest() {
        assertParses(#"((type = "a"))"#, as: #"[type] = "a""#)
        assertParses(
            #"type = "track" and ((event = "a" or (event = "b" and userId != null)))"#,
            as: #"all([type] = "track", any([event] = "a", all([event] = "b", [userId] != null)))"#)
    }

    func testNegation() {
        assertParses(#"!(type = "a")"#, as: #"not([type] = "a")"#)
        assertParses(#"! ( type = "a" or type = "b" )"#, as: #"not(any([type] = "a", [type] = "b"))"#)
        assertParses(#"!contains(event, "x")"#, as: #"!contains([event], "x")"#)
        assertParses(#"!(contains(event, "x"))"#, as: #"not(contains([event], "x"))"#)
        assertParses(#"!match(event, "x*")"#, as: #"!match([event], "x*")"#)
        assertParses(#"!(!(type = "a"))"#, as: #"not(not([type] = "a"))"#)
    }

    func testFunctions() {
        assertParses(#"contains(properties.name, "Nike")"#, as: #"contains([properties][name], "Nike")"#)
        assertParses(#"match(event, "API*")"#, as: #"match([event], "API*")"#)
        assertParses(#"match(event, "*Call")"#, as: #"match([event], "*Call")"#)
        assertParses(#"match(event, "*")"#, as: #"match([event], "*")"#)
        assertParses(#"contains(type, "tr")"#, as: #"contains([type], "tr")"#)
        // `contains` and `match` are function names only before `(`.
        assertParses(#"properties.contains = "x""#, as: #"[properties][contains] = "x""#)
        // Other characters in a match pattern are literal.
        assertParses(#"match(event, "a?[\*")"#, as: #"match([event], "a?[\*")"#)
    }

    func testQuoteStyles() {
        assertParses(#"type = 'track'"#, as: #"[type] = "track""#)
        assertParses(#"event = "it's""#, as: #"[event] = "it's""#)
        assertParses(#"event = 'say "hi"'"#, as: #"[event] = "say "hi"""#)
        // No escape sequences: a backslash is a literal character.
        assertParses(#"event = "a\b""#, as: #"[event] = "a\b""#)
        assertParses(#"event = """#, as: #"[event] = """#)
    }

    func testEscapedIdentifiers() {
        assertParses(#"properties.a\.b = 1"#, as: "[properties][a.b] = 1")
        assertParses(#"properties.property\ 1 = "Catalog""#, as: #"[properties][property 1] = "Catalog""#)
        assertParses(#"traits.property\ dos = 2"#, as: "[traits][property dos] = 2")
        assertParses(#"properties.caf\é = 1"#, as: "[properties][café] = 1")
        assertParses(#"properties.a\"b = 1"#, as: #"[properties][a"b] = 1"#)
        assertParses(#"properties.a\\b = 1"#, as: #"[properties][a\b] = 1"#)
        assertParses(#"properties.foo-bar_1.x2 = 1"#, as: "[properties][foo-bar_1][x2] = 1")
        assertParses(#"context.items.0.sku = "x""#, as: #"[context][items][0][sku] = "x""#)
    }

    func testLiteralsAndOperators() {
        assertParses("properties.price>5", as: "[properties][price] > 5")
        assertParses("properties.price >=100", as: "[properties][price] >= 100")
        assertParses("properties.price<=-1.5", as: "[properties][price] <= -1.5")
        assertParses("properties.price < +2", as: "[properties][price] < 2")
        assertParses(#"type="track""#, as: #"[type] = "track""#)
        assertParses("properties.a != 0", as: "[properties][a] != 0")
        assertParses("properties.a = true", as: "[properties][a] = true")
        assertParses("properties.a = false", as: "[properties][a] = false")
        assertParses("properties.a = null", as: "[properties][a] = null")
        assertParses("properties.a != null", as: "[properties][a] != null")
        assertParses("userId != null", as: "[userId] != null")
        assertParses("name = \"Home\"", as: #"[name] = "Home""#)
        // Keywords are lower-case only and only as a whole identifier.
        assertParses("properties.and = 1", as: "[properties][and] = 1")
        assertParses("properties.null = null", as: "[properties][null] = null")
    }

    func testWhitespace() {
        assertParses("\ttype\n=\r\"track\"  ", as: #"[type] = "track""#)
        assertParses("type = \"a\"\nor\ttype = \"b\"", as: #"any([type] = "a", [type] = "b")"#)
    }

    // MARK: Error columns (5.4)

    func testSpecExamples() {
        assertError("typo", column: 1)
        assertError("type", column: 5)
        assertError(#"type * "32456""#, column: 6)
        assertError("", column: 1)
        assertError("type = ", column: 8)
        assertError(#"event = "a" OR event = "b""#, column: 13)
        assertError(#"match(event, "API")"#, column: 14)
        assertError(#"properties.items[0] = "x""#, column: 17)
    }

    func testCharactersThatCannotStartAToken() {
        assertError(#"type = "a" * "b""#, column: 12)
        assertError(#"é = "x""#, column: 1)
        assertError(#". = "x""#, column: 1)
        assertError(#"type = "a" and [x]"#, column: 16)
        assertError(#"type = "a"; type = "b""#, column: 11)
    }

    func testFieldNames() {
        assertError(#"properties..a = 1"#, column: 12)
        assertError(#"properties.é = 1"#, column: 12)
        assertError(#"properties."#, column: 12)
        assertError(#"properties. = 1"#, column: 12)
        assertError(#"anonymousId = "x""#, column: 1)
        assertError(#"messageId = "x""#, column: 1)
        assertError(#"TYPE = "track""#, column: 1)
        assertError(#"type = "a" and integrations.x = 1"#, column: 16)
        assertError(#"type.x = "a""#, column: 1)
        assertError(#"properties = 1"#, column: 1)
        assertError(#"traits = 1"#, column: 1)
        assertError(#"contains = "x""#, column: 1)
        assertError(#"null = null"#, column: 1)
        assertError(#"and = 1"#, column: 1)
    }

    func testStringsAndEscapes() {
        assertError(#"type = "track"#, column: 8)
        assertError(#"type = 'track"#, column: 8)
        assertError(#"type = 'track""#, column: 8)
        assertError(#"properties.a\"#, column: 13)
        assertError(#"\"#, column: 1)
    }

    func testMalformedNumbers() {
        assertError("properties.a = 1e3", column: 16)
        assertError("properties.a = 1.2.3", column: 16)
        assertError("properties.a = 1.", column: 16)
        assertError("properties.a = -", column: 16)
        assertError("properties.a = 12abc", column: 16)
        assertError("properties.a = .5", column: 16)
    }

    func testValuesThatAreNotAllowed() {
        assertError(#"properties.a < "5""#, column: 16)
        assertError("properties.a >= true", column: 17)
        assertError("properties.a > null", column: 16)
        assertError("properties.a != true", column: 17)
        assertError("properties.a != false", column: 17)
        assertError("properties.a = TRUE", column: 16)
        assertError("properties.a = properties.b", column: 16)
        assertError("properties.a = = 1", column: 16)
        assertError(#"contains(event, 5)"#, column: 17)
        assertError(#"contains(event "x")"#, column: 16)
        assertError(#"contains("x", event)"#, column: 10)
        assertError(#"match(event, "a*b*")"#, column: 14)
        assertError(#"match(event, "*a*")"#, column: 14)
        assertError(#"match(event, "**")"#, column: 14)
        assertError(#"match(event, "a*b")"#, column: 14)
        assertError(#"match(event, "")"#, column: 14)
        assertError(#"length(event) = 3"#, column: 1)
    }

    func testTokensAfterACompleteExpression() {
        assertError(#"type = "a" OR type = "b""#, column: 12)
        assertError(#"type = "a" AND type = "b""#, column: 12)
        assertError(#"type = "track")"#, column: 15)
        assertError(#"type = "a" type = "b""#, column: 12)
        assertError(#"type = "a" "b""#, column: 12)
    }

    func testBang() {
        assertError(#"!type = "x""#, column: 2)
        assertError(#"! type = "x""#, column: 3)
        assertError(#"!"x""#, column: 2)
        assertError("!", column: 2)
        assertError(#"type != "x" and !properties.a = 1"#, column: 18)
    }

    func testEarlyEnd() {
        assertError("   ", column: 4)
        assertError("\t\n", column: 3)
        assertError(#"(type = "a""#, column: 12)
        assertError(#"type = "a" and"#, column: 15)
        assertError(#"type = "a" or "#, column: 15)
        assertError(#"contains(event, "x""#, column: 20)
        assertError("contains(", column: 10)
        assertError("type !=", column: 8)
        assertError("()", column: 2)
        assertError("(", column: 2)
    }

    func testColumnsCountCharactersNotBytes() {
        // `é` and `€` are one character each though several UTF-8 bytes.
        assertError(#"event = "é€" OR type = "x""#, column: 14)
        assertError(#"event = "😀" *"#, column: 13)
    }

    // MARK: Messages

    func testDescriptionShowsACaretUnderTheColumn() {
        guard let error = assertError(#"event = "a" OR event = "b""#, column: 13) else { return }
        XCTAssertEqual(
            error.description,
            """
            invalid subscription at column 13: \(error.message)
              event = "a" OR event = "b"
                          ^
            """)
        let first = TriggerSyntaxError(trigger: "typo", column: 1, message: "unknown field \"typo\"")
        XCTAssertEqual(first.description, "invalid subscription at column 1: unknown field \"typo\"\n  typo\n  ^")
        let end = TriggerSyntaxError(trigger: "type", column: 5, message: "expected an operator")
        XCTAssertEqual(end.description, "invalid subscription at column 5: expected an operator\n  type\n      ^")
    }

    func testMessagesNameTheProblem() {
        XCTAssertEqual(
            assertError(#"event = "a" OR event = "b""#, column: 13)?.message, #"expected "and", "or" or end of input"#)
        XCTAssertEqual(assertError(#"type = "track"#, column: 8)?.message, "unterminated string")
        XCTAssertEqual(assertError("properties.a = 1e3", column: 16)?.message, "malformed number")
        XCTAssertEqual(assertError("typo", column: 1)?.message, #"unknown field "typo""#)
    }

    func testDeepNestingIsBounded() {
        let deep = String(repeating: "(", count: 100) + #"type = "a""# + String(repeating: ")", count: 100)
        assertParses(deep, as: #"[type] = "a""#)
        // Hostile nesting fails with an error instead of exhausting the stack.
        let hostile = String(repeating: "(", count: 100_000)
        XCTAssertThrowsError(try TriggerParser.parse(hostile))
    }
}
