import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// `MappingProgram` (SEMANTICS 4.1): root copy, the root-level directive, the event check, removal of
/// missing values, and the per-field programs the hot path uses.
final class MappingProgramTests: XCTestCase {
    func testRootCopy() {
        MappingTestSupport.assertTransformText(#"["cool",{"@path":"$.a"}]"#, #"{"a":1}"#, #"{"0":"cool","1":1}"#)
        MappingTestSupport.assertTransformText(#""neat""#, "{}", #"{"0":"n","1":"e","2":"a","3":"t"}"#)
        MappingTestSupport.assertTransformText(#""é😀""#, "{}", #"{"0":"é","1":"\#u{FFFD}","2":"\#u{FFFD}"}"#)
        MappingTestSupport.assertTransformText("123", "{}", "{}")
        MappingTestSupport.assertTransformText("true", "{}", "{}")
        MappingTestSupport.assertTransformError("null", "{}", "Cannot convert undefined or null to object")
        // A directive root gives the directive's value, which may be missing or any JSON value.
        MappingTestSupport.assertTransformText(#"{"@path":"$.nope"}"#, "{}", "<missing>")
        MappingTestSupport.assertTransformText(#"{"@path":"$.a"}"#, #"{"a":[1,{"@path":"x"}]}"#, #"[1,{"@path":"x"}]"#)
    }

    func testARootArrayIsValidatedAfterTheCopy() {
        // The copy makes it an object keyed by index, whose members are validated; nested arrays are not.
        MappingTestSupport.assertTransformError(#"[{"@oops":1}]"#, "{}", "/0 has an invalid directive: @oops.")
        MappingTestSupport.assertTransformError(
            #"{"a":[{"@oops":1}]}"#, "{}", "@oops is not a valid directive, got undefined")
        MappingTestSupport.assertTransformText(
            #"{"a":[{"@path":"$.a","x":1}]}"#, #"{"a":1}"#, #"{"a":[{"@path":"$.a","x":1}]}"#)
    }

    func testRemovalOfMissingValues() {
        MappingTestSupport.assertTransformText(
            #"{"a":["a",{"@path":"$.missing"},{"@path":"$.x"}],"b":{"c":{"@path":"$.missing"}},"n":null,"d":{"@path":"$.missing"}}"#,
            #"{"x":"x"}"#, #"{"a":["a",null,"x"],"b":{},"n":null}"#)
    }

    func testRootLevelDirective() {
        MappingTestSupport.assertTransform(
            #"{"__segment_internal_directive":{"@transform":{"apply":{"p":{"@flatten":{"value":{"@path":"$.p"},"separator":"_"}}}}},"p":{"@path":"$.p"},"top":{"@path":"$.p.n_a"}}"#,
            #"{"p":{"x":1,"n":{"a":"s"}}}"#, #"{"p":{"x":1,"n_a":"s"},"top":"s"}"#)
        // The other keys replace an existing `mapping` option, in place.
        MappingTestSupport.assertTransform(
            #"{"k":{"@path":"$.a"},"__segment_internal_directive":{"@transform":{"mapping":{"old":1},"apply":{"a":"new"}}}}"#,
            #"{"a":"old"}"#, #"{"k":"new"}"#)
        // Any single-key object works (it is then validated and resolved like any mapping).
        MappingTestSupport.assertTransform(
            #"{"__segment_internal_directive":{"wrap":{"x":1}},"y":2}"#, "{}", #"{"wrap":{"x":1,"mapping":{"y":2}}}"#)
        // An array value is processed as it is (no root copy); on an inner array the property is invisible.
        MappingTestSupport.assertTransform(
            #"{"__segment_internal_directive":[{"x":1}],"y":2}"#, "{}", #"[{"x":1,"mapping":{"y":2}}]"#)
        MappingTestSupport.assertTransform(#"{"__segment_internal_directive":{"w":[1]},"y":2}"#, "{}", #"{"w":[1]}"#)
    }

    func testRootLevelDirectiveErrors() {
        let single = "The root mapping must only have a single directive object"
        let object = "The root directive must be an object"
        MappingTestSupport.assertTransformError(#"{"__segment_internal_directive":{"@a":{},"@b":{}}}"#, "{}", single)
        MappingTestSupport.assertTransformError(#"{"__segment_internal_directive":"ab"}"#, "{}", single)
        MappingTestSupport.assertTransformError(#"{"__segment_internal_directive":[1,2]}"#, "{}", single)
        MappingTestSupport.assertTransformError(#"{"__segment_internal_directive":{"@transform":"x"}}"#, "{}", object)
        MappingTestSupport.assertTransformError(#"{"__segment_internal_directive":{"@transform":null}}"#, "{}", object)
        MappingTestSupport.assertTransformError(#"{"__segment_internal_directive":{}}"#, "{}", object)
        MappingTestSupport.assertTransformError(#"{"__segment_internal_directive":"a"}"#, "{}", object)
        MappingTestSupport.assertTransformError(#"{"__segment_internal_directive":5}"#, "{}", object)
        MappingTestSupport.assertTransformError(#"{"__segment_internal_directive":[5]}"#, "{}", object)
        MappingTestSupport.assertTransformError(
            #"{"__segment_internal_directive":null}"#, "{}", "Cannot convert undefined or null to object")
        // Validation runs on the mapping to process.
        MappingTestSupport.assertTransformError(
            #"{"__segment_internal_directive":{"@transform":{"apply":{"a":{"@oops":1}}}},"b":1}"#, "{}",
            "/@transform/apply/a has an invalid directive: @oops.")
    }

    func testTheEventMustBeAnObject() {
        for (event, type) in [
            ("123", "number"), (#""s""#, "string"), ("true", "boolean"), ("null", "null"), ("[]", "array"),
        ] {
            MappingTestSupport.assertTransformError(#"{"a":1}"#, event, "data must be an object, got \(type)")
        }
    }

    func testCompileErrorsAreAllReported() {
        do {
            _ = try MappingProgram.compile(MappingTestSupport.json(#"{"a":{"@path":1},"b":{"@oops":1}}"#))
            XCTFail("expected errors")
        } catch {
            XCTAssertEqual(error.errors.map(\.location), [["a", "@path"], ["b"]])
            XCTAssertEqual(error.errors.map(\.pointer), ["/a/@path", "/b"])
            XCTAssertEqual(
                error.mappingErrors(place: "mappings[0].mapping"),
                [
                    MappingError(
                        place: "mappings[0].mapping",
                        message: "/a/@path should be a string or a mapping directive but it is a number."),
                    MappingError(place: "mappings[0].mapping", message: "/b has an invalid directive: @oops."),
                ])
        }
    }

    func testFieldsMatchTheTransform() throws {
        let mapping = MappingTestSupport.json(
            #"{"b":{"@path":"$.x"},"10":1,"a":{"@template":"{{x}}!"},"gone":{"@path":"$.nope"},"l":{"@literal":{"k":[1]}}}"#
        )
        let program = try MappingProgram.compile(mapping)
        let fields = try XCTUnwrap(program.fields)
        XCTAssertEqual(fields.map(\.name), ["10", "b", "a", "gone", "l"])
        try MappingTestSupport.withDocument(#"{"x":"X"}"#) { document in
            var object = JSONObject()
            for field in fields {
                if let value = MappingTestSupport.materialize(try field.program.evaluate(on: document), in: document) {
                    object[field.name] = value
                }
            }
            XCTAssertEqual(try program.transform(document)?.jsonText, JSONValue.object(object).jsonText)
            XCTAssertEqual(JSONValue.object(object).jsonText, #"{"10":1,"b":"X","a":"X!","l":{"k":[1]}}"#)
        }
        XCTAssertNil(try MappingProgram.compile(MappingTestSupport.json(#"{"@path":"$.a"}"#)).fields)
        XCTAssertNil(
            try MappingProgram.compile(
                MappingTestSupport.json(#"{"__segment_internal_directive":{"@transform":{"apply":{}}},"a":1}"#)
            ).fields)
        XCTAssertEqual(try MappingProgram.compile(MappingTestSupport.json("[1]")).fields?.map(\.name), ["0"])
    }

    func testFieldProgramErrorsAreRuntimeErrors() throws {
        let program = try MappingProgram.compile(MappingTestSupport.json(#"{"a":{"@template":{"@path":"$.n"}}}"#))
        try MappingTestSupport.withDocument(#"{"n":1}"#) { document in
            XCTAssertThrowsError(try program.fields?[0].program.evaluate(on: document)) { error in
                XCTAssertEqual(
                    error as? MappingRuntimeError, MappingRuntimeError("@template: expected string, got number"))
            }
        }
    }
}
