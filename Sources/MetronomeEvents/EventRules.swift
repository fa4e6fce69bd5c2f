/// Metronome's own acceptance rules applied on top of Segment's validation (SEMANTICS 6.2-6.3).
public struct EventRules: Sendable {
    /// The reference time for the future and age limits, epoch milliseconds.
    public var nowMilliseconds: Int64
    /// How far ahead of `now` a timestamp may be (Metronome: 24 hours).
    public var maximumFutureMilliseconds: Int64 = 24 * 3_600_000
    /// How far behind `now` a timestamp may be; nil for no limit (`--max-age`).
    public var maximumAgeMilliseconds: Int64?
    /// The longest `transaction_id` Metronome accepts, in characters.
    public var maximumTransactionIDLength = 128

    public init(nowMilliseconds: Int64, maximumAgeMilliseconds: Int64? = nil) {
        self.nowMilliseconds = nowMilliseconds
        self.maximumAgeMilliseconds = maximumAgeMilliseconds
    }
}
