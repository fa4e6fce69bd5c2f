import MetronomeEvents
import SegmentJSON

/// Checks a `/v1/ingest` request body as Metronome does: a bare JSON array of 1 to 100 events, each
/// passing `IngestEventCheck`; one bad event refuses the whole request. Stricter than Metronome in one
/// documented way: a `transaction_id` appearing twice in one request is refused too (it catches
/// uploader bugs; Metronome's behaviour there is undocumented).
struct IngestBatchCheck {
    /// One event of a valid batch: its decoded `transaction_id` and its span in the body.
    struct Event {
        var transactionID: String
        var span: JSONSpan
    }

    /// OpenAPI `minItems`/`maxItems` of the request body.
    static let minimumEvents = 1
    static let maximumEvents = 100
    /// Bad events named in a 400 message before it is cut short.
    static let reportedProblems = 10

    var rules: EventRules

    /// The events of `body`, or the `message` of the 400 answer (Metronome's `[...]` style). The spans
    /// point into `body`. O(body bytes).
    func check(_ body: JSONBytes) -> Result<[Event], Rejection> {
        var parser = JSONLineParser()
        var document = JSONDocument()
        do {
            try parser.parse(body, into: &document)
        } catch {
            if error.reason == "empty line" {
                return .failure(Rejection("[the request body is empty; expected a JSON array of events]", events: 0))
            }
            return .failure(Rejection("[the request body is not valid JSON: \(error.description)]", events: 0))
        }
        let root = document.root
        guard root.kind == .array else {
            return .failure(
                Rejection(
                    #"[instance type (\#(Self.schemaName(root.kind))) does not match any allowed primitive type (allowed: ["array"])]"#,
                    events: 0))
        }
        let count = JSONNavigator.count(body, in: root)
        if count < Self.minimumEvents {
            return .failure(
                Rejection(
                    "[array is too short: must have at least \(Self.minimumEvents) elements but instance has \(count) elements]",
                    events: 0))
        }
        if count > Self.maximumEvents {
            return .failure(
                Rejection(
                    "[array is too long: must have at most \(Self.maximumEvents) elements but instance has \(count) elements]",
                    events: count))
        }
        let check = IngestEventCheck(rules: rules)
        var events: [Event] = []
        events.reserveCapacity(count)
        var firstIndex: [String: Int] = [:]
        var problems: [String] = []
        var problemCount = 0
        JSONNavigator.forEachElement(body, in: root) { index, span in
            switch check.check(body, span) {
            case .success(let accepted):
                let id = String(decoding: IngestEventCheck.transactionID(body, accepted), as: UTF8.self)
                if let first = firstIndex[id] {
                    problemCount += 1
                    if problems.count < Self.reportedProblems {
                        problems.append(
                            "/\(index): transaction_id \(Self.quoted(id)) already appears at /\(first) in this request "
                                + "(the stand-in refuses duplicate transaction_ids within one request)")
                    }
                } else {
                    firstIndex[id] = index
                    events.append(Event(transactionID: id, span: span))
                }
            case .failure(let rejection):
                problemCount += 1
                if problems.count < Self.reportedProblems { problems.append("/\(index): \(rejection.reason)") }
            }
            return true
        }
        if problemCount > 0 {
            if problemCount > problems.count { problems.append("and \(problemCount - problems.count) more") }
            return .failure(Rejection("[" + problems.joined(separator: "; ") + "]", events: count))
        }
        return .success(events)
    }

    /// A 400 answer's message and the number of events the refused request carried.
    struct Rejection: Error, Equatable {
        var message: String
        var events: Int

        init(_ message: String, events: Int) {
            self.message = message
            self.events = events
        }
    }

    /// The JSON Schema name of a value's type, as schema validators write it in messages.
    static func schemaName(_ kind: JSONKind) -> String {
        switch kind {
        case .object: return "object"
        case .array: return "array"
        case .string: return "string"
        case .number: return "number"
        case .true, .false: return "boolean"
        case .null: return "null"
        }
    }

    /// `id` as a JSON string, shortened when long, for messages.
    static func quoted(_ id: String) -> String {
        var out: [UInt8] = []
        JSONOutput.appendEscaped(id.count > 64 ? String(id.prefix(64)) + "..." : id, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
