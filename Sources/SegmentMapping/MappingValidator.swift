import SegmentJSON

/// Segment's static validation of a mapping (SEMANTICS 4.8, upstream `mapping-kit/validate.ts`): the
/// same rules, the same messages, the same locations, every error collected where upstream collects.
///
/// Upstream validators either throw one error or an aggregate of several; here each returns the list
/// it would throw (empty when valid), and each caller stops or continues exactly where upstream's
/// `throw` or `try`/`catch` would. Runs once per mapping at load time: O(size of the mapping).
public enum MappingValidator {
    /// Validates `mapping` (the root, after the root copy and root-directive steps of 4.1) and returns
    /// every error, empty when the mapping is valid.
    public static func validate(_ mapping: JSONValue) -> [MappingCompileError] {
        validate(mapping, [])
    }

    // MARK: Entry points of upstream's validator

    /// `validate(mapping, stack)`: a directive or an object is checked, an array only for being one
    /// (its elements are not looked at), anything else is valid.
    static func validate(_ value: JSONValue?, _ stack: [String]) -> [MappingCompileError] {
        switch typeOrDirective(value) {
        case "directive": return validateDirective(value, stack)
        case "object": return validateObject(value, stack)
        default: return []
        }
    }

    /// The type name upstream's messages use, with `directive` for an object that has an `@` key.
    static func typeOrDirective(_ value: JSONValue?) -> String {
        guard let value else { return "undefined" }
        if case .object(let object) = value, object.keys.contains(where: { $0.hasPrefix("@") }) {
            return "directive"
        }
        return value.javaScriptType
    }

    /// `a`/`an` as upstream's `indefiniteArticle`: "an" before a vowel.
    static func described(_ type: String) -> String {
        let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
        return (type.first.map { vowels.contains($0) } ?? false ? "an " : "a ") + type
    }

    static func error(_ message: String, _ stack: [String]) -> [MappingCompileError] {
        [MappingCompileError.validation(message, at: stack)]
    }

    static func validateDirective(_ value: JSONValue?, _ stack: [String]) -> [MappingCompileError] {
        guard case .object(let object)? = value else {
            let type = value?.javaScriptType ?? "undefined"
            return error("should be a directive object but it is \(described(type))", stack)
        }
        let keys = object.orderedMembers.map(\.key)
        let directiveKeys = keys.filter { $0.hasPrefix("@") }
        if directiveKeys.count > 1 {
            return error("should only have one @-prefixed key but it has \(directiveKeys.count) keys", stack)
        }
        if keys.contains(where: { !$0.hasPrefix("@") && $0 != "_metadata" }) {
            return error("should only have one @-prefixed key but it has \(keys.count) keys", stack)
        }
        let name = directiveKeys[0]
        guard let rules = directiveRules[name] else {
            return error("has an invalid directive: \(name)", stack)
        }
        return rules(object[name], stack + [name])
    }

    static func validateObject(_ value: JSONValue?, _ stack: [String]) -> [MappingCompileError] {
        let type = typeOrDirective(value)
        guard type == "object", case .object(let object)? = value else {
            return error("should be an object but it is \(described(type))", stack)
        }
        var errors: [MappingCompileError] = []
        for member in object.orderedMembers {
            errors += validate(member.value, stack + [member.key])
        }
        return errors
    }

    // MARK: Option rules

    typealias Rule = @Sendable (JSONValue?, [String]) -> [MappingCompileError]

    static func validateDirectiveOrRaw(_ value: JSONValue?, _ stack: [String]) -> [MappingCompileError] {
        switch typeOrDirective(value) {
        case "directive": return validateDirective(value, stack)
        case "object", "array", "boolean", "string", "number", "null": return []
        case let type: return error("should be a mapping directive or a JSON value but it is \(described(type))", stack)
        }
    }

    static func validateDirectiveOrString(_ value: JSONValue?, _ stack: [String]) -> [MappingCompileError] {
        switch typeOrDirective(value) {
        case "directive": return validateDirective(value, stack)
        case "string": return []
        case let type: return error("should be a string or a mapping directive but it is \(described(type))", stack)
        }
    }

    static func validateDirectiveOrObject(_ value: JSONValue?, _ stack: [String]) -> [MappingCompileError] {
        switch typeOrDirective(value) {
        case "directive": return validateDirective(value, stack)
        case "object": return validateObject(value, stack)
        // "a object" is upstream's wording.
        case let type: return error("should be a object or a mapping directive but it is \(described(type))", stack)
        }
    }

    static func validateString(_ value: JSONValue?, _ stack: [String]) -> [MappingCompileError] {
        let type = typeOrDirective(value)
        return type == "string" ? [] : error("should be a string but it is \(described(type))", stack)
    }

    static func validateBoolean(_ value: JSONValue?, _ stack: [String]) -> [MappingCompileError] {
        let type = typeOrDirective(value)
        return type == "boolean" ? [] : error("should be a boolean but it is \(described(type))", stack)
    }

    /// `validateArray` uses the plain type: a directive object is "an object" here.
    static func validateArray(_ value: JSONValue?, _ stack: [String]) -> [MappingCompileError] {
        let type = value?.javaScriptType ?? "undefined"
        return type == "array" ? [] : error("should be an array but it is \(described(type))", stack)
    }

