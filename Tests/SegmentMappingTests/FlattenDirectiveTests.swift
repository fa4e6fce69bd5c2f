import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// `@flatten` (SEMANTICS 4.5): key joining, arrays, `omitArrays`, primitives, collisions, and key counts on
/// generated values.
final class FlattenDirectiveTests: XCTestCase {
    private func assertFlatten(
        _ value: String, _ expected: String, separator: String = ".", omitArrays: String? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let omit = omitArrays.map { #","omitArrays":\#($0)"# } ?? ""
        MappingTestSupport.assertTransform(
            #"{"@flatten":{"value":{"@path":"$.v"},"separator":"\#(separator)"\#(omit)}}"#, #"{"v":\#(value)}"#,
            expected,
            file: file, line: line)
    }

    func testFlattening() {
        assertFlatten(#"{"a":{"b":{"c":1},"d":2}}"#, #"{"a.b.c":1,"a.d":2}"#)
        assertFlatten(#"{"a":{"b":{"c":1},"d":2}}"#, #"{"a::b::c":1,"a::d":2}"#, separator: "::")
        assertFlatten(#"{"a":[{"b":1},{"c":2}]}"#, #"{"a.0.b":1,"a.1.c":2}"#)
        assertFlatten(#"[{"a":1},[2]]"#, #"{"0.a":1,"1.0":2}"#)
        assertFlatten(#"{"a":{},"b":[],"c":1,"d":null}"#, #"{"c":1,"d":null}"#)
        assertFlatten(#"{"a":{"b":[]},"c":[1]}"#, #"{"a.b":[],"c":[1]}"#, omitArrays: "true")
        assertFlatten(#"{"a":[1,{"b":2}]}"#, #"{"a":[1,{"b":2}]}"#, omitArrays: #""yes""#)
        assertFlatten(#"{"a":[1]}"#, #"{"a.0":1}"#, omitArrays: "0")
        // Raw truthiness: a directive object is truthy even if it resolves to false.
        assertFlatten(#"{"a":[1]}"#, #"{"a":[1]}"#, omitArrays: #"{"@literal":false}"#)
    }

    func testObjectsOfTheLineAreReadAsJSONParseBuildsThem() {
        // Walked in place in the line: a repeated key keeps its first position and its last value,
        // integer-like keys come first, escaped keys are decoded, numbers keep their spelling.
        assertFlatten(
            #"{"b":{"x":1},"2":"two","1":"one","b":{"y":2.50},"\u0061":[1,{"z":null}]}"#,
            #"{"1":"one","2":"two","b.y":2.50,"a.0":1,"a.1.z":null}"#)
        // A flattened key that collides with a later one keeps its position and takes the later value.
        assertFlatten(#"{"a.b":1,"a":{"b":2},"c":3}"#, #"{"a.b":2,"c":3}"#)
        // A lone surrogate escape in a leaf stays an escape (a copied-out Swift String would hold U+FFFD).
        assertFlatten(#"{"s":"\ud800"}"#, #"{"s":"\ud800"}"#)
    }

    func testPrimitivesAndMissing() {
        assertFlatten("5", #"{"":5}"#)
        assertFlatten(#""s""#, #"{"":"s"}"#)
        assertFlatten("null", #"{"":null}"#)
        assertFlatten("[5]", #"{"0":5}"#)
        assertFlatten("[5]", #"{"":[5]}"#, omitArrays: "true")
        MappingTestSupport.assertTransform(#"{"@flatten":{"value":{"@path":"$.nope"},"separator":"."}}"#, "{}", "{}")
    }

    func testKeyOrderAndCollisions() {
        // Later keys overwrite earlier ones in place; integer-like keys come first.
        assertFlatten(#"{"a.b":1,"x":2,"a":{"b":3}}"#, #"{"a.b":3,"x":2}"#)
        MappingTestSupport.assertTransformText(
            #"{"@flatten":{"value":{"@path":"$.v"},"separator":"."}}"#, #"{"v":{"b":1,"a":[3,4],"1":{"x":2}}}"#,
            #"{"1.x":2,"b":1,"a.0":3,"a.1":4}"#)
        // An empty key: no separator is added while the accumulated key is empty.
        assertFlatten(#"{"":{"a":1},"b":{"":2}}"#, #"{"a":1,"b.":2}"#)
        // A missing member overwrites (then disappears).
        MappingTestSupport.assertTransform(
            #"{"@flatten":{"value":{"@literal":{"a.b":1,"a":{"b":{"@path":"$.nope"}}}},"separator":"."}}"#, "{}", "{}")
    }

    func testSeparator() {
        MappingTestSupport.assertTransformError(
            #"{"l":[{"@flatten":{"value":1,"separator":{"@path":"$.n"}}}]}"#, #"{"n":1}"#,
            "@flatten requires a string separator")
        // Inside an array a directive separator is allowed and resolved.
        MappingTestSupport.assertTransform(
            #"{"l":[{"@flatten":{"value":{"@path":"$.v"},"separator":{"@path":"$.sep"}}}]}"#,
            #"{"v":{"a":{"b":1}},"sep":"_"}"#,
            #"{"l":[{"a_b":1}]}"#)
        MappingTestSupport.assertTransformError(
            #"{"@flatten":{"value":1,"separator":{"@path":"$.s"}}}"#, "{}",
            "/@flatten/separator should be a string but it is a directive.")
    }

    func testErrors() {
        MappingTestSupport.assertTransformError(
            #"{"l":[{"@flatten":1}]}"#, "{}", #"@flatten requires an object with a "separator" key"#)
        MappingTestSupport.assertTransformError(
            #"{"@flatten":{"value":1}}"#, "{}", #"@flatten requires a "separator" key"#)
        MappingTestSupport.assertTransformError(
            #"{"@flatten":{"value":1,"separator":""}}"#, "{}", #"@flatten requires a "separator" key"#)
        MappingTestSupport.assertTransformError(
            #"{"@flatten":{"separator":"."}}"#, "{}", #"/@flatten should have field "value" but it doesn't."#)
    }

    /// Property: flattening a generated value gives one key per leaf (a non-container, or an empty
    /// container when arrays are omitted... which disappears) and the leaves keep their values.
    func testKeyCountsOnGeneratedValues() throws {
        var generator = JSONGenerator(seed: 7)
        for _ in 0..<300 {
            let value = generator.object(depth: 4, keyPrefix: "k")
            for omitArrays in [false, true] {
                let mapping = JSONValue.object(
                    JSONObject([
                        (
                            "@flatten",
                            .object(
                                JSONObject([
                                    ("value", .object(JSONObject([("@path", .string("$.v"))]))),
                                    ("separator", .string("/")),
                                    ("omitArrays", .bool(omitArrays)),
                                ]))
                        )
                    ]))
                let event = JSONValue.object(JSONObject([("v", value)]))
                guard case .value(.object(let flat)?) = try MappingTestSupport.transform(mapping, event) else {
                    return XCTFail("flatten did not give an object for \(value.jsonText)")
                }
                let leaves = Self.leaves(value, omitArrays: omitArrays, prefix: "")
                XCTAssertEqual(flat.count, leaves.count, value.jsonText)
                for (key, leaf) in leaves { XCTAssertEqual(flat[key], leaf, "\(key) in \(value.jsonText)") }
            }
        }
    }

    /// The leaves a flattening keeps, with their joined keys (generated keys contain no separator and
    /// never collide).
    private static func leaves(_ value: JSONValue, omitArrays: Bool, prefix: String) -> [(String, JSONValue)] {
        func key(_ name: String) -> String { prefix.isEmpty ? name : prefix + "/" + name }
        switch value {
        case .object(let object):
            return object.orderedMembers.flatMap { leaves($0.value, omitArrays: omitArrays, prefix: key($0.key)) }
        case .array(let elements) where !omitArrays:
            return elements.enumerated().flatMap {
                leaves($0.element, omitArrays: omitArrays, prefix: key(String($0.offset)))
            }
        default:
            return [(prefix, value)]
        }
    }
}
