import XCTest

@testable import MetronomeIngest

final class SettledRangesTests: XCTestCase {
    // MARK: Merging

    func testUnsortedOverlappingAndAdjacentRangesAreMergedInOrder() {
        let settled = SettledRanges([30...30, 10...20, 3...8, 1...5, 21...25, 27...28, 12...14])
        // 3...8 overlaps 1...5; 21 follows 20; 12...14 is inside 10...20; 26 and 29 are gaps.
        XCTAssertEqual(settled.all, [1...8, 10...25, 27...28, 30...30])
        XCTAssertFalse(settled.isEmpty)
    }

    func testContainedDuplicateAndSinglePositionRangesMerge() {
        XCTAssertEqual(SettledRanges([1...100, 5...10, 100...100, 1...100]).all, [1...100])
        XCTAssertEqual(SettledRanges([7...7, 7...7, 8...8, 6...6]).all, [6...8])
        XCTAssertEqual(SettledRanges([5...9, 1...4]).all, [1...9], "adjacent after sorting")
        XCTAssertEqual(SettledRanges([5...9, 1...3]).all, [1...3, 5...9], "position 4 is not settled")
    }

    func testARangeReachingPastSeveralOthersSwallowsThem() {
        XCTAssertEqual(SettledRanges([1...2, 4...5, 0...50, 60...70]).all, [0...50, 60...70])
        XCTAssertEqual(SettledRanges([1...40, 4...5, 30...45, 46...46]).all, [1...46])
    }

    func testNoRangesIsEmptyAndContainsNothing() {
        var settled = SettledRanges()
        XCTAssertTrue(settled.isEmpty)
        XCTAssertEqual(settled.all, [])
        for position: Int64 in [0, 1, 1 << 16, .max] { XCTAssertFalse(settled.contains(position)) }
        XCTAssertEqual(SettledRanges([]), SettledRanges())
    }

    // MARK: Lookup

    func testContainsInIncreasingOrderAcrossGaps() {
        let ranges: [ClosedRange<Int64>] = [10...20, 30...40, 41...41, 45...45]
        var settled = SettledRanges(ranges.reversed())
        for position: Int64 in 0...60 {
            XCTAssertEqual(
                settled.contains(position), ranges.contains { $0.contains(position) }, "position \(position)")
        }
    }

    func testContainsSkipsSeveralRangesAtOnceAndAnswersTheSameForARepeatedPosition() {
        var settled = SettledRanges([1...2, 4...5, 7...8, 100...200, 300...300])
        XCTAssertTrue(settled.contains(150), "past three ranges in one step")
        XCTAssertTrue(settled.contains(150))
        XCTAssertTrue(settled.contains(200))
        XCTAssertFalse(settled.contains(201))
        XCTAssertFalse(settled.contains(299))
        XCTAssertTrue(settled.contains(300))
        XCTAssertFalse(settled.contains(301))
        XCTAssertFalse(settled.contains(10_000))
    }

    func testContainsOverTheEventsOfAFile() {
        // Lines 1 to 1,000 produce 3 events each; earlier runs settled lines 1-100 and, out of order,
        // events 0-1 of line 500 and lines 700-800.
        let settledRanges: [ClosedRange<Int64>] = [
            SettledRanges.position(line: 700, index: 0)...SettledRanges.position(line: 800, index: 2),
            SettledRanges.position(line: 1, index: 0)...SettledRanges.position(line: 100, index: 2),
            SettledRanges.position(line: 500, index: 0)...SettledRanges.position(line: 500, index: 1),
        ]
        var settled = SettledRanges(settledRanges)
        var skipped = 0
        for line in 1...1_000 {
            for index in 0..<3 {
                let expected = (1...100).contains(line) || (700...800).contains(line) || (line == 500 && index < 2)
                let isSettled = settled.contains(SettledRanges.position(line: line, index: index))
                XCTAssertEqual(isSettled, expected, "line \(line) event \(index)")
                if isSettled { skipped += 1 }
            }
        }
        XCTAssertEqual(skipped, 300 + 303 + 2)
    }

    // MARK: Positions

    func testPositionsGrowWithTheLineThenTheEventIndex() {
        XCTAssertGreaterThan(
            SettledRanges.position(line: 2, index: 0), SettledRanges.position(line: 1, index: 65_535))
        XCTAssertEqual(SettledRanges.position(line: 1, index: 0), 1 << 16)
        XCTAssertEqual(SettledRanges.position(line: 1, index: 65_535), (1 << 16) + 65_535)
        XCTAssertEqual(SettledRanges.position(line: 2, index: 0), 2 << 16)
        XCTAssertEqual(SettledRanges.position(line: 3, index: 7), 3 << 16 | 7)
        var previous = Int64.min
        for line in [1, 2, 3, 1_000, 70_000, 1 << 40] {
            for index in [0, 1, 2, 255, 65_534, 65_535] {
                let position = SettledRanges.position(line: line, index: index)
                XCTAssertGreaterThan(position, previous, "line \(line) index \(index)")
                previous = position
            }
        }
    }
}
