import SegmentJSON

/// Loads a mapping file: `{"mappings": [{"name", "enabled", "subscribe", "mapping"}, ...]}`.
///
/// Every problem is collected (not just the first) and reported with its place, e.g.
/// `mappings[1].subscribe: invalid subscription at column 6: ...`.
public enum MappingFile {
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        public var errors: [MappingError]
        public var description: String { errors.map(\.description).joined(separator: "\n") }
    }

    /// Compiles the mappings in `text` (the file's bytes).
    public static func load(_ text: [UInt8]) throws(LoadError) -> [CompiledMapping] {
        let root: JSONValue
        do {
            root = try JSONValue.parse(text)
        } catch {
            throw LoadError(errors: [MappingError(place: "", message: "the mapping file is not valid JSON: \(error)")])
        }
        guard case .object(let object) = root, case .array(let entries)? = object["mappings"] else {
            throw LoadError(errors: [
                MappingError(
                    place: "",
                    message:
                        "expected an object with a \"mappings\" array: {\"mappings\": [{\"name\": ..., \"subscribe\": ..., \"mapping\": {...}}]}"
                )
            ])
        }
        var errors: [MappingError] = []
        var mappings: [CompiledMapping] = []
        for (index, entry) in entries.enumerated() {
            let place = "mappings[\(index)]"
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
            if case .string(let text)? = definition["subscribe"] {
                subscription = text
                do {
                    trigger = try TriggerParser.parse(text)
                } catch {
                    errors.append(MappingError(place: place + ".subscribe", message: error.description))
                }
            } else {
                errors.append(
                    MappingError(
                        place: place + ".subscribe",
                        message: "a subscription string is required, e.g. \"type = \\\"track\\\"\""))
            }
            var fields: [(name: String, program: ValueProgram)] = []
            if case .object(let mapping)? = definition["mapping"] {
                for (key, value) in zip(mapping.keys, mapping.values) {
                    do {
                        fields.append((key, try ValueProgram.compile(value, place: place + ".mapping." + key)))
                    } catch {
                        errors.append(error)
                    }
                }
            } else {
                errors.append(MappingError(place: place + ".mapping", message: "a mapping object is required"))
            }
            if let trigger {
                mappings.append(
                    CompiledMapping(
                        name: name, enabled: enabled, subscription: subscription, trigger: trigger, fields: fields))
            }
        }
        if entries.isEmpty { errors.append(MappingError(place: "mappings", message: "no mappings defined")) }
        guard errors.isEmpty else { throw LoadError(errors: errors) }
        return mappings
    }
}
