import XCTest

@testable import ConversionPipeline

final class CommandLineValuesTests: XCTestCase {
    func testDurations() {
        XCTAssertEqual(CommandLineValues.durationMilliseconds("34d"), 34 * 86_400_000)
        XCTAssertEqual(CommandLineValues.durationMilliseconds("12h"), 12 * 3_600_000)
        XCTAssertEqual(CommandLineValues.durationMilliseconds("30m"), 1_800_000)
        XCTAssertEqual(CommandLineValues.durationMilliseconds("45s"), 45_000)
        XCTAssertEqual(CommandLineValues.durationMilliseconds("500ms"), 500)
        XCTAssertNil(CommandLineValues.durationMilliseconds("34"))
        XCTAssertNil(CommandLineValues.durationMilliseconds("-1d"))
        XCTAssertNil(CommandLineValues.durationMilliseconds("d"))
    }

    func testInstants() {
        XCTAssertEqual(CommandLineValues.instantMilliseconds("2024-06-01T00:00:00Z"), 1_717_200_000_000)
        XCTAssertEqual(CommandLineValues.instantMilliseconds("2024-06-01T02:00:00+02:00"), 1_717_200_000_000)
        XCTAssertEqual(CommandLineValues.instantMilliseconds("1717200000000"), 1_717_200_000_000)
        XCTAssertNil(CommandLineValues.instantMilliseconds("yesterday"))
    }

    /// `--since`/`--until`: a UTC day is its midnight; RFC 3339 times with any offset and epoch
    /// milliseconds are instants.
    func testDayOrInstantReadsDaysRFC3339AndEpochMilliseconds() {
        let day: Int64 = 1_708_819_200_000  // 2024-02-25T00:00:00Z
        for text in [
            "2024-02-25", "2024-02-25T00:00:00Z", "2024-02-25t00:00:00z", "2024-02-25T01:00:00+01:00",
            "2024-02-24T19:00:00-05:00", "2024-02-25T00:00:00.000Z", "1708819200000",
        ] {
            XCTAssertEqual(CommandLineValues.dayOrInstantMilliseconds(text), day, text)
        }
        XCTAssertEqual(CommandLineValues.dayOrInstantMilliseconds("2024-02-25T12:30:00.250Z"), day + 45_000_250)
        XCTAssertEqual(CommandLineValues.dayOrInstantMilliseconds("2024-02-29"), day + 4 * 86_400_000, "leap day")
        XCTAssertEqual(CommandLineValues.dayOrInstantMilliseconds("1970-01-01"), 0)
        XCTAssertEqual(CommandLineValues.dayOrInstantMilliseconds("0"), 0)
    }

    /// What `--since`/`--until` refuse (the command line then names the flag and the expected forms,
    /// ScheduleFlagsTests): anything else, including a time without an offset (local time would be
    /// a guess) and days that do not exist.
    func testDayOrInstantRefusesOtherText() {
        for text in [
            "", "yesterday", "2024-02-25T00:00:00", "2024-02-25 00:00", "2024-2-25", "24-02-2025", "2024/02/25",
            "2024-13-01", "2024-02-30", "2023-02-29", "2024-00-10", "2024-01-32", "2024-02-2x", "1.7e12",
            "1708819200000ms", "99999999999999999999",
        ] {
            XCTAssertNil(CommandLineValues.dayOrInstantMilliseconds(text), text)
        }
    }

    func testByteCounts() {
        XCTAssertEqual(CommandLineValues.byteCount("8MiB"), 8 << 20)
        XCTAssertEqual(CommandLineValues.byteCount("512KiB"), 512 << 10)
        XCTAssertEqual(CommandLineValues.byteCount("1000"), 1000)
        XCTAssertNil(CommandLineValues.byteCount("0"))
        XCTAssertNil(CommandLineValues.byteCount("lots"))
    }
}
