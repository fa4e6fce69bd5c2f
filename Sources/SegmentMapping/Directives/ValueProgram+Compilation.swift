import SegmentJSON

/// Compiling mapping nodes (SEMANTICS 4.2) into programs, once per mapping.
extension ValueProgram {
    /// Compiles `node`, found at `location` (keys, directive and option names, array indexes). Problems
    /// that upstream raises only when a directive runs become `.failure` programs, so they fail the
    /// events that reach them and no others; `@liquid` templates the engine refuses are appended to
    /// `errors` (a load error, by product decision). O(size of the node).
    static func compile(
        _ node: JSONValue, _ location: [String], _ errors: inout [MappingCompileError]
    )
        -> ValueProgram
    {
        switch node {
        case .object(let object):
            if let name = directiveName(object) {
                return compileDirective(name, object[name] ?? .null, location + [name], &errors)
            }
            var members: [(key: String, value: ValueProgram)] = []
            var literal = JSONObject()
            var allLiteral = true
            for member in object.orderedMembers {
                let program = compile(member.value, location + [member.key], &errors)
                if case .literal(let value) = program {
                    literal[member.key] = value
                } else {
                    allLiteral = false
                }
                members.append((member.key, program))
            }
            return allLiteral ? .literal(.object(literal)) : .object(members)
        case .array(let elements):
            var programs: [ValueProgram] = []
            var literal: [JSONValue] = []
            var allLiteral = true
            for (index, element) in elements.enumerated() {
                let program = compile(element, location + [String(index)], &errors)
                if case .literal(let value) = program {
                    literal.append(value)
                } else {
                    allLiteral = false
                }
                programs.append(program)
            }
            return allLiteral ? .literal(.array(literal)) : .array(programs)
        default:
            return .literal(node)
        }
    }

    /// The directive an object runs at run time (upstream's `isDirective` and `runDirective`): the first
    /// `@` key, when there is one and every other key starts with `@` or is `_metadata`; nil for a plain
    /// object (whose `@` keys, if any, are then data).
    static func directiveName(_ object: JSONObject) -> String? {
        var name: String?
        for key in object.keys {
            if key.hasPrefix("@") {
                if name == nil { name = key }
            } else if key != "_metadata" {
                return nil
            }
        }
        return name
    }

    /// Compiles one directive from its raw option value.
    static func compileDirective(
        _ name: String, _ option: JSONValue, _ location: [String], _ errors: inout [MappingCompileError]
    ) -> ValueProgram {
        switch name {
        case "@path":
            if case .string(let path) = option { return .path(FieldPath(path)) }
            return .dynamicPath(compile(option, location, &errors))
        case "@template":
            return .template(TemplateDirective(compile(option, location, &errors)))
        case "@literal":
            // `@literal` resolves its value, nested directives included: that is the value's program.
            return compile(option, location, &errors)
        case "@if": return IfDirective.compile(option, location, &errors)
        case "@case": return CaseDirective.compile(option, location, &errors)
        case "@replace": return ReplaceDirective.compile(option, location, &errors)
        case "@arrayPath": return ArrayPathDirective.compile(option, location, &errors)
        case "@flatten": return FlattenDirective.compile(option, location, &errors)
        case "@json": return JSONDirective.compile(option, location, &errors)
        case "@merge": return MergeDirective.compile(option, location, &errors)
        case "@transform": return TransformDirective.compile(option, location, &errors)
        case "@excludeWhenNull":
            return .excludeWhenNull(ExcludeWhenNullDirective(compile(option, location, &errors)))
        case "@liquid": return LiquidDirective.compile(option, location, &errors)
        default:
            return .failure("\(name) is not a valid directive, got undefined")
        }
    }

    /// The program of an optional option: `.missing` when absent.
    static func compileOption(
        _ option: JSONValue?, _ location: [String], _ errors: inout [MappingCompileError]
    ) -> ValueProgram {
        guard let option else { return .missing }
        return compile(option, location, &errors)
    }
}
