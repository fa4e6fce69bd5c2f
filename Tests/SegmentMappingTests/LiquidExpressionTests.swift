import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// Conditions as LiquidJS evaluates them: truthiness, comparison operators with JavaScript's coercions,
/// `contains`, the `nil`/`empty`/`blank` literals, and `and`/`or` grouping.
final class LiquidExpressionTests: XCTestCase {
    private func assertCondition(
        _ condition: String, _ payload: String = "{}", _ expected: Bool, file: StaticString = #filePath,
        line: UInt = #line
    ) {
        assertLiquid(
            "{% if \(condition) %}T{% else %}F{% endif %}", payload, expected ? "T" : "F", file: file, line: line)
    }

    private let values = #"""
        {"zero":0,"one":1,"emptyString":"","space":"  ","text":"hello","no":false,"yes":true,"nothing":null,
         "list":["a","b"],"emptyList":[],"object":{"k":1},"same":{"k":1},"emptyObject":{},"numbers":[1,2],
         "numbers2":[1,2],"objects":[{"a":1}],"ten":"10","nine":"9"}
        """#

    func testTruthiness() {
        // Only false, nil and undefined are falsy in Liquid.
        assertCondition("zero", values, true)
        assertCondition("emptyString", values, true)
        assertCondition("emptyList", values, true)
        assertCondition("emptyObject", values, true)
        assertCondition("text", values, true)
        assertCondition("yes", values, true)
        assertCondition("no", values, false)
        assertCondition("nothing", values, false)
        assertCondition("missing", values, false)
        assertCondition("missing.deeper", values, false)
        assertCondition("nil", values, false)
        assertCondition("null", values, false)
        assertCondition("empty", values, true)
        assertCondition("blank", values, true)
        assertCondition("0", values, true)
        assertCondition("''", values, true)
    }

    func testEquality() {
        assertCondition("one == 1", values, true)
        assertCondition("one == '1'", values, false)
        assertCondition("text == 'hello'", values, true)
        assertCondition("text != 'hello'", values, false)
        assertCondition("yes == true", values, true)
        assertCondition("missing == nil", values, true)
        assertCondition("nil == missing", values, true)
        assertCondition("nothing == nil", values, true)
        assertCondition("nothing == null", values, true)
        // JSON null and undefined are different values to `===`.
        assertCondition("nothing == missing", values, false)
        assertCondition("missing == other_missing", values, true)
        // Arrays compare element by element, objects by identity.
        assertCondition("numbers == numbers2", values, true)
        assertCondition("numbers == list", values, false)
        assertCondition("object == same", values, false)
        assertCondition("object == object", values, true)
        assertCondition("objects[0] == objects.first", values, true)
        assertLiquid(
            "{% assign o = object %}{% assign f = objects | slice: 0 %}{{ o == object }} {{ f == objects }}",
            values, "true true")
        // Strings compare by UTF-16 code units: precomposed and decomposed "é" differ.
        assertLiquid("{{ a == b }}", #"{"a":"\u00e9","b":"e\u0301"}"#, "false")
    }

    func testEmptyAndBlank() {
        assertCondition("emptyString == empty", values, true)
        assertCondition("emptyList == empty", values, true)
        assertCondition("emptyObject == empty", values, true)
        assertCondition("empty == emptyString", values, true)
        assertCondition("text == empty", values, false)
        assertCondition("missing == empty", values, false)
        assertCondition("nil == empty", values, false)
        assertCondition("empty == empty", values, false)
        assertCondition("space == blank", values, true)
        assertCondition("space == empty", values, false)
        assertCondition("no == blank", values, true)
        assertCondition("missing == blank", values, true)
        assertCondition("nothing == blank", values, true)
        assertCondition("zero == blank", values, false)
        assertCondition("text != blank", values, true)
        assertCondition("empty == blank", values, false)
    }

    func testOrdering() {
        assertCondition("1 < 2", values, true)
        assertCondition("2 <= 2", values, true)
        assertCondition("3 > 2", values, true)
        assertCondition("2 >= 3", values, false)
        assertCondition("one < 1.5", values, true)
        // Two strings compare as text, a string and a number as numbers.
        assertCondition("ten < nine", values, true)
        assertCondition("ten < 9", values, false)
        assertCondition("'b' > 'a'", values, true)
        assertCondition("'B' < 'a'", values, true)
        // NaN makes every comparison false; null is 0 and undefined NaN.
        assertCondition("text < 1", values, false)
        assertCondition("text >= 1", values, false)
        assertCondition("nothing <= 0", values, true)
        assertCondition("nothing < 1", values, true)
        assertCondition("missing < 1", values, false)
        assertCondition("missing >= 0", values, false)
        // The literals are never ordered.
        assertCondition("nil < 1", values, false)
        assertCondition("nil >= nil", values, false)
        assertCondition("empty <= ''", values, false)
        assertCondition("yes > 0", values, true)
        assertCondition("numbers > 0", values, false)
    }

    func testContains() {
        assertCondition("text contains 'ell'", values, true)
        assertCondition("text contains 'xyz'", values, false)
        assertCondition("text contains ''", values, true)
        assertCondition("list contains 'a'", values, true)
        assertCondition("list contains 'c'", values, false)
        assertCondition("numbers contains 1", values, true)
        assertCondition("numbers contains '1'", values, false)
        assertCondition("object contains 'k'", values, false)
        assertCondition("missing contains 'a'", values, false)
        assertCondition("one contains 1", values, false)
        // A string searches for `String(value)`.
        assertLiquid("{{ s contains 1 }} {{ s contains missing }}", #"{"s":"x1 undefined"}"#, "true true")
    }

    func testAndOrGroupRightToLeft() {
        // LiquidJS gives `and` and `or` the same precedence and groups to the right:
        // `false and false or true` is `false and (false or true)`.
        assertCondition("false and false or true", values, false)
        assertCondition("true or false and false", values, true)
        assertCondition("no or yes and yes", values, true)
        assertCondition("yes and no or yes", values, true)
        // Comparisons bind tighter than `and`/`or`.
        assertCondition("one == 1 and text == 'hello'", values, true)
        assertCondition("one == 2 or text contains 'h'", values, true)
        assertCondition("zero and emptyString", values, true)
        assertCondition("nothing or missing", values, false)
    }

    func testConditionsWithFilters() {
        assertCondition("text | upcase", values, true)
        // Filters apply to the whole comparison's result (a boolean), as in LiquidJS.
        assertLiquid("{% assign x = 1 == 1 | upcase %}{{ x }}", "{}", "TRUE")
        assertCondition("missing | default: false", values, false)
        assertCondition("list | size", values, true)
    }

    func testOperatorsWithoutSpaces() {
        assertCondition("one==1", values, true)
        assertCondition("one<=1", values, true)
        assertCondition("text contains'ell'", values, true)
        // Word operators need a boundary: `orange` is a variable.
        assertLiquid("{{ orange }}", #"{"orange":"fruit"}"#, "fruit")
        assertLiquid("{{ android }}", #"{"android":"os"}"#, "os")
    }
}