    /// A string whose length in UTF-16 code units is within `range` (non-strings pass: the string rule
    /// runs first in every chain that uses this).
    static func stringLength(_ minimum: Int, _ maximum: Int) -> Rule {
        { value, stack in
            guard case .string(let string)? = value else { return [] }
            let length = string.utf16.count
            if length < minimum { return error("should be a string of length \(minimum) or greater", stack) }
            if length > maximum { return error("should be a string of length \(maximum) or less", stack) }
            return []
        }
    }

    /// A string that is one of `allowed` once lower-cased (so `"ENCODE"` passes).
    static func allowedStrings(_ allowed: [String]) -> Rule {
        { value, stack in
            let problems = validateString(value, stack)
            guard problems.isEmpty, case .string(let string)? = value else { return problems }
            if allowed.contains(JavaScriptCase.lowercased(string)) { return [] }
            return error(
                "should be one of \(allowed.joined(separator: ", ")) but it is \(JSONValue.string(string).jsonText)",
                stack)
        }
    }

    /// Rules run in order; the first that fails stops the chain (upstream's `chain`).
    static func chain(_ rules: Rule...) -> Rule {
        { value, stack in
            for rule in rules {
                let problems = rule(value, stack)
                if !problems.isEmpty { return problems }
            }
            return []
        }
    }

    enum Field {
        case required(String, Rule)
        case optional(String, Rule)
    }

    /// `validateObjectWithFields`: the options must be an object whose every value is valid as a
    /// mapping (errors collected; if any, the field rules are not run); then each field rule runs in the
    /// order given, errors collected.
    static func validateObject(_ value: JSONValue?, fields: [Field], _ stack: [String]) -> [MappingCompileError] {
        let problems = validateObject(value, stack)
        if !problems.isEmpty { return problems }
        guard case .object(let object)? = value else { return [] }
        var errors: [MappingCompileError] = []
        for field in fields {
            switch field {
            case .required(let name, let rule):
                if let option = object[name] {
                    errors += rule(option, stack + [name])
                } else {
                    errors += error("should have field \(JSONValue.string(name).jsonText) but it doesn't", stack)
                }
            case .optional(let name, let rule):
                if let option = object[name] { errors += rule(option, stack + [name]) }
            }
        }
        return errors
    }

    // MARK: Directives

    /// The option rules of each directive; `stack` already ends with the directive's name.
    static let directiveRules: [String: Rule] = [
        "@if": { value, stack in
            validateObject(
                value,
                fields: [
                    .optional("exists", validateDirectiveOrRaw), .optional("then", validateDirectiveOrRaw),
                    .optional("else", validateDirectiveOrRaw),
                ], stack)
        },
        "@case": { value, stack in
            validateObject(
                value, fields: [.optional("operator", validateString), .optional("value", validateDirectiveOrString)],
                stack)
        },
        "@replace": { value, stack in
            validateObject(
                value,
                fields: [
                    .required("pattern", chain(validateString, stringLength(1, ReplaceDirective.maximumLength))),
                    .optional("replacement", chain(validateString, stringLength(0, ReplaceDirective.maximumLength))),
                    .required("value", validateDirectiveOrString),
                    .optional("ignorecase", validateBoolean),
                    .optional("global", validateBoolean),
                ], stack)
        },
        "@arrayPath": { value, stack in
            // Element errors are reported at the directive's own location, and the first one stops.
            let problems = validateArray(value, stack)
            if !problems.isEmpty { return problems }
            guard case .array(let elements)? = value else { return [] }
            let root = validateDirectiveOrString(elements.first, stack)
            if !root.isEmpty { return root }
            return validate(elements.count > 1 ? elements[1] : nil, stack)
        },
        "@path": { value, stack in validateDirectiveOrString(value, stack) },
        "@template": { value, stack in validateDirectiveOrString(value, stack) },
        "@literal": { value, stack in validateDirectiveOrRaw(value, stack) },
        "@excludeWhenNull": { value, stack in validateDirectiveOrRaw(value, stack) },
        "@json": { value, stack in
            validateObject(
                value,
                fields: [
                    .required("value", validateDirectiveOrRaw),
                    .required("mode", allowedStrings(["encode", "decode"])),
                ], stack)
        },
        "@flatten": { value, stack in
            validateObject(
                value, fields: [.optional("separator", validateString), .required("value", validateDirectiveOrRaw)],
                stack)
        },
        "@merge": { value, stack in
            let problems = validateObject(
                value,
                fields: [
                    .optional("direction", allowedStrings(["left", "right"])), .required("objects", validateArray),
                ],
                stack)
            if !problems.isEmpty { return problems }
            guard case .object(let options)? = value, case .array(let objects)? = options["objects"] else { return [] }
            // Upstream validates the elements with an empty stack, so their errors read "/ ...", and
            // the first failing element stops.
            for element in objects {
                let elementProblems = validateDirectiveOrObject(element, [])
                if !elementProblems.isEmpty { return elementProblems }
            }
            return []
        },
        "@transform": { value, stack in
            validateObject(
                value,
                fields: [
                    .required("apply", validateDirectiveOrObject), .required("mapping", validateDirectiveOrObject),
                ],
                stack)
        },
        "@liquid": { value, stack in validateString(value, stack) },
    ]
}
