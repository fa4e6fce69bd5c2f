/// A file's event counts as the ledger stores them.
public struct FileCounts: Sendable, Equatable {
    /// Events the mappings produced from it (in the run that finished it).
    public var eventsProduced = 0
    /// Events Metronome accepted (or, for `convert`, written to the output file).
    public var eventsDelivered = 0
    /// Events refused for good: by the pre-send check or by Metronome.
    public var eventsRejected = 0
    /// Events not delivered but worth sending again.
    public var eventsNotDelivered = 0

    public init(eventsProduced: Int = 0, eventsDelivered: Int = 0, eventsRejected: Int = 0, eventsNotDelivered: Int = 0)
    {
        self.eventsProduced = eventsProduced
        self.eventsDelivered = eventsDelivered
        self.eventsRejected = eventsRejected
        self.eventsNotDelivered = eventsNotDelivered
    }
}
