import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One run at a time per ledger: an exclusive advisory lock (`flock`) on `<ledger>.lock`, held for the
/// life of this object and released by the kernel if the process dies, so a killed run never leaves a
/// stale lock behind.
public final class LedgerLock {
    private let descriptor: Int32

    /// Takes the lock without waiting; throws `LedgerError.locked` naming the holder when another run
    /// has it.
    public init(ledgerPath: String) throws(LedgerError) {
        let path = ledgerPath + ".lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw LedgerError.unusable("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(
                in: .whitespacesAndNewlines)
            close(fd)
            throw LedgerError.locked(
                "another run is using the ledger \(ledgerPath)\(holder.map { $0.isEmpty ? "" : " (\($0))" } ?? ""); this run stops without doing anything"
            )
        }
        // Record who holds it, for the message above (informational only; the flock is the lock).
        let note = "pid \(getpid()) since \(ISO8601DateFormatter().string(from: Date()))\n"
        _ = ftruncate(fd, 0)
        _ = note.withCString { pwrite(fd, $0, strlen($0), 0) }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

/// Why the ledger cannot be used.
public enum LedgerError: Error, Sendable, CustomStringConvertible {
    /// Another run holds the lock (exit code 5).
    case locked(String)
    /// The database cannot be opened, migrated or written.
    case unusable(String)

    public var description: String {
        switch self {
        case .locked(let message), .unusable(let message): return message
        }
    }
}
