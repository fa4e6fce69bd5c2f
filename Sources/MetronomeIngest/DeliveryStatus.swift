/// What a response means for the events of the request: the uploader's three outcomes, plus the one
/// that stops the run.
public enum DeliveryStatus: Sendable, Equatable {
    /// Metronome accepted the request (2xx).
    case delivered
    /// Worth sending again unchanged: 408, 409, 429, 5xx, timeouts, connection failures, or
    /// `x-should-retry: true`. `serverDelay` is the server's requested wait in seconds, if any.
    case retriable(reason: String, serverDelay: Double?)
    /// Will fail again unchanged. `isolatable` is true for 400: one bad event fails the whole request,
    /// so splitting the batch finds it.
    case rejected(reason: String, isolatable: Bool)
    /// The credentials were refused (401, 403): no other request can succeed either.
    case fatal(reason: String)
}
