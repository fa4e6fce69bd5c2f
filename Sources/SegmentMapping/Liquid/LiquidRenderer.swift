import SegmentJSON

/// Renders compiled nodes against a payload: variable lookup, operators, filters, and the output limits.
struct LiquidRenderer {
    /// The payload, the outermost scope.
    private let payload: LiquidValue
    /// Variables set by `assign` and `capture`; they shadow payload keys of the same name.
    private var assigned: [String: LiquidValue] = [:]
    /// Milliseconds since the epoch for `"now"` in the `date` filter.
    let now: Double
    /// UTF-16 code units of text produced so far by filters and output, across the whole render.
    private var produced = 0

    /// The longest string a render may produce, in UTF-16 code units (the output or any intermediate value).
    static let maximumStringLength = 1_000_000
    /// The total text a render may produce, output and intermediate values together.
    static let maximumTotalLength = 10_000_000

    init(payload: JSONValue, now: Double) {
        self.payload = LiquidValue(payload, identity: "")
        self.now = now
    }

    /// The text of `nodes`.
    mutating func render(_ nodes: [LiquidNode]) throws(LiquidError) -> String {
        var output = Buffer()
        try render(nodes, into: &output)
        return output.text
    }

    /// Rendered text and its length in UTF-16 code units (kept to check the limit without recounting).
    private struct Buffer {
        var text = ""
        var length = 0
    }

    private mutating func render(_ nodes: [LiquidNode], into output: inout Buffer) throws(LiquidError) {
        for node in nodes {
            switch node {
            case .text(let text):
                try append(text, to: &output)
            case .output(let value):
                try append(try evaluate(value).liquidString, to: &output)
            case .conditional(let branches, let otherwise):
                var taken: LiquidNode.Branch?
                for branch in branches {
                    if try evaluate(branch.condition).isTruthy == branch.rendersWhenTruthy {
                        taken = branch
                        break
                    }
                }
                try render(taken?.body ?? otherwise, into: &output)
            case .assign(let name, let value):
                assigned[name] = try evaluate(value)
            case .capture(let name, let body):
                var captured = Buffer()
                try render(body, into: &captured)
                assigned[name] = .string(captured.text)
            }
        }
    }

    private mutating func append(_ text: String, to output: inout Buffer) throws(LiquidError) {
        let count = text.utf16.count
        try charge(count)
        guard output.length + count <= Self.maximumStringLength else { throw Self.tooLong() }
        output.text += text
        output.length += count
    }

    /// Counts `count` code units of produced text against the render's total.
    mutating func charge(_ count: Int) throws(LiquidError) {
        produced += count
        if produced > Self.maximumTotalLength {
            throw LiquidError(
                "liquid rendering is limited to \(Self.maximumTotalLength) characters of text in total")
        }
    }

    static func tooLong() -> LiquidError {
        LiquidError("liquid output is limited to \(maximumStringLength) characters")
    }

    // MARK: Values

    /// The value of an expression with its filters applied.
    mutating func evaluate(_ value: LiquidFilteredValue) throws(LiquidError) -> LiquidValue {
        var result = evaluate(value.expression)
        for call in value.filters {
            let arguments = call.arguments.map { evaluate($0) }
            let allowFalse = call.allowFalse.map { evaluate($0) }
            result = try call.filter.apply(to: result, arguments, allowFalse: allowFalse, now: now)
            if case .string(let text) = result {
                let count = text.utf16.count
                guard count <= Self.maximumStringLength else { throw Self.tooLong() }
                try charge(count)
            }
        }
        return result
    }

    func evaluate(_ expression: LiquidExpression) -> LiquidValue {
        switch expression {
        case .literal(let value):
            return value
        case .variable(let segments):
            var current = lookUp(evaluate(segments[0]))
            for segment in segments.dropFirst() {
                current = Self.property(of: current, evaluate(segment))
            }
            return current
        case .binary(let op, let lhs, let rhs):
            let left = evaluate(lhs)
            let right = evaluate(rhs)
            switch op {
            case .equal: return .bool(left.liquidEquals(right))
            case .notEqual: return .bool(!left.liquidEquals(right))
            case .less, .lessOrEqual, .greater, .greaterOrEqual: return .bool(left.liquidCompare(right, op))
            case .contains: return .bool(left.liquidContains(right))
            case .and: return .bool(left.isTruthy && right.isTruthy)
            case .or: return .bool(left.isTruthy || right.isTruthy)
            }
        }
    }

    /// The root of a variable path: an assigned variable, else a payload key, else LiquidJS's empty global
    /// scope (where `size` is 0 and everything else undefined).
    private func lookUp(_ key: LiquidValue) -> LiquidValue {
        let name = key.primitive.javaScriptString
        if let value = assigned[name] { return value }
        if case .object(let object) = payload, object.members[name] != nil {
            return object.member(name)
        }
        return Self.property(of: .object(LiquidObject(members: JSONObject(), identity: "#globals")), key)
    }

    /// LiquidJS `readProperty` with `ownPropertyOnly`: own keys and indices, `length` of strings and arrays,
    /// negative array indices from the end, and the `size`, `first` and `last` extras.
    static func property(of value: LiquidValue, _ key: LiquidValue) -> LiquidValue {
        let key = key.primitive
        let name = key.javaScriptString
        switch value {
        case .undefined, .null:
            return value
        case .drop:
            return name == "size" ? .number(0) : .undefined
        case .object(let object):
            let own = object.member(name)
            if case .undefined = own, name == "size" { return .number(Double(object.members.count)) }
            return own
        case .array(let array):
            if key.javaScriptLess(than: .number(0)) == true {
                return array.element(index: Double(array.count) + key.javaScriptNumber)
            }
            switch name {
            case "length", "size": return .number(Double(array.count))
            case "first": return array.element(0)
            case "last": return array.element(array.count - 1)
            default: return array.element(canonicalIndex: name)
            }
        case .string(let text):
            let units = text.utf16
            if name == "length" || name == "size" { return .number(Double(units.count)) }
            guard let index = LiquidRenderer.canonicalIndex(name), index < units.count else { return .undefined }
            return .string(LiquidJavaScript.string([units[units.index(units.startIndex, offsetBy: index)]]))
        case .bool, .number:
            return .undefined
        }
    }

    /// The index an array-index property name denotes (`"0"`, `"12"`; not `"01"` or `"1.0"`).
    static func canonicalIndex(_ name: String) -> Int? {
        guard let value = JSONObject.integerValue(name), value < UInt64(Int.max) else { return nil }
        return Int(value)
    }
}
