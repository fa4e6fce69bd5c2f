import Foundation
import XCTest

@testable import ConversionPipeline

final class BoundedQueueTests: XCTestCase {
    func testKeepsOrderAndHandsOutBatches() {
        let queue = BoundedQueue<Int>(capacity: 10)
        for value in 0..<5 { queue.push(value) }
        XCTAssertEqual(queue.popBatch(maximum: 3), [0, 1, 2])
        XCTAssertEqual(queue.popBatch(maximum: 3), [3, 4])
        queue.close()
        XCTAssertEqual(queue.popBatch(maximum: 3), [])
    }

    /// A producer blocks when the queue is full (back-pressure) and resumes when the consumer pops.
    func testProducerWaitsWhileFull() {
        let queue = BoundedQueue<Int>(capacity: 2)
        let pushed = LockedList<Int>()
        let done = DispatchSemaphore(value: 0)
        Thread {
            for value in 0..<5 {
                queue.push(value)
                pushed.append(value)
            }
            queue.close()
            done.signal()
        }.start()
        Thread.sleep(forTimeInterval: 0.2)
        XCTAssertEqual(pushed.all, [0, 1], "the third push must wait for room")
        var received: [Int] = []
        while true {
            let batch = queue.popBatch(maximum: 1)
            if batch.isEmpty { break }
            received += batch
        }
        done.wait()
        XCTAssertEqual(received, [0, 1, 2, 3, 4])
    }
}
