import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// Every supported filter against LiquidJS's implementation (`src/filters/*.ts`) and documented examples.
final class LiquidFilterTests: XCTestCase {
    private let values = #"""
        {"name":"hELLO wORLD","empty":"","nothing":null,"list":["a","b","c","d"],"numbers":[1,2],"no":false,
         "zero":0,"object":{"k":1},"lengthy":{"length":5},"sentence":"Ground control to Major Tom.","spaces":"  a b \n",
         "unicode":"☕é😀","sigma":"ΟΔΟΣ ΑΣ","german":"Straße","big":1e21}
        """#

    private func assertFilter(
        _ expression: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        assertLiquid("{{ \(expression) }}", values, expected, file: file, line: line)
    }

    func testCaseFilters() {
        assertFilter("name | upcase", "HELLO WORLD")
        assertFilter("name | downcase", "hello world")
        assertFilter("name | capitalize", "Hello world")
        assertFilter("german | upcase", "STRASSE")
        assertFilter("'ß' | capitalize", "SS")
        // Lower-casing follows JavaScript: a final capital sigma becomes ς.
        assertFilter("sigma | downcase", "οδος ας")
        assertFilter("nothing | upcase", "")
        assertFilter("missing | capitalize", "")
        assertFilter("empty | capitalize", "")
        assertFilter("1.5 | upcase", "1.5")
        assertFilter("list | upcase", "ABCD")
        // Extra arguments are ignored, as JavaScript ignores them.
        assertFilter("name | upcase: 'x'", "HELLO WORLD")
    }

    func testDefault() {
        assertFilter("missing | default: 'd'", "d")
        assertFilter("nothing | default: 'd'", "d")
        assertFilter("empty | default: 'd'", "d")
        assertFilter("no | default: 'd'", "d")
        assertFilter("no | default: 'd', allow_false: true", "false")
        assertFilter("no | default: 'd', allow_false: false", "d")
        assertFilter("zero | default: 'd'", "0")
        assertFilter("name | default: 'd'", "hELLO wORLD")
        assertFilter("object | default: 'd'", "[object Object]")
        assertLiquid("{{ a | default: 'd' }}", #"{"a":[]}"#, "d")
        assertFilter("missing | default", "")
        assertFilter("missing | default: 2 | plus: 1", "3")
        assertFilter("nil | default: 'd'", "d")
        assertFilter("empty | default: 'd'", "d")
    }

    func testAppendPrepend() {
        assertFilter("'a' | append: 'b'", "ab")
        assertFilter("'a' | prepend: 'b'", "ba")
        assertFilter("1 | append: 2", "12")
        assertFilter("'x' | append: missing", "x")
        assertFilter("nothing | prepend: 'p'", "p")
        assertFilter("list | append: numbers", "abcd12")
    }

    func testReplaceAndRemove() {
        assertFilter("'a-b-c' | replace: '-', '+'", "a+b+c")
        assertFilter("'a-b-c' | replace_first: '-', '+'", "a+b-c")
        assertFilter("'a-b-c' | remove: '-'", "abc")
        assertFilter("'a-b-c' | remove_first: '-'", "ab-c")
        // Replacements are literal: no `$&` patterns (split/join, and a replacer function in replace_first).
        assertFilter("'a-b' | replace: '-', '$&$&'", "a$&$&b")
        assertFilter("'a-b' | replace_first: '-', '$&'", "a$&b")
        // An empty pattern splits into code units (replace) or matches at the start (replace_first).
        assertFilter("'abc' | replace: '', '-'", "a-b-c")
        assertFilter("'abc' | replace_first: '', '-'", "-abc")
        assertFilter("'abc' | remove: ''", "abc")
        // A missing replacement is "".
        assertFilter("'a-b' | replace: '-'", "ab")
        assertFilter("'a1b1' | replace: 1, 2", "a2b2")
        assertFilter("missing | replace: 'a', 'b'", "")
        assertFilter("'aaa' | replace: 'aa', 'b'", "ba")
    }

    func testStrip() {
        assertFilter("spaces | strip", "a b")
        assertFilter("spaces | lstrip", "a b \n")
        assertFilter("spaces | rstrip", "  a b")
        assertFilter("'xxaxx' | strip: 'x'", "a")
        assertFilter("'xyaxy' | lstrip: 'yx'", "axy")
        assertFilter("'xyaxy' | rstrip: 'yx'", "xya")
        // A falsy argument means whitespace; JavaScript's whitespace includes U+00A0 and U+FEFF.
        assertFilter("spaces | strip: ''", "a b")
        assertLiquid("[{{ s | strip }}]", #"{"s":"\u00a0\ufeffa\u2028"}"#, "[a]")
        assertFilter("nothing | strip", "")
    }

    func testSize() {
        assertFilter("name | size", "11")
        assertFilter("unicode | size", "4")
        assertFilter("list | size", "4")
        assertFilter("object | size", "0")
        assertFilter("lengthy | size", "5")
        assertFilter("zero | size", "0")
        assertFilter("missing | size", "0")
        assertFilter("nothing | size", "0")
        assertFilter("empty | size", "0")
    }

    func testSlice() {
        assertFilter("'hello' | slice: 1", "e")
        assertFilter("'hello' | slice: 1, 3", "ell")
        assertFilter("'hello' | slice: -3, 2", "ll")
        assertFilter("'hello' | slice: -10, 3", "hel")
        assertFilter("'hello' | slice: 10", "")
        assertFilter("list | slice: 1, 2", "bc")
        assertFilter("list | slice: -1 | size", "1")
        assertFilter("list | slice: 1, 2 | size", "2")
        assertFilter("nothing | slice: 0", "")
        assertFilter("12345 | slice: 1, 2", "23")
        // Arguments keep JavaScript's coercions: "1" + 1 is "11".
        assertFilter("'hello' | slice: '1'", "ello")
        assertFilter("'hello' | slice", "")
        assertFilter("unicode | slice: 1, 1", "é")
    }

    func testTruncate() {
        // The LiquidJS documentation's examples.
        assertFilter("sentence | truncate: 20", "Ground control to...")
        assertFilter("sentence | truncate: 25, ', and so on'", "Ground control, and so on")
        assertFilter("sentence | truncate: 20, ''", "Ground control to Ma")
        assertFilter("'abc' | truncate: 5", "abc")
        assertFilter("'abcdef' | truncate: 2", "...")
        assertFilter("sentence | truncate", "Ground control to Major Tom.")
        assertFilter("12345 | truncate: 10", "12345")
        assertFilter("'abcdef' | truncate: 4, nil", "abcd")
    }

    func testArithmetic() {
        assertFilter("4 | plus: 2", "6")
        assertFilter("'4' | plus: '2.5'", "6.5")
        assertFilter("'abc' | plus: 1", "1")
        assertFilter("missing | plus: 1", "1")
        assertFilter("' 0x10 ' | plus: 0", "16")
        assertFilter("'1e3' | plus: 0", "1000")
        assertFilter("10 | minus: 3.5", "6.5")
        assertFilter("3 | times: 1.15", "3.4499999999999997")
        assertFilter("'3' | times: '2'", "6")
        assertFilter("20 | divided_by: 7", "2.857142857142857")
        assertFilter("20 | divided_by: 7, true", "2")
        assertFilter("16 | divided_by: 4", "4")
        assertFilter("1 | divided_by: 0", "Infinity")
        assertFilter("-1 | divided_by: 0", "-Infinity")
        assertFilter("0 | divided_by: 0", "NaN")
        assertFilter("3 | modulo: 2", "1")
        assertFilter("-3 | modulo: 2", "-1")
        assertFilter("5.5 | modulo: 2", "1.5")
        assertFilter("5 | modulo: 0", "NaN")
        assertFilter("big | plus: 0", "1e+21")
        // `1e21` is not a number literal in Liquid but a variable name.
        assertFilter("1e21 | plus: 0", "0")
        assertFilter("list | plus: 1", "1")
        assertFilter("no | plus: 1", "1")
    }

    func testRounding() {
        assertFilter("1.2 | round", "1")
        assertFilter("2.7 | round", "3")
        assertFilter("2.5 | round", "3")
        assertFilter("-2.5 | round", "-2")
        assertFilter("183.357 | round: 2", "183.36")
        assertFilter("1.005 | round: 2", "1")
        assertFilter("1234 | round: -2", "1200")
        assertFilter("1.2 | ceil", "2")
        assertFilter("'3.5' | ceil", "4")
        assertFilter("-0.5 | ceil", "0")
        assertFilter("1.8 | floor", "1")
        assertFilter("-1.2 | floor", "-2")
        assertFilter("-17 | abs", "17")
        assertFilter("'-19.86' | abs", "19.86")
        assertFilter("missing | abs", "0")
    }

    func testChains() {
        assertFilter("name | downcase | capitalize | append: '!' | prepend: '> '", "> Hello world!")
        assertFilter("list | size | times: 10 | plus: 1", "41")
        assertFilter("sentence | truncate: 6, '' | upcase | replace: 'O', '0'", "GR0UND")
    }
}
