import GRDB

/// One row of the `files` table: what the ledger remembers of an input file.
public struct FileRecord: Sendable, Equatable {
    public var identity: FileIdentity
    /// Fingerprint of the mapping file and the options that change output, when it was last planned.
    public var outputFingerprint: String
    public var status: FileStatus
    public var counts: FileCounts
    /// Times the file was started.
    public var attempts: Int
    /// Times the file's content was found changed under the same path.
    public var contentChanges: Int
    /// The last failure, for `failed` files.
    public var error: String?
    public var startedAt: String?
    public var finishedAt: String?

    init(row: Row) {
        identity = FileIdentity(
            relativePath: row["relative_path"], size: row["size"], modificationNanoseconds: row["mtime_ns"],
            fingerprint: row["fingerprint"])
        outputFingerprint = row["output_fingerprint"]
        status = FileStatus(rawValue: row["status"]) ?? .pending
        counts = FileCounts(
            eventsProduced: row["events_produced"], eventsDelivered: row["events_delivered"],
            eventsRejected: row["events_rejected"], eventsNotDelivered: row["events_not_delivered"])
        attempts = row["attempts"]
        contentChanges = row["content_changes"]
        error = row["error"]
        startedAt = row["started_at"]
        finishedAt = row["finished_at"]
    }
}
