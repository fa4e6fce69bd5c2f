import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// `@path` (SEMANTICS 4.3, 4.5): string paths compiled once, directive paths resolved per event, lookups
/// on every kind of payload.
final class PathDirectiveTests: XCTestCase {
    private let event =
        #"{"a":{"b":[{"c":"deep"}]},"p":"a.b.0.c","n":5,"z":0,"f":false,"e":"","s":"☕é😀","k":{"a.b":1}}"#

    func testStringPaths() {
        MappingTestSupport.assertTransform(#"{"@path":"$.a.b[0].c"}"#, event, #""deep""#)
        MappingTestSupport.assertTransform(#"{"@path":"a.$.b.0.c"}"#, event, #""deep""#)
        MappingTestSupport.assertTransform(#"{"@path":"$.z.x"}"#, event, "0")
        MappingTestSupport.assertTransform(#"{"@path":"$.f.x"}"#, event, "false")
        MappingTestSupport.assertTransform(#"{"@path":"$.e.x"}"#, event, #""""#)
        MappingTestSupport.assertTransform(#"{"@path":"$.n.x"}"#, event, nil)
        MappingTestSupport.assertTransform(#"{"@path":"$.s.length"}"#, event, "4")
        MappingTestSupport.assertTransform(#"{"@path":"$.s.1"}"#, event, #""é""#)
        MappingTestSupport.assertTransform(#"{"@path":"$.k.a.b"}"#, event, nil)
        MappingTestSupport.assertTransform(#"{"@path":".."}"#, #"{"x":1}"#, #"{"x":1}"#)
    }

    func testDirectivePaths() {
        MappingTestSupport.assertTransform(#"{"@path":{"@path":"$.p"}}"#, event, #""deep""#)
        MappingTestSupport.assertTransform(#"{"@path":{"@template":"$.{{p}}"}}"#, event, #""deep""#)
        MappingTestSupport.assertTransformError(
            #"{"@path":{"@path":"$.n"}}"#, event, "@path: expected string, got number")
        MappingTestSupport.assertTransformError(
            #"{"@path":{"@path":"$.nope"}}"#, event, "@path: expected string, got undefined")
        MappingTestSupport.assertTransformError(#"{"l":[{"@path":null}]}"#, event, "@path: expected string, got null")
        MappingTestSupport.assertTransformError(#"{"l":[{"@path":[]}]}"#, event, "@path: expected string, got array")
    }

    func testPathsOnOwnedAndBuiltPayloads() {
        // Through @transform the payload is built: the same walking rules apply.
        let mapping =
            #"{"@transform":{"apply":{"o":{"@path":"$.a"},"s":{"@path":"$.s"},"z":{"@path":"$.z"},"l":[1,{"@path":"$.a.b.0"}]},"mapping":{"c":{"@path":"$.o.b.0.c"},"len":{"@path":"$.s.length"},"ch":{"@path":"$.s.2"},"zz":{"@path":"$.z.q"},"l":{"@path":"$.l.1.c"},"ll":{"@path":"$.l.length"},"no":{"@path":"$.l.5"}}}}"#
        MappingTestSupport.assertTransform(
            // Index 2 is half of the emoji's surrogate pair, which a Swift String holds as U+FFFD.
            mapping, event, #"{"c":"deep","len":4,"ch":"\ufffd","zz":0,"l":"deep","ll":2}"#)
    }

    func testEvaluateOnTheHotPathKeepsSpans() throws {
        guard case .path = try ValueProgram.compile(MappingTestSupport.json(#"{"@path":"$.a"}"#), place: "x") else {
            return XCTFail("expected a compiled path")
        }
        try MappingTestSupport.withDocument(event) { document in
            let program = try ValueProgram.compile(MappingTestSupport.json(#"{"@path":"$.a.b"}"#), place: "x")
            guard case .span(let span) = try program.evaluate(on: document) else { return XCTFail("expected a span") }
            XCTAssertEqual(span.kind, .array)
        }
    }
}
