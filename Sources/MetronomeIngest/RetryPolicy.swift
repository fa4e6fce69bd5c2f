/// When to try a retriable request again, and how often: the official SDKs' back-off, tuned for bulk
/// (SEMANTICS 6.7; `--max-retries`, `--max-retry-delay`).
///
/// Retry n (0-based) waits the server's delay when it gave a positive one (capped at
/// `maximumDelaySeconds`), else `min(0.5 * 2^n, 8)` seconds times a random factor in (0.75, 1].
public struct RetryPolicy: Sendable, Equatable {
    /// Retries after the first attempt (default 8: Metronome asks to retry 5xx until they succeed, and
    /// resending is safe because it dedupes on `transaction_id`).
    public var maximumRetries: Int
    /// The longest wait honoured from `retry-after-ms` / `Retry-After`.
    public var maximumDelaySeconds: Double
    public var initialBackoffSeconds = 0.5
    public var maximumBackoffSeconds = 8.0

    public init(maximumRetries: Int = 8, maximumDelaySeconds: Double = 60) {
        self.maximumRetries = maximumRetries
        self.maximumDelaySeconds = maximumDelaySeconds
    }

    /// The wait before retry `retry` (0-based), or nil when retries are used up. `random` is drawn from
    /// [0, 1); the jitter factor is `1 - 0.25 * random`, in (0.75, 1].
    public func delay(beforeRetry retry: Int, serverDelay: Double?, random: Double) -> Double? {
        guard retry < maximumRetries else { return nil }
        if let serverDelay, serverDelay > 0 { return min(serverDelay, maximumDelaySeconds) }
        let exponent = min(retry, 16)
        let backoff = min(initialBackoffSeconds * Double(1 << exponent), maximumBackoffSeconds)
        return backoff * (1 - 0.25 * random)
    }
}
