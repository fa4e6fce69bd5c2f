import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// `@case` (SEMANTICS 4.5) and `JavaScriptCase`: full Unicode mappings, the final sigma, non-strings.
final class CaseDirectiveTests: XCTestCase {
    private func assertCase(
        _ operation: String, _ value: String, _ expected: String?, file: StaticString = #filePath, line: UInt = #line
    ) {
        MappingTestSupport.assertTransform(
            #"{"@case":{"operator":"\#(operation)","value":{"@path":"$.v"}}}"#, #"{"v":\#(value)}"#, expected,
            file: file, line: line)
    }

    func testStrings() {
        assertCase("lower", #""MiXeD 190wdB""#, #""mixed 190wdb""#)
        assertCase("upper", #""MiXeD 190wdB""#, #""MIXED 190WDB""#)
        assertCase("upper", #""Straße""#, #""STRASSE""#)
        assertCase("upper", #""ﬁx""#, #""FIX""#)
        assertCase("lower", #""İ""#, "\"i\u{0307}\"")
        assertCase("lower", #""ÀÉÎ""#, #""àéî""#)
        assertCase("upper", #""àéî😀""#, #""ÀÉÎ😀""#)
        assertCase("lower", #""""#, #""""#)
    }

    func testFinalSigma() {
        assertCase("lower", #""ΟΔΟΣ""#, #""οδος""#)
        assertCase("lower", #""ΣΑΣ ΟΔΟΣ.""#, #""σας οδος.""#)
        assertCase("lower", #""Σ""#, #""σ""#)
        assertCase("lower", #""ΑΣΑ""#, #""ασα""#)
        XCTAssertEqual(JavaScriptCase.lowercased("ΑΣ'Α"), "ασ'α")
        XCTAssertEqual(JavaScriptCase.lowercased("Α'Σ"), "α'ς")
    }

    func testNonStringsAreReturnedUnchanged() {
        assertCase("lower", "1", "1")
        assertCase("lower", "null", "null")
        assertCase("lower", "false", "false")
        assertCase("upper", #"{"K":["hi",true,null]}"#, #"{"K":["hi",true,null]}"#)
        // The operator is only checked for strings.
        assertCase("snake", "1", "1")
        MappingTestSupport.assertTransform(#"{"@case":{"operator":"lower","value":{"@path":"$.nope"}}}"#, "{}", nil)
    }

    func testFalsyRawValueIsMissing() {
        MappingTestSupport.assertTransform(#"{"x":{"@case":{"operator":"lower","value":""}}}"#, "{}", "{}")
        // Validation refuses the other falsy literals; inside an array they load and give missing.
        for value in ["0", "false", "null"] {
            MappingTestSupport.assertTransform(
                #"{"l":[{"@case":{"operator":"lower","value":\#(value)}}]}"#, "{}", #"{"l":[null]}"#)
        }
        MappingTestSupport.assertTransform(#"{"@case":{"operator":"upper","value":"lit"}}"#, "{}", #""LIT""#)
    }

    func testErrors() {
        MappingTestSupport.assertTransformError(
            #"{"@case":{"operator":"snake","value":{"@path":"$.v"}}}"#, #"{"v":"s"}"#,
            #"operator key should have a value of "lower" or "upper""#)
        MappingTestSupport.assertTransformError(
            #"{"@case":{"value":{"@path":"$.v"}}}"#, #"{"v":"s"}"#, #"@case requires a "operator" key"#)
        MappingTestSupport.assertTransformError(
            #"{"@case":{"operator":"","value":"x"}}"#, "{}", #"@case requires a "operator" key"#)
        MappingTestSupport.assertTransformError(
            #"{"l":[{"@case":"x"}]}"#, "{}", #"@case requires an object with a "operator" key"#)
        MappingTestSupport.assertTransformError(
            #"{"@case":{"operator":1,"value":"x"}}"#, "{}", "/@case/operator should be a string but it is a number.")
        MappingTestSupport.assertTransformError(
            #"{"@case":{"operator":"lower","value":1}}"#, "{}",
            "/@case/value should be a string or a mapping directive but it is a number.")
        // Unvalidated (inside an array): a number operator fails only on a string value.
        MappingTestSupport.assertTransformError(
            #"{"l":[{"@case":{"operator":1,"value":"x"}}]}"#, "{}",
            #"operator key should have a value of "lower" or "upper""#)
    }

    func testCanonicalization() {
        XCTAssertEqual(JavaScriptCase.canonicalized(0x61), 0x41)  // a -> A
        XCTAssertEqual(JavaScriptCase.canonicalized(0x00E9), 0x00C9)  // é -> É
        XCTAssertEqual(JavaScriptCase.canonicalized(0x00DF), 0x00DF)  // ß: "SS" is two units
        XCTAssertEqual(JavaScriptCase.canonicalized(0x017F), 0x017F)  // ſ: would become ASCII "S"
        XCTAssertEqual(JavaScriptCase.canonicalized(0xD83D), 0xD83D)  // a surrogate
    }
}
