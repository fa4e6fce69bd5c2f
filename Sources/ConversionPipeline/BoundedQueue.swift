import Foundation

/// A blocking FIFO with a fixed capacity: producers wait when it is full, which is the pipeline's
/// back-pressure (memory stays bounded by capacity × chunk size whatever the input size).
final class BoundedQueue<Element>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Element] = []
    private let capacity: Int
    private var closed = false

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Appends, waiting while the queue is full.
    func push(_ item: Element) {
        condition.lock()
        while items.count >= capacity { condition.wait() }
        items.append(item)
        condition.broadcast()
        condition.unlock()
    }

    /// Removes up to `maximum` items, waiting until at least one is available; returns an empty array
    /// once the queue is closed and drained.
    func popBatch(maximum: Int) -> [Element] {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        let taken = min(items.count, maximum)
        let batch = Array(items[..<taken])
        // Drop consumed items at once: they hold chunk buffers, which must be freed as soon as the
        // mapper is done with them for memory to stay bounded.
        items.removeFirst(taken)
        condition.broadcast()
        return batch
    }

    /// No more pushes; wakes the consumer.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
