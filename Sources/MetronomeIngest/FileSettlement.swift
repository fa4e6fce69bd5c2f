/// What became of one input file's events once all of them settled (`IngestSink`'s per-file report).
public struct FileSettlement: Sendable, Equatable {
    /// Event counts of one file.
    public struct Counts: Sendable, Equatable {
        /// Events handed to the sink this run, those skipped as already settled not included.
        public var produced = 0
        public var delivered = 0
        /// Refused for good: by the pre-send check or by Metronome.
        public var rejected = 0
        /// Not delivered but worth sending again.
        public var notDelivered = 0
        /// Skipped because an earlier run settled them.
        public var alreadySettled = 0

        public init() {}
    }

    /// The input file's index in the run.
    public var file: Int
    public var counts: Counts

    /// True when every event was delivered or refused for good.
    public var isComplete: Bool { counts.notDelivered == 0 }
}
