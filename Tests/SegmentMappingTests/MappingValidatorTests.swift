import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// `MappingValidator` (SEMANTICS 4.8): upstream's fixtures and every rule and message.
final class MappingValidatorTests: XCTestCase {
    private func errors(_ mapping: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        MappingValidator.validate(MappingTestSupport.json(mapping, file: file, line: line)).map(\.text)
    }

    private func assertValid(_ mapping: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(errors(mapping, file: file, line: line), [], mapping, file: file, line: line)
    }

    private func assertErrors(
        _ mapping: String, _ expected: [String], file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(errors(mapping, file: file, line: line), expected, mapping, file: file, line: line)
    }

    func testUpstreamValidFixtures() {
        for mapping in [
            #"{"@if":{"exists":1,"else":3}}"#, #"{"@path":{"@path":"$.foo.bar"}}"#,
            #"{"@template":"{{foo.bar}}","_metadata":{"type":"autocomplete","label":"X"}}"#,
            #"{"@template":{"@path":"$.my.template"}}"#, "[1,2]", #""foo""#, #"{"hello":{"world!":true}}"#,
            #"{"@replace":{"pattern":"+","value":{"@path":"$.a"}}}"#,
            #"{"@arrayPath":["$.products",{"productId":{"@path":"$.productId"}}]}"#,
            #"{"@if":{"exists":{"@path":"$.a"},"then":{"@if":{"exists":{"@path":"$.b"},"then":1}}}}"#,
            #"{"@replace":{"pattern":"a","value":{"@path":"$.a"},"ignorecase":true,"global":false}}"#,
            "123", "null", "true",
        ] {
            assertValid(mapping)
        }
    }

