import Foundation

/// What the ledger needs of a file the reader finished, kept until its last batch settles (`sync`).
final class FinishedFiles: @unchecked Sendable {
    struct Entry {
        /// Why the file could not be read or written whole, if so.
        var failure: String?
        /// Records rejected while mapping (before the HTTP sink).
        var mappingRejects: Int
    }

    private let lock = NSLock()
    private var entries: [Int: Entry] = [:]

    func put(_ file: Int, _ entry: Entry) { lock.withLock { entries[file] = entry } }

    func take(_ file: Int) -> Entry {
        lock.withLock { entries.removeValue(forKey: file) } ?? Entry(failure: nil, mappingRejects: 0)
    }
}
