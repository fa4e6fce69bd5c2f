import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// `LiquidTemplate` (SEMANTICS 4.6): upstream's `@liquid` examples, output, tags, whitespace control, and every
/// limit and rejection.
final class LiquidTemplateTests: XCTestCase {
    // MARK: Upstream examples

    /// Every `@liquid` case of `testdata/vectors/mapping-kit.json` whose template is a string
    /// (`segmentio/action-destinations … __tests__/liquid.test.ts`).
    func testUpstreamVectors() throws {
        var checked = 0
        for vector in try MappingTestSupport.vectorCases("mapping-kit.json") {
            guard case .string(let name)? = vector["name"], name.hasPrefix("@liquid"),
                case .object(let mapping)? = vector["mapping"], let event = vector["event"],
                case .object(let expected)? = vector["expected"]
            else { continue }
            for (field, node) in zip(mapping.keys, mapping.values) {
                guard case .object(let directive) = node, case .string(let template)? = directive["@liquid"] else {
                    continue
                }
                checked += 1
                if case .string(let error)? = expected["error"] {
                    XCTAssertThrowsError(try LiquidTemplate.compile(template).render(event), name) { thrown in
                        XCTAssertTrue("\(thrown)".contains(error), "\(name): \(thrown) should contain \(error)")
                    }
                } else {
                    let output = try LiquidTemplate.compile(template).render(event)
                    XCTAssertEqual(.string(output), expected[field], name)
                }
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 35)
    }

    func testUpstreamExamplesInline() {
        let event = #"{"properties":{"world":"earth","name":"SpongeBob"}}"#
        assertLiquid("HELLO {{ properties.world | upcase }}", event, "HELLO EARTH")
        assertLiquid("Hi Patrick this is {{ properties.name }}", event, "Hi Patrick this is SpongeBob")
        let tagAndFilter =
            #"{% if properties.world == "earth" %}Hello {{ properties.world | upcase }}"#
            + "{% else %} Hello World {% endif %}"
        assertLiquid(tagAndFilter, event, "Hello EARTH")
        assertLiquid("test", event, "test")
    }

    // MARK: Output

    func testMissingAndNullRenderEmpty() {
        let event = #"{"a":null,"b":{"c":null}}"#
        assertLiquid("[{{ missing }}]", event, "[]")
        assertLiquid("[{{ a }}]", event, "[]")
        assertLiquid("[{{ a.x }}]", event, "[]")
        assertLiquid("[{{ b.c }}]", event, "[]")
        assertLiquid("[{{ b.c.d.e }}]", event, "[]")
        assertLiquid("[{{ nil }}{{ null }}{{ empty }}{{ blank }}]", event, "[]")
    }

    func testNumbersPrintLikeJavaScript() {
        let event = #"{"a":1.0,"b":1e21,"c":0.000001,"d":5e-7,"e":-0,"f":123456789012,"g":12.50,"h":-3.25e2}"#
        assertLiquid(
            "{{ a }} {{ b }} {{ c }} {{ d }} {{ e }} {{ f }} {{ g }} {{ h }}", event,
            "1 1e+21 0.000001 5e-7 0 123456789012 12.5 -325")
        assertLiquid("{{ 1.50 }} {{ -3 }} {{ 007 }} {{ 2. }}", "{}", "1.5 -3 7 2")
        assertLiquid("{{ 0.1 | plus: 0.2 }}", "{}", "0.30000000000000004")
    }

    func testOtherValuesPrintLikeLiquidJS() {
        let event = #"{"t":true,"f":false,"o":{"k":1},"l":["a","b",1,null,[2,3],{"x":1}],"s":"text"}"#
        assertLiquid("{{ t }} {{ f }}", event, "true false")
        assertLiquid("{{ o }}", event, "[object Object]")
        // Arrays are joined with no separator (LiquidJS `stringify`), recursively; null elements print nothing.
        assertLiquid("{{ l }}", event, "ab123[object Object]")
        assertLiquid("{{ s }}", event, "text")
    }

    func testLiteralsAndEscapes() {
        assertLiquid(#"{{ "double" }} {{ 'single' }}"#, "{}", "double single")
        assertLiquid(#"{{ "a\nb" }}"#, "{}", "a\nb")
        assertLiquid(#"{{ "\u0041\101\q\"" }}"#, "{}", "AAq\"")
        assertLiquid(#"{{ 'it\'s' }}"#, "{}", "it's")
        // A quoted `}}` does not end the output.
        assertLiquid(#"{{ "}}" }}"#, "{}", "}}")
        assertLiquid("{{ true }} {{ false }}", "{}", "true false")
    }

    func testExpressionsInOutput() {
        assertLiquid("{{ 1 == 1 }} {{ 1 == 2 }} {{ a and b }}", #"{"a":1,"b":0}"#, "true false true")
    }

    func testTextWithoutTagsIsUnchanged() {
        assertLiquid("plain } text { with %} and }} braces", "{}", "plain } text { with %} and }} braces")
        assertLiquid("héllo ☕ 😀", "{}", "héllo ☕ 😀")
    }

    // MARK: Variables

    func testPaths() {
        let event = #"""
            {"a":{"b":[{"c":"deep"}],"b c":"spaced","k":"b c"},"top key":"top","list":["x","y","z"],"key":"list",
             "s":"☕é😀","obj":{"p":1,"q":2},"sized":{"size":"own"},"n":5}
            """#
        assertLiquid("{{ a.b[0].c }} {{ a.b.0.c }} {{ a['b c'] }} {{ a[\"b c\"] }}", event, "deep deep spaced spaced")
        assertLiquid("{{ a[a.k] }} {{ [key][1] }} {{ ['top key'] }}", event, "spaced y top")
        assertLiquid("{{ list.size }} {{ list.length }} {{ list.first }} {{ list.last }}", event, "3 3 x z")
        assertLiquid(
            "{{ list[-1] }} {{ list[-3] }} [{{ list[-4] }}] [{{ list[3] }}] {{ list.-2 }}", event,
            "z x [] [] y")
        // Strings: length in UTF-16 code units, indices are code units, no `first`/`last` properties.
        assertLiquid("{{ s.size }} {{ s.length }} {{ s[0] }} [{{ s.first }}] [{{ s.last }}]", event, "4 4 ☕ [] []")
        assertLiquid("{{ obj.size }} {{ sized.size }} [{{ obj.first }}]", event, "2 own []")
        assertLiquid("[{{ n.size }}] [{{ n.x }}] [{{ list.x }}] [{{ list['01'] }}]", event, "[] [] [] []")
        // At the root, `size` is read on LiquidJS's empty global scope.
        assertLiquid("{{ size }}", event, "0")
        assertLiquid("{{ s[1] }}{{ s[0] }}", event, "é☕")
    }

    func testIdentifierCharacters() {
        let event = #"{"my-var":"dash","ok?":"question","1st":"first","_u":"under"}"#
        assertLiquid("{{ my-var }} {{ ok? }} {{ 1st }} {{ _u }}", event, "dash question first under")
    }

    // MARK: Tags

    func testIfElsifElse() {
        let template = "{% if n == 1 %}one{% elsif n == 2 %}two{% elsif n > 2 %}many{% else %}none{% endif %}"
        assertLiquid(template, #"{"n":1}"#, "one")
        assertLiquid(template, #"{"n":2}"#, "two")
        assertLiquid(template, #"{"n":7}"#, "many")
        assertLiquid(template, #"{"n":0}"#, "none")
        assertLiquid(template, "{}", "none")
        assertLiquid("{% if x %}yes{% endif %}", "{}", "")
        assertLiquid("{% if a %}{% if b %}ab{% else %}a{% endif %}{% endif %}", #"{"a":1}"#, "a")
    }

    func testUnless() {
        assertLiquid("{% unless x %}no x{% endunless %}", "{}", "no x")
        assertLiquid("{% unless x %}no x{% endunless %}", #"{"x":""}"#, "")
        let template = "{% unless a %}not a{% elsif b %}b{% else %}else{% endunless %}"
        assertLiquid(template, #"{"a":false}"#, "not a")
        assertLiquid(template, #"{"a":true,"b":true}"#, "b")
        assertLiquid(template, #"{"a":true}"#, "else")
    }

    func testAssign() {
        assertLiquid(#"{% assign x = "hi" | upcase %}{{ x }}"#, "{}", "HI")
        assertLiquid("{% assign n = p.count | plus: 1 %}{{ n }}", #"{"p":{"count":41}}"#, "42")
        // An assigned variable shadows the payload key from then on.
        assertLiquid(#"{{ x }}-{% assign x = "mine" %}{{ x }}"#, #"{"x":"payload"}"#, "payload-mine")
        assertLiquid("{% assign c = a == b %}{{ c }}", #"{"a":1,"b":1}"#, "true")
        assertLiquid("{% assign l = list %}{{ l.size }}{{ l[1] }}", #"{"list":[1,2]}"#, "22")
        assertLiquid("{% assign my-var? = 3 %}{{ my-var? }}", "{}", "3")
    }

    func testCapture() {
        assertLiquid(
            "{% capture greeting %}Hello {{ name }}!{% endcapture %}{{ greeting | upcase }}", #"{"name":"Bob"}"#,
            "HELLO BOB!")
        assertLiquid(#"{% capture "my var" %}x{% if true %}y{% endif %}{% endcapture %}{{ ["my var"] }}"#, "{}", "xy")
        assertLiquid("{% capture c %}{% endcapture %}[{{ c }}]{{ c.size }}", "{}", "[]0")
    }

    func testComment() {
        // Nothing inside a comment is parsed: disabled and unsupported tags and filters are fine there.
        assertLiquid("a{% comment %} {{ x | sort }} {% for %} {% cycle %} {% comment %}{% endcomment %}b", "{}", "ab")
        assertLiquid("a{% comment ignored %}x{% endcomment %}b", "{}", "ab")
    }

    func testRaw() {
        assertLiquid("{% raw %}{{ x }} {% if %}{% endraw %}", "{}", "{{ x }} {% if %}")
        assertLiquid("a{% raw %}{% endraw %}b", "{}", "ab")
        assertLiquid("{%raw%}{{ y }}{%   endraw   %}", "{}", "{{ y }}")
        // Whitespace control does not trim inside raw, but does after endraw.
        assertLiquid("{% raw -%} x {% endraw -%}  y", "{}", " x y")
    }

    // MARK: Whitespace control

    func testWhitespaceControl() {
        assertLiquid("a  {{- 'b' -}}  c", "{}", "abc")
        assertLiquid("a {{ 'b' }} c", "{}", "a b c")
        assertLiquid("a \n {%- if true -%} \n b \n {%- endif -%} \n c", "{}", "abc")
        assertLiquid("{%- assign x = 1 -%}\n\n{{ x }}", "{}", "1")
        assertLiquid("x {{- y }} z", "{}", "x z")
        assertLiquid("[\t\u{00A0}{{- 'b' }}]", "{}", "[b]")
        // `{{-1}}` is whitespace control followed by 1.
        assertLiquid("a {{-1}}", "{}", "a1")
        assertLiquid("{%-if true-%} y {%-endif-%}", "{}", "y")
    }

    // MARK: Limits

    func testEmptyTemplate() throws {
        XCTAssertEqual(try LiquidTemplate.compile("").render(.object(JSONObject())), "")
    }

    func testLengthLimit() {
        let limit = String(repeating: "a", count: 1000)
        assertLiquid(limit, "{}", limit)
        assertCompileError(limit + "a", "liquid template values are limited to 1000 characters")
        // The limit counts UTF-16 code units, like JavaScript's `length`.
        assertCompileError(
            String(repeating: "😀", count: 501), "liquid template values are limited to 1000 characters")
        XCTAssertEqual(LiquidTemplate.maximumLength, 1000)
    }

    func testDisabledTags() {
        for tag in ["case", "for", "include", "layout", "render", "tablerow"] {
            assertCompileError("{% \(tag) %} , {{ properties.test }}", "tag \"\(tag)\" is disabled")
        }
        assertCompileError("{% for x in list %}{{ x }}{% endfor %}", "tag \"for\" is disabled")
        assertCompileError("{% if a %}{% case a %}{% endcase %}{% endif %}", "tag \"case\" is disabled")
        assertCompileError("{% if false %}{% for x in l %}{% endfor %}{% endif %}", "tag \"for\" is disabled")
    }

    func testDisabledFilters() {
        let disabled = [
            "array_to_sentence_string", "concat", "find", "find_exp", "find_index", "find_index_exp", "group_by",
            "group_by_exp", "has", "has_exp", "map", "newline_to_br", "reject", "reject_exp", "reverse", "sort",
            "sort_natural", "uniq", "where_exp", "type",
        ]
        for filter in disabled {
            assertCompileError("{{ properties.test | \(filter) }}", "filter \"\(filter)\" is disabled")
            assertCompileError("{{ x | upcase | \(filter): 1, 2 }}", "filter \"\(filter)\" is disabled")
        }
        XCTAssertEqual(LiquidFilter.disabledNames.count, 20)
    }

    func testUnsupportedTagsAreNamed() {
        for tag in ["cycle", "increment", "decrement", "echo", "liquid", "break", "continue", "block", "ifchanged"] {
            assertCompileError("{% \(tag) x %}", "tag \"\(tag)\" is not supported by segment-metronome")
        }
        assertCompileError("{%# a comment %}", "tag \"#\" is not supported by segment-metronome")
    }

    func testUnsupportedFiltersAreNamed() {
        for filter in [
            "url_encode", "split", "join", "json", "escape", "strip_html", "at_least", "truncatewords", "sum",
            "base64_encode", "where", "first", "last", "no_such_filter",
        ] {
            assertCompileError("{{ x | \(filter) }}", "filter \"\(filter)\" is not supported by segment-metronome")
        }
    }

    func testUnsupportedConstructsAreNamed() {
        assertCompileError("{% if not x %}{% endif %}", "operator \"not\" is not supported by segment-metronome")
        assertCompileError("{{ (1..3) }}", "ranges and parentheses are not supported by segment-metronome")
        assertCompileError(#"{{ "abc".size }}"#, "properties of a string are not supported by segment-metronome")
        assertCompileError("{{ nil.size }}", "properties of nil are not supported by segment-metronome")
        assertCompileError("{{ x | date: \"%c\" }}", "date format \"%c\" is not supported by segment-metronome")
        assertCompileError("{{ x | date: \"%Y\", \"+0100\" }}", "filter \"date\" takes only a format")
    }

    func testSyntaxErrors() {
        assertCompileError("Hello {{ name", #"output "{{ name" not closed"#)
        assertCompileError("{% if x", #"tag "{% if x" not closed"#)
        assertCompileError("{% if x %}yes", "tag {% if x %} not closed")
        assertCompileError("{% unless x %}", "tag {% unless x %} not closed")
        assertCompileError("{% capture c %}", "tag {% capture c %} not closed")
        assertCompileError("{% comment %}", "tag {% comment %} not closed")
        assertCompileError("{% raw %}{{ x }}", "raw \"{% raw %}{{ x }}\" not closed")
        assertCompileError("{% raw %}x{%- endraw %}", "not closed")
        assertCompileError("{% endif %}", "unexpected tag {% endif %}")
        assertCompileError("{% else %}", "unexpected tag {% else %}")
        assertCompileError("{% if a %}{% endunless %}", "unexpected tag {% endunless %}")
        assertCompileError("{% if a %}{% else %}{% else %}{% endif %}", "a second {% else %}")
        assertCompileError("{% if a %}{% else %}{% elsif b %}{% endif %}", "{% elsif %} after {% else %}")
        assertCompileError("{% if a %}{% else junk %}{% endif %}", "unexpected arguments in {% else junk %}")
        assertCompileError("{% if %}{% endif %}", "expected a value in {% if %}")
        assertCompileError("{% %}", "illegal tag syntax")
        assertCompileError("{{ }}", "expected a value in {{ }}")
        assertCompileError("{{ a b }}", #"unexpected "b" in {{ a b }}"#)
        assertCompileError("{% if a == %}{% endif %}", #"expected a value after "==""#)
        assertCompileError("{% if a = b %}{% endif %}", #"unexpected "= b""#)
        assertCompileError("{% if and %}{% endif %}", #"expected a value but found the operator "and""#)
        assertCompileError("{{ x | }}", #"expected a filter name after "|""#)
        assertCompileError("{{ x | upcase upcase }}", #"expected ":" after the filter name "upcase""#)
        assertCompileError("{{ x | append }}", #"filter "append" expects 1 argument, got 0"#)
        assertCompileError(#"{{ x | append: "a", "b" }}"#, #"filter "append" expects 1 argument, got 2"#)
        assertCompileError("{{ x | replace: }}", #"expected an argument for "replace""#)
        assertCompileError(#"{{ x | upcase: key: "v" }}"#, #"filter "upcase" has no keyword argument "key""#)
        assertCompileError(#"{{ x | default: allow_false: true }}"#, "needs its default value before allow_false")
        assertCompileError(#"{{ x | default: 1, allow_false: true, 2 }}"#, "positional argument after a keyword")
        assertCompileError("{{ a. }}", #"expected a property name after ".""#)
        assertCompileError("{{ a[] }}", "expected a value inside [ ]")
        assertCompileError("{{ a[0 }}", #"expected "]""#)
        assertCompileError("{{ 1.5.3 }}", "invalid number")
        assertCompileError(#"{% assign x = "abc %}"#, "unterminated string")
        assertCompileError("{% assign = 1 %}", "expected a variable name")
        assertCompileError("{% assign x 1 %}", #"expected "=" after "x""#)
        assertCompileError("{% capture %}{% endcapture %}", "expected a variable name")
        assertCompileError("{% capture a b %}{% endcapture %}", #"unexpected "b""#)
        assertCompileError("{{ café }}", "unexpected")
    }

    func testOutputIsBounded() {
        let big = String(repeating: "x", count: 600_000)
        let event = JSONValue.object(JSONObject([("s", .string(big))]))
        assertRenderError("{{ s }}{{ s }}", event, "liquid output is limited to 1000000 characters")
        assertRenderError(#"{{ s | replace: "", "ab" }}"#, event, "liquid output is limited to 1000000 characters")
        assertRenderError("{{ s | append: s }}", event, "liquid output is limited to 1000000 characters")
        assertRenderError(
            "{% capture c %}{{ s }}{{ s }}{% endcapture %}", event, "liquid output is limited to 1000000 characters")
        var template = ""
        for index in 0..<20 { template += "{% assign v\(index) = s | append: \"\" %}" }
        assertRenderError(template, event, "liquid rendering is limited to 10000000 characters of text in total")
        XCTAssertEqual(try LiquidTemplate.compile("{{ s | size }}").render(event), "600000")
        // Intermediate values are bounded too, not only what reaches the output.
        let huge = JSONValue.object(JSONObject([("s", .string(String(repeating: "x", count: 1_100_000)))]))
        assertRenderError("{{ s | upcase | size }}", huge, "liquid output is limited to 1000000 characters")
        XCTAssertEqual(try LiquidTemplate.compile("{{ s | size }}").render(huge), "1100000")
    }

    func testPayloadThatIsNotAnObjectIsAnEmptyScope() throws {
        XCTAssertEqual(try LiquidTemplate.compile("[{{ a }}{{ size }}]").render(.string("text")), "[0]")
    }

    func testCompiledTemplateIsReusable() throws {
        let template = try LiquidTemplate.compile("{% assign y = x | upcase %}{{ y }}")
        XCTAssertEqual(try template.render(MappingTestSupport.json(#"{"x":"a"}"#)), "A")
        XCTAssertEqual(try template.render(MappingTestSupport.json(#"{"x":"b"}"#)), "B")
        XCTAssertEqual(LiquidError("m").description, "m")
    }
}

// MARK: - Helpers shared by the Liquid tests

extension XCTestCase {
    /// Asserts that `template` renders `expected` with the JSON `payload`, at `now` (milliseconds) if given.
    func assertLiquid(
        _ template: String, _ payload: String, _ expected: String, now: Double = 0,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            let compiled = try LiquidTemplate.compile(template)
            let output = try compiled.render(MappingTestSupport.json(payload, file: file, line: line), now: now)
            XCTAssertEqual(output, expected, "template \(template.debugDescription)", file: file, line: line)
        } catch {
            XCTFail("template \(template.debugDescription) failed: \(error)", file: file, line: line)
        }
    }

    /// Asserts that compiling `template` fails with a message containing `message`.
    func assertCompileError(
        _ template: String, _ message: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            _ = try LiquidTemplate.compile(template)
            XCTFail("template \(template.debugDescription) compiled", file: file, line: line)
        } catch {
            XCTAssertTrue(
                error.message.contains(message), "\(error.message.debugDescription) should contain \(message)",
                file: file, line: line)
        }
    }

    /// Asserts that `template` compiles and rendering it with `payload` fails with a message containing `message`.
    func assertRenderError(
        _ template: String, _ payload: JSONValue, _ message: String, now: Double = 0,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let compiled: LiquidTemplate
        do {
            compiled = try LiquidTemplate.compile(template)
        } catch {
            XCTFail("template \(template.debugDescription) did not compile: \(error)", file: file, line: line)
            return
        }
        do {
            _ = try compiled.render(payload, now: now)
            XCTFail("template \(template.debugDescription) rendered", file: file, line: line)
        } catch {
            XCTAssertTrue(
                error.message.contains(message), "\(error.message.debugDescription) should contain \(message)",
                file: file, line: line)
        }
    }
}
