import Foundation
import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// Shared helpers for the SegmentMapping tests: loading `testdata/vectors/*.json` and parsing one event line.
enum MappingTestSupport {
    /// The package root: three levels above this file (`Tests/SegmentMappingTests/<file>`).
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// The cases of a vector file (SEMANTICS Appendix A), parsed with the product's own JSON engine so that
    /// key order and number spelling are kept. Throws when the file is missing or is not an array of objects.
    static func vectorCases(_ file: String) throws -> [JSONObject] {
        let url = packageRoot.appendingPathComponent("testdata/vectors").appendingPathComponent(file)
        let data = try Data(contentsOf: url)
        guard case .array(let cases) = try JSONValue.parse(Array(data)) else {
            throw VectorError("\(file) is not a JSON array")
        }
        return try cases.map { element in
            guard case .object(let object) = element else {
                throw VectorError("\(file) holds a case that is not an object")
            }
            return object
        }
    }

    struct VectorError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Parses `line` as one archive line (the hot-path parser) and runs `body` with the document; the
    /// document's spans are valid only inside `body`.
    static func withDocument<R>(_ line: String, _ body: (JSONDocument) throws -> R) throws -> R {
        try withDocument(Array(line.utf8), body)
    }

    static func withDocument<R>(_ line: [UInt8], _ body: (JSONDocument) throws -> R) throws -> R {
        try JSONBytes.with(line) { bytes in
            var parser = JSONLineParser()
            var document = JSONDocument()
            try parser.parse(bytes, into: &document)
            return try body(document)
        }
    }

    /// The same for an event given as a `JSONValue` (serialised with `JSON.stringify` rules first).
    static func withDocument<R>(_ event: JSONValue, _ body: (JSONDocument) throws -> R) throws -> R {
        try withDocument(event.jsonText, body)
    }

    /// A mapped value as an owned value; nil for missing.
    static func materialize(_ value: MappedValue, in document: JSONDocument) -> JSONValue? {
        switch value {
        case .missing: return nil
        case .owned(let owned): return owned
        case .span(let span): return JSONValue(document.bytes, span)
        }
    }

    /// Parses a JSON literal written in a test.
    static func json(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> JSONValue {
        do {
            return try JSONValue.parse(text)
        } catch {
            XCTFail("bad JSON in test: \(text): \(error)", file: file, line: line)
            return .null
        }
    }
}
