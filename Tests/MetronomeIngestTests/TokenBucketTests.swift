import Synchronization
import XCTest

@testable import MetronomeIngest

final class TokenBucketTests: XCTestCase {
    func testReservationsPayBackAtTheRate() {
        let now = Atomic<UInt64>(0)
        let bucket = TokenBucket(rate: 1000, burst: 100, clock: { now.load(ordering: .relaxed) })
        XCTAssertEqual(bucket.reserve(100), 0, "the burst is available at once")
        XCTAssertEqual(bucket.reserve(100), 0.1, accuracy: 1e-9)
        XCTAssertEqual(bucket.reserve(100), 0.2, accuracy: 1e-9, "debts queue up")
        now.store(200_000_000, ordering: .relaxed)
        XCTAssertEqual(bucket.reserve(100), 0.1, accuracy: 1e-9)
        now.store(10_000_000_000, ordering: .relaxed)
        XCTAssertEqual(bucket.reserve(50), 0, "refill stops at the burst")
        XCTAssertEqual(bucket.reserve(100), 0.05, accuracy: 1e-9)
    }

    func testOverAWindowTheRateHolds() {
        // 10 s of simulated time: a sender that always waits what it is told sends rate * time (+ burst).
        let now = Atomic<UInt64>(0)
        let bucket = TokenBucket(rate: 5000, burst: 500, clock: { now.load(ordering: .relaxed) })
        var sent = 0
        while now.load(ordering: .relaxed) < 10_000_000_000 {
            let wait = bucket.reserve(100)
            now.add(UInt64(wait * 1e9), ordering: .relaxed)
            if now.load(ordering: .relaxed) < 10_000_000_000 { sent += 100 }
        }
        XCTAssertEqual(Double(sent), 50_000 + 500, accuracy: 200)
    }
}
