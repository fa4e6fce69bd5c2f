import Foundation

/// A token bucket for `--rate-limit EVENTS_PER_SECOND`: callers reserve tokens and wait the delay the
/// reservation returns, so concurrent senders share the rate fairly without polling.
///
/// The bucket holds up to `burst` tokens and refills at `rate` per second; a reservation may take the
/// balance negative, and the returned wait is the time the refill needs to pay the debt back. Thread
/// safe; O(1), no allocation.
public final class TokenBucket: @unchecked Sendable {
    public let rate: Double
    public let burst: Double
    private let lock = NSLock()
    private var tokens: Double
    private var last: UInt64
    private let clock: @Sendable () -> UInt64

    /// `clock` returns monotonic nanoseconds (injectable for tests).
    public init(
        rate: Double, burst: Double, clock: @escaping @Sendable () -> UInt64 = { DispatchTime.now().uptimeNanoseconds }
    ) {
        self.rate = rate
        self.burst = max(1, burst)
        self.clock = clock
        self.tokens = max(1, burst)
        self.last = clock()
    }

    /// Takes `count` tokens; returns how long the caller must wait before using them, in seconds.
    public func reserve(_ count: Int) -> Double {
        lock.lock()
        defer { lock.unlock() }
        let now = clock()
        tokens = min(burst, tokens + Double(now &- last) / 1e9 * rate)
        last = now
        tokens -= Double(count)
        return tokens >= 0 ? 0 : -tokens / rate
    }
}
