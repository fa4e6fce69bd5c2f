/// What a run does with one selected file, decided from the ledger (`RunPlan`).
public enum FileDecision: Sendable, Equatable {
    /// Never seen before.
    case new
    /// Done before, but its content changed under the same path: processed again and reported.
    case changed
    /// Started by a run that did not finish it: resumed, skipping the events Metronome acknowledged.
    case resume
    /// Failed before (unreadable, or events not delivered): tried again, resuming like `resume`.
    case retry
    /// Done before, processed again because of `--reprocess`.
    case reprocess
    /// Done with the same content and output: skipped.
    case skipDone
    /// Done with another mapping or options: skipped, since re-sending needs `--reprocess`.
    case skipOtherOutput

    /// True when the run reads the file.
    public var processes: Bool {
        switch self {
        case .skipDone, .skipOtherOutput: return false
        default: return true
        }
    }

    /// How `--dry-run` and the logs name the decision.
    public var label: String {
        switch self {
        case .new: return "new"
        case .changed: return "changed"
        case .resume: return "resume"
        case .retry: return "retry"
        case .reprocess: return "reprocess"
        case .skipDone: return "done"
        case .skipOtherOutput: return "done-other-mapping"
        }
    }
}
