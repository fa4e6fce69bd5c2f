import SegmentJSON
import SegmentMapping

/// Why an event was rejected: the full `reason` for the rejects file and a stable `category` for
/// the report's counts (the reason without values that vary from event to event).
public struct EventRejection: Error, Sendable, Equatable {
    public var reason: String
    public var category: String

    public init(reason: String, category: String) {
        self.reason = reason
        self.category = category
    }
}

/// A mapping's fields resolved to the schema's fields once, in mapping key order. Keys the schema does
/// not know are dropped, as upstream's validation removes unknown fields.
public final class EventPlan: Sendable {
    public let mapping: CompiledMapping
    /// The mapping's trigger, flattened once.
    public let trigger: CompiledTrigger
    let fields: [(MetronomeField, ValueProgram)]
    /// Programs of keys the schema drops that can still fail: upstream resolves every key, so their
    /// runtime errors reject the event even though their values are thrown away.
    let checkedOnly: [ValueProgram]

    public init(_ mapping: CompiledMapping) {
        self.mapping = mapping
        self.trigger = CompiledTrigger(mapping.trigger)
        var fields: [(MetronomeField, ValueProgram)] = []
        var checkedOnly: [ValueProgram] = []
        for field in mapping.fields {
            guard let known = MetronomeField(key: field.name) else {
                if field.program.canFail { checkedOnly.append(field.program) }
                continue
            }
            if let existing = fields.firstIndex(where: { $0.0 == known }) {
                fields[existing].1 = field.program  // a repeated key: last value, first position
            } else {
                fields.append((known, field.program))
            }
        }
        self.fields = fields
        self.checkedOnly = checkedOnly
    }

    /// Whether the mapping's trigger selects the event. O(bytes of the fields it reads), no allocation
    /// on the common paths.
    public func matches(_ document: JSONDocument) -> Bool { trigger.matches(document) }
}

/// Builds Metronome events from mapped values, with Segment's cleaning, coercion and validation.
///
/// One builder per worker thread. `append` is the hot path: for the preset it allocates nothing
/// (strings and `properties` are copied from the line as bytes, the timestamp is formatted in place).
public struct EventBuilder: Sendable {
    public var rules: EventRules

    public init(rules: EventRules) {
        self.rules = rules
    }

    /// A field value after cleaning and coercion, ready to be written. Trivially copyable (values the
    /// builder makes are serialised into a per-event scratch buffer), so the hot path does no ARC.
    enum Output {
        /// A string in the line without escapes: copied as is, quotes included.
        case rawString(JSONSpan)
        /// A string span with escapes, to be re-escaped canonically.
        case escapedString(JSONSpan)
        case timestamp(Int64)
        case objectSpan(JSONSpan)
        /// JSON text in the scratch buffer; `characters` counts a string's characters.
        case serialized(Range<Int>, characters: Int)
    }

    /// Evaluates `mapping` on `document` and appends the event line (with `\n`) to `out`; returns the
    /// rejection instead when the event is not valid (nothing is appended then).
    public func append(_ mapping: CompiledMapping, _ document: JSONDocument, to out: inout [UInt8]) -> EventRejection? {
        append(EventPlan(mapping), document, to: &out)
    }