    func testUpstreamInvalidFixtures() {
        let fixtures: [(String, [String])] = [
            (#"{"@arrayPath":"nope"}"#, ["/@arrayPath should be an array but it is a string."]),
            (#"{"@if":{"exists":true,"then":{"@oops":{}}}}"#, ["/@if/then has an invalid directive: @oops."]),
            (#"{"@path":false}"#, ["/@path should be a string or a mapping directive but it is a boolean."]),
            (#"{"@replace":{"value":{"@path":"$.a"}}}"#, [#"/@replace should have field "pattern" but it doesn't."#]),
            (#"{"@replace":{"pattern":"bla"}}"#, [#"/@replace should have field "value" but it doesn't."#]),
            (
                #"{"@replace":{"pattern":"waaaaayyytoooooloooong","value":{"@path":"$.a"}}}"#,
                ["/@replace/pattern should be a string of length 10 or less."]
            ),
            (
                #"{"@replace":{"pattern":"w","replacement":"waaaayyyytooolong","value":{"@path":"$.a"}}}"#,
                ["/@replace/replacement should be a string of length 10 or less."]
            ),
            (
                #"{"@replace":{"pattern":"+","replacement":"-","value":{"@path":"$.a"},"global":"bla"}}"#,
                ["/@replace/global should be a boolean but it is a string."]
            ),
            (
                #"{"@replace":{"pattern":"+","replacement":"-","value":{"@path":"$.a"},"ignorecase":"bla"}}"#,
                ["/@replace/ignorecase should be a boolean but it is a string."]
            ),
            (#"{"@template":123}"#, ["/@template should be a string or a mapping directive but it is a number."]),
            (#"{"@path":"$.foo","bar":"baz"}"#, ["/ should only have one @-prefixed key but it has 2 keys."]),
            (#"{"@path":"$.foo","@bar":"baz"}"#, ["/ should only have one @-prefixed key but it has 2 keys."]),
            (
                #"{"obj":{"@path":"foo.bar","oops":true},"hash":{"@template":{}}}"#,
                [
                    "/obj should only have one @-prefixed key but it has 2 keys.",
                    "/hash/@template should be a string or a mapping directive but it is an object.",
                ]
            ),
            (#"{"@oops":{}}"#, ["/ has an invalid directive: @oops."]),
            (#"{"@case":"not an object"}"#, ["/@case should be an object but it is a string."]),
        ]
        for (mapping, expected) in fixtures { assertErrors(mapping, expected) }
    }

    func testKeyCounts() {
        // Several @ keys: their count; other keys: all keys.
        assertErrors(#"{"@a":1,"@b":2,"@c":3,"x":1}"#, ["/ should only have one @-prefixed key but it has 3 keys."])
        assertErrors(
            #"{"@path":"a","x":1,"_metadata":{}}"#, ["/ should only have one @-prefixed key but it has 3 keys."])
        assertValid(#"{"@path":"a","_metadata":{"label":"x"}}"#)
    }

    func testTypeMessagesAndArticles() {
        assertErrors(#"{"@path":null}"#, ["/@path should be a string or a mapping directive but it is a null."])
        assertErrors(#"{"@path":[]}"#, ["/@path should be a string or a mapping directive but it is an array."])
        assertErrors(#"{"@if":[]}"#, ["/@if should be an object but it is an array."])
        assertErrors(#"{"@if":{"@path":"x"}}"#, ["/@if should be an object but it is a directive."])
        assertErrors(#"{"@if":null}"#, ["/@if should be an object but it is a null."])
        assertErrors(#"{"@json":{"value":1,"mode":true}}"#, ["/@json/mode should be a string but it is a boolean."])
        assertErrors(
            #"{"@merge":{"objects":{"@path":"x"}}}"#, ["/@merge/objects should be an array but it is an object."])
    }

    func testDirectiveRules() {
        // @if: options validated as mappings; blank not checked.
        assertErrors(#"{"@if":{"blank":{"@oops":1}}}"#, ["/@if/blank has an invalid directive: @oops."])
        assertValid(#"{"@if":{"blank":1,"other":2}}"#)
        // @case
        assertErrors(
            #"{"@case":{"operator":1,"value":2}}"#,
            [
                "/@case/operator should be a string but it is a number.",
                "/@case/value should be a string or a mapping directive but it is a number.",
            ])
        assertValid(#"{"@case":{}}"#)
        // @replace: field rules in upstream's order, collected.
        assertErrors(
            #"{"@replace":{"pattern":"","replacement":5,"ignorecase":1,"global":"x"}}"#,
            [
                "/@replace/pattern should be a string of length 1 or greater.",
                "/@replace/replacement should be a string but it is a number.",
                #"/@replace should have field "value" but it doesn't."#,
                "/@replace/ignorecase should be a boolean but it is a number.",
                "/@replace/global should be a boolean but it is a string.",
            ])
        assertValid(
            #"{"@replace":{"pattern":"0123456789","replacement":"","value":"x","pattern2":5,"replacement2":[]}}"#)
        assertErrors(
            #"{"@replace":{"pattern":"01234567890","value":"x"}}"#,
            [
                "/@replace/pattern should be a string of length 10 or less."
            ])
        // Option values are validated as mappings first; then the field rules do not run.
        assertErrors(
            #"{"@replace":{"pattern":{"@oops":1},"value":{"@bad":1}}}"#,
            [
                "/@replace/pattern has an invalid directive: @oops.", "/@replace/value has an invalid directive: @bad.",
            ])
        // @arrayPath: element errors at the directive's location.
        assertErrors(#"{"@arrayPath":[{"@oops":1}]}"#, ["/@arrayPath has an invalid directive: @oops."])
        assertErrors(#"{"@arrayPath":["a",{"@oops":1}]}"#, ["/@arrayPath has an invalid directive: @oops."])
        assertValid(#"{"@arrayPath":["a","not a shape"]}"#)
        // @json: modes case-insensitive.
        assertValid(#"{"@json":{"mode":"ENCODE","value":1}}"#)
        assertErrors(
            #"{"@json":{"mode":"x"}}"#,
            [
                #"/@json should have field "value" but it doesn't."#,
                #"/@json/mode should be one of encode, decode but it is "x"."#,
            ])
        assertErrors(
            #"{"@json":{"mode":"é\"","value":1}}"#, [#"/@json/mode should be one of encode, decode but it is "é\""."#])
        // @flatten: a directive separator is an error.
        assertErrors(
            #"{"@flatten":{"separator":{"@path":"x"},"value":1}}"#,
            [
                "/@flatten/separator should be a string but it is a directive."
            ])
        assertValid(#"{"@flatten":{"value":1}}"#)
        // @merge: direction case-insensitive; element errors at "/" and the first one stops.
        assertValid(#"{"@merge":{"direction":"LEFT","objects":[{"a":1},{"@path":"x"}]}}"#)
        assertErrors(
            #"{"x":{"@merge":{"objects":[1,"s"]}}}"#,
            [
                "/ should be a object or a mapping directive but it is a number."
            ])
        assertErrors(
            #"{"@merge":{"objects":[{"@path":5}]}}"#,
            [
                "/@path should be a string or a mapping directive but it is a number."
            ])
        // @transform
        assertErrors(
            #"{"@transform":{"apply":[],"mapping":"x"}}"#,
            [
                "/@transform/apply should be a object or a mapping directive but it is an array.",
                "/@transform/mapping should be a object or a mapping directive but it is a string.",
            ])
        // @literal and @excludeWhenNull: a plain object or array is not looked into.
        assertValid(#"{"@literal":{"a":{"@oops":1}}}"#)
        assertValid(#"{"@excludeWhenNull":[{"@oops":1}]}"#)
        assertErrors(#"{"@literal":{"@oops":1}}"#, ["/@literal has an invalid directive: @oops."])
        // @liquid
        assertErrors(#"{"@liquid":[]}"#, ["/@liquid should be a string but it is an array."])
    }

    func testArraysAreNotLookedInto() {
        assertValid(#"[{"@oops":1},{"@path":5}]"#)
        assertValid(#"{"a":[{"@oops":1}]}"#)
    }

    func testErrorsAreCollectedInKeyOrder() {
        // JavaScript key order: integer-like keys first.
        assertErrors(
            #"{"b":{"@x":1},"2":{"@y":1},"a":{"@path":1}}"#,
            [
                "/2 has an invalid directive: @y.", "/b has an invalid directive: @x.",
                "/a/@path should be a string or a mapping directive but it is a number.",
            ])
    }
}
