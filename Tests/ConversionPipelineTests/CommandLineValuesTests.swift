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

    func testByteCounts() {
        XCTAssertEqual(CommandLineValues.byteCount("8MiB"), 8 << 20)
        XCTAssertEqual(CommandLineValues.byteCount("512KiB"), 512 << 10)
        XCTAssertEqual(CommandLineValues.byteCount("1000"), 1000)
        XCTAssertNil(CommandLineValues.byteCount("0"))
        XCTAssertNil(CommandLineValues.byteCount("lots"))
    }
}
