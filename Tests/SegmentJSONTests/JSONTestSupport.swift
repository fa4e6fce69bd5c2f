import XCTest

@testable import SegmentJSON

/// Parses `line` and runs `body` with the document, whose spans are valid only inside `body`.
func withParsedLine<R>(_ line: [UInt8], _ body: (JSONDocument) throws -> R) throws -> R {
    var parser = JSONLineParser()
    var document = JSONDocument()
    return try JSONBytes.with(line) { bytes in
        try parser.parse(bytes, into: &document)
        return try body(document)
    }
}

func withParsedLine<R>(_ line: String, _ body: (JSONDocument) throws -> R) throws -> R {
    try withParsedLine(Array(line.utf8), body)
}

/// The error `JSONLineParser` reports for `line`, or nil when the line parses.
func syntaxError(_ line: [UInt8]) -> JSONSyntaxError? {
    do {
        try withParsedLine(line) { _ in }
        return nil
    } catch let error as JSONSyntaxError {
        return error
    } catch {
        XCTFail("unexpected error type \(error)")
        return nil
    }
}

func syntaxError(_ line: String) -> JSONSyntaxError? {
    syntaxError(Array(line.utf8))
}

/// The text of `span` inside `document`.
func text(_ document: JSONDocument, _ span: JSONSpan) -> String {
    String(decoding: document.bytes.copyBytes(span.range), as: UTF8.self)
}

/// The flags the parser recorded on top-level member `key` of `line`.
func memberFlags(_ line: String, _ key: String = "v") throws -> UInt8? {
    try withParsedLine(line) { document in document.member(key)?.flags }
}

/// `JSONOutput.appendValue` of top-level member `key` of `line`, as bytes.
func outputBytes(ofMember key: String, in line: [UInt8]) throws -> [UInt8] {
    try withParsedLine(line) { document in
        guard let span = document.member(key) else {
            XCTFail("no member \(key)")
            return []
        }
        var out: [UInt8] = []
        JSONOutput.appendValue(document.bytes, span, to: &out)
        return out
    }
}

/// `JSONOutput.appendValue` of `value` placed as member `v` of an object, as text.
func output(_ value: String) throws -> String {
    String(decoding: try outputBytes(ofMember: "v", in: Array("{\"v\":\(value)}".utf8)), as: UTF8.self)
}
