import SegmentJSON

/// Loads a mapping file in any of the shapes people have them in.
///
/// Accepted: `{"mappings": [...]}` (this tool's format), a bare array of mappings, a single mapping,
/// and Segment's Public API exports `{"subscriptions": [...]}` / `{"data": {"subscriptions": [...]}}`.
/// A mapping is `{"name", "enabled", "subscribe" | "trigger", "mapping" | "settings"}`. Every problem
/// is collected (not just the first) and reported with its place, e.g.
/// `mappings[1].subscribe: invalid subscription at column 6: ...`.
public enum MappingFile {
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        public var errors: [MappingError]
        public var description: String { errors.map(\.description).joined(separator: "\n") }
    }

    /// Where the list of mappings is in the file, and how places are named.
    static func entries(of root: JSONValue) -> (entries: [JSONValue], prefix: String)? {
        switch root {
        case .array(let entries):
            return (entries, "")
        case .object(let object):
            if case .array(let entries)? = object["mappings"] { return (entries, "mappings") }
            if case .array(let entries)? = object["subscriptions"] { return (entries, "subscriptions") }
            if case .object(let data)? = object["data"], case .array(let entries)? = data["subscriptions"] {
                return (entries, "data.subscriptions")
            }
            let single = ["subscribe", "trigger", "mapping", "settings"]
            if single.contains(where: { object[$0] != nil }) { return ([root], "") }
            return nil
        default:
            return nil
        }
    }

    /// Compiles the mappings in `text` (the file's bytes).
    public static func load(_ text: [UInt8]) throws(LoadError) -> [CompiledMapping] {
        let root: JSONValue
        do {
            root = try JSONValue.parse(text)
        } catch {
            throw LoadError(errors: [MappingError(place: "", message: "the mapping file is not valid JSON: \(error)")])
        }
        guard let (entries, prefix) = entries(of: root) else {
            throw LoadError(errors: [
                MappingError(
                    place: "",
                    message:
                        "expected {\"mappings\": [...]}, an array of mappings, or one mapping ({\"name\": ..., \"subscribe\": ..., \"mapping\": {...}})"
                )
            ])
        }
        var errors: [MappingError] = []
        var mappings: [CompiledMapping] = []
        for (index, entry) in entries.enumerated() {
            let place = prefix.isEmpty && entries.count == 1 && !isArray(root) ? "mapping" : "\(prefix)[\(index)]"
            guard case .object(let definition) = entry else {
                errors.append(MappingError(place: place, message: "expected an object"))
                continue
            }
            var name = "mapping \(index + 1)"
            if let value = definition["name"] {
                if case .string(let text) = value {
                    name = text
                } else {
                    errors.append(MappingError(place: place + ".name", message: "must be a string"))
                }
            }
            var enabled = true
            if let value = definition["enabled"] {
                if case .bool(let flag) = value {
                    enabled = flag
                } else {
                    errors.append(MappingError(place: place + ".enabled", message: "must be true or false"))
                }
            }
            var trigger: Trigger?
            var subscription = ""
            let triggerKey = definition["subscribe"] != nil ? "subscribe" : "trigger"
            if case .string(let text)? = definition[triggerKey] {
                subscription = text
                do {
                    trigger = try TriggerParser.parse(text)
                } catch {
                    errors.append(MappingError(place: place + "." + triggerKey, message: error.description))
                }
            } else {
                errors.append(
                    MappingError(
                        place: place + ".subscribe",
                        message: "a subscription string is required, e.g. \"type = \\\"track\\\"\""))
            }
            var fields: [(name: String, program: ValueProgram)] = []
            var wholeMapping: MappingProgram?
            let mappingKey = definition["mapping"] != nil ? "mapping" : "settings"
            if let mapping = definition[mappingKey], case .object = mapping {
                do {
                    let program = try MappingProgram.compile(mapping)
                    if let perField = program.fields {
                        fields = perField
                    } else {
                        wholeMapping = program
                    }
                } catch {
                    errors += error.mappingErrors(place: place + "." + mappingKey)
                }
            } else {
                errors.append(MappingError(place: place + ".mapping", message: "a mapping object is required"))
            }
            if let trigger {
                mappings.append(
                    CompiledMapping(
                        name: name, enabled: enabled, subscription: subscription, trigger: trigger, fields: fields,
                        wholeMapping: wholeMapping))
            }
        }
        if entries.isEmpty {
            errors.append(MappingError(place: prefix.isEmpty ? "" : prefix, message: "no mappings defined"))
        }
        guard errors.isEmpty else { throw LoadError(errors: errors) }
        return mappings
    }

    private static func isArray(_ value: JSONValue) -> Bool {
        if case .array = value { return true }
        return false
    }
}
