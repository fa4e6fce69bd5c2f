import XCTest

@testable import MetronomeIngest

final class IngestTotalsTests: XCTestCase {
    func testBalancedMeansEverySubmittedEventEndedSomewhere() {
        var totals = IngestTotals()
        XCTAssertTrue(totals.isBalanced)
        totals.eventsSubmitted = 10
        XCTAssertFalse(totals.isBalanced)
        totals.eventsDelivered = 4
        totals.eventsRejected = 3
        totals.eventsNotDelivered = 2
        XCTAssertFalse(totals.isBalanced)
        totals.eventsAlreadySettled = 1
        XCTAssertTrue(totals.isBalanced)
        totals.eventsDelivered = 5
        XCTAssertFalse(totals.isBalanced, "one event too many is as wrong as one too few")
    }
}
