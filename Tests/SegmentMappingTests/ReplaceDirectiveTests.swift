import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// `@replace` (SEMANTICS 4.5): literal patterns on UTF-16 code units, flags, replacement patterns,
/// `pattern2`, limits and the non-string rules.
final class ReplaceDirectiveTests: XCTestCase {
    /// `@replace` over `$.v` with extra options (a JSON object's members, without braces).
    private func assertReplace(
        _ options: String, _ value: String, _ expected: String?, file: StaticString = #filePath, line: UInt = #line
    ) {
        MappingTestSupport.assertTransform(
            #"{"@replace":{\#(options),"value":{"@path":"$.v"}}}"#, #"{"v":\#(value)}"#, expected, file: file,
            line: line)
    }

    func testLiteralPatterns() {
        assertReplace(#""pattern":".","replacement":"!""#, #""a.b.c""#, #""a!b!c""#)
        assertReplace(#""pattern":"(a|b)*""#, #""x(a|b)*y""#, #""xy""#)
        assertReplace(#""pattern":"$^[]\\","replacement":"-""#, #""1$^[]\\2""#, #""1-2""#)
        assertReplace(#""pattern":" ","replacement":"_""#, #""a b  c""#, #""a_b__c""#)
        assertReplace(#""pattern":"aa","replacement":"b""#, #""aaaaa""#, #""bba""#)
    }

    func testFlags() {
        assertReplace(#""pattern":"+","replacement":"_""#, #""a+b+c""#, #""a_b_c""#)
        assertReplace(#""pattern":"+","replacement":"_","global":false"#, #""a+b+c""#, #""a_b+c""#)
        assertReplace(#""pattern":"ab","replacement":"X","ignorecase":true"#, #""aB-Ab-ab""#, #""X-X-X""#)
        assertReplace(#""pattern":"ab","replacement":"X","ignorecase":true,"global":false"#, #""aB-Ab""#, #""X-Ab""#)
        assertReplace(#""pattern":"ab","replacement":"X","ignorecase":false"#, #""aB-ab""#, #""aB-X""#)
        // null options take the defaults (validation refuses them, so inside an array).
        MappingTestSupport.assertTransform(
            #"{"l":[{"@replace":{"pattern":"+","replacement":null,"ignorecase":null,"global":null,"value":{"@path":"$.v"}}}]}"#,
            #"{"v":"a+b+"}"#, #"{"l":["ab"]}"#)
    }

    func testUnicodeMatching() {
        // Non-ASCII patterns match on UTF-16 code units, case-insensitively by canonicalisation.
        assertReplace(#""pattern":"é","replacement":"e""#, #""café é""#, #""cafe e""#)
        assertReplace(#""pattern":"é","replacement":"e","ignorecase":true"#, #""CAFÉ""#, #""CAFe""#)
        assertReplace(#""pattern":"😀","replacement":":)""#, #""a😀b😀""#, #""a:)b:)""#)
        // "ß" upper-cases to two units, so it only matches itself; "ſ" would become ASCII, so it does not
        // match "s".
        assertReplace(#""pattern":"ß","replacement":"x","ignorecase":true"#, #""ßSS""#, #""xSS""#)
        assertReplace(#""pattern":"s","replacement":"x","ignorecase":true"#, #""ſsS""#, #""ſxx""#)
        // An ASCII pattern never matches inside a multi-byte character.
        assertReplace(#""pattern":"a","replacement":"b","ignorecase":true"#, #""àAa""#, #""àbb""#)
    }

    func testReplacementPatterns() {
        assertReplace(#""pattern":"-","replacement":"[$&]""#, #""a-b""#, #""a[-]b""#)
        assertReplace(#""pattern":"-","replacement":"<$`>""#, #""a-b-c""#, #""a<a>b<a-b>c""#)
        assertReplace(#""pattern":"-","replacement":"<$'>""#, #""a-b-c""#, #""a<b-c>b<c>c""#)
        assertReplace(#""pattern":"-","replacement":"$$""#, #""a-b""#, #""a$b""#)
        assertReplace(#""pattern":"-","replacement":"$1$<x>$""#, #""a-b""#, #""a$1$<x>$b""#)
        assertReplace(#""pattern":"é","replacement":"[$&$']""#, #""xéy""#, #""x[éy]y""#)
    }

    func testValueConversion() {
        assertReplace(#""pattern":"true","replacement":"granted""#, "true", #""granted""#)
        assertReplace(#""pattern":"1","replacement":"one""#, "1.50", #""one.5""#)
        assertReplace(#""pattern":"+","replacement":"plus""#, "1e21", #""1eplus21""#)
        // Not a string after conversion: "" (not missing).
        assertReplace(#""pattern":"a""#, "null", #""""#)
        assertReplace(#""pattern":"a""#, "{}", #""""#)
        assertReplace(#""pattern":"a""#, "[]", #""""#)
        MappingTestSupport.assertTransform(#"{"@replace":{"pattern":"a","value":{"@path":"$.nope"}}}"#, "{}", #""""#)
        // A falsy raw value: missing.
        MappingTestSupport.assertTransform(#"{"x":{"@replace":{"pattern":"a","value":""}}}"#, "{}", "{}")
        for value in ["0", "false", "null"] {
            MappingTestSupport.assertTransform(
                #"{"l":[{"@replace":{"pattern":"a","value":\#(value)}}]}"#, "{}", #"{"l":[null]}"#)
        }
        MappingTestSupport.assertTransform(
            #"{"@replace":{"pattern":"a","replacement":"b","value":"aa"}}"#, "{}", #""bb""#)
    }

    func testWrongOptionTypesGiveEmptyString() {
        // Unvalidated inside an array, and wrong types make upstream return "".
        let event = #"{"v":"abc"}"#
        for options in [
            #""pattern":1"#, #""pattern":"a","replacement":1"#, #""pattern":"a","ignorecase":"yes""#,
            #""pattern":"a","global":1"#,
        ] {
            MappingTestSupport.assertTransform(
                #"{"l":[{"@replace":{\#(options),"value":{"@path":"$.v"}}}]}"#, event, #"{"l":[""]}"#)
        }
    }

    func testSecondPattern() {
        assertReplace(
            #""pattern":"-","replacement":" ","pattern2":"great","replacement2":"awesome""#, #""so-great!""#,
            #""so awesome!""#)
        assertReplace(#""pattern":"x","pattern2":"b""#, #""abc""#, #""ac""#)
        assertReplace(#""pattern":"x","pattern2":"b","replacement2":null"#, #""abc""#, #""ac""#)
        // Same flags as the first pass.
        assertReplace(
            #""pattern":"x","pattern2":"B","replacement2":"_","ignorecase":true,"global":false"#, #""bbb""#, #""_bb""#)
        // Ignored when empty, not a string, or with a non-string replacement2.
        assertReplace(#""pattern":"x","pattern2":"","replacement2":"_""#, #""abc""#, #""abc""#)
        assertReplace(#""pattern":"x","pattern2":1,"replacement2":"_""#, #""a1c""#, #""a1c""#)
        assertReplace(#""pattern":"x","pattern2":"b","replacement2":2"#, #""abc""#, #""abc""#)
        // The second pass works on the first pass's output.
        assertReplace(#""pattern":"a","replacement":"b","pattern2":"bb","replacement2":"c""#, #""ab""#, #""c""#)
    }

    func testLengthLimits() {
        // Exactly ten code units is allowed.
        assertReplace(#""pattern":"0123456789","replacement":"abcdefghij""#, #""x0123456789""#, #""xabcdefghij""#)
        // pattern2/replacement2 are not validated; the run-time guard catches them.
        MappingTestSupport.assertTransformError(
            #"{"@replace":{"pattern":"a","pattern2":"01234567890","value":{"@path":"$.v"}}}"#, #"{"v":"a"}"#,
            #"@replace requires a "pattern" less than 10 characters"#)
        MappingTestSupport.assertTransformError(
            #"{"@replace":{"pattern":"a","pattern2":"b","replacement2":"01234567890","value":{"@path":"$.v"}}}"#,
            #"{"v":"a"}"#, #"@replace requires a "replacement" less than 10 characters"#)
        // Inside an array the first pattern is not validated either.
        MappingTestSupport.assertTransformError(
            #"{"l":[{"@replace":{"pattern":"01234567890","value":"x"}}]}"#, "{}",
            #"@replace requires a "pattern" less than 10 characters"#)
        // The guard only runs once the value is a string.
        MappingTestSupport.assertTransform(
            #"{"l":[{"@replace":{"pattern":"01234567890","value":{"@path":"$.n"}}}]}"#, #"{"n":null}"#, #"{"l":[""]}"#)
        // UTF-16 length: five emoji are ten code units.
        assertReplace(#""pattern":"😀😀😀😀😀","replacement":"x""#, #""😀😀😀😀😀!""#, #""x!""#)
    }

    func testErrors() {
        MappingTestSupport.assertTransformError(
            #"{"l":[{"@replace":"x"}]}"#, "{}", #"@replace requires an object with a "pattern" key"#)
        MappingTestSupport.assertTransformError(
            #"{"l":[{"@replace":{"pattern":"","value":"x"}}]}"#, "{}", #"@replace requires a "pattern" key"#)
        MappingTestSupport.assertTransformError(
            #"{"@replace":{"pattern":"","value":"x"}}"#, "{}",
            "/@replace/pattern should be a string of length 1 or greater.")
        MappingTestSupport.assertTransformError(
            #"{"@replace":{"pattern":"a","replacement":"b","value":1}}"#, "{}",
            "/@replace/value should be a string or a mapping directive but it is a number.")
    }

    func testPassIsCompiledOnce() {
        let pass = ReplacePass(pattern: "Ab", replacement: "[$&]", ignoreCase: true, global: true)
        XCTAssertEqual(pass.pattern, Array("AB".utf16))
        XCTAssertEqual(pass.asciiPattern, Array("AB".utf8))
        XCTAssertNil(pass.lengthError)
        XCTAssertNil(ReplacePass(pattern: "é", replacement: "", ignoreCase: false, global: true).asciiPattern)
        XCTAssertEqual(pass.apply(Array("xaBy".utf16)).map { String(decoding: $0, as: UTF16.self) }, "x[aB]y")
        XCTAssertNil(pass.apply(Array("xy".utf8)))
    }
}
