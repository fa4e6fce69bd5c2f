import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// The `date` filter: LiquidJS's input handling and `strftime`, rendered in UTC.
final class LiquidDateTests: XCTestCase {
    /// 2021-07-10T05:37:11.005Z, a Saturday.
    private let now = 1_625_895_431_005.0

    private let values = #"""
        {"timestamp":"2015-12-12T19:11:01.266Z","epoch":1625895431,"epochText":"1625895431","day":"2021-07-10",
         "offset":"2021-07-10T05:37:11+02:00","spaced":"2021-07-10 05:37:11","fraction":"2021-07-10T05:37:11.5",
         "long":"2021-07-10T05:37:11.123456Z","minutes":"2021-07-10T17:05Z","month":"2021-07","word":"hello",
         "nothing":null,"early":"2021-01-03T00:00:00Z","leap":"2024-12-31T23:59:59.999Z","fifth":"2021-03-05T09:00:00Z",
         "extended":"+002021-07-10T00:00:00Z","negative":-86400,"float":1.5,"loose":"July 10, 2021"}
        """#

    private func assertDate(
        _ expression: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        assertLiquid("{{ \(expression) }}", values, expected, now: now, file: file, line: line)
    }

    func testInputs() {
        assertDate(#"timestamp | date: "%Y-%m-%d %H:%M:%S.%L %z""#, "2015-12-12 19:11:01.266 +0000")
        assertDate(#"epoch | date: "%Y-%m-%dT%H:%M:%S""#, "2021-07-10T05:37:11")
        assertDate(#"epochText | date: "%Y-%m-%dT%H:%M:%S""#, "2021-07-10T05:37:11")
        assertDate(#""now" | date: "%Y-%m-%d %H:%M:%S.%L""#, "2021-07-10 05:37:11.005")
        assertDate(#""today" | date: "%Y""#, "2021")
        assertDate(#"day | date: "%Y-%m-%d %H:%M""#, "2021-07-10 00:00")
        assertDate(#"offset | date: "%H:%M:%S""#, "03:37:11")
        assertDate(#"spaced | date: "%H:%M:%S""#, "05:37:11")
        assertDate(#"fraction | date: "%L""#, "500")
        assertDate(#"long | date: "%L""#, "123")
        assertDate(#"minutes | date: "%H:%M:%S""#, "17:05:00")
        assertDate(#"month | date: "%Y-%m-%d""#, "2021-07-01")
        assertDate(#"extended | date: "%Y-%m-%d""#, "2021-07-10")
        assertDate(#"negative | date: "%Y-%m-%d""#, "1969-12-31")
        assertDate(#"float | date: "%S.%L""#, "01.500")
        assertDate(#"0 | date: "%Y-%m-%d %H:%M:%S""#, "1970-01-01 00:00:00")
    }

    func testNotADate() {
        // LiquidJS returns what it cannot read as a date unchanged.
        assertDate(#"word | date: "%Y""#, "hello")
        assertDate(#"nothing | date: "%Y""#, "")
        assertDate(#"missing | date: "%Y""#, "")
        assertDate(#""" | date: "%Y""#, "")
        assertDate(#"99999999999999 | date: "%Y""#, "99999999999999")
    }

    func testLooseDateStringsAreRefused() {
        let event = MappingTestSupport.json(#"{"loose":"July 10, 2021","bad":"2021-02-30"}"#)
        assertRenderError(#"{{ loose | date: "%Y" }}"#, event, #"date: cannot read "July 10, 2021" as a date"#)
        assertRenderError(#"{{ bad | date: "%Y" }}"#, event, "date: cannot read")
    }

    func testDefaultFormat() {
        assertDate("timestamp | date", "Saturday, December 12, 2015 at 7:11 pm +0000")
        assertDate("epoch | date", "Saturday, July 10, 2021 at 5:37 am +0000")
        assertDate("epoch | date: nil", "Saturday, July 10, 2021 at 5:37 am +0000")
    }

    func testConversions() {
        assertDate(
            #"timestamp | date: "%a %A %b %B %h %e %j %s %%""#, "Sat Saturday Dec December Dec 12 346 1449947461 %")
        assertDate(#"minutes | date: "%I %l %k %p %P""#, "05  5 17 PM pm")
        assertDate(#"fifth | date: "%d|%e|%-d|%_m|%0e|%q|%u|%w""#, "05| 5|5| 3|05|th|5|5")
        assertDate(#"epoch | date: "%y %C %Y %m %M %S""#, "21 20 2021 07 37 11")
        assertDate(#"epoch | date: "%^a %^B %#b %#p %:z %z""#, "SAT JULY JUL am +00:00 +0000")
        assertDate(#"timestamp | date: "%N %3N %10Y""#, "266000000 266 0000002015")
        assertDate(#"epoch | date: "%t|%n""#, "\t|\n")
        assertDate(#"epoch | date: "%EY %OH""#, "2021 05")
        assertDate(#"timestamp | date: "%dth of %B""#, "12th of December")
    }

    func testWeekNumbers() {
        assertDate(#"epoch | date: "%U %W""#, "27 27")
        assertDate(#"timestamp | date: "%U %W""#, "49 49")
        // LiquidJS's week formula, not C's: 2021-01-03 is a Sunday, week 01 of Monday-weeks here.
        assertDate(#"early | date: "%U %W %j""#, "01 01 003")
        assertDate(#"leap | date: "%j %U %W %L""#, "366 52 52 999")
    }

    func testLiteralPercentSigns() {
        // A `%` before anything that is not a letter stays as it is.
        assertDate(#"epoch | date: "100% sure, 50%-""#, "100% sure, 50%-")
        assertDate(#"epoch | date: "%""#, "%")
        assertDate(#"epoch | date: "%%Y""#, "%Y")
    }

    func testUnsupportedFormats() {
        for conversion in ["c", "x", "X", "Z", "G", "Q"] {
            assertCompileError(
                "{{ epoch | date: \"%\(conversion)\" }}",
                "date format \"%\(conversion)\" is not supported by segment-metronome")
        }
        let event = MappingTestSupport.json(#"{"epoch":0,"format":"%Y %c"}"#)
        assertRenderError("{{ epoch | date: format }}", event, #"date format "%c" is not supported"#)
        assertLiquid("{{ epoch | date: format }}", #"{"epoch":0,"format":"%Y"}"#, "1970")
    }

    func testRealClock() throws {
        let year = try LiquidTemplate.compile(#"{{ "now" | date: "%Y" }}"#).render(.object(JSONObject()))
        XCTAssertGreaterThanOrEqual(Int(year) ?? 0, 2025)
    }

    func testCalendarArithmetic() {
        for days: Int64 in [-719_468, -1, 0, 1, 18_262, 19_723, 2_932_896] {
            let civil = LiquidDate.civil(fromDays: days)
            XCTAssertEqual(LiquidDate.days(fromCivil: civil.year, month: civil.month, day: civil.day), days)
        }
        XCTAssertNil(LiquidDate(time: 8.64e15 + 1))
        XCTAssertNotNil(LiquidDate(time: -8.64e15))
    }
}