    /// The hot-path form of `append(_:_:to:)`, with the mapping's fields resolved to schema fields once.
    public func append(_ plan: EventPlan, _ document: JSONDocument, to out: inout [UInt8]) -> EventRejection? {
        // Fields in output order, and their values by schema field.
        var present = FieldSlots<MetronomeField?>(repeating: nil)
        var values = FieldSlots<MappedValue>(repeating: .missing)
        var order = 0
        // Borrow the programs in place: iterating by value would retain each program's storage.
        var failure: MappingRuntimeError?
        if let whole = plan.mapping.wholeMapping {
            // A root-level directive: transform the whole mapping, then read the schema's fields.
            do throws(MappingRuntimeError) {
                if case .object(let result)? = try whole.transform(document) {
                    for member in result.orderedMembers {
                        guard let known = MetronomeField(key: member.key), order < 5 else { continue }
                        var value = MappedValue.owned(member.value)
                        if isEmptyAtTopLevel(value, document.bytes) { value = .missing }
                        present[order] = known
                        values[known.rawValue] = value
                        order += 1
                    }
                }
            } catch {
                failure = error
            }
        } else {
            plan.fields.withUnsafeBufferPointer { fields in
                for index in fields.indices {
                    var value: MappedValue
                    do throws(MappingRuntimeError) {
                        value = try fields[index].1.evaluate(on: document)
                    } catch {
                        failure = error
                        return
                    }
                    if isEmptyAtTopLevel(value, document.bytes) { value = .missing }
                    let known = fields[index].0
                    present[order] = known
                    values[known.rawValue] = value
                    order += 1
                }
            }
            if failure == nil {
                for program in plan.checkedOnly {
                    do throws(MappingRuntimeError) {
                        _ = try program.evaluate(on: document)
                    } catch {
                        failure = error
                        break
                    }
                }
            }
        }
        if let failure { return EventRejection(reason: failure.message, category: failure.message) }
        var scratch: [UInt8] = []
        var missing: [String] = []
        var problems: [String] = []
        var outputs = FieldSlots<Output?>(repeating: nil)
        for field in Self.schemaFields {
            let value = values[field.rawValue]
            if case .missing = value {
                missing.append("The root value is missing the required field '\(field.key)'.")
                continue
            }
            switch coerce(value, field, document.bytes, &scratch) {
            case .success(let output): outputs[field.rawValue] = output
            case .failure(let message): problems.append(message.text)
            }
        }
        if !missing.isEmpty || !problems.isEmpty {
            let reason = (missing + problems).joined(separator: " ")
            return EventRejection(reason: reason, category: reason)
        }
        // Metronome's own limits.
        if case .timestamp(let milliseconds) = outputs[MetronomeField.timestamp.rawValue]! {
            // Formatted only for a rejection: building the string for every accepted event cost a
            // malloc per event (the per-directive benchmarks' baseline showed 2 per event).
            var when: String { TimestampConversion.iso8601(epochMilliseconds: milliseconds) }
            if milliseconds > rules.nowMilliseconds + rules.maximumFutureMilliseconds {
                let now = TimestampConversion.iso8601(epochMilliseconds: rules.nowMilliseconds)
                return EventRejection(
                    reason:
                        "Timestamp \(when) is more than 24 hours after the reference time \(now); Metronome rejects it.",
                    category: "Timestamp is more than 24 hours in the future.")
            }
            if let maximumAge = rules.maximumAgeMilliseconds, milliseconds < rules.nowMilliseconds - maximumAge {
                let oldest = TimestampConversion.iso8601(epochMilliseconds: rules.nowMilliseconds - maximumAge)
                return EventRejection(
                    reason: "Timestamp \(when) is older than --max-age allows (oldest accepted: \(oldest)).",
                    category: "Timestamp is older than --max-age.")
            }
        }
        for field in Self.stringFields {
            let length = characterCount(outputs[field.rawValue]!, document.bytes)
            if length == 0 {
                let reason = "\(field.label) is empty; Metronome requires at least one character."
                return EventRejection(reason: reason, category: reason)
            }
            if field == .transactionID && length > rules.maximumTransactionIDLength {
                return EventRejection(
                    reason:
                        "Transaction_id is \(length) characters long; Metronome accepts at most \(rules.maximumTransactionIDLength).",
                    category: "Transaction_id is longer than \(rules.maximumTransactionIDLength) characters.")
            }
        }
        // Write the event in the mapping's key order.
        out.append(UInt8(ascii: "{"))
        for position in 0..<5 {
            guard let field = present[position] else { break }
            if position > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            Self.appendKey(field, to: &out)
            out.append(UInt8(ascii: "\""))
            out.append(UInt8(ascii: ":"))
            write(outputs[field.rawValue]!, document.bytes, scratch, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        out.append(UInt8(ascii: "\n"))
        return nil
    }

    // MARK: - Cleaning and coercion

    func isEmptyAtTopLevel(_ value: MappedValue, _ bytes: JSONBytes) -> Bool {
        switch value {
        case .missing: return true
        case .span(let span): return span.kind == .null || (span.kind == .string && span.end - span.start == 2)
        case .owned(let owned):
            if case .null = owned { return true }
            if case .string(let string) = owned { return string.isEmpty }
            return false
        }
    }

    struct CoercionFailure: Error {
        var text: String
    }

    func coerce(
        _ value: MappedValue, _ field: MetronomeField, _ bytes: JSONBytes, _ scratch: inout [UInt8]
    ) -> Result<Output, CoercionFailure> {
        switch value {
        case .missing:
            return .failure(CoercionFailure(text: "The root value is missing the required field '\(field.key)'."))
        case .span(let span):
            return coerceSpan(span, field, bytes, &scratch, unwrapped: false)
        case .owned(let owned):
            return coerceOwned(owned, field, &scratch, unwrapped: false)
        }
    }

    /// Serialises a string value into the scratch buffer.
    private func text(_ utf8: [UInt8], _ scratch: inout [UInt8]) -> Output {
        let start = scratch.count
        JSONOutput.appendEscaped(utf8, to: &scratch)
        let characters = utf8.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        return .serialized(start..<scratch.count, characters: characters)
    }

    private func typeError(_ field: MetronomeField, _ kind: JSONKind) -> CoercionFailure {
        switch field {
        case .timestamp:
            return CoercionFailure(text: "Timestamp must be a string or number but it was \(kind.articleName).")
        case .properties: return CoercionFailure(text: "Properties must be an object but it was \(kind.articleName).")
        default: return CoercionFailure(text: "\(field.label) must be a string but it was \(kind.articleName).")
        }
    }

    private func coerceSpan(
        _ span: JSONSpan, _ field: MetronomeField, _ bytes: JSONBytes, _ scratch: inout [UInt8], unwrapped: Bool
    ) -> Result<Output, CoercionFailure> {
        if field == .properties {
            return span.kind == .object ? .success(.objectSpan(span)) : .failure(typeError(field, span.kind))
        }
        switch span.kind {
        case .string:
            if field == .timestamp {
                if !span.hasEscapes {
                    // The common case: read the timestamp in place, no copy.
                    let text = bytes.slice(span.start + 1..<span.end - 1)
                    switch TimestampConversion.epochMilliseconds(utf8: text) {
                    case .success(let milliseconds): return .success(.timestamp(milliseconds))
                    case .failure(let failure): return .failure(CoercionFailure(text: failure.message))
                    }
                }
                return convertTimestamp(JSONStringDecoder.decode(bytes, span))
            }
            return .success(span.hasEscapes ? .escapedString(span) : .rawString(span))
        case .number:
            let number = JavaScriptNumber.parse(bytes.slice(span.range))
            if field == .timestamp { return convertTimestamp(number) }
            return .success(text(Array(JavaScriptNumber.string(number).utf8), &scratch))
        case .true, .false:
            let value = Array((span.kind == .true ? "true" : "false").utf8)
            // A boolean timestamp becomes "true"/"false", which is not date-like.
            if field == .timestamp { return convertTimestamp(value) }
            return .success(text(value, &scratch))
        case .null:
            // Only reachable inside a one-element array: `[null]` coerces to "".
            if field == .timestamp { return convertTimestamp([]) }
            return .success(text([], &scratch))
        case .array:
            if !unwrapped && JSONNavigator.count(bytes, in: span) == 1,
                let element = JSONNavigator.element(bytes, in: span, at: 0),
                element.kind != .object && element.kind != .array
            {
                return coerceSpan(element, field, bytes, &scratch, unwrapped: true)
            }
            return .failure(typeError(field, .array))
        case .object:
            return .failure(typeError(field, .object))
        }
    }

    private func coerceOwned(
        _ value: JSONValue, _ field: MetronomeField, _ scratch: inout [UInt8], unwrapped: Bool
    ) -> Result<Output, CoercionFailure> {
        if field == .properties {
            guard case .object = value else { return .failure(typeError(field, value.kind)) }
            let start = scratch.count
            JSONOutput.append(value, to: &scratch)
            return .success(.serialized(start..<scratch.count, characters: 1))
        }
        switch value {
        case .string(let string):
            let bytes = Array(string.utf8)
            return field == .timestamp ? convertTimestamp(bytes) : .success(text(bytes, &scratch))
        case .number(let number):
            if field == .timestamp { return convertTimestamp(number.value) }
            return .success(text(Array(JavaScriptNumber.string(number.value).utf8), &scratch))
        case .bool(let flag):
            let value = Array((flag ? "true" : "false").utf8)
            return field == .timestamp ? convertTimestamp(value) : .success(text(value, &scratch))
        case .null:
            return field == .timestamp ? convertTimestamp([]) : .success(text([], &scratch))
        case .array(let elements):
            if !unwrapped && elements.count == 1, elements[0].kind != .object && elements[0].kind != .array {
                return coerceOwned(elements[0], field, &scratch, unwrapped: true)
            }
            return .failure(typeError(field, .array))
        case .object:
            return .failure(typeError(field, .object))
        }
    }

    private func convertTimestamp(_ text: [UInt8]) -> Result<Output, CoercionFailure> {
        let result = text.withUnsafeBytes { TimestampConversion.epochMilliseconds(utf8: $0) }
        switch result {
        case .success(let milliseconds): return .success(.timestamp(milliseconds))
        case .failure(let failure): return .failure(CoercionFailure(text: failure.message))
        }
    }

    private func convertTimestamp(_ number: Double) -> Result<Output, CoercionFailure> {
        switch TimestampConversion.epochMilliseconds(number: number) {
        case .success(let milliseconds): return .success(.timestamp(milliseconds))
        case .failure(let failure): return .failure(CoercionFailure(text: failure.message))
        }
    }

    /// Characters (Unicode scalars) of a string output.
    private func characterCount(_ output: Output, _ bytes: JSONBytes) -> Int {
        func scalars<C: Collection<UInt8>>(_ utf8: C) -> Int { utf8.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) } }
        switch output {
        case .rawString(let span): return scalars(UnsafeRawBufferPointer(bytes.slice(span.start + 1..<span.end - 1)))
        case .escapedString(let span): return scalars(JSONStringDecoder.decode(bytes, span))
        case .serialized(_, let characters): return characters
        default: return 1
        }
    }

