import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// `@arrayPath` (SEMANTICS 4.5): roots, item shapes resolved against each item, pass-through cases.
final class ArrayPathDirectiveTests: XCTestCase {
    private let event =
        #"{"products":[{"id":"a","price":1},{"id":"b"},"str",7,null],"one":{"id":"solo"},"s":"text","n":5,"nested":{"list":[{"id":"x"}]}}"#

    func testShapesResolveAgainstEachItem() {
        MappingTestSupport.assertTransform(
            #"{"@arrayPath":["$.products",{"pid":{"@path":"$.id"},"len":{"@path":"$.length"},"fixed":1}]}"#, event,
            // A falsy item stops every walk at itself: `null` gives `null` for any path.
            #"[{"pid":"a","fixed":1},{"pid":"b","fixed":1},{"len":3,"fixed":1},{"fixed":1},{"pid":null,"len":null,"fixed":1}]"#
        )
        // An object root counts as one item.
        MappingTestSupport.assertTransform(
            #"{"@arrayPath":["one",{"pid":{"@path":"id"}}]}"#, event, #"[{"pid":"solo"}]"#)
        // The `$.` removed is the first one anywhere in the path.
        MappingTestSupport.assertTransform(
            #"{"@arrayPath":["nested.$.list",{"pid":{"@path":"id"}}]}"#, event, #"[{"pid":"x"}]"#)
        // The event is not reachable from the shape.
        MappingTestSupport.assertTransform(#"{"@arrayPath":["$.one",{"s":{"@path":"$.s"}}]}"#, event, "[{}]")
        // A directive shape runs per item; a whole-item path gives the item.
        MappingTestSupport.assertTransform(
            #"{"@arrayPath":["$.products",{"@path":"$.id"}]}"#, event, #"["a","b",null,null,null]"#)
        MappingTestSupport.assertTransform(
            #"{"@arrayPath":["$.products",{"@template":"<{{id}}>"}]}"#, event, #"["<a>","<b>","<>","<>","<>"]"#)
    }

    func testDirectiveRoots() {
        MappingTestSupport.assertTransform(
            #"{"@arrayPath":[{"@if":{"exists":{"@path":"$.missing"},"then":{"@path":"$.products"},"else":[]}},{"x":1}]}"#,
            event, "[]")
        // A built root: its items are resolved values, missing ones included.
        MappingTestSupport.assertTransform(
            #"{"@arrayPath":[{"@literal":[{"k":{"@path":"$.s"}},{"@path":"$.nope"}]},{"v":{"@path":"$.k"},"w":2}]}"#,
            event, #"[{"v":"text","w":2},{"w":2}]"#)
        MappingTestSupport.assertTransform(
            #"{"@arrayPath":[{"@json":{"mode":"decode","value":{"@literal":"[{\"k\":1}]"}}},{"v":{"@path":"k"}}]}"#,
            event, #"[{"v":1}]"#)
    }

    func testRootReturnedUnchanged() {
        MappingTestSupport.assertTransform(
            #"{"@arrayPath":["$.products"]}"#, event, #"[{"id":"a","price":1},{"id":"b"},"str",7,null]"#)
        MappingTestSupport.assertTransform(
            #"{"@arrayPath":["$.products",{}]}"#, event, #"[{"id":"a","price":1},{"id":"b"},"str",7,null]"#)
        MappingTestSupport.assertTransform(#"{"@arrayPath":["$.one","shape"]}"#, event, #"{"id":"solo"}"#)
        MappingTestSupport.assertTransform(#"{"@arrayPath":["$.s",{"x":1}]}"#, event, #""text""#)
        MappingTestSupport.assertTransform(#"{"@arrayPath":["$.n",{"x":1}]}"#, event, "5")
        MappingTestSupport.assertTransform(#"{"@arrayPath":["$.nope",{"x":1}]}"#, event, nil)
        // Unvalidated inside an array: an empty option resolves nothing.
        MappingTestSupport.assertTransform(#"{"l":[{"@arrayPath":[]}]}"#, event, #"{"l":[null]}"#)
    }

    func testErrors() {
        MappingTestSupport.assertTransformError(
            #"{"@arrayPath":"nope"}"#, event, "/@arrayPath should be an array but it is a string.")
        MappingTestSupport.assertTransformError(
            #"{"l":[{"@arrayPath":"nope"}]}"#, event, "@arrayPath expected array, got string")
        MappingTestSupport.assertTransformError(
            #"{"l":[{"@arrayPath":{"a":1}}]}"#, event, "@arrayPath expected array, got object")
        MappingTestSupport.assertTransformError(
            #"{"@arrayPath":[1]}"#, event, "/@arrayPath should be a string or a mapping directive but it is a number.")
        MappingTestSupport.assertTransformError(
            #"{"@arrayPath":[]}"#, event,
            "/@arrayPath should be a string or a mapping directive but it is an undefined.")
        MappingTestSupport.assertTransformError(
            #"{"@arrayPath":["$.a",{"x":{"@oops":1}}]}"#, event, "/@arrayPath/x has an invalid directive: @oops.")
        // Errors inside the shape surface per item.
        MappingTestSupport.assertTransformError(
            #"{"@arrayPath":["$.products",{"x":{"@template":{"@path":"$.id"}}}]}"#, #"{"products":[{"id":1}]}"#,
            "@template: expected string, got number")
    }
}
