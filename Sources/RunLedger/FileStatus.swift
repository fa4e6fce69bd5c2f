/// Where a file stands in the ledger.
public enum FileStatus: String, Sendable, CaseIterable {
    /// Selected by a run but not started yet.
    case pending
    /// Being read; after a crash it stays so until the next run resumes it.
    case inProgress = "in_progress"
    /// Every event produced from it was delivered or refused for good (or written, for `convert`).
    case done
    /// It could not be read, or some of its events were not delivered; the next run tries again.
    case failed
}
