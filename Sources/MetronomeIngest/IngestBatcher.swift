/// Groups one file's checked events into batches of 1 to `maximumEvents`, never with the same
/// `transaction_id` twice in one batch (Metronome does not document what that does; SEMANTICS 6.3).
///
/// A repeated `transaction_id` closes the batch early and starts the next one with it, so the
/// duplicate still reaches Metronome, which ignores it as a duplicate, and the run's accounting stays
/// one event in, one event out. O(1) amortised per event; allocates the batch storage and one key
/// per event.
public struct IngestBatcher: Sendable {
    public let file: Int
    public let maximumEvents: Int
    private var current: IngestBatch
    private var keys: Set<[UInt8]> = []

    public init(file: Int, maximumEvents: Int, firstSequence: Int = 0) {
        self.file = file
        self.maximumEvents = max(1, min(100, maximumEvents))
        self.current = IngestBatch(file: file, sequence: firstSequence)
    }

    /// The batches closed so far, counted from `firstSequence`.
    public var nextSequence: Int { current.sequence + (current.isEmpty ? 0 : 1) }

    /// Adds an event; returns the batches it closed, in order: none, or the one holding the same
    /// `transaction_id`, and/or the one it filled. (An empty array does not allocate.)
    public mutating func add(
        _ event: UnsafeRawBufferPointer, transactionID: [UInt8], origin: IngestBatch.Origin
    ) -> [IngestBatch] {
        var closed: [IngestBatch] = []
        if keys.contains(transactionID) { closed.append(close()) }
        current.append(event, origin: origin)
        keys.insert(transactionID)
        if current.count == maximumEvents { closed.append(close()) }
        return closed
    }

    /// Closes the open batch at the end of the file; nil when it is empty.
    public mutating func finish() -> IngestBatch? {
        current.isEmpty ? nil : close()
    }

    private mutating func close() -> IngestBatch {
        let batch = current
        current = IngestBatch(file: file, sequence: batch.sequence + 1)
        keys.removeAll(keepingCapacity: true)
        return batch
    }
}
