import SegmentJSON

/// A compiled field value: what a mapping says to put in one output field.
///
/// Compiled once from the mapping file; `evaluate(on:)` runs per event. The cases are the node kinds
/// of SEMANTICS 4.2; directives beyond `@path` arrive as further cases.
public indirect enum ValueProgram: Sendable {
    /// A constant (string, number, boolean, null, or a structure without directives).
    case literal(JSONValue)
    /// `{"@path": "..."}`.
    case path(FieldPath)
    /// An object some of whose values are programs; keys in mapping order.
    case object([(key: String, value: ValueProgram)])
    /// An array some of whose elements are programs.
    case array([ValueProgram])

    /// The directives this version evaluates.
    public static let supportedDirectives: Set<String> = ["@path"]

    /// The directives Segment's runtime registers (SEMANTICS 4.2).
    public static let knownDirectives: Set<String> = [
        "@if", "@case", "@replace", "@arrayPath", "@path", "@template", "@literal", "@flatten", "@json", "@merge",
        "@transform", "@excludeWhenNull", "@liquid",
    ]

    /// Compiles a mapping node; `place` names it in errors.
    public static func compile(_ node: JSONValue, place: String) throws(MappingError) -> ValueProgram {
        switch node {
        case .object(let object):
            let directiveKeys = object.keys.filter { $0.hasPrefix("@") }
            if !directiveKeys.isEmpty {
                let others = object.keys.filter { !$0.hasPrefix("@") && $0 != "_metadata" }
                guard others.isEmpty else {
                    throw MappingError(
                        place: place,
                        message:
                            "a directive object cannot have other keys (found \(others.map { "\"\($0)\"" }.joined(separator: ", ")))"
                    )
                }
                guard directiveKeys.count == 1, let name = directiveKeys.first else {
                    throw MappingError(
                        place: place,
                        message:
                            "a directive object must have exactly one @ key, found \(directiveKeys.joined(separator: ", "))"
                    )
                }
                guard knownDirectives.contains(name) else {
                    throw MappingError(place: place, message: "\(name) is not a valid directive")
                }
                guard supportedDirectives.contains(name) else {
                    throw MappingError(
                        place: place,
                        message:
                            "the \(name) directive is not supported by this version (only @path and literal values are)"
                    )
                }
                guard case .string(let path)? = object[name] else {
                    throw MappingError(place: place, message: "@path must be a string")
                }
                return .path(FieldPath(path))
            }
            var members: [(key: String, value: ValueProgram)] = []
            var allLiteral = true
            for (key, value) in zip(object.keys, object.values) {
                let program = try compile(value, place: place + "." + key)
                if case .literal = program {} else { allLiteral = false }
                members.append((key, program))
            }
            return allLiteral ? .literal(node) : .object(members)
        case .array(let elements):
            var programs: [ValueProgram] = []
            var allLiteral = true
            for (index, element) in elements.enumerated() {
                let program = try compile(element, place: "\(place)[\(index)]")
                if case .literal = program {} else { allLiteral = false }
                programs.append(program)
            }
            return allLiteral ? .literal(node) : .array(programs)
        default:
            return .literal(node)
        }
    }

    /// Evaluates the program on one event. Literals and `@path` allocate nothing; structures build
    /// an owned value.
    public func evaluate(on document: JSONDocument) -> MappedValue {
        switch self {
        case .literal(let value):
            return .owned(value)
        case .path(let path):
            return path.evaluate(on: document)
        case .object(let members):
            var object = JSONObject()
            for member in members {
                switch member.value.evaluate(on: document) {
                case .missing: continue  // removed as JavaScript undefined (SEMANTICS 4.1 step 6)
                case .owned(let value): object[member.key] = value
                case .span(let span): object[member.key] = JSONValue(document.bytes, span)
                }
            }
            return .owned(.object(object))
        case .array(let elements):
            return .owned(
                .array(
                    elements.map { element in
                        switch element.evaluate(on: document) {
                        case .missing: return .null  // a missing element is written as null
                        case .owned(let value): return value
                        case .span(let span): return JSONValue(document.bytes, span)
                        }
                    }))
        }
    }
}
