import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// `@merge` (SEMANTICS 4.5): directions, what each kind of element contributes, errors.
final class MergeDirectiveTests: XCTestCase {
    private let event = #"{"o":{"bar":"baz","hey":"you"},"s":"ab","arr":["x","y"],"n":null,"num":5,"left":"left"}"#

    private func assertMerge(
        _ direction: String, _ objects: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        MappingTestSupport.assertTransform(
            #"{"@merge":{"direction":\#(direction),"objects":\#(objects)}}"#, event, expected, file: file, line: line)
    }

    func testDirections() {
        assertMerge(
            #""right""#, #"[{"cool":true,"hey":"there"},{"@path":"$.o"}]"#, #"{"cool":true,"hey":"you","bar":"baz"}"#)
        assertMerge(
            #""left""#, #"[{"cool":true,"hey":"there"},{"@path":"$.o"}]"#, #"{"bar":"baz","hey":"there","cool":true}"#)
        // Validation accepts any case, but only "left" exactly reverses.
        assertMerge(#""LEFT""#, #"[{"a":1},{"a":2}]"#, #"{"a":2}"#)
        // The direction is resolved (a directive only loads where validation does not look).
        MappingTestSupport.assertTransform(
            #"{"l":[{"@merge":{"direction":{"@path":"$.left"},"objects":[{"a":1},{"a":2}]}}]}"#, event,
            #"{"l":[{"a":1}]}"#)
        MappingTestSupport.assertTransformError(
            #"{"@merge":{"direction":{"@path":"$.left"},"objects":[]}}"#, event,
            "/@merge/direction should be a string but it is a directive.")
        assertMerge(#""right""#, "[]", "{}")
    }

    func testKeyOrder() {
        // An overwritten key keeps its first position; integer-like keys come first.
        MappingTestSupport.assertTransformText(
            #"{"@merge":{"direction":"right","objects":[{"b":1,"a":1},{"c":2,"b":2,"5":0}]}}"#, "{}",
            #"{"5":0,"b":2,"a":1,"c":2}"#)
    }

    func testWhatElementsContribute() {
        // Unvalidated inside an array: any element type.
        MappingTestSupport.assertTransform(
            #"{"l":[{"@merge":{"direction":"right","objects":[{"@path":"$.s"},{"@path":"$.n"},{"@path":"$.num"},{"@path":"$.nope"},true,{"@path":"$.arr"}]}}]}"#,
            event, #"{"l":[{"0":"x","1":"y"}]}"#)
        MappingTestSupport.assertTransform(
            #"{"l":[{"@merge":{"direction":"right","objects":["😀"]}}]}"#, event, #"{"l":[{"0":"\ufffd","1":"\ufffd"}]}"#
        )
        MappingTestSupport.assertTransform(
            #"{"@merge":{"direction":"right","objects":[{"@path":"$.s"}]}}"#, event, #"{"0":"a","1":"b"}"#)
    }

    func testMissingMembersOverwrite() {
        // Object.assign copies an undefined member over an earlier value; removal then drops the key.
        MappingTestSupport.assertTransform(
            #"{"@merge":{"direction":"right","objects":[{"a":1,"b":2},{"a":{"@path":"$.nope"}}]}}"#, event, #"{"b":2}"#)
        MappingTestSupport.assertTransform(
            #"{"@merge":{"direction":"right","objects":[{"a":1},{"@excludeWhenNull":{"@literal":{"a":null}}}]}}"#,
            event,
            "{}")
    }

    func testErrors() {
        MappingTestSupport.assertTransformError(
            #"{"@merge":{"direction":"left","objects":{"oops":true}}}"#, event,
            "/@merge/objects should be an array but it is an object.")
        MappingTestSupport.assertTransformError(
            #"{"@merge":{"direction":"left","objects":[{},1]}}"#, event,
            "/ should be a object or a mapping directive but it is a number.")
        MappingTestSupport.assertTransformError(
            #"{"@merge":{"direction":"up","objects":[]}}"#, event,
            #"/@merge/direction should be one of left, right but it is "up"."#)
        MappingTestSupport.assertTransformError(
            #"{"@merge":{"objects":[]}}"#, event, #"@merge requires a "direction" key"#)
        MappingTestSupport.assertTransformError(
            #"{"@merge":{"direction":"right"}}"#, event, #"/@merge should have field "objects" but it doesn't."#)
        MappingTestSupport.assertTransformError(
            #"{"l":[{"@merge":{"direction":"right"}}]}"#, event, #"@merge requires a "objects" key"#)
        MappingTestSupport.assertTransformError(
            #"{"l":[{"@merge":{"direction":"right","objects":"ab"}}]}"#, event,
            "@merge: expected opts.array, got string")
        MappingTestSupport.assertTransformError(
            #"{"l":[{"@merge":{"direction":"right","objects":{"a":1}}}]}"#, event,
            "@merge: expected opts.array, got object")
        MappingTestSupport.assertTransformError(
            #"{"l":[{"@merge":[1]}]}"#, event, #"@merge requires an object with an "objects" key and a "direction" key"#
        )
        // The direction is resolved before `objects` is checked.
        MappingTestSupport.assertTransformError(
            #"{"l":[{"@merge":{"direction":{"@template":{"@path":"$.num"}}}}]}"#, event,
            "@template: expected string, got number")
        // Element errors are reported at "/", nested ones relative to it.
        MappingTestSupport.assertTransformError(
            #"{"x":{"@merge":{"direction":"right","objects":[{"k":{"@oops":1}}]}}}"#, event,
            "/k has an invalid directive: @oops.")
    }
}
