import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// `@json` (SEMANTICS 4.5): `JSON.stringify` text, `JSON.parse` with the fallback, modes, errors, and
/// round trips on generated values.
final class JSONDirectiveTests: XCTestCase {
    private func encode(_ value: String) -> String { #"{"@json":{"mode":"encode","value":\#(value)}}"# }
    private func decode(_ value: String) -> String { #"{"@json":{"mode":"decode","value":\#(value)}}"# }

    func testEncode() {
        let event = #"{"o":{"b":1,"10":2,"a":"x/\u00e9\n","2":[1.50,1e21,-0,null,true]},"s":"bar","n":null}"#
        MappingTestSupport.assertTransform(
            encode(#"{"@path":"$.o"}"#), event,
            JSONValue.string(#"{"2":[1.5,1e+21,0,null,true],"10":2,"b":1,"a":"x/é\n"}"#).jsonText)
        MappingTestSupport.assertTransform(encode(#"{"@path":"$.s"}"#), event, #""\"bar\"""#)
        MappingTestSupport.assertTransform(encode(#"{"@path":"$.n"}"#), event, #""null""#)
        MappingTestSupport.assertTransform(#"{"x":\#(encode(#"{"@path":"$.nope"}"#))}"#, event, "{}")
        // Missing members are left out and missing elements written as null, as JSON.stringify does.
        MappingTestSupport.assertTransform(
            encode(#"{"@literal":{"a":{"@path":"$.nope"},"b":[{"@path":"$.nope"},1]}}"#), event, #""{\"b\":[null,1]}""#)
        MappingTestSupport.assertTransform(encode(#""text""#), event, #""\"text\"""#)
        MappingTestSupport.assertTransform(encode("true"), event, #""true""#)
        MappingTestSupport.assertTransform(encode("1e400"), event, #""null""#)
    }

    func testDecode() {
        let event =
            #"{"s":"\"bar\"","o":"{\"bar\":\"baz\",\"n\":1.5}","a":" [1, 2]\n","bad":"Hello World","empty":"","null":"null","num":5,"obj":{"k":1}}"#
        MappingTestSupport.assertTransform(decode(#"{"@path":"$.s"}"#), event, #""bar""#)
        MappingTestSupport.assertTransform(decode(#"{"@path":"$.o"}"#), event, #"{"bar":"baz","n":1.5}"#)
        MappingTestSupport.assertTransform(decode(#"{"@path":"$.a"}"#), event, "[1,2]")
        MappingTestSupport.assertTransform(decode(#"{"@path":"$.bad"}"#), event, #""Hello World""#)
        MappingTestSupport.assertTransform(decode(#"{"@path":"$.empty"}"#), event, #""""#)
        MappingTestSupport.assertTransform(decode(#"{"@path":"$.null"}"#), event, "null")
        MappingTestSupport.assertTransform(decode(#"{"@path":"$.num"}"#), event, "5")
        MappingTestSupport.assertTransform(decode(#"{"@path":"$.obj"}"#), event, #"{"k":1}"#)
        MappingTestSupport.assertTransform(#"{"x":\#(decode(#"{"@path":"$.nope"}"#))}"#, event, "{}")
        MappingTestSupport.assertTransform(decode(#""{\"a\":1} x""#), event, #""{\"a\":1} x""#)
    }

    func testModes() {
        // Validation compares case-insensitively, the runtime exactly: "ENCODE" loads and gives missing.
        MappingTestSupport.assertTransform(#"{"x":{"@json":{"mode":"ENCODE","value":1}}}"#, "{}", "{}")
        MappingTestSupport.assertTransformError(
            #"{"@json":{"mode":"oops","value":1}}"#, "{}",
            #"/@json/mode should be one of encode, decode but it is "oops"."#)
        MappingTestSupport.assertTransformError(
            #"{"@json":{"mode":1,"value":1}}"#, "{}", "/@json/mode should be a string but it is a number.")
    }

    func testErrors() {
        MappingTestSupport.assertTransformError(
            #"{"l":[{"@json":1}]}"#, "{}", #"@json requires an object with a "value" key"#)
        MappingTestSupport.assertTransformError(
            #"{"@json":{"value":1}}"#, "{}", #"/@json should have field "mode" but it doesn't."#)
        MappingTestSupport.assertTransformError(
            #"{"l":[{"@json":{"value":1}}]}"#, "{}", #"@json requires a "mode" key"#)
        for falsy in ["0", #""""#, "false", "null"] {
            MappingTestSupport.assertTransformError(
                #"{"@json":{"mode":"encode","value":\#(falsy)}}"#, "{}", #"@json requires a "value" key"#)
        }
        MappingTestSupport.assertTransformError(
            #"{"@json":{"mode":"encode"}}"#, "{}", #"/@json should have field "value" but it doesn't."#)
    }

    /// Property: decoding an encoded value gives the value back (numbers as doubles), and encoding is
    /// stable across a round trip.
    func testRoundTripsOnGeneratedValues() throws {
        var generator = JSONGenerator(seed: 42)
        let encodeMapping = MappingTestSupport.json(encode(#"{"@path":"$.v"}"#))
        let roundTrip = MappingTestSupport.json(decode(encode(#"{"@path":"$.v"}"#)))
        for _ in 0..<500 {
            let value = generator.value(depth: 4, keyPrefix: "k")
            let event = JSONValue.object(JSONObject([("v", value)]))
            guard case .value(.string(let text)?) = try MappingTestSupport.transform(encodeMapping, event) else {
                return XCTFail("encode failed for \(value.jsonText)")
            }
            guard case .value(let decoded?) = try MappingTestSupport.transform(roundTrip, event) else {
                return XCTFail("round trip failed for \(value.jsonText)")
            }
            XCTAssertTrue(MappingTestSupport.sameJSON(decoded, value), "\(value.jsonText) -> \(decoded.jsonText)")
            let again = JSONValue.object(JSONObject([("v", decoded)]))
            XCTAssertEqual(try MappingTestSupport.transform(encodeMapping, again), .value(.string(text)))
            // The text is JSON.stringify's: canonical JSONOutput text once numbers are canonical.
            XCTAssertEqual(text, (try JSONValue.parse(text)).stringifiedText)
        }
    }
}

extension JSONValue {
    /// `JSONOutput` text after rewriting every number to its JavaScript spelling.
    fileprivate var stringifiedText: String {
        func canonical(_ value: JSONValue) -> JSONValue {
            switch value {
            case .number(let number): return .number(JSONNumber(number.value))
            case .array(let elements): return .array(elements.map(canonical))
            case .object(let object):
                return .object(JSONObject(object.orderedMembers.map { ($0.key, canonical($0.value)) }))
            default: return value
            }
        }
        return canonical(self).jsonText
    }
}
