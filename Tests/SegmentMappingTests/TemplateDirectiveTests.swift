import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// `@template` (SEMANTICS 4.4): placeholders, string forms, the two regex passes, directive templates.
final class TemplateDirectiveTests: XCTestCase {
    private func assertRenders(
        _ template: String, _ event: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        let mapping = JSONValue.object(JSONObject([("@template", .string(template))])).jsonText
        MappingTestSupport.assertTransform(mapping, event, JSONValue.string(expected).jsonText, file: file, line: line)
    }

    func testPlaceholdersAndStringForms() {
        let event =
            #"{"s":"text","n":12.5,"z":0,"big":1e21,"small":5e-7,"t":true,"f":false,"nul":null,"o":{"a":1},"arr":["x","y"],"nested":[[1,2],[3,null]],"e":[],"a":{"b":[{"c":"deep"}]}}"#
        assertRenders("{{s}}", event, "text")
        assertRenders("{{n}}|{{z}}|{{big}}|{{small}}", event, "12.5|0|1e+21|5e-7")
        assertRenders("{{t}} {{f}}", event, "true false")
        assertRenders("[{{nul}}][{{missing}}][{{missing.deeper}}]", event, "[][][]")
        assertRenders("{{o}}", event, "[object Object]")
        assertRenders("{{arr}}", event, "x,y")
        assertRenders("{{nested}}", event, "1,2,3,")
        assertRenders("<{{e}}>", event, "<>")
        assertRenders("{{a.b[0].c}} {{a.b.0.c}} {{arr.length}} {{s.length}} {{s.0}}", event, "deep deep 2 4 t")
        assertRenders("Hello world", event, "Hello world")
    }

    func testNoHTMLEscapingAndTripleBraces() {
        assertRenders(
            "<blink>{{a}} {{{a}}}</blink>", #"{"a":"<b>&'\"/=`</b>"}"#, "<blink><b>&'\"/=`</b> <b>&'\"/=`</b></blink>")
    }

    func testPlaceholderTextRules() {
        let event = #"{"foo":"hello","$":{"a":"dollar"},"x y":"spaced"," ":"space key"}"#
        assertRenders("{{}}", event, "{{}}")
        assertRenders("{{ }}", event, "[object Object]")
        assertRenders("{{foo}}}", event, "hello}")
        assertRenders("{{  foo\t}}", event, "hello")
        assertRenders("{{\u{00A0}foo\u{FEFF}}}", event, "hello")
        // No `$.` removal inside placeholders: `$` is a key.
        assertRenders("{{$.a}}", event, "dollar")
        assertRenders("{{x y}}", event, "spaced")
        assertRenders("{{{foo}}", event, "")
        assertRenders("{foo} {{foo} {{foo}}", event, "{foo} {{foo} hello")
    }

    func testTheSecondPassRunsOnTheFirstPassOutput() {
        // `{{{a}}}` inserts "{{b}}", which the `{{…}}` pass then replaces.
        assertRenders("{{{a}}}", #"{"a":"{{b}}","b":"B"}"#, "B")
        assertRenders("{{{a}}}b}}", #"{"a":"{{","b":"B"}"#, "B")
        assertRenders("{{{a}}} and {{c}}", #"{"a":"x","c":"C"}"#, "x and C")
        // A value inserted by the only (`{{…}}`) pass is not scanned again.
        assertRenders("{{a}}", #"{"a":"{{b}}","b":"B"}"#, "{{b}}")
    }

    func testUnicodeAndEscapesInValues() {
        assertRenders("é{{a}}😀", #"{"a":"\u00e9\n\"q\""}"#, "éé\n\"q\"😀")
    }

    func testDirectiveTemplate() {
        MappingTestSupport.assertTransform(
            #"{"@template":{"@path":"$.my.template"}}"#, #"{"my":{"template":"Hi {{name}}"},"name":"Ann"}"#,
            #""Hi Ann""#)
        // A directive template is split per event, `{{{…}}}` included.
        MappingTestSupport.assertTransform(
            #"{"@template":{"@path":"$.t"}}"#, #"{"t":"{{{a}}}","a":"{{b}}","b":"B"}"#, #""B""#)
        MappingTestSupport.assertTransformError(
            #"{"@template":{"@path":"$.n"}}"#, #"{"n":1}"#, "@template: expected string, got number")
        MappingTestSupport.assertTransformError(
            #"{"@template":{"@path":"$.nope"}}"#, #"{}"#, "@template: expected string, got undefined")
        MappingTestSupport.assertTransformError(
            #"{"@template":{"@path":"$.o"}}"#, #"{"o":{}}"#, "@template: expected string, got object")
        // Inside an array nothing is validated: a literal non-string fails when resolved.
        MappingTestSupport.assertTransformError(
            #"{"l":[{"@template":5}]}"#, #"{}"#, "@template: expected string, got number")
    }

    func testTemplateTextPieces() {
        let text = TemplateText("a{{b}}c{{ d.e }}")
        XCTAssertFalse(text.secondPass)
        XCTAssertEqual(text.pieces.count, 4)
        guard case .placeholder(let path) = text.pieces[3] else { return XCTFail("expected a placeholder") }
        XCTAssertEqual(path.segments.map { String(decoding: $0.key, as: UTF8.self) }, ["d", "e"])
        XCTAssertTrue(TemplateText("{{{x}}}").secondPass)
        guard case .text(let literal) = TemplateText("plain").pieces.first else { return XCTFail("expected text") }
        XCTAssertEqual(literal, Array("plain".utf8))
    }
}
