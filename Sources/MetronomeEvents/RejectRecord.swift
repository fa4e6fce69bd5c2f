import SegmentJSON

/// Formats one line of the rejects file:
/// `{"source": <path>, "line": <n>, "mapping": <name or null>, "reason": <text>, "record": <record>}`.
///
/// `record` is the event itself when the line parsed as JSON, else the line as a string (invalid UTF-8
/// replaced by U+FFFD). A record longer than `maximumRecordBytes` (`--max-reject-record-bytes`) is
/// cut: `record` is then a string holding its first bytes (never half a UTF-8 character), followed by
/// `"record_truncated":true,"record_bytes":<its full length>`, so a rejects line stays bounded, valid
/// JSON and valid UTF-8 whatever the input.
public enum RejectRecord {
    /// The default of `--max-reject-record-bytes`.
    public static let defaultMaximumRecordBytes = 64 << 10

    /// Appends a reject for a line that parsed: `record` is its root span.
    public static func append(
        source: String, line: Int, mapping: String?, reason: String, document: JSONDocument,
        maximumRecordBytes: Int = defaultMaximumRecordBytes, to out: inout [UInt8]
    ) {
        append(
            source: source, line: line, mapping: mapping, reason: reason, bytes: document.bytes, root: document.root,
            maximumRecordBytes: maximumRecordBytes, to: &out)
    }

    /// Appends a reject for a line that parsed, given the bytes and root span directly (no re-parse).
    public static func append(
        source: String, line: Int, mapping: String?, reason: String, bytes: JSONBytes, root: JSONSpan,
        maximumRecordBytes: Int = defaultMaximumRecordBytes, to out: inout [UInt8]
    ) {
        appendHead(source: source, line: line, mapping: mapping, reason: reason, to: &out)
        if root.end - root.start > maximumRecordBytes {
            appendCut(
                UnsafeRawBufferPointer(start: bytes.base + root.start, count: root.end - root.start),
                total: root.end - root.start, maximumRecordBytes: maximumRecordBytes, to: &out)
            return
        }
        // The parser computed the root's canonical-form flags: the record is written as JSON.stringify
        // would write it, by a raw copy when it already is.
        JSONOutput.appendValue(bytes, root, to: &out)
        out.append(contentsOf: "}\n".utf8)
    }

    /// Appends a reject for a Metronome event that was not delivered: `record` is the event's JSON as it
    /// was (or would have been) sent, and `retriable` says whether sending it again may succeed.
    public static func append(
        source: String, line: Int, mapping: String?, reason: String, retriable: Bool, event: UnsafeRawBufferPointer,
        maximumRecordBytes: Int = defaultMaximumRecordBytes, to out: inout [UInt8]
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
        if event.count > maximumRecordBytes {
            appendCut(event, total: event.count, maximumRecordBytes: maximumRecordBytes, to: &out)
            return
        }
        out.append(contentsOf: event)
        out.append(contentsOf: "}\n".utf8)
    }

    /// Appends a reject for a line that did not parse (or was not read whole): `record` is a string.
    /// `totalLength` is the line's full length when only `bytes` (a prefix) was kept.
    public static func append(
        source: String, line: Int, mapping: String?, reason: String, rawLine bytes: UnsafeRawBufferPointer,
        totalLength: Int? = nil, maximumRecordBytes: Int = defaultMaximumRecordBytes, to out: inout [UInt8]
    ) {
        let total = max(totalLength ?? bytes.count, bytes.count)
        appendHead(source: source, line: line, mapping: mapping, reason: reason, to: &out)
        if total > bytes.count || bytes.count > maximumRecordBytes {
            appendCut(bytes, total: total, maximumRecordBytes: maximumRecordBytes, to: &out)
            return
        }
        JSONOutput.appendEscaped(String(decoding: bytes, as: UTF8.self), to: &out)
        out.append(contentsOf: "}\n".utf8)
    }

    /// Ends a reject whose record is cut: the first bytes of `bytes` (at most `maximumRecordBytes`,
    /// fewer when the cut would split a UTF-8 character) as a string, then the truncation fields.
    static func appendCut(
        _ bytes: UnsafeRawBufferPointer, total: Int, maximumRecordBytes: Int, to out: inout [UInt8]
    ) {
        let kept = utf8Boundary(bytes, atMost: max(0, maximumRecordBytes))
        JSONOutput.appendEscaped(
            String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<kept]), as: UTF8.self), to: &out)
        out.append(contentsOf: ",\"record_truncated\":true,\"record_bytes\":".utf8)
        out.append(contentsOf: String(total).utf8)
        out.append(contentsOf: "}\n".utf8)
    }

    /// The largest length `<= limit` that does not end inside a UTF-8 sequence: when the byte at the cut
    /// continues a character that starts before it, the cut moves back to that character's start (at
    /// most 3 bytes; invalid bytes are left to the decoder's U+FFFD).
    static func utf8Boundary(_ bytes: UnsafeRawBufferPointer, atMost limit: Int) -> Int {
        guard limit < bytes.count else { return bytes.count }
        var cut = limit
        var steps = 0
        while cut > 0, steps < 3, bytes[cut] & 0xC0 == 0x80 {
            cut -= 1
            steps += 1
        }
        // `cut` is now at a lead byte (or gave up); keep the original cut unless that lead byte's
        // sequence really reaches past the limit.
        if cut < limit, bytes[cut] >= 0xC0 {
            let length = bytes[cut] >= 0xF0 ? 4 : bytes[cut] >= 0xE0 ? 3 : 2
            if cut + length > limit { return cut }
        }
        return limit
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
