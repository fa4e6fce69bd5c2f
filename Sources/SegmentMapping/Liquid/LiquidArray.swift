import SegmentJSON

/// A JSON array from the payload, or a `slice` of one; elements keep the identities they had in the payload.
struct LiquidArray: Sendable {
    var base: [JSONValue]
    var range: Range<Int>
    var identity: String

    init(elements: [JSONValue], identity: String) {
        self.base = elements
        self.range = elements.indices
        self.identity = identity
    }

    init(base: [JSONValue], range: Range<Int>, identity: String) {
        self.base = base
        self.range = range
        self.identity = identity
    }

    var count: Int { range.count }

    /// The element at a zero-based `index` of this (possibly sliced) array; undefined outside it.
    func element(_ index: Int) -> LiquidValue {
        guard index >= 0, index < range.count else { return .undefined }
        let position = range.lowerBound + index
        return LiquidValue(base[position], identity: identity + "/" + String(position))
    }

    /// The elements in order.
    var elements: [LiquidValue] { (0..<count).map(element) }

    /// The sub-array `[start, end)` of this one (indices already clamped by the caller).
    func slice(_ start: Int, _ end: Int) -> LiquidArray {
        let lower = range.lowerBound + start
        let upper = range.lowerBound + max(start, end)
        return LiquidArray(base: base, range: lower..<upper, identity: identity)
    }
}

extension LiquidArray {
    /// The element at a numeric index computed in JavaScript (`length + -1`); undefined unless it is an
    /// integer within bounds.
    func element(index: Double) -> LiquidValue {
        guard index >= 0, index < Double(count), index == index.rounded(.towardZero) else { return .undefined }
        return element(Int(index))
    }

    /// The element a property name such as `"2"` selects.
    func element(canonicalIndex name: String) -> LiquidValue {
        guard let index = LiquidRenderer.canonicalIndex(name) else { return .undefined }
        return element(index)
    }
}
