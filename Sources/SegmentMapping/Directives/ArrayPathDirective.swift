import SegmentJSON

/// `{"@arrayPath": ["<path>" | directive, itemShape?]}` (SEMANTICS 4.5): the value at a path, and when
/// it is an object or an array and a non-empty item shape is given, each item (an object counts as one
/// item) replaced by the shape resolved against that item.
public struct ArrayPathDirective: Sendable {
    /// The root: a path program for a string first element, else the element's program.
    let root: ValueProgram
    /// The shape, when the raw second element is an object with at least one key.
    let itemShape: ValueProgram?

    init(root: ValueProgram, itemShape: ValueProgram?) {
        self.root = root
        self.itemShape = itemShape
    }

    /// O(items × shape); allocates the result array. Items in the line stay spans: the shape's paths
    /// walk them in place.
    func resolve(_ payload: Resolved, _ document: JSONDocument) throws(MappingRuntimeError) -> Resolved {
        let value = try root.resolve(payload, document)
        guard let itemShape, value.isObject || value.isArray else { return value }
        var items: [Resolved] = []
        switch value {
        case .span(let span) where span.kind == .array:
            var failure: MappingRuntimeError?
            JSONNavigator.forEachElement(document.bytes, in: span) { _, element in
                do throws(MappingRuntimeError) {
                    items.append(try itemShape.resolve(.span(element), document))
                    return true
                } catch {
                    // The closure cannot throw a typed error through the navigator; carry it out.
                    failure = error
                    return false
                }
            }
            if let failure { throw failure }
        case .value(.array(let elements)):
            items.reserveCapacity(elements.count)
            for element in elements { items.append(try itemShape.resolve(.value(element), document)) }
        case .array(let elements):
            items.reserveCapacity(elements.count)
            for element in elements { items.append(try itemShape.resolve(element, document)) }
        default:
            items.append(try itemShape.resolve(value, document))
        }
        return .array(items)
    }
}
