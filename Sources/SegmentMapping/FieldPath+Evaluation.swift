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
                // A walk builds numbers (`length`) and one-character strings (string indexes).
                switch value {
                case .string(let string) where !string.isEmpty:
                    current = Self.step(into: Array(string.utf16), segment)
                case .number(let number) where number.value == 0:
                    return current
                case .string, .null, .bool(false):
                    return current
                default:
                    return .missing
                }
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
                    if segment.isLength {
                        current = .owned(.number(JSONNumber(Double(JSONStringDecoder.utf16Length(decoded)))))
                    } else {
                        current = Self.step(into: Array(String(decoding: decoded, as: UTF8.self).utf16), segment)
                    }
                default:
                    return .missing
                }
            }
        }
        return current
    }

    /// One step into a non-empty string (as UTF-16 code units): `length` or a code unit by index.
    static func step(into units: [UInt16], _ segment: Segment) -> MappedValue {
        if segment.isLength { return .owned(.number(JSONNumber(Double(units.count)))) }
        if let index = segment.index, index < units.count {
            // A lone surrogate cannot be held by a Swift String; it becomes U+FFFD.
            return .owned(.string(String(decoding: [units[index]], as: UTF16.self)))
        }
        return .missing
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
