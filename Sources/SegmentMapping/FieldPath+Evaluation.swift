import SegmentJSON

extension FieldPath {
    /// Looks the path up in the event, as upstream's `get`: a falsy value stops the walk and is
    /// returned; objects give members (last duplicate wins), arrays and strings give `length` and
    /// integer-like indexes. O(bytes of the containers walked); allocates only for `length` and string
    /// indexes.
    public func evaluate(on document: JSONDocument) -> MappedValue {
        lookup(in: .span(document.root), document).mapped(document.bytes)
    }

    /// Looks the path up in any payload: the event (`.span(document.root)`, whose top-level members are
    /// found through the document's member table), a span inside it (an `@arrayPath` item), or an owned
    /// or built value (a `@transform` result). Walking rules of SEMANTICS 4.3. O(size of the containers
    /// walked); no allocation for spans and owned values except `length` results and string indexes.
    func lookup(in payload: Resolved, _ document: JSONDocument) -> Resolved {
        if segments.isEmpty { return payload }
        let bytes = document.bytes
        var current = payload
        for segment in segments {
            switch current {
            case .missing:
                return .missing
            case .span(let span):
                if Self.isFalsy(bytes, span) { return current }
                current = Self.step(into: span, segment, document)
            case .value(let value):
                if !value.isTruthy { return current }
                current = Self.step(into: value, segment)
            case .array(let elements):
                if segment.isLength {
                    current = .value(.number(JSONNumber(Double(elements.count))))
                } else if let index = segment.index, index < elements.count {
                    current = elements[index]
                } else {
                    current = .missing
                }
            case .object(let object):
                current = object.member(utf8: segment.key) ?? .missing
            }
        }
        return current
    }

    /// One step into a truthy value of the line.
    private static func step(into span: JSONSpan, _ segment: Segment, _ document: JSONDocument) -> Resolved {
        let bytes = document.bytes
        switch span.kind {
        case .object:
            let found: JSONSpan? = segment.key.withUnsafeBytes { key in
                document.member(in: span, key)
            }
            return found.map(Resolved.span) ?? .missing
        case .array:
            if segment.isLength {
                return .value(.number(JSONNumber(Double(JSONNavigator.count(bytes, in: span)))))
            }
            if let index = segment.index, let element = JSONNavigator.element(bytes, in: span, at: index) {
                return .span(element)
            }
            return .missing
        case .string:
            if segment.isLength && !span.hasEscapes {
                let length = JSONStringDecoder.utf16Length(
                    UnsafeRawBufferPointer(bytes.slice(span.start + 1..<span.end - 1)))
                return .value(.number(JSONNumber(Double(length))))
            }
            return step(into: JSONStringDecoder.string(bytes, span), segment)
        default:
            return .missing
        }
    }

    /// One step into a truthy owned value.
    private static func step(into value: JSONValue, _ segment: Segment) -> Resolved {
        switch value {
        case .object:
            return value.member(utf8: segment.key).map(Resolved.value) ?? .missing
        case .array(let elements):
            if segment.isLength { return .value(.number(JSONNumber(Double(elements.count)))) }
            if let index = segment.index, index < elements.count { return .value(elements[index]) }
            return .missing
        case .string(let string):
            return step(into: string, segment)
        default:
            return .missing
        }
    }

    /// One step into a non-empty string (as UTF-16 code units): `length` or a code unit by index.
    private static func step(into string: String, _ segment: Segment) -> Resolved {
        let units = string.utf16
        if segment.isLength { return .value(.number(JSONNumber(Double(units.count)))) }
        if let index = segment.index, index < units.count {
            // A lone surrogate cannot be held by a Swift String; it becomes U+FFFD.
            let unit = units[units.index(units.startIndex, offsetBy: index)]
            return .value(.string(String(decoding: CollectionOfOne(unit), as: UTF16.self)))
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
