import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// `@if` (SEMANTICS 4.5): `exists`, `blank`, `then`, the falsy-`else` quirk, run-time errors.
final class IfDirectiveTests: XCTestCase {
    private let event =
        #"{"a":1,"t":true,"f":false,"n":null,"e":"","z":0,"nz":-0,"s":"0","o":{},"arr":[],"arrEmptyString":[""],"arrNull":[null],"arrNested":[[]],"arrTwo":[null,null],"arrZero":[0]}"#

    private func assertIf(
        _ options: String, _ expected: String?, file: StaticString = #filePath, line: UInt = #line
    ) {
        MappingTestSupport.assertTransform(#"{"@if":\#(options)}"#, event, expected, file: file, line: line)
    }

    func testExists() {
        for (path, exists) in [
            ("a", true), ("f", true), ("e", true), ("z", true), ("o", true), ("n", false), ("missing", false),
        ] {
            assertIf(#"{"exists":{"@path":"$.\#(path)"},"then":"yes","else":"no"}"#, exists ? #""yes""# : #""no""#)
        }
        // A literal exists value: anything but null counts.
        assertIf(#"{"exists":1,"then":"yes","else":"no"}"#, #""yes""#)
        assertIf(#"{"exists":"x","then":"yes"}"#, #""yes""#)
    }

    func testBlank() {
        let notBlank = ["a", "t", "s", "o", "arrTwo", "arrZero"]
        let blank = ["f", "n", "e", "z", "nz", "arr", "arrEmptyString", "arrNull", "arrNested", "missing"]
        for path in notBlank {
            assertIf(#"{"blank":{"@path":"$.\#(path)"},"then":"yes","else":"no"}"#, #""yes""#)
        }
        for path in blank {
            assertIf(#"{"blank":{"@path":"$.\#(path)"},"then":"yes","else":"no"}"#, #""no""#)
        }
        // Built arrays are judged the same way.
        assertIf(#"{"blank":{"@literal":[{"@path":"$.missing"}]},"then":"yes","else":"no"}"#, #""no""#)
        assertIf(#"{"blank":{"@literal":[[""]]},"then":"yes","else":"no"}"#, #""no""#)
        assertIf(#"{"blank":{"@literal":["",""]},"then":"yes","else":"no"}"#, #""yes""#)
    }

    func testExistsDecidesWhenBothArePresent() {
        // `exists: false` is present, so it decides (false is not null) even though `blank` is given.
        assertIf(#"{"exists":false,"blank":{"@path":"$.n"},"then":"yes","else":"no"}"#, #""yes""#)
        assertIf(#"{"exists":{"@path":"$.n"},"blank":{"@path":"$.a"},"then":"yes","else":"no"}"#, #""no""#)
    }

    func testThenAndElseValues() {
        // `then` counts whatever its value; a falsy `else` is ignored and the field disappears.
        assertIf(#"{"exists":{"@path":"$.a"},"then":false}"#, "false")
        assertIf(#"{"exists":{"@path":"$.a"},"then":0}"#, "0")
        assertIf(#"{"exists":{"@path":"$.a"},"then":null}"#, "null")
        assertIf(#"{"exists":{"@path":"$.a"}}"#, nil)
        for falsy in ["false", "0", #""""#, "null"] {
            assertIf(#"{"exists":{"@path":"$.n"},"then":1,"else":\#(falsy)}"#, nil)
        }
        assertIf(#"{"exists":{"@path":"$.n"},"then":1,"else":{"@path":"$.a"}}"#, "1")
        assertIf(#"{"exists":{"@path":"$.n"},"then":1,"else":{"@path":"$.missing"}}"#, nil)
        MappingTestSupport.assertTransform(
            #"{"x":{"@if":{"exists":{"@path":"$.n"},"then":1,"else":false}},"y":2}"#, event, #"{"y":2}"#)
    }

    func testOnlyTheSelectedBranchIsResolved() {
        // The other branch would fail if it ran.
        assertIf(#"{"exists":{"@path":"$.a"},"then":"ok","else":{"@template":{"@path":"$.a"}}}"#, #""ok""#)
    }

    func testRunTimeErrors() {
        // Static validation passes these; upstream fails when the directive runs.
        MappingTestSupport.assertTransformError(
            #"{"@if":{}}"#, event, #"@if requires an "exists" key or a "blank" key"#)
        MappingTestSupport.assertTransformError(
            #"{"@if":{"exists":false,"then":1}}"#, event, #"@if requires an "exists" key or a "blank" key"#)
        MappingTestSupport.assertTransformError(
            #"{"@if":{"exists":0,"blank":""}}"#, event, #"@if requires an "exists" key or a "blank" key"#)
        MappingTestSupport.assertTransformError(
            #"{"l":[{"@if":"x"}]}"#, event, #"@if requires an object with an "exists" key"#)
        // Validation rejects a non-object first.
        MappingTestSupport.assertTransformError(#"{"@if":"x"}"#, event, "/@if should be an object but it is a string.")
    }
}
