import ConversionPipeline
import Foundation
import RunLedger
import XCTest

@testable import segment_metronome

/// `--since`, `--until` and the shard flags, parsed in-process: what they select and how they refuse.
final class ScheduleFlagsTests: XCTestCase {
    let expectedForms = "expected a UTC day such as 2024-02-25, an RFC 3339 time or epoch milliseconds"

    /// The message a user sees for `arguments`, or nil when they parse.
    func refusal(_ arguments: [String]) -> String? {
        do {
            _ = try ScheduleFlags.parse(arguments)
            return nil
        } catch {
            return ScheduleFlags.message(for: error)
        }
    }

    func testSinceAndUntilBecomeTheSelectionsWindow() throws {
        let flags = try ScheduleFlags.parse(["--since", "2024-02-25", "--until", "1708992000000"])
        XCTAssertEqual(flags.selection, FileSelection(since: 1_708_819_200_000, until: 1_708_992_000_000))
        let instants = try ScheduleFlags.parse(["--since", "2024-02-25T06:00:00+06:00"])
        XCTAssertEqual(instants.selection, FileSelection(since: 1_708_819_200_000))
        XCTAssertTrue(try ScheduleFlags.parse([]).selection.isEverything)
    }

    func testSinceAndUntilRefuseOtherTextNamingTheFlagAndTheForms() {
        for (flag, value) in [
            ("--since", "yesterday"), ("--until", "2024-02-30"), ("--since", "2024-02-25T00:00:00"),
            ("--until", ""), ("--since", "25/02/2024"),
        ] {
            XCTAssertEqual(refusal([flag, value]), "\(flag): \(expectedForms), got \(value)", "\(flag) \(value)")
        }
    }

    func testShardFlagsRefuseBadValuesAndEachOther() {
        XCTAssertEqual(
            refusal(["--shard", "3/3"]), "--shard: expected I/N with 0 <= I < N, such as 0/4, got 3/3")
        XCTAssertEqual(
            refusal(["--shard", "0/2", "--shard-from-env", "2"]), "--shard and --shard-from-env cannot be used together"
        )
        XCTAssertEqual(refusal(["--shard-from-env", "0"]), "--shard-from-env: the shard count must be at least 1")
    }
}
