import XCTest

@testable import SegmentJSON

/// `JavaScriptNumber` against values produced by Node.js (`JSON.parse` and `String(x)`).
final class JavaScriptNumberTests: XCTestCase {
    /// (JSON number text, bit pattern of `JSON.parse(text)`, `String(JSON.parse(text))`), all from Node.js.
    static let parseAndPrintCases: [(text: String, bits: UInt64, javaScript: String)] = [
        ("0", 0x0000_0000_0000_0000, "0"),
        ("-0", 0x8000_0000_0000_0000, "0"),
        ("1", 0x3ff0_0000_0000_0000, "1"),
        ("1.5", 0x3ff8_0000_0000_0000, "1.5"),
        ("12.50", 0x4029_0000_0000_0000, "12.5"),
        ("123456789012", 0x423c_be99_1a14_0000, "123456789012"),
        ("0.000001", 0x3eb0_c6f7_a0b5_ed8d, "0.000001"),
        ("0.0000001", 0x3e7a_d7f2_9abc_af48, "1e-7"),
        ("5e-7", 0x3ea0_c6f7_a0b5_ed8d, "5e-7"),
        ("1e21", 0x444b_1ae4_d6e2_ef50, "1e+21"),
        ("1e20", 0x4415_af1d_78b5_8c40, "100000000000000000000"),
        ("1.7976931348623157e308", 0x7fef_ffff_ffff_ffff, "1.7976931348623157e+308"),
        ("5e-324", 0x0000_0000_0000_0001, "5e-324"),
        ("9007199254740993", 0x4340_0000_0000_0000, "9007199254740992"),
        ("-1.5e-10", 0xbde4_9da7_e361_ce4c, "-1.5e-10"),
        ("123e-20", 0x3c36_b082_c214_8b8e, "1.23e-18"),
        ("1e-6", 0x3eb0_c6f7_a0b5_ed8d, "0.000001"),
        ("1.2e-6", 0x3eb4_21f5_f40d_8376, "0.0000012"),
        ("4.35", 0x4011_6666_6666_6666, "4.35"),
        ("100", 0x4059_0000_0000_0000, "100"),
        ("1e100", 0x54b2_49ad_2594_c37d, "1e+100"),
        ("1e400", 0x7ff0_0000_0000_0000, "Infinity"),
        ("-1e400", 0xfff0_0000_0000_0000, "-Infinity"),
        ("0.1", 0x3fb9_9999_9999_999a, "0.1"),
        ("0.30000000000000004", 0x3fd3_3333_3333_3334, "0.30000000000000004"),
        ("2.4703282292062328e-324", 0x0000_0000_0000_0001, "5e-324"),
        ("2.4703282292062327e-324", 0x0000_0000_0000_0000, "0"),
        ("1E+2", 0x4059_0000_0000_0000, "100"),
        ("1e-400", 0x0000_0000_0000_0000, "0"),
        ("-0.0", 0x8000_0000_0000_0000, "0"),
        ("123456789012345680000", 0x441a_c53a_7e04_bcda, "123456789012345680000"),
        ("1234567890123456789012", 0x4450_bb44_8ec2_f608, "1.2345678901234568e+21"),
        ("0.0000123", 0x3ee9_cb83_20b1_5070, "0.0000123"),
        ("1.0000000000000002", 0x3ff0_0000_0000_0001, "1.0000000000000002"),
        ("4.9406564584124654e-324", 0x0000_0000_0000_0001, "5e-324"),
        ("2.2250738585072014e-308", 0x0010_0000_0000_0000, "2.2250738585072014e-308"),
        ("2.2250738585072011e-308", 0x000f_ffff_ffff_ffff, "2.225073858507201e-308"),
        ("9007199254740992", 0x4340_0000_0000_0000, "9007199254740992"),
        ("9007199254740994", 0x4340_0000_0000_0001, "9007199254740994"),
        ("18014398509481985", 0x4350_0000_0000_0000, "18014398509481984"),
        ("1625895431000", 0x4277_a8ee_b6b5_8000, "1625895431000"),
        ("1625895431000.5", 0x4277_a8ee_b6b5_8800, "1625895431000.5"),
        ("3.141592653589793", 0x4009_21fb_5444_2d18, "3.141592653589793"),
        ("1e-7", 0x3e7a_d7f2_9abc_af48, "1e-7"),
        ("-5e-324", 0x8000_0000_0000_0001, "-5e-324"),
        ("0.00001", 0x3ee4_f8b5_88e3_68f1, "0.00001"),
        ("0.000001234", 0x3eb4_b3fd_5942_cd96, "0.000001234"),
        ("1.5e300", 0x7e41_eb2d_6600_5835, "1.5e+300"),
        ("1e+21", 0x444b_1ae4_d6e2_ef50, "1e+21"),
        ("999999999999999999999", 0x444b_1ae4_d6e2_ef50, "1e+21"),
        ("100000000000000000000.5", 0x4415_af1d_78b5_8c40, "100000000000000000000"),
        ("7.000000000000001", 0x401c_0000_0000_0001, "7.000000000000001"),
        ("25e-1", 0x4004_0000_0000_0000, "2.5"),
        ("0.00000000000000000000000000000000000000000000001", 0x362d_3ae3_6d13_bbce, "1e-47"),
        // Exactly half-way between 1 and its successor: ties to even (1); one below/above goes down/up.
        ("1.00000000000000011102230246251565404236316680908203125", 0x3ff0_0000_0000_0000, "1"),
        ("1.00000000000000011102230246251565404236316680908203124", 0x3ff0_0000_0000_0000, "1"),
        ("1.00000000000000011102230246251565404236316680908203126", 0x3ff0_0000_0000_0001, "1.0000000000000002"),
    ]

