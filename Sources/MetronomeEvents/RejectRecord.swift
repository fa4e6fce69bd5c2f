import SegmentJSON

/// Formats one line of the rejects file:
/// `{"source": <path>, "line": <n>, "mapping": <name or null>, "reason": <text>, "record": <record>}`.
///
/// `record` is the event itself when the line parsed as JSON, else the line as a string (invalid UTF-8
/// replaced by U+FFFD), cut to `maximumStringRecordBytes` with a note in the reason when longer.
public enum RejectRecord {
    public static let maximumStringRecordBytes = 64 << 10

    /// Appends a reject for a line that parsed: `record` is its root span.
    public static func append(
        source: String, line: Int, mapping: String?, reason: String, document: JSONDocument, to out: inout [UInt8]
    ) {
        append(
            source: source, line: line, mapping: mapping, reason: reason, bytes: document.bytes, root: document.root,
            to: &out)
    }

    /// Appends a reject for a line that parsed, given the bytes and root span directly (no re-parse).
    public static func append(
        source: String, line: Int, mapping: String?, reason: String, bytes: JSONBytes, root: JSONSpan,
        to out: inout [UInt8]
    ) {
        appendHead(source: source, line: line, mapping: mapping, reason: reason, to: &out)
        // The parser computed the root's canonical-form flags: the record is written as JSON.stringify
        // would write it, by a raw copy when it already is.
        JSONOutput.appendValue(bytes, root, to: &out)
        out.append(contentsOf: "}\n".utf8)
    }

    /// Appends a reject for a Metronome event that was not delivered: `record` is the event's JSON as it
    /// was (or would have been) sent, and `retriable` says whether sending it again may succeed.
    public static func append(
        source: String, line: Int, mapping: String?, reason: String, retriable: Bool, event: UnsafeRawBufferPointer,
        to out: inout [UInt8]
    ) {
        out.append(contentsOf: "{\"source\":".utf8)
        JSONOutput.appendEscaped(source, to: &out)
        out.append(contentsOf: ",\"line\":".utf8)
        out.append(contentsOf: String(line).utf8)
        out.append(contentsOf: ",\"mapping\":".utf8)
        if let mapping { JSONOutput.appendEscaped(mapping, to: &out) } else { out.append(contentsOf: "null".utf8) }
        out.append(contentsOf: ",\"reason\":".utf8)
        JSONOutput.appendEscaped(reason, to: &out)
        out.append(contentsOf: (retriable ? ",\"retriable\":true" : ",\"retriable\":false").utf8)
        out.append(contentsOf: ",\"record\":".utf8)
        out.append(contentsOf: event)
        out.append(contentsOf: "}\n".utf8)
    }

    /// Appends a reject for a line that did not parse (or was not read whole): `record` is a string.
    /// `totalLength` is the line's full length when only `bytes` (a prefix) was kept.
    public static func append(
        source: String, line: Int, mapping: String?, reason: String, rawLine bytes: UnsafeRawBufferPointer,
        totalLength: Int? = nil, to out: inout [UInt8]
    ) {
        let total = totalLength ?? bytes.count
        let kept = min(bytes.count, maximumStringRecordBytes)
        var reason = reason
        if kept < total {
            reason += " (record cut to its first \(kept) of \(total) bytes)"
        }
        appendHead(source: source, line: line, mapping: mapping, reason: reason, to: &out)
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<kept]), as: UTF8.self)
        JSONOutput.appendEscaped(text, to: &out)
        out.append(contentsOf: "}\n".utf8)
    }

    private static func appendHead(source: String, line: Int, mapping: String?, reason: String, to out: inout [UInt8]) {
        out.append(contentsOf: "{\"source\":".utf8)
        JSONOutput.appendEscaped(source, to: &out)
        out.append(contentsOf: ",\"line\":".utf8)
        out.append(contentsOf: String(line).utf8)
        out.append(contentsOf: ",\"mapping\":".utf8)
        if let mapping { JSONOutput.appendEscaped(mapping, to: &out) } else { out.append(contentsOf: "null".utf8) }
        out.append(contentsOf: ",\"reason\":".utf8)
        JSONOutput.appendEscaped(reason, to: &out)
        out.append(contentsOf: ",\"record\":".utf8)
    }
}
