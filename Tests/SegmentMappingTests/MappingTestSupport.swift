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

    /// A vector file: the specification's own (`../shared/spec/vectors/`, beside the checkout, as on
    /// the developers' machines and in CI), so that a vector added there is tested without any change
    /// here; else the copy in `testdata/vectors/` (a checkout on its own).
    static func vectorURL(_ file: String) -> URL {
        let specification = packageRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/spec/vectors").appendingPathComponent(file)
        if FileManager.default.fileExists(atPath: specification.path) { return specification }
        return packageRoot.appendingPathComponent("testdata/vectors").appendingPathComponent(file)
    }

    /// The cases of a vector file (SEMANTICS Appendix A), parsed with the product's own JSON engine so that
    /// key order and number spelling are kept. Throws when the file is missing or is not an array of objects.
    static func vectorCases(_ file: String) throws -> [JSONObject] {
        let data = try Data(contentsOf: vectorURL(file))
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

    /// What `transform(mapping, event)` gave: a value (nil for missing) or an error message.
    enum Outcome: Equatable, CustomStringConvertible {
        case value(JSONValue?)
        case error(String)

        var description: String {
            switch self {
            case .value(let value?): return value.jsonText
            case .value(nil): return "<missing>"
            case .error(let message): return "error: \(message)"
            }
        }
    }

    /// Upstream's `transform(mapping, event)` (SEMANTICS 4.1): compile (root steps, validation, liquid
    /// checks), then resolve on the event parsed as an archive line. Load and run errors alike are errors.
    static func transform(_ mapping: JSONValue, _ event: JSONValue) throws -> Outcome {
        let program: MappingProgram
        do {
            program = try MappingProgram.compile(mapping)
        } catch {
            return .error(error.description)
        }
        return try withDocument(event) { document in
            do throws(MappingRuntimeError) {
                return .value(try program.transform(document))
            } catch {
                return .error(error.message)
            }
        }
    }

    /// The same with JSON texts written in a test.
    static func transform(_ mapping: String, _ event: String) throws -> Outcome {
        try transform(json(mapping), json(event))
    }

    /// JSON equality as `JSON.parse` results compare: objects by key set (order ignored), numbers by
    /// value (spelling ignored).
    static func sameJSON(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (.object(let x)?, .object(let y)?):
            guard x.count == y.count else { return false }
            return zip(x.keys, x.values).allSatisfy { key, value in y[key].map { sameJSON(value, $0) } ?? false }
        case (.array(let x)?, .array(let y)?):
            return x.count == y.count && zip(x, y).allSatisfy { sameJSON($0, $1) }
        case (let x?, let y?): return x == y
        default: return false
        }
    }

    /// Asserts that `transform(mapping, event)` gives `expected` (JSON text, compared as `JSON.parse`
    /// results), or missing when `expected` is nil.
    static func assertTransform(
        _ mapping: String, _ event: String, _ expected: String?, file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            let outcome = try transform(mapping, event)
            let wanted = expected.map { json($0, file: file, line: line) }
            guard case .value(let value) = outcome, sameJSON(value, wanted) else {
                XCTFail(
                    "\(mapping) on \(event): expected \(expected ?? "<missing>"), got \(outcome)", file: file,
                    line: line)
                return
            }
        } catch {
            XCTFail("\(mapping) on \(event): \(error)", file: file, line: line)
        }
    }

    /// Asserts that `transform(mapping, event)` gives exactly `expected` as JSON text (key order and
    /// number spelling included).
    static func assertTransformText(
        _ mapping: String, _ event: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            let outcome = try transform(mapping, event)
            XCTAssertEqual(outcome.description, expected, mapping, file: file, line: line)
        } catch {
            XCTFail("\(mapping) on \(event): \(error)", file: file, line: line)
        }
    }

    /// Asserts that `transform(mapping, event)` fails with exactly `message` (load errors joined by
    /// newlines).
    static func assertTransformError(
        _ mapping: String, _ event: String, _ message: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            let outcome = try transform(mapping, event)
            XCTAssertEqual(outcome, .error(message), mapping, file: file, line: line)
        } catch {
            XCTFail("\(mapping) on \(event): \(error)", file: file, line: line)
        }
    }
}
