import SegmentJSON

/// The `json` target's check: accepted text prints to text that parses and prints the same again, and
/// looking each top-level member up by its key does not crash. O(input).
public enum JSONRoundTripCheck {
    public static func problem(_ bytes: [UInt8]) -> String? {
        JSONBytes.with(bytes) { problem($0) }
    }

    /// The same on bytes in place (the fuzz target passes libFuzzer's buffer, so that AddressSanitizer
    /// sees any read past its end).
    public static func problem(_ input: JSONBytes) -> String? {
        var parser = JSONLineParser()
        var document = JSONDocument()
        guard (try? parser.parse(input, into: &document)) != nil else { return nil }
        var text: [UInt8] = []
        JSONOutput.append(JSONValue(input, document.root), to: &text)
        guard let again = try? JSONValue.parse(text) else { return "output of an accepted value does not parse" }
        var second: [UInt8] = []
        JSONOutput.append(again, to: &second)
        if second != text { return "output is not stable: \(String(decoding: text, as: UTF8.self))" }
        guard document.root.kind == .object else { return nil }
        JSONNavigator.forEachMember(input, in: document.root) { key, _ in
            _ = JSONNavigator.member(input, in: document.root, key: input.slice(key.start..<key.end))
        }
        return nil
    }
}
