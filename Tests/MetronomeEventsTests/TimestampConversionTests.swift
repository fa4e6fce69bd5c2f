import Foundation
import XCTest

@testable import MetronomeEvents

/// `TimestampConversion` against SEMANTICS section 3, the shared vectors and upstream's behaviour (dayjs on Node.js
/// with TZ=UTC) for everything the product accepts.
final class TimestampConversionTests: XCTestCase {
    // MARK: Helpers

    private func convert(_ text: String) -> String? {
        switch TimestampConversion.epochMilliseconds(string: text) {
        case .success(let milliseconds): return TimestampConversion.iso8601(epochMilliseconds: milliseconds)
        case .failure: return nil
        }
    }

    private func failure(_ text: String) -> TimestampConversion.Failure? {
        if case .failure(let failure) = TimestampConversion.epochMilliseconds(string: text) { return failure }
        return nil
    }

    private func convert(number: Double) -> String? {
        switch TimestampConversion.epochMilliseconds(number: number) {
        case .success(let milliseconds): return TimestampConversion.iso8601(epochMilliseconds: milliseconds)
        case .failure: return nil
        }
    }

    // MARK: SEMANTICS 3.4, all 25 rows

    func testConversionTable() {
        // Rows 1-16, 20-22, 25: strings.
        let strings: [(row: Int, input: String, expected: String)] = [
            (1, "2021-01-01", "2021-01-01T00:00:00.000Z"),
            (3, "2021-02-01T00:00:00.000Z", "2021-02-01T00:00:00.000Z"),
            (4, "2021-07-10T05:37:11.123456Z", "2021-07-10T05:37:11.123Z"),
            (5, "2021-07-10T05:37:11+02:00", "2021-07-10T03:37:11.000Z"),
            (6, "2021-07-10T05:37:11", "2021-07-10T05:37:11.000Z"),
            (7, "2021-07-10 05:37:11", "2021-07-10T05:37:11.000Z"),
            (8, "2021-07-10T05:37:11.123456", "2021-07-10T05:37:11.123Z"),
            (9, "2021/07/10", "2021-07-10T00:00:00.000Z"),
            (10, "20210710", "2021-07-10T00:00:00.000Z"),
            (11, "2021-7-1", "2021-07-01T00:00:00.000Z"),
            (12, "2021", "2021-01-01T00:00:00.000Z"),
            (13, "2021-13-01", "2022-01-01T00:00:00.000Z"),
            (14, "2021-02-30", "2021-03-02T00:00:00.000Z"),
            (15, "2021-07-10T05:37:11.5Z", "2021-07-10T05:37:11.500Z"),
            (16, "2021-07-10T05:37:11z", "2021-07-10T05:37:11.000Z"),
            (20, "1625895431000", "1632-06-24T07:00:00.000Z"),
            (21, "1625895431", "1632-06-24T07:00:00.000Z"),
            (22, "Sat, 10 Jul 2021 05:37:11 GMT", "2021-07-10T05:37:11.000Z"),
            (25, "2021-07-10T05:37:11.5", "2021-07-10T05:37:11.005Z"),
        ]
        for row in strings {
            XCTAssertEqual(convert(row.input), row.expected, "row \(row.row): \(row.input)")
        }
        // Rows 2, 17-19: numbers are epoch milliseconds, fractions truncated.
        let numbers: [(row: Int, input: Double, expected: String)] = [
            (2, 1_625_895_431_000, "2021-07-10T05:37:11.000Z"),
            (17, 1_625_895_431, "1970-01-19T19:38:15.431Z"),
            (18, 1_625_895_431_000.5, "2021-07-10T05:37:11.000Z"),
            (19, 0, "1970-01-01T00:00:00.000Z"),
        ]
        for row in numbers {
            XCTAssertEqual(convert(number: row.input), row.expected, "row \(row.row): \(row.input)")
        }
        // Rows 23-24: rejected (the empty string is removed before conversion upstream; here it is not date-like).
        XCTAssertEqual(failure("July 10, 2021"), .notDateLike, "row 23")
        XCTAssertEqual(failure("garbage"), .notDateLike, "row 24")
        XCTAssertEqual(failure(""), .notDateLike, "row 24 (empty)")
    }