    private func parse(_ text: String) -> Double {
        Array(text.utf8).withUnsafeBytes { JavaScriptNumber.parse($0) }
    }

    func testParseMatchesJSONParse() {
        for item in Self.parseAndPrintCases {
            let value = parse(item.text)
            XCTAssertEqual(
                value.bitPattern, item.bits,
                "parse(\(item.text)) = \(value), bits \(String(value.bitPattern, radix: 16))")
        }
    }

    func testStringMatchesNumberToString() {
        for item in Self.parseAndPrintCases {
            XCTAssertEqual(JavaScriptNumber.string(parse(item.text)), item.javaScript, "String(\(item.text))")
        }
    }

    func testStringOfSwiftLiterals() {
        let cases: [(Double, String)] = [
            (0, "0"), (-0.0, "0"), (1, "1"), (1.5, "1.5"), (12.50, "12.5"), (123_456_789_012, "123456789012"),
            (0.000001, "0.000001"), (0.0000001, "1e-7"), (5e-7, "5e-7"), (1e21, "1e+21"),
            (1e20, "100000000000000000000"), (1.7976931348623157e308, "1.7976931348623157e+308"),
            (Double.leastNonzeroMagnitude, "5e-324"), (0.1 + 0.2, "0.30000000000000004"), (-1.5e-10, "-1.5e-10"),
            (123e-20, "1.23e-18"), (1e-6, "0.000001"), (1.2e-6, "0.0000012"), (4.35, "4.35"), (100, "100"),
            (1e100, "1e+100"), (-1e21, "-1e+21"), (-100, "-100"), (-0.5, "-0.5"), (2.5e-7, "2.5e-7"),
            (9_007_199_254_740_992, "9007199254740992"), (-9_007_199_254_740_992, "-9007199254740992"),
            (0x1p60, "1152921504606847000"), (123.456, "123.456"), (1e-5, "0.00001"), (1e16, "10000000000000000"),
        ]
        for (value, expected) in cases {
            XCTAssertEqual(JavaScriptNumber.string(value), expected, "String(\(value))")
        }
    }

    func testNonFiniteValues() {
        XCTAssertEqual(JavaScriptNumber.string(.nan), "NaN")
        XCTAssertEqual(JavaScriptNumber.string(.infinity), "Infinity")
        XCTAssertEqual(JavaScriptNumber.string(-.infinity), "-Infinity")
    }

    func testParseOfHugeExponentsAndLongMantissas() {
        XCTAssertEqual(parse("1e999999999999999999"), .infinity)
        XCTAssertEqual(parse("-1e999999999999999999"), -.infinity)
        XCTAssertEqual(parse("1e-999999999999999999").bitPattern, 0)
        XCTAssertEqual(parse("0e999999"), 0)
        XCTAssertEqual(parse(String(repeating: "1", count: 400)), Double(String(repeating: "1", count: 400)))
        XCTAssertEqual(parse("0." + String(repeating: "0", count: 300) + "1e300"), 0.1)
    }

    func testAppendAppendsWithoutClobbering() {
        var buffer = Array("[".utf8)
        JavaScriptNumber.append(1.5, to: &buffer)
        buffer.append(UInt8(ascii: ","))
        JavaScriptNumber.append(-0.0, to: &buffer)
        buffer.append(UInt8(ascii: ","))
        JavaScriptNumber.append(1e21, to: &buffer)
        buffer.append(UInt8(ascii: ","))
        JavaScriptNumber.append(1_625_895_431_000, to: &buffer)
        buffer.append(UInt8(ascii: "]"))
        XCTAssertEqual(String(decoding: buffer, as: UTF8.self), "[1.5,0,1e+21,1625895431000]")
    }

    /// Printing then parsing gives back the same double for pseudo-random bit patterns (shortest digits are
    /// still round-trip digits), and the text is what Swift's own parser reads as that double.
    func testRoundTripOfRandomBitPatterns() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var checked = 0
        for _ in 0..<50_000 {
            // SplitMix64: deterministic, so a failure is reproducible.
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            mixed ^= mixed >> 31
            let value = Double(bitPattern: mixed)
            guard value.isFinite, value != 0 else { continue }
            let text = JavaScriptNumber.string(value)
            XCTAssertEqual(parse(text).bitPattern, value.bitPattern, text)
            XCTAssertEqual(Double(text)?.bitPattern, value.bitPattern, text)
            checked += 1
        }
        XCTAssertGreaterThan(checked, 40_000)
    }

    func testPlainNotationBoundaries() {
        // JavaScript switches to exponent form below 1e-6 and from 1e21 up.
        XCTAssertEqual(JavaScriptNumber.string(0.000001), "0.000001")
        XCTAssertEqual(JavaScriptNumber.string(0.00000099), "9.9e-7")
        XCTAssertEqual(JavaScriptNumber.string(parse("999999999999999900000")), "999999999999999900000")
        XCTAssertEqual(JavaScriptNumber.string(1e21), "1e+21")
        XCTAssertEqual(JavaScriptNumber.string(1.5e21), "1.5e+21")
    }
}
