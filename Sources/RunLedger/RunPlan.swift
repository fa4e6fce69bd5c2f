/// Decides, for each selected file, whether this run processes it, from what the ledger remembers.
///
/// A file is the same when its size, modification time and fingerprint match (`FileIdentity`); its
/// output is the same when the fingerprint of the mapping and output options matches. Done and same:
/// skipped; with another output too, since re-sending must be asked for: `reprocess` processes every
/// done file again. Content changed: processed from the start. Unfinished (pending, in progress, failed) with the
/// same content and output: resumed from its acknowledged ranges; otherwise from the start.
public enum RunPlan {
    /// One file's decision and what to record for it.
    public struct Entry: Sendable, Equatable {
        public var identity: FileIdentity
        public var decision: FileDecision
        /// True when the acknowledged ranges of earlier runs still apply.
        public var keepsAcknowledgements: Bool
    }

    public static func decide(
        _ identity: FileIdentity, known: FileRecord?, outputFingerprint: String, reprocess: Bool
    ) -> Entry {
        guard let known else { return Entry(identity: identity, decision: .new, keepsAcknowledgements: false) }
        let sameContent =
            known.identity.size == identity.size
            && known.identity.modificationNanoseconds == identity.modificationNanoseconds
            && known.identity.fingerprint == identity.fingerprint
        let sameOutput = known.outputFingerprint == outputFingerprint
        if !sameContent { return Entry(identity: identity, decision: .changed, keepsAcknowledgements: false) }
        switch known.status {
        case .done:
            if reprocess { return Entry(identity: identity, decision: .reprocess, keepsAcknowledgements: false) }
            return Entry(
                identity: identity, decision: sameOutput ? .skipDone : .skipOtherOutput, keepsAcknowledgements: false)
        case .pending, .inProgress:
            return Entry(identity: identity, decision: .resume, keepsAcknowledgements: sameOutput)
        case .failed:
            return Entry(identity: identity, decision: .retry, keepsAcknowledgements: sameOutput)
        }
    }
}
