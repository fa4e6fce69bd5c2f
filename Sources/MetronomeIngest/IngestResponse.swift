/// What one `POST /v1/ingest` came back with: an HTTP answer, or a transport failure.
public enum IngestResponse: Sendable, Equatable {
    /// An HTTP status with the headers retries care about and the server's message, if any.
    case answered(status: Int, hints: ServerHints, message: String)
    /// No answer within the per-request timeout.
    case timedOut
    /// The connection could not be made or broke before an answer (reason for the report).
    case connectionFailed(String)

    /// The response headers that steer retries (SEMANTICS 6.7).
    public struct ServerHints: Sendable, Equatable {
        /// `x-should-retry`: true forces a retry, false forbids one, whatever the status.
        public var shouldRetry: Bool?
        /// `retry-after-ms`, in seconds; wins over `retryAfter`.
        public var retryAfterMilliseconds: Double?
        /// `Retry-After`, in seconds (a number, or an HTTP date already turned into a delay).
        public var retryAfter: Double?

        public init(shouldRetry: Bool? = nil, retryAfterMilliseconds: Double? = nil, retryAfter: Double? = nil) {
            self.shouldRetry = shouldRetry
            self.retryAfterMilliseconds = retryAfterMilliseconds
            self.retryAfter = retryAfter
        }

        /// The server's requested delay in seconds, if it gave one.
        public var delaySeconds: Double? {
            if let milliseconds = retryAfterMilliseconds { return milliseconds / 1000 }
            return retryAfter
        }
    }
}
