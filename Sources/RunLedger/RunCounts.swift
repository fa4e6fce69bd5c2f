/// A run's counts as the `runs` table stores them.
public struct RunCounts: Sendable, Equatable {
    public var filesDone = 0
    public var filesFailed = 0
    public var eventsDelivered = 0
    public var eventsRejected = 0
    public var eventsNotDelivered = 0

    public init(
        filesDone: Int = 0, filesFailed: Int = 0, eventsDelivered: Int = 0, eventsRejected: Int = 0,
        eventsNotDelivered: Int = 0
    ) {
        self.filesDone = filesDone
        self.filesFailed = filesFailed
        self.eventsDelivered = eventsDelivered
        self.eventsRejected = eventsRejected
        self.eventsNotDelivered = eventsNotDelivered
    }
}
