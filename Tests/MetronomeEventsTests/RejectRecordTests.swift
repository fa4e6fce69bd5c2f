import XCTest

@testable import MetronomeEvents
@testable import SegmentJSON

/// `RejectRecord`: one line of the rejects file,
/// `{"source":…,"line":…,"mapping":…,"reason":…,"record":…}` followed by a newline.
final class RejectRecordTests: XCTestCase {
    // MARK: Helpers

    private func parsedReject(
        source: String = "s.gz", line: Int = 1, mapping: String? = "m", reason: String = "r", _ event: String
    ) throws -> String {
        try EventTestSupport.withDocument(event) { document in
            var out: [UInt8] = []
            RejectRecord.append(
                source: source, line: line, mapping: mapping, reason: reason, document: document, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
    }

    private func rawReject(
        source: String = "s.gz", line: Int = 1, mapping: String? = nil, reason: String = "r", _ bytes: [UInt8],
        totalLength: Int? = nil
    ) -> [UInt8] {
        var out: [UInt8] = []
        bytes.withUnsafeBytes { raw in
            RejectRecord.append(
                source: source, line: line, mapping: mapping, reason: reason, rawLine: raw, totalLength: totalLength,
                to: &out)
        }
        return out
    }

    /// The reject line as an object, checking it is one line of JSON with the keys in order.
    private func object(_ text: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> JSONObject? {
        XCTAssertEqual(text.last, UInt8(ascii: "\n"), "a reject ends with a newline", file: file, line: line)
        XCTAssertEqual(
            text.filter { $0 == UInt8(ascii: "\n") }.count, 1, "a reject is one line", file: file, line: line)
        guard case .object(let object)? = try? JSONValue.parse(Array(text.dropLast())) else {
            XCTFail("not a JSON object: \(String(decoding: text, as: UTF8.self))", file: file, line: line)
            return nil
        }
        XCTAssertEqual(object.keys, ["source", "line", "mapping", "reason", "record"], file: file, line: line)
        return object
    }

    // MARK: Parsed records

    func testShapeAndKeyOrderForAParsedLine() throws {
        let text = try parsedReject(
            source: "archive/2024/01/01/file.gz", line: 42, mapping: "Send track events to Metronome",
            reason: "The root value is missing the required field 'customer_id'.",
            #"{"type":"track","messageId":"m1","properties":{"n":12345678901234567890}}"#)
        XCTAssertEqual(
            text,
            #"{"source":"archive/2024/01/01/file.gz","line":42,"mapping":"Send track events to Metronome","reason":"The root value is missing the required field 'customer_id'.","record":{"type":"track","messageId":"m1","properties":{"n":12345678901234567890}}}"#
                + "\n")
        guard let object = object(Array(text.utf8)) else { return }
        XCTAssertEqual(object["line"], .number(JSONNumber(42)))
        guard case .object(let record)? = object["record"] else { return XCTFail("record is not an object") }
        XCTAssertEqual(record.keys, ["type", "messageId", "properties"])
    }

    func testRecordIsTheEventAsJSON() throws {
        // Whitespace, escapes and integer-like keys: the record is the same JSON value (and one line).
        let event = #"  { "b" : [ 1 , 2 ] , "a" : "\u0041\/" , "1" : null }  "#
        let text = try parsedReject(mapping: nil, event)
        XCTAssertTrue(text.hasPrefix(#"{"source":"s.gz","line":1,"mapping":null,"reason":"r","record":"#), text)
        guard let object = object(Array(text.utf8)) else { return }
        // Written as JSON.stringify would write it: compact, canonical escapes, integer-like keys first.
        XCTAssertTrue(text.contains(#""record":{"1":null,"b":[1,2],"a":"A/"}}"#), text)
        XCTAssertEqual(object["record"]?.jsonText, try JSONValue.parse(event).jsonText)
    }

    func testParsedRecordThatIsNotAnObject() throws {
        XCTAssertEqual(
            try parsedReject(#"[1,"two"]"#),
            #"{"source":"s.gz","line":1,"mapping":"m","reason":"r","record":[1,"two"]}"# + "\n")
        XCTAssertEqual(
            try parsedReject(#""text""#),
            #"{"source":"s.gz","line":1,"mapping":"m","reason":"r","record":"text"}"# + "\n")
        XCTAssertEqual(
            try parsedReject("12.50"), #"{"source":"s.gz","line":1,"mapping":"m","reason":"r","record":12.50}"# + "\n")
    }

    func testHeadIsEscaped() throws {
        let text = try parsedReject(
            source: "dir/\"quoted\"\\file.gz", line: 7, mapping: "tab\there", reason: "line1\nline2 \u{1}", "{}")
        XCTAssertEqual(
            text,
            #"{"source":"dir/\"quoted\"\\file.gz","line":7,"mapping":"tab\there","reason":"line1\nline2 \u0001","record":{}}"#
                + "\n")
        guard let object = object(Array(text.utf8)) else { return }
        XCTAssertEqual(object["source"], .string("dir/\"quoted\"\\file.gz"))
        XCTAssertEqual(object["reason"], .string("line1\nline2 \u{1}"))
    }

    // MARK: Raw records

    func testUnparsedLineIsAString() {
        let out = rawReject(line: 3, reason: "invalid JSON at column 2: bad", Array(#"{"a":"b" oops"#.utf8))
        XCTAssertEqual(
            String(decoding: out, as: UTF8.self),
            #"{"source":"s.gz","line":3,"mapping":null,"reason":"invalid JSON at column 2: bad","record":"{\"a\":\"b\" oops"}"#
                + "\n")
        guard let object = object(out) else { return }
        XCTAssertEqual(object["record"], .string(#"{"a":"b" oops"#))
        XCTAssertEqual(object["mapping"], .null)
    }

    func testInvalidUTF8IsReplaced() {
        let bytes: [UInt8] = [
            UInt8(ascii: "a"), 0xFF, UInt8(ascii: "b"), 0xC3, 0x28, 0xE2, 0x82, UInt8(ascii: "c"), 0xC3, 0xA9,
        ]
        let out = rawReject(bytes)
        guard let object = object(out) else { return }
        guard case .string(let record)? = object["record"] else { return XCTFail("record is not a string") }
        XCTAssertEqual(record, String(decoding: bytes, as: UTF8.self))
        XCTAssertEqual(record, "a\u{FFFD}b\u{FFFD}(\u{FFFD}cé")
        // The output itself is valid UTF-8.
        XCTAssertNotNil(String(validating: out, as: UTF8.self))
        XCTAssertEqual(Array(String(decoding: out, as: UTF8.self).utf8), out)
    }

    func testControlCharactersInARawLineAreEscaped() {
        let out = rawReject([UInt8(ascii: "x"), 0x00, 0x09, 0x0D, UInt8(ascii: "\\")])
        XCTAssertEqual(
            String(decoding: out, as: UTF8.self),
            #"{"source":"s.gz","line":1,"mapping":null,"reason":"r","record":"x\u0000\t\r\\"}"# + "\n")
    }

    func testEmptyRawLine() {
        XCTAssertEqual(
            String(decoding: rawReject([]), as: UTF8.self),
            #"{"source":"s.gz","line":1,"mapping":null,"reason":"r","record":""}"# + "\n")
    }

    // MARK: Truncation

    /// A cut reject: one line of JSON with the truncation fields after `record`.
    private func cutObject(_ text: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> JSONObject? {
        guard case .object(let object)? = try? JSONValue.parse(Array(text.dropLast())) else {
            XCTFail("not a JSON object: \(String(decoding: text, as: UTF8.self))", file: file, line: line)
            return nil
        }
        XCTAssertEqual(text.last, UInt8(ascii: "\n"), file: file, line: line)
        XCTAssertEqual(
            object.keys, ["source", "line", "mapping", "reason", "record", "record_truncated", "record_bytes"],
            file: file, line: line)
        XCTAssertEqual(object["record_truncated"], .bool(true), file: file, line: line)
        XCTAssertNotNil(String(validating: text, as: UTF8.self), "valid UTF-8", file: file, line: line)
        return object
    }

    func testRecordAtTheLimitIsKeptWhole() {
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: RejectRecord.defaultMaximumRecordBytes)
        guard let object = object(rawReject(reason: "too long", bytes)) else { return }
        XCTAssertEqual(object["reason"], .string("too long"))
        XCTAssertEqual(object["record"], .string(String(repeating: "a", count: RejectRecord.defaultMaximumRecordBytes)))
    }

    func testLongRecordIsCutAndMarked() {
        let limit = RejectRecord.defaultMaximumRecordBytes
        XCTAssertEqual(limit, 65_536)
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: limit + 10)
        guard let object = cutObject(rawReject(reason: "invalid JSON", bytes)) else { return }
        XCTAssertEqual(object["reason"], .string("invalid JSON"))
        XCTAssertEqual(object["record"], .string(String(repeating: "a", count: limit)))
        XCTAssertEqual(object["record_bytes"], .number(JSONNumber(Double(limit + 10))))
    }

    func testPrefixWithTotalLength() {
        // Only a prefix of the line was kept by the reader: the record says it was cut, and how long it was.
        let prefix = Array("{\"a\":".utf8)
        guard let object = cutObject(rawReject(reason: "line too long", prefix, totalLength: 1_000_000)) else { return }
        XCTAssertEqual(object["reason"], .string("line too long"))
        XCTAssertEqual(object["record"], .string("{\"a\":"))
        XCTAssertEqual(object["record_bytes"], .number(JSONNumber(1_000_000)))
        // A total equal to the bytes given is not a cut.
        guard let whole = self.object(rawReject(reason: "r", prefix, totalLength: prefix.count)) else { return }
        XCTAssertEqual(whole["reason"], .string("r"))
    }

    func testCutInsideACharacterDropsThatCharacter() {
        // A cut that would split a character keeps the bytes before it: no U+FFFD appears at the end.
        let limit = RejectRecord.defaultMaximumRecordBytes
        for character in ["é", "€", "😀"] {
            for offset in 1..<character.utf8.count {
                let bytes =
                    [UInt8](repeating: UInt8(ascii: "a"), count: limit - offset) + Array(character.utf8)
                    + Array("tail".utf8)
                guard let object = cutObject(rawReject(bytes)) else { return }
                XCTAssertEqual(object["reason"], .string("r"))
                XCTAssertEqual(object["record"], .string(String(repeating: "a", count: limit - offset)), character)
                XCTAssertEqual(object["record_bytes"], .number(JSONNumber(Double(bytes.count))))
            }
        }
    }

    func testCutAfterAWholeCharacterKeepsIt() {
        let limit = 8
        let bytes = Array("abcdeé".utf8) + Array("xyz".utf8)  // é ends at byte 7: the cut at 8 keeps it
        var out: [UInt8] = []
        bytes.withUnsafeBytes {
            RejectRecord.append(
                source: "s", line: 1, mapping: nil, reason: "r", rawLine: $0, maximumRecordBytes: limit, to: &out)
        }
        guard let object = cutObject(out) else { return }
        XCTAssertEqual(object["record"], .string("abcdeéx"))
    }

    func testCutInsideAnEscapeOfAParsedRecordStaysValidJSON() throws {
        // A parsed record over the limit becomes a string of its first bytes; the cut may fall inside an
        // escape (`\u00e9`, `\"`) of the original, which is then plain text in the string.
        let event = #"{"type":"track","s":"\u00e9\u00e9\"\\x"}"#
        for limit in 1..<event.utf8.count {
            let text = try EventTestSupport.withDocument(event) { document in
                var out: [UInt8] = []
                RejectRecord.append(
                    source: "s", line: 1, mapping: "m", reason: "r", document: document, maximumRecordBytes: limit,
                    to: &out)
                return out
            }
            guard let object = cutObject(text) else { return }
            XCTAssertEqual(object["record"], .string(String(event.prefix(limit))), "limit \(limit)")
            XCTAssertEqual(object["record_bytes"], .number(JSONNumber(Double(event.utf8.count))))
        }
        // At the limit, the record is JSON again.
        let whole = try EventTestSupport.withDocument(event) { document in
            var out: [UInt8] = []
            RejectRecord.append(
                source: "s", line: 1, mapping: "m", reason: "r", document: document,
                maximumRecordBytes: event.utf8.count, to: &out)
            return out
        }
        guard case .object(let record)? = object(whole)?["record"] else { return XCTFail("record is not JSON") }
        XCTAssertEqual(record.keys, ["type", "s"])
    }

    func testSentEventOverTheLimitIsCut() {
        let event = Array(#"{"transaction_id":"t","properties":{"pad":"xxxxxxxxxx"}}"#.utf8)
        var out: [UInt8] = []
        event.withUnsafeBytes {
            RejectRecord.append(
                source: "s", line: 2, mapping: nil, reason: "r", retriable: true, event: $0, maximumRecordBytes: 20,
                to: &out)
        }
        guard case .object(let object)? = try? JSONValue.parse(Array(out.dropLast())) else {
            return XCTFail(String(decoding: out, as: UTF8.self))
        }
        XCTAssertEqual(
            object.keys,
            ["source", "line", "mapping", "reason", "retriable", "record", "record_truncated", "record_bytes"])
        XCTAssertEqual(object["record"], .string(String(decoding: event[0..<20], as: UTF8.self)))
        XCTAssertEqual(object["record_bytes"], .number(JSONNumber(Double(event.count))))
    }

    func testControlBytesInACutRecordAreEscaped() {
        // NUL bytes escape to six characters each: the line is longer than the limit but valid JSON.
        let bytes = [UInt8](repeating: 0, count: 100)
        var out: [UInt8] = []
        bytes.withUnsafeBytes {
            RejectRecord.append(
                source: "s", line: 1, mapping: nil, reason: "r", rawLine: $0, maximumRecordBytes: 10, to: &out)
        }
        guard let object = cutObject(out) else { return }
        XCTAssertEqual(object["record"], .string(String(repeating: "\u{0}", count: 10)))
    }
}