    private func write(_ output: Output, _ bytes: JSONBytes, _ scratch: [UInt8], to out: inout [UInt8]) {
        switch output {
        case .rawString(let span), .objectSpan(let span), .escapedString(let span):
            JSONOutput.appendValue(bytes, span, to: &out)
        case .serialized(let range, _):
            out.append(contentsOf: scratch[range])
        case .timestamp(let milliseconds):
            out.append(UInt8(ascii: "\""))
            TimestampConversion.appendISO8601(epochMilliseconds: milliseconds, to: &out)
            out.append(UInt8(ascii: "\""))
        }
    }

    private static let stringFields: [MetronomeField] = [.transactionID, .customerID, .eventType]

    /// `MetronomeField.allCases` builds a new array on every call; the hot path uses this one.
    private static let schemaFields: [MetronomeField] = MetronomeField.allCases

    private static let keyBytes: [[UInt8]] = MetronomeField.allCases.map { Array($0.key.utf8) }

    @inline(__always)
    private static func appendKey(_ field: MetronomeField, to out: inout [UInt8]) {
        out.append(contentsOf: keyBytes[field.rawValue])
    }
}

/// Five values stored inline (one per Metronome field), so per-event state needs no array.
struct FieldSlots<Element> {
    private var storage: (Element, Element, Element, Element, Element)

    init(repeating value: Element) {
        storage = (value, value, value, value, value)
    }

    subscript(index: Int) -> Element {
        get {
            switch index {
            case 0: return storage.0
            case 1: return storage.1
            case 2: return storage.2
            case 3: return storage.3
            default: return storage.4
            }
        }
        set {
            switch index {
            case 0: storage.0 = newValue
            case 1: storage.1 = newValue
            case 2: storage.2 = newValue
            case 3: storage.3 = newValue
            default: storage.4 = newValue
            }
        }
    }
}
