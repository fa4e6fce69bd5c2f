import SegmentJSON

/// A compiled mapping node: what a mapping says to put in one output field (SEMANTICS 4.2, 4.5).
///
/// Compiled once from the mapping JSON (`MappingProgram.compile`, or `compile(_:place:)` for one
/// field); `evaluate(on:)` runs per event. Every directive's options are parsed at load time: paths are
/// pre-split, template texts pre-split into text and paths, replace patterns kept as code units, raw
/// option checks that upstream makes on each call decided once. `@literal` compiles to its value's
/// program, which is what it resolves to.
public indirect enum ValueProgram: Sendable {
    /// A constant (string, number, boolean, null, or a structure without directives).
    case literal(JSONValue)
    /// `{"@path": "<path>"}`.
    case path(FieldPath)
    /// An object some of whose values are programs; keys in JavaScript enumeration order.
    case object([(key: String, value: ValueProgram)])
    /// An array some of whose elements are programs.
    case array([ValueProgram])
    /// `{"@path": <directive>}`: the path is resolved per event.
    case dynamicPath(ValueProgram)
    /// `@template`.
    case template(TemplateDirective)
    /// `@if`.
    case condition(IfDirective)
    /// `@case`.
    case changeCase(CaseDirective)
    /// `@replace`.
    case replace(ReplaceDirective)
    /// `@arrayPath`.
    case arrayPath(ArrayPathDirective)
    /// `@flatten`.
    case flatten(FlattenDirective)
    /// `@json`.
    case json(JSONDirective)
    /// `@merge`.
    case merge(MergeDirective)
    /// `@transform`.
    case transform(TransformDirective)
    /// `@excludeWhenNull`.
    case excludeWhenNull(ExcludeWhenNullDirective)
    /// `@liquid`.
    case liquid(LiquidDirective)
    /// Always JavaScript `undefined` (a `@case` or `@replace` whose raw `value` is falsy, ...).
    case missing
    /// Always fails with this upstream message when evaluated: options upstream rejects on every call,
    /// in places static validation does not look (inside arrays) or does not check.
    case failure(String)

    /// The directives Segment's runtime registers (SEMANTICS 4.2).
    public static let knownDirectives: Set<String> = [
        "@if", "@case", "@replace", "@arrayPath", "@path", "@template", "@literal", "@flatten", "@json", "@merge",
        "@transform", "@excludeWhenNull", "@liquid",
    ]

    /// The directives this version evaluates: all of them.
    public static let supportedDirectives: Set<String> = knownDirectives

    /// Evaluates the program on one event (the whole line is the payload), with missing values removed
    /// from the result (SEMANTICS 4.1 step 6). Literals and `@path` allocate nothing; `@path` results
    /// stay spans in the line; directives allocate only the values they build.
    ///
    /// Throws upstream's runtime errors (`@template: expected string, got number`, a `@liquid` render
    /// error, ...), which fail the whole event.
    public func evaluate(on document: JSONDocument) throws(MappingRuntimeError) -> MappedValue {
        switch self {
        case .literal(let value):
            return .owned(value)
        case .path(let path):
            return path.lookup(in: .span(document.root), document).mapped(document.bytes)
        case .object, .array:
            return try materialize(.span(document.root), document).map(MappedValue.owned) ?? .missing
        default:
            return try resolve(.span(document.root), document).mapped(document.bytes)
        }
    }

    /// Whether evaluating the program can throw. Upstream resolves every key of a mapping, so a key the
    /// destination then drops still fails the event when its directive throws: callers that skip keys
    /// must still evaluate those for which this is true. O(size of the program).
    public var canFail: Bool {
        switch self {
        case .literal, .path, .missing: return false
        case .object(let members): return members.contains { $0.value.canFail }
        case .array(let elements): return elements.contains { $0.canFail }
        default: return true
        }
    }

    /// Compiles one field's value as a mapping-file member, validated with the value as the root of
    /// the validation (messages read `/@if/then has an invalid directive: @oops.`); `place` names the
    /// field in the error, whose message joins every problem found with `; `.
    ///
    /// `MappingProgram.compile` on the whole mapping object is the exact upstream behaviour (root copy,
    /// root-level directive, locations that start with the field name); this form is kept for callers
    /// that compile field by field.
    public static func compile(_ node: JSONValue, place: String) throws(MappingError) -> ValueProgram {
        var errors = MappingValidator.validate(node)
        var program = ValueProgram.missing
        if errors.isEmpty { program = compile(node, [], &errors) }
        if !errors.isEmpty {
            throw MappingError(place: place, message: errors.map(\.text).joined(separator: "; "))
        }
        return program
    }
}
