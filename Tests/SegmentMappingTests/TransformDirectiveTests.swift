import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// `@transform` (SEMANTICS 4.5): `apply` as a full transform whose result is the new payload.
final class TransformDirectiveTests: XCTestCase {
    func testApplyThenMapping() {
        MappingTestSupport.assertTransform(
            #"{"@transform":{"apply":{"foo":{"@path":"$.a"}},"mapping":{"cool":{"@path":"$.foo"},"gone":{"@path":"$.a"}}}}"#,
            #"{"a":1,"b":2}"#, #"{"cool":1}"#)
        // Nested transforms.
        MappingTestSupport.assertTransform(
            #"{"@transform":{"apply":{"x":{"@transform":{"apply":{"y":{"@path":"$.a"}},"mapping":{"@path":"$.y"}}}},"mapping":{"@template":"<{{x}}>"}}}"#,
            #"{"a":"A"}"#, #""<A>""#)
        // A directive `apply` and `mapping`.
        MappingTestSupport.assertTransform(
            #"{"@transform":{"apply":{"@path":"$.inner"},"mapping":{"@path":"$.k"}}}"#, #"{"inner":{"k":"v"}}"#, #""v""#
        )
    }

    func testTheNewPayloadKeepsMissingArrayElements() {
        // removeUndefined deletes object keys but keeps undefined array elements: `$.list.0` is then
        // missing, not null, and `length` counts it.
        MappingTestSupport.assertTransform(
            #"{"@transform":{"apply":{"list":[{"@path":"$.nope"},1]},"mapping":{"first":{"@path":"$.list.0"},"n":{"@path":"$.list.length"},"e":{"@if":{"exists":{"@path":"$.list.0"},"then":"yes","else":"no"}}}}}"#,
            "{}", #"{"n":2,"e":"no"}"#)
    }

    func testApplyRootDirectiveAndRunTimeValidation() {
        // `apply` gets the root steps: a root-level directive in it works (inside an array, since static
        // validation checks `apply` as written, where the inner `@transform` has no `mapping`).
        MappingTestSupport.assertTransform(
            #"{"l":[{"@transform":{"apply":{"__segment_internal_directive":{"@transform":{"apply":{"b":{"@path":"$.a"}}}},"c":{"@path":"$.b"}},"mapping":{"@path":"$.c"}}}]}"#,
            #"{"a":"deep"}"#, #"{"l":["deep"]}"#)
        MappingTestSupport.assertTransformError(
            #"{"@transform":{"apply":{"__segment_internal_directive":{"@transform":{"apply":{"b":1}}}},"mapping":{"a":1}}}"#,
            "{}",
            #"/@transform/apply/__segment_internal_directive/@transform should have field "mapping" but it doesn't."#)
        MappingTestSupport.assertTransformError(
            #"{"@transform":{"apply":{"__segment_internal_directive":"xy"},"mapping":{"a":1}}}"#, "{}",
            "The root mapping must only have a single directive object")
        // Inside an array nothing was validated at load time: `apply` is validated when it runs.
        MappingTestSupport.assertTransformError(
            #"{"l":[{"@transform":{"apply":{"x":{"@oops":1},"y":{"@path":5}},"mapping":{"a":1}}}]}"#, "{}",
            "/x has an invalid directive: @oops.\n/y/@path should be a string or a mapping directive but it is a number."
        )
    }

    func testErrors() {
        MappingTestSupport.assertTransformError(
            #"{"@transform":{"@path":{}}}"#, "{}", "/@transform should be an object but it is a directive.")
        MappingTestSupport.assertTransformError(
            #"{"@transform":{"apply":{"a":1}}}"#, "{}", #"/@transform should have field "mapping" but it doesn't."#)
        MappingTestSupport.assertTransformError(
            #"{"@transform":{"apply":1,"mapping":{}}}"#, "{}",
            "/@transform/apply should be a object or a mapping directive but it is a number.")
        MappingTestSupport.assertTransformError(
            #"{"l":[{"@transform":1}]}"#, "{}",
            #"@transform requires an object with an "apply" key and a "mapping" key"#)
        MappingTestSupport.assertTransformError(
            #"{"l":[{"@transform":{"apply":{"a":1},"mapping":0}}]}"#, "{}", #"@transform requires a "mapping" key"#)
        MappingTestSupport.assertTransformError(
            #"{"l":[{"@transform":{"apply":null,"mapping":1}}]}"#, "{}", #"@transform requires a "apply" key"#)
        MappingTestSupport.assertTransformError(
            #"{"l":[{"@transform":{"apply":[1],"mapping":1}}]}"#, "{}", #"@transform "apply" key should be an object"#)
        // Inside an `@arrayPath` shape the payload is the item, which must be an object.
        MappingTestSupport.assertTransformError(
            #"{"@arrayPath":["$.list",{"@transform":{"apply":{"a":1},"mapping":{"b":1}}}]}"#, #"{"list":[{},"s"]}"#,
            "data must be an object, got string")
        MappingTestSupport.assertTransformError(
            #"{"@arrayPath":[{"@literal":[{"@path":"$.nope"}]},{"@transform":{"apply":{"a":1},"mapping":{"b":1}}}]}"#,
            "{}", "data must be an object, got undefined")
    }
}
