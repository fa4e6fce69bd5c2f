import SegmentJSON

/// Checks one Metronome usage event, as JSON, against `/v1/ingest`'s schema and Metronome's rules
/// (SEMANTICS 6.2, 6.3 and 6.9): the uploader runs it before batching so that no batch is sent that is
/// known to fail, and the local stand-in (`serve-mock`) runs the same check to answer 400.
///
/// Checked: the value is an object; `transaction_id`, `customer_id`, `event_type` and `timestamp` are
/// strings; `transaction_id` has 1 to 128 characters, the other two at least one; `timestamp` is
/// RFC 3339 with a four-digit year, at most 24 hours after `now` and, when `maximumAgeMilliseconds`
/// is set, not older than that; `properties`, when present, is an object. Other keys are accepted (the
/// API does not document them as errors).
///
/// O(event bytes) for the string checks; allocates only for the reason of a failure.
public struct IngestEventCheck: Sendable {
    public var rules: EventRules

    public init(rules: EventRules) { self.rules = rules }

    /// What a valid event's check found: its `transaction_id` (the dedupe key) and its time.
    public struct Accepted: Sendable {
        /// The `transaction_id` string's span (quotes included; see `transactionID(_:)`).
        public var transactionID: JSONSpan
        public var timestampMilliseconds: Int64
    }

    /// Checks the event at `event` in `bytes`.
    public func check(_ bytes: JSONBytes, _ event: JSONSpan) -> Result<Accepted, EventRejection> {
        guard event.kind == .object else {
            let reason = "A Metronome event must be a JSON object but this is \(event.kind.articleName)."
            return .failure(EventRejection(reason: reason, category: "Not a JSON object."))
        }
        var spans: [JSONSpan?] = [nil, nil, nil, nil, nil]
        // The last occurrence of a key wins, as with JSON.parse on the server.
        JSONNavigator.forEachMember(bytes, in: event) { key, value in
            for (index, field) in MetronomeField.allCases.enumerated() {
                let matches = field.key.utf8.withContiguousStorageIfAvailable {
                    JSONNavigator.keyEquals(bytes, key, UnsafeRawBufferPointer($0))
                }
                if matches == true { spans[index] = value }
            }
        }
        var missing: [String] = []
        for (index, field) in MetronomeField.allCases.enumerated() where field != .properties && spans[index] == nil {
            missing.append(field.key)
        }
        if !missing.isEmpty {
            let reason =
                "The event is missing the required field\(missing.count == 1 ? "" : "s") \(missing.map { "'\($0)'" }.joined(separator: ", "))."
            return .failure(EventRejection(reason: reason, category: reason))
        }
        for (index, field) in MetronomeField.allCases.enumerated() {
            guard let span = spans[index] else { continue }
            let wanted: JSONKind = field == .properties ? .object : .string
            if span.kind != wanted {
                let reason = "\(field.label) must be \(wanted.articleName) but it was \(span.kind.articleName)."
                return .failure(EventRejection(reason: reason, category: reason))
            }
        }
        let transactionID = spans[MetronomeField.transactionID.rawValue]!
        for field in [MetronomeField.transactionID, .customerID, .eventType] {
            let length = Self.characterCount(bytes, spans[field.rawValue]!)
            if length == 0 {
                let reason = "\(field.label) is empty; Metronome requires at least one character."
                return .failure(EventRejection(reason: reason, category: reason))
            }
            if field == .transactionID && length > rules.maximumTransactionIDLength {
                return .failure(
                    EventRejection(
                        reason:
                            "Transaction_id is \(length) characters long; Metronome accepts at most \(rules.maximumTransactionIDLength).",
                        category: "Transaction_id is longer than \(rules.maximumTransactionIDLength) characters."))
            }
        }
        let timestampSpan = spans[MetronomeField.timestamp.rawValue]!
        let text = JSONStringDecoder.decode(bytes, timestampSpan)
        guard let milliseconds = text.withUnsafeBytes({ RFC3339.epochMilliseconds($0) }) else {
            let shown = String(decoding: text.prefix(64), as: UTF8.self)
            return .failure(
                EventRejection(
                    reason:
                        "Timestamp \"\(shown)\" is not an RFC 3339 time with a four-digit year (e.g. 2025-01-23T01:23:45Z).",
                    category: "Timestamp is not RFC 3339."))
        }
        if milliseconds > rules.nowMilliseconds + rules.maximumFutureMilliseconds {
            let when = TimestampConversion.iso8601(epochMilliseconds: milliseconds)
            let now = TimestampConversion.iso8601(epochMilliseconds: rules.nowMilliseconds)
            return .failure(
                EventRejection(
                    reason:
                        "Timestamp \(when) is more than 24 hours after the reference time \(now); Metronome rejects it.",
                    category: "Timestamp is more than 24 hours in the future."))
        }
        if let maximumAge = rules.maximumAgeMilliseconds, milliseconds < rules.nowMilliseconds - maximumAge {
            let when = TimestampConversion.iso8601(epochMilliseconds: milliseconds)
            let oldest = TimestampConversion.iso8601(epochMilliseconds: rules.nowMilliseconds - maximumAge)
            return .failure(
                EventRejection(
                    reason:
                        "Timestamp \(when) is older than the backdating window allows (oldest accepted: \(oldest)).",
                    category: "Timestamp is older than the backdating window."))
        }
        return .success(Accepted(transactionID: transactionID, timestampMilliseconds: milliseconds))
    }

    /// The decoded `transaction_id` of an accepted event (no allocation beyond the result).
    public static func transactionID(_ bytes: JSONBytes, _ accepted: Accepted) -> [UInt8] {
        JSONStringDecoder.decode(bytes, accepted.transactionID)
    }

    /// Unicode scalars in a string span (the product counts `transaction_id` length in characters).
    static func characterCount(_ bytes: JSONBytes, _ span: JSONSpan) -> Int {
        let utf8: [UInt8]
        if span.hasEscapes {
            utf8 = JSONStringDecoder.decode(bytes, span)
            return utf8.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        }
        return UnsafeRawBufferPointer(bytes.slice(span.start + 1..<span.end - 1)).reduce(0) {
            $0 + ($1 & 0xC0 == 0x80 ? 0 : 1)
        }
    }
}