    // MARK: Shared vectors

    /// One case of `testdata/vectors/timestamps.json` (SEMANTICS Appendix A).
    private struct Vector: Decodable {
        enum Input: Decodable {
            case string(String)
            case number(Double)

            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let text = try? container.decode(String.self) {
                    self = .string(text)
                } else {
                    self = .number(try container.decode(Double.self))
                }
            }
        }

        enum Expected: Decodable {
            case iso(String)
            case error(String)

            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let text = try? container.decode(String.self) {
                    self = .iso(text)
                } else {
                    self = .error(try container.decode([String: String].self)["error"] ?? "")
                }
            }
        }

        let name: String
        let input: Input
        let expected: Expected
    }

    func testSharedVectors() throws {
        let url = EventTestSupport.vectorURL("timestamps.json")
        let data = try Data(contentsOf: url)
        let vectors = try JSONDecoder().decode([Vector].self, from: data)
        XCTAssertGreaterThan(vectors.count, 0, "no cases in \(url.path)")
        for vector in vectors {
            let result: Result<Int64, TimestampConversion.Failure>
            switch vector.input {
            case .string(let text): result = TimestampConversion.epochMilliseconds(string: text)
            case .number(let number): result = TimestampConversion.epochMilliseconds(number: number)
            }
            switch (vector.expected, result) {
            case (.iso(let expected), .success(let milliseconds)):
                XCTAssertEqual(TimestampConversion.iso8601(epochMilliseconds: milliseconds), expected, vector.name)
            case (.error(let fragment), .failure(let failure)):
                XCTAssertTrue(failure.message.contains(fragment), "\(vector.name): \(failure.message)")
            case (.iso(let expected), .failure(let failure)):
                XCTFail("\(vector.name): expected \(expected), got \(failure.message)")
            case (.error(let fragment), .success(let milliseconds)):
                XCTFail("\(vector.name): expected error \(fragment), got \(milliseconds)")
            }
        }
    }

    // MARK: Upstream behaviour, case by case

    /// Inputs with upstream's result (dayjs.utc(value).toISOString() on Node.js, TZ=UTC), nil where the product
    /// rejects the string; a comment gives upstream's result where the product deliberately differs (3.2).
    static let upstreamCases: [(input: String, expected: String?)] = [
        ("2024-02-29", "2024-02-29T00:00:00.000Z"),
        ("2023-02-29", "2023-03-01T00:00:00.000Z"),
        ("2024-02-29T12:00:00Z", "2024-02-29T12:00:00.000Z"),
        ("2023-02-29T00:00:00Z", "2023-03-01T00:00:00.000Z"),
        ("2100-02-29", "2100-03-01T00:00:00.000Z"),
        ("2000-02-29T00:00:00Z", "2000-02-29T00:00:00.000Z"),
        ("0099", "1999-01-01T00:00:00.000Z"),
        ("0099-01-01", "1999-01-01T00:00:00.000Z"),
        ("0000-01-01", "1900-01-01T00:00:00.000Z"),
        ("0050-06-15T10:00:00", "1950-06-15T10:00:00.000Z"),
        ("1999-12-31T23:59:59.999", "1999-12-31T23:59:59.999Z"),
        ("2021-00-10", "2020-12-10T00:00:00.000Z"),
        ("2021-07-00", "2021-06-30T00:00:00.000Z"),
        ("2021-07-0", "2021-06-30T00:00:00.000Z"),
        ("2021-1-31", "2021-01-31T00:00:00.000Z"),
        ("2021-07-10T05:37:11.5", "2021-07-10T05:37:11.005Z"),
        ("2021-07-10T05:37:11.12", "2021-07-10T05:37:11.012Z"),
        ("2021-07-10T05:37:11.0009", "2021-07-10T05:37:11.000Z"),
        ("2021-07-10T05:37:11:5", "2021-07-10T05:37:11.005Z"),
        ("2021-07-10T05:37:11.", "2021-07-10T05:37:11.000Z"),
        ("2021071005", "2021-07-10T05:00:00.000Z"),
        ("202107100537", "2021-07-10T05:37:00.000Z"),
        ("20210710053711", "2021-07-10T05:37:11.000Z"),
        ("20210710053711123", "2021-07-10T05:37:11.123Z"),
        ("2021-07-10T0537", "2021-07-10T05:37:00.000Z"),
        ("2021-07-10T05", "2021-07-10T05:00:00.000Z"),
        ("2021-07-10T5:7:1", "2021-07-10T05:07:01.000Z"),
        ("2021-07-10t05:37:11", "2021-07-10T05:37:11.000Z"),
        ("2021-07-10\t05:37:11", "2021-07-10T05:37:11.000Z"),
        ("2021-07-10\u{A0}05:37:11", "2021-07-10T05:37:11.000Z"),
        ("2021-07-10\u{3000}05:37:11", "2021-07-10T05:37:11.000Z"),
        ("2021-07-10\u{FEFF}05:37:11", "2021-07-10T05:37:11.000Z"),
        ("2021-07-10\u{2028}05:37:11", "2021-07-10T05:37:11.000Z"),
        ("2021-07-10 T 05:37:11", "2021-07-10T05:37:11.000Z"),
        ("2021-07-10   ", "2021-07-10T00:00:00.000Z"),
        ("2021-07-10TTT05", "2021-07-10T05:00:00.000Z"),
        ("2021/7/1", "2021-07-01T00:00:00.000Z"),
        ("2021-7/1", "2021-07-01T00:00:00.000Z"),
        ("2021/07-10 1:2:3.4", "2021-07-10T01:02:03.004Z"),
        ("2021-12-31T99:99:99", "2022-01-04T04:40:39.000Z"),
        ("9999-99-99T99:99:99.999", "+010007-06-11T04:40:39.999Z"),
        ("1625895431000", "1632-06-24T07:00:00.000Z"),
        ("1625895431", "1632-06-24T07:00:00.000Z"),
        ("2021", "2021-01-01T00:00:00.000Z"),
        ("20211", "2021-01-01T00:00:00.000Z"),
        ("202113", "2022-01-01T00:00:00.000Z"),
        ("2021130", "2021-12-31T00:00:00.000Z"),
        ("2021-07-10T24:00:00Z", "2021-07-11T00:00:00.000Z"),
        ("2021-07-10T24:00Z", "2021-07-11T00:00:00.000Z"),
        ("2021-07-10T24:00:00.000Z", "2021-07-11T00:00:00.000Z"),
        ("2021-07-10T24:00:01Z", nil),
        ("2021-07-10T24:00:00.001Z", nil),
        ("2021-07-10T23:60:00Z", nil),
        ("2021-07-10T23:59:60Z", nil),
        ("2021-07-10T25:00:00Z", nil),
        ("2021-00-10T00:00:00Z", nil),
        ("2021-13-10T00:00:00Z", nil),
        ("2021-07-32T00:00:00Z", nil),
        ("2021-07-00T00:00:00Z", nil),
        ("2021-02-30T00:00:00Z", "2021-03-02T00:00:00.000Z"),
        ("2021-02-31T00:00:00Z", "2021-03-03T00:00:00.000Z"),
        ("2021-04-31T10:00:00+02:00", "2021-05-01T08:00:00.000Z"),
        ("2021-07-10T05:37:11.123456Z", "2021-07-10T05:37:11.123Z"),
        ("2021-07-10T05:37:11.5Z", "2021-07-10T05:37:11.500Z"),
        ("2021-07-10T05:37:11.999999999Z", "2021-07-10T05:37:11.999Z"),
        ("2021-07-10T05:37:11.Z", nil),
        ("2021-07-10T05:37.5Z", nil),
        ("2021-07-10T05:37Z", "2021-07-10T05:37:00.000Z"),
        ("2021-07-10T05Z", nil),
        ("2021-07-10Z", "2021-07-10T00:00:00.000Z"),
        ("2021-07-10z", "2021-07-10T00:00:00.000Z"),
        ("2021-07Z", nil),  // upstream: 2021-07-01T00:00:00.000Z
        ("2021-07-10T05:37:11z", "2021-07-10T05:37:11.000Z"),
        ("2021-07-10t05:37:11Z", "2021-07-10T05:37:11.000Z"),
        ("2021-07-10 05:37:11Z", "2021-07-10T05:37:11.000Z"),
        ("2021-07-10  05:37:11Z", nil),  // upstream: 2021-07-10T05:37:11.000Z
        ("2021-07-10T05:37:11+02:00", "2021-07-10T03:37:11.000Z"),
        ("2021-07-10T05:37:11+0200", "2021-07-10T03:37:11.000Z"),
        ("2021-07-10T05:37:11-05:30", "2021-07-10T11:07:11.000Z"),
        ("2021-07-10T01:00:00+05:00", "2021-07-09T20:00:00.000Z"),
        ("2021-07-10T22:30:00-03:00", "2021-07-11T01:30:00.000Z"),
        ("2021-12-31T23:30:00-01:00", "2022-01-01T00:30:00.000Z"),
        ("2021-01-01T00:30:00+01:00", "2020-12-31T23:30:00.000Z"),
        ("2021-07-10T05:37:11+23:59", "2021-07-09T05:38:11.000Z"),
        ("2021-07-10T05:37:11+24:00", nil),
        ("2021-07-10T05:37:11+02:60", nil),
        ("2021-07-10T05:37:11+2:00", nil),
        ("2021-07-10T05:37:11+02", nil),
        ("2021-07-10T05:37:11.123+05:45", "2021-07-09T23:52:11.123Z"),
        ("2021-07-10 05:37:11.5-05:30", "2021-07-10T11:07:11.500Z"),
        ("2023-11-25T00:30:05.728Z", "2023-11-25T00:30:05.728Z"),
        ("2023-11-25T00:30:05.728+00:00", "2023-11-25T00:30:05.728Z"),
        ("0000-01-01T00:00:00Z", "0000-01-01T00:00:00.000Z"),
        ("0000-01-01T00:00:00+00:01", "-000001-12-31T23:59:00.000Z"),
        ("9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999Z"),
        ("9999-12-31T23:59:59.999-23:59", "+010000-01-01T23:58:59.999Z"),
        ("0049-07-10Z", "2049-07-10T00:00:00.000Z"),
        ("0050-07-10 05:37:11Z", "1950-07-10T05:37:11.000Z"),
        ("0010-11-06 21:16Z", "2006-10-11T21:16:00.000Z"),
        ("0013-11-06Z", nil),
        ("0049-07-10T05:37:11Z", "0049-07-10T05:37:11.000Z"),
        ("Sat, 10 Jul 2021 05:37:11 GMT", "2021-07-10T05:37:11.000Z"),
        ("Sat,10 Jul 2021 05:37:11 GMT", "2021-07-10T05:37:11.000Z"),
        ("sat, 10 jul 2021 05:37:11 gmt", "2021-07-10T05:37:11.000Z"),
        ("10 Jul 2021 05:37:11 GMT", "2021-07-10T05:37:11.000Z"),
        ("10 Jul 2021 05:37 GMT", "2021-07-10T05:37:00.000Z"),
        ("1 Jul 2021 5:37 UT", "2021-07-01T05:37:00.000Z"),
        ("10 Jul 2021 05:37:11 UTC", "2021-07-10T05:37:11.000Z"),
        ("10 Jul 2021 05:37:11 Z", "2021-07-10T05:37:11.000Z"),
        ("10 Jul 2021 05:37:11 EST", "2021-07-10T10:37:11.000Z"),
        ("10 Jul 2021 05:37:11 EDT", "2021-07-10T09:37:11.000Z"),
        ("10 Jul 2021 05:37:11 CST", "2021-07-10T11:37:11.000Z"),
        ("10 Jul 2021 05:37:11 CDT", "2021-07-10T10:37:11.000Z"),
        ("10 Jul 2021 05:37:11 MST", "2021-07-10T12:37:11.000Z"),
        ("10 Jul 2021 05:37:11 MDT", "2021-07-10T11:37:11.000Z"),
        ("10 Jul 2021 05:37:11 PST", "2021-07-10T13:37:11.000Z"),
        ("10 Jul 2021 05:37:11 PDT", "2021-07-10T12:37:11.000Z"),
        ("10 Jul 2021 05:37:11 +0200", "2021-07-10T03:37:11.000Z"),
        ("10 Jul 2021 05:37:11 -05:30", "2021-07-10T11:07:11.000Z"),
        ("Mon, 10 Jul 2021 05:37:11 GMT", "2021-07-10T05:37:11.000Z"),
        ("31 Feb 2021 05:37:11 GMT", "2021-03-03T05:37:11.000Z"),
        ("10 Jul 2021 24:00 GMT", "2021-07-11T00:00:00.000Z"),
        ("10 Jul 0049 05:37 GMT", "2049-07-10T05:37:00.000Z"),
        ("10 Jul 0050 05:37 GMT", "1950-07-10T05:37:00.000Z"),
        ("10 Jul 0100 05:37 GMT", "0100-07-10T05:37:00.000Z"),
        ("Sat, 10 Jul 2021 05:37:11", nil),  // upstream: 2021-07-10T05:37:11.000Z
        ("Sat 10 Jul 2021 05:37:11 GMT", nil),  // upstream: 2021-07-10T05:37:11.000Z
        ("Saturday, 10 Jul 2021 05:37:11 GMT", nil),  // upstream: 2021-07-10T05:37:11.000Z
        ("10 July 2021 05:37:11 GMT", nil),  // upstream: 2021-07-10T05:37:11.000Z
        ("Sat,  10 Jul 2021 05:37:11 GMT", nil),  // upstream: 2021-07-10T05:37:11.000Z
        ("10 Jul 2021 05:37:11.5 GMT", nil),  // upstream: 2021-07-10T05:37:11.500Z
        ("10 Jul 2021 05:37:60 GMT", nil),  // upstream: 2021-07-10T05:37:00.000Z
        ("10 Jul 2021 25:00 GMT", nil),
        ("32 Jul 2021 05:37 GMT", nil),
        ("0 Jul 2021 05:37 GMT", nil),
        ("10 Jul 21 05:37 GMT", nil),  // upstream: 2021-07-10T05:37:00.000Z
        ("10 Jul 2021 05:37:11 XYZ", nil),
        ("10 Jul 2021 05:37:11 +2400", nil),  // upstream: 2021-07-09T05:37:11.000Z
        ("10 Jul 2021 05:37:11GMT", nil),
        ("July 10, 2021", nil),  // upstream: 2021-07-10T00:00:00.000Z
        ("garbage", nil),
        ("", nil),
        (" 2021-07-10", nil),  // upstream: 2021-07-10T00:00:00.000Z
        ("2021-07-10 x", nil),
        ("123", nil),  // upstream: 0123-01-01T00:00:00.000Z
        ("1.5", nil),  // upstream: 2001-01-05T00:00:00.000Z
        ("12345.5", "1234-05-01T00:00:00.005Z"),
        ("-2021-07-10", nil),  // upstream: 2021-07-10T00:00:00.000Z
        ("+002021-07-10T00:00:00Z", nil),  // upstream: 2021-07-10T00:00:00.000Z
        ("2021-07-10T05:37:11+02:00 ", nil),
        ("Infinity", nil),
        ("NaN", nil),
        ("\u{FF12}\u{FF10}\u{FF12}\u{FF11}-07-10", nil),  // upstream: 2001-07-10T00:00:00.000Z
        ("2021-07-10T05:37:11\u{A0}Z", nil),
        ("2021-07-10T05:37:11.5+02:00z", nil),
    ]

    func testUpstreamCases() {
        for item in Self.upstreamCases {
            XCTAssertEqual(convert(item.input), item.expected, item.input.debugDescription)
            if item.expected == nil {
                XCTAssertEqual(failure(item.input), .notDateLike, item.input.debugDescription)
            }
        }
    }

    // MARK: Shape 1 details

    func testZonelessShapeFollowsRegexBacktracking() {
        // Greedy left to right: month takes two digits, the day the next two, then hour, minute, second, fraction.
        XCTAssertEqual(convert("1625895431000"), "1632-06-24T07:00:00.000Z")
        XCTAssertEqual(convert("20210710053711123"), "2021-07-10T05:37:11.123Z")
        // Years 0000-0099 are 1900-1999; month 0 is December of the previous year; day 0 the previous month's end.
        XCTAssertEqual(convert("0099"), "1999-01-01T00:00:00.000Z")
        XCTAssertEqual(convert("0000-00-00"), "1899-11-30T00:00:00.000Z")
        XCTAssertEqual(convert("2021-03-00"), "2021-02-28T00:00:00.000Z")
        XCTAssertEqual(convert("2024-03-00"), "2024-02-29T00:00:00.000Z")
        // Every JavaScript whitespace character separates date and time, multi-byte ones included.
        for separator in [
            "\u{9}", "\u{A}", "\u{B}", "\u{C}", "\u{D}", " ", "\u{A0}", "\u{1680}", "\u{2000}", "\u{200A}",
            "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}", "\u{FEFF}", "T", "t",
        ] {
            XCTAssertEqual(
                convert("2021-07-10" + separator + "05:37"), "2021-07-10T05:37:00.000Z", separator.debugDescription)
        }
        // ...but other spaces do not (U+200B ZERO WIDTH SPACE and U+180E are not \s).
        XCTAssertNil(convert("2021-07-10\u{200B}05:37"))
        XCTAssertNil(convert("2021-07-10\u{180E}05:37"))
    }

    func testZonelessShapeIsNotTriedForStringsEndingInZ() {
        // "2021Z" would match the pattern's digits but dayjs only tries it without a trailing Z.
        XCTAssertNil(convert("2021Z"))
        XCTAssertNil(convert("20210710z"))
    }

    func testPathologicalZonelessInputsAreRejectedQuickly() {
        let long = "2021-07-10 " + String(repeating: "1:", count: 5_000) + "x"
        XCTAssertNil(convert(long))
        let spaces = "2021" + String(repeating: " ", count: 10_000) + "1:1:1.1:1"
        XCTAssertNil(convert(spaces))
        XCTAssertEqual(
            convert("2021-07-10T05:37:11." + String(repeating: "9", count: 1_000)),
            "2021-07-10T05:37:11.999Z")
    }

    // MARK: Numbers

    func testNumbers() {
        XCTAssertEqual(convert(number: 8.64e15), "+275760-09-13T00:00:00.000Z")
        XCTAssertEqual(convert(number: -8.64e15), "-271821-04-20T00:00:00.000Z")
        XCTAssertEqual(TimestampConversion.epochMilliseconds(number: 8.64e15 + 1), .failure(.outOfRange))
        XCTAssertEqual(TimestampConversion.epochMilliseconds(number: -8.64e15 - 1), .failure(.outOfRange))
        XCTAssertEqual(TimestampConversion.epochMilliseconds(number: .nan), .failure(.outOfRange))
        XCTAssertEqual(TimestampConversion.epochMilliseconds(number: .infinity), .failure(.outOfRange))
        XCTAssertEqual(TimestampConversion.epochMilliseconds(number: -.infinity), .failure(.outOfRange))
        XCTAssertEqual(convert(number: -1), "1969-12-31T23:59:59.999Z")
        XCTAssertEqual(convert(number: 1_625_895_431_000.5), "2021-07-10T05:37:11.000Z")
        XCTAssertEqual(TimestampConversion.epochMilliseconds(number: -0.5), .success(0))
        XCTAssertEqual(TimestampConversion.epochMilliseconds(number: -1.5), .success(-1))
        XCTAssertEqual(TimestampConversion.epochMilliseconds(number: -0.0), .success(0))
        XCTAssertEqual(convert(number: 951_782_400_000), "2000-02-29T00:00:00.000Z")
    }

    // MARK: Output

    func testISOFormatting() {
        let cases: [(Int64, String)] = [
            (0, "1970-01-01T00:00:00.000Z"),
            (-1, "1969-12-31T23:59:59.999Z"),
            (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
            (253_402_300_800_000, "+010000-01-01T00:00:00.000Z"),
            (-62_167_219_200_000, "0000-01-01T00:00:00.000Z"),
            (-62_167_219_200_001, "-000001-12-31T23:59:59.999Z"),
            (-62_198_755_200_000, "-000001-01-01T00:00:00.000Z"),
            (8_640_000_000_000_000, "+275760-09-13T00:00:00.000Z"),
            (-8_640_000_000_000_000, "-271821-04-20T00:00:00.000Z"),
            (1_700_000_000_123, "2023-11-14T22:13:20.123Z"),
        ]
        for (milliseconds, expected) in cases {
            XCTAssertEqual(TimestampConversion.iso8601(epochMilliseconds: milliseconds), expected, "\(milliseconds)")
        }
        var buffer = Array("x".utf8)
        TimestampConversion.appendISO8601(epochMilliseconds: 0, to: &buffer)
        TimestampConversion.appendISO8601(epochMilliseconds: -1, to: &buffer)
        XCTAssertEqual(
            String(decoding: buffer, as: UTF8.self), "x1970-01-01T00:00:00.000Z1969-12-31T23:59:59.999Z")
    }

    /// Parsing the canonical output gives back the same instant, every 37 days (plus a drifting time of day) from
    /// year 1 to year 9999.
    func testISORoundTrip() {
        var milliseconds: Int64 = -62_135_596_800_000  // 0001-01-01
        while milliseconds < 253_402_300_800_000 {  // 10000-01-01
            let text = TimestampConversion.iso8601(epochMilliseconds: milliseconds)
            XCTAssertEqual(TimestampConversion.epochMilliseconds(string: text), .success(milliseconds), text)
            milliseconds += 86_400_000 * 37 + 3_723_456
        }
    }

    func testMessages() {
        XCTAssertEqual(
            TimestampConversion.Failure.notDateLike.message,
            "Timestamp must be a valid date-like string but it was not.")
        XCTAssertEqual(TimestampConversion.Failure.outOfRange.message, "Timestamp is out of range.")
    }

    func testRawBufferEntryPoint() {
        let bytes = Array("2023-11-25T00:30:05.728+00:00".utf8)
        let result = bytes.withUnsafeBytes { TimestampConversion.epochMilliseconds(utf8: $0) }
        XCTAssertEqual(result, .success(1_700_872_205_728))
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        XCTAssertEqual(TimestampConversion.epochMilliseconds(utf8: empty), .failure(.notDateLike))
    }
}
