import Foundation

/// What `segment-metronome status` shows: files by status, event totals, the oldest file not done and
/// the last runs.
public struct LedgerStatus: Sendable, Equatable {
    /// One row of the `runs` table.
    public struct Run: Sendable, Equatable {
        public var id: Int64
        public var command: String
        public var shard: String?
        public var startedAt: String
        public var endedAt: String?
        /// `success`, `partial`, `failed`, `stopped`, ...; nil while running or when the run was killed.
        public var outcome: String?
        public var exitCode: Int?
        public var counts: RunCounts
    }

    /// Files by status (every status present, 0 when none).
    public var files: [FileStatus: Int]
    /// Sums over the files' last counts.
    public var eventsDelivered: Int
    public var eventsRejected: Int
    public var eventsNotDelivered: Int
    /// The file not done with the oldest modification time, and that time.
    public var oldestPendingFile: String?
    public var oldestPendingModified: Date?
    /// The most recent runs, newest first.
    public var lastRuns: [Run]
    /// Schema versions applied.
    public var schema: [String]
}
