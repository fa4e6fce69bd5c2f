/// The fault drawn for one request (see `MockFaults`).
enum MockFault: Sendable, Equatable {
    case drop
    case fail
    /// Ingest the first `count` events (possibly none), then answer 500.
    case failAfterPartial(count: Int)
    case throttle
    case slow
}
