import SegmentJSON
import SegmentMapping

/// The `trigger` target's check: a trigger the parser accepts evaluates on a fixed event; one it
/// refuses says where (a column within the text, or just past it). O(input).
public enum TriggerCheck {
    /// The fixed event every accepted trigger is evaluated on.
    public static let event =
        #"{"type":"track","event":"API Call","userId":"u1","properties":{"plan":"pro","n":3,"tags":["a","b"],"nested":{"x":null}},"context":{"groupId":"acct_1"}}"#

    public static func problem(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        do {
            let trigger = try TriggerParser.parse(text)
            var parser = JSONLineParser()
            var document = JSONDocument()
            JSONBytes.with(Array(event.utf8)) { line in
                try! parser.parse(line, into: &document)
                _ = trigger.matches(document)
            }
        } catch {
            if error.column < 1 || error.column > text.unicodeScalars.count + 1 {
                return "column \(error.column) outside the text: \(error.description)"
            }
        }
        return nil
    }
}
