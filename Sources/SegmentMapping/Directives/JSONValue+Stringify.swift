import SegmentJSON

extension JSONValue {
    /// Appends `JSON.stringify(value)` exactly as JavaScript writes it: `JSONOutput`'s text rules, but
    /// every number as `Number.prototype.toString()` of its double (`1.50` → `1.5`, non-finite → `null`),
    /// since the text is a value the mapping produces, not a pass-through of the event. O(size).
    func appendStringified(to out: inout [UInt8]) {
        switch self {
        case .number(let number):
            if number.value.isFinite {
                JavaScriptNumber.append(number.value, to: &out)
            } else {
                out.append(contentsOf: "null".utf8)
            }
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                element.appendStringified(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (index, member) in object.orderedMembers.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONOutput.appendEscaped(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                member.value.appendStringified(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        default:
            JSONOutput.append(self, to: &out)
        }
    }
}
