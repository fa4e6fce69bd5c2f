import SegmentJSON

extension FieldPath {
    /// Looks the path up in the event, as upstream's `get`: a falsy value stops the walk and is
    /// returned; objects give members (last duplicate wins), arrays and strings give `length` and
    /// integer-like indexes. O(bytes of the containers walked); allocates only for `length` and string
    /// indexes.
    public func evaluate(on document: JSONDocument) -> MappedValue {
        if segments.isEmpty { return .span(document.root) }
        let bytes = document.bytes
        var current = MappedValue.span(document.root)
        for (position, segment) in segments.enumerated() {
            switch current {
            case .missing:
                return .missing
            case .owned(let value):
                // Only numbers are built during a walk (`length`, which is never followed by a key).
                if case .number(let number) = value, number.value == 0 { return current }
                if case .string(let string) = value, string.isEmpty { return current }
                return .missing
            case .span(let span):
                if Self.isFalsy(bytes, span) { return current }
                switch span.kind {
                case .object:
                    let found: JSONSpan? = segment.key.withUnsafeBytes { key in
                        position == 0 && span == document.root
                            ? document.member(key) : JSONNavigator.member(bytes, in: span, key: key)
                    }
                    current = found.map(MappedValue.span) ?? .missing
                case .array:
                    if segment.isLength {
                        current = .owned(.number(JSONNumber(Double(JSONNavigator.count(bytes, in: span)))))
                    } else if let index = segment.index, let element = JSONNavigator.element(bytes, in: span, at: index)
                    {
                        current = .span(element)
                    } else {
                        current = .missing
                    }
                case .string:
                    let decoded = JSONStringDecoder.decode(bytes, span)
                    let units = Array(String(decoding: decoded, as: UTF8.self).utf16)
                    if segment.isLength {
                        current = .owned(.number(JSONNumber(Double(JSONStringDecoder.utf16Length(decoded)))))
                    } else if let index = segment.index, index < units.count {
                        current = .owned(.string(String(decoding: [units[index]], as: UTF16.self)))
                    } else {
                        current = .missing
                    }
                default:
                    return .missing
                }
            }
        }
        return current
    }

    /// Whether a value in the line is falsy in JavaScript (`null`, `false`, `0`, `-0`, `""`).
    public static func isFalsy(_ bytes: JSONBytes, _ span: JSONSpan) -> Bool {
        switch span.kind {
        case .null, .false: return true
        case .string: return span.end - span.start == 2
        case .number: return JavaScriptNumber.parse(bytes.slice(span.range)) == 0
        default: return false
        }
    }
}
