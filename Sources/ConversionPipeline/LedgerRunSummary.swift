import RunLedger

/// What the ledger decided for a run: files skipped as done, files changed, resumed and retried, and
/// events skipped because an earlier run settled them.
public struct LedgerRunSummary: Sendable {
    public var path: String
    /// Selected files by decision.
    public var decisions: [FileDecision: Int] = [:]
    /// Relative paths of the files whose content changed since they were done (processed again).
    public var changedFiles: [String] = []
    /// Events of resumed files skipped because an earlier run delivered or rejected them.
    public var eventsAlreadySettled = 0
    /// The first failure writing the ledger, if any (the run's outcome is then unknown to the ledger).
    public var error: String?

    public init(path: String) { self.path = path }

    public func count(_ decision: FileDecision) -> Int { decisions[decision] ?? 0 }
}
