import MetronomeEvents
import SegmentArchive
import SegmentJSON
import SegmentMapping

/// The offline twin of Segment's "test mapping" screen: which mappings match a sample event, and the
/// Metronome event each produces or why it is rejected.
public struct MappingCheck: Sendable {
    /// What one mapping did with one event.
    public struct MappingResult: Sendable, Equatable {
        public enum Outcome: Sendable, Equatable {
            case disabled
            case notMatched
            case event(String)  // the Metronome event's JSON text
            case rejected(String)
        }

        public var index: Int
        public var name: String
        public var outcome: Outcome
    }

    /// What happened to one line of the sample.
    public enum LineResult: Sendable, Equatable {
        case blank
        case invalid(String)
        case checked(summary: String, results: [MappingResult])
    }

    public let mappings: [CompiledMapping]
    private let plans: [EventPlan]
    private let builder: EventBuilder

    public init(mappings: [CompiledMapping], rules: EventRules) {
        self.mappings = mappings
        self.plans = mappings.map(EventPlan.init)
        self.builder = EventBuilder(rules: rules)
    }

    /// Checks one line (without its newline). Allocates freely: this is an interactive tool.
    public func check(_ line: [UInt8]) -> LineResult {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return .blank }
        var parser = JSONLineParser()
        var document = JSONDocument()
        return JSONBytes.with(line) { bytes in
            do throws(JSONSyntaxError) {
                try parser.parse(bytes, into: &document)
            } catch {
                return .invalid(error.description)
            }
            guard document.root.kind == .object else {
                return .invalid("the line is \(document.root.kind.articleName), not a JSON object")
            }
            var results: [MappingResult] = []
            for (index, plan) in plans.enumerated() {
                let mapping = plan.mapping
                var outcome = MappingResult.Outcome.notMatched
                if !mapping.enabled {
                    outcome = .disabled
                } else if plan.matches(document) {
                    var out: [UInt8] = []
                    if let rejection = builder.append(plan, document, to: &out) {
                        outcome = .rejected(rejection.reason)
                    } else {
                        outcome = .event(String(decoding: out.dropLast(), as: UTF8.self))
                    }
                }
                results.append(MappingResult(index: index, name: mapping.name, outcome: outcome))
            }
            return .checked(summary: Self.summary(document), results: results)
        }
    }

    /// `track "API Call" (messageId m1)`: enough to recognise the event.
    static func summary(_ document: JSONDocument) -> String {
        func text(_ key: String) -> String? {
            guard let span = document.member(key), span.kind == .string else { return nil }
            return JSONStringDecoder.string(document.bytes, span)
        }
        var parts: [String] = [text("type") ?? "(no type)"]
        if let event = text("event") { parts.append("\"\(event)\"") }
        if let name = text("name") { parts.append("name \"\(name)\"") }
        if let messageId = text("messageId") { parts.append("(messageId \(messageId))") }
        return parts.joined(separator: " ")
    }

    /// The human-readable report of one line, as `check` prints it.
    public static func describe(line number: Int, _ result: LineResult) -> String? {
        switch result {
        case .blank:
            return nil
        case .invalid(let reason):
            return "line \(number): rejected: \(reason)"
        case .checked(let summary, let results):
            var lines = ["line \(number): \(summary)"]
            let matched = results.filter {
                if case .event = $0.outcome { return true }
                if case .rejected = $0.outcome { return true }
                return false
            }
            if matched.isEmpty { lines.append("  no mapping matched: skipped") }
            for result in results {
                let label = "  [\(result.index)] \(result.name):"
                switch result.outcome {
                case .disabled: lines.append("\(label) disabled")
                case .notMatched: lines.append("\(label) not matched")
                case .event(let json): lines.append("\(label) matched -> \(json)")
                case .rejected(let reason): lines.append("\(label) matched, rejected: \(reason)")
                }
            }
            return lines.joined(separator: "\n")
        }
    }

    /// The machine-readable form of one line (one JSON object), for `check --json`.
    public static func json(line number: Int, _ result: LineResult) -> String? {
        var object = JSONObject()
        object["line"] = .number(JSONNumber(Double(number)))
        switch result {
        case .blank:
            return nil
        case .invalid(let reason):
            object["rejected"] = .string(reason)
        case .checked(_, let results):
            object["results"] = .array(
                results.map { result in
                    var entry = JSONObject()
                    entry["mapping"] = .string(result.name)
                    entry["index"] = .number(JSONNumber(Double(result.index)))
                    switch result.outcome {
                    case .disabled: entry["outcome"] = .string("disabled")
                    case .notMatched: entry["outcome"] = .string("not_matched")
                    case .event(let json):
                        entry["outcome"] = .string("event")
                        entry["event"] = (try? JSONValue.parse(json)) ?? .string(json)
                    case .rejected(let reason):
                        entry["outcome"] = .string("rejected")
                        entry["reason"] = .string(reason)
                    }
                    return .object(entry)
                })
        }
        return JSONValue.object(object).jsonText
    }
}
