import Foundation
import XCTest

@testable import MetronomeEvents
@testable import SegmentJSON
@testable import SegmentMapping

/// Shared helpers for the EventBuilder and RejectRecord tests.
enum EventTestSupport {
    /// The package root: three levels above this file (`Tests/MetronomeEventsTests/<file>`).
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    struct TestError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
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

    /// The cases of a vector file (SEMANTICS Appendix A), parsed with the product's JSON engine.
    static func vectorCases(_ file: String) throws -> [JSONObject] {
        guard case .array(let cases) = try JSONValue.parse(Array(try Data(contentsOf: vectorURL(file)))) else {
            throw TestError("\(file) is not a JSON array")
        }
        return try cases.map { element in
            guard case .object(let object) = element else {
                throw TestError("\(file) holds a case that is not an object")
            }
            return object
        }
    }

    /// Parses `line` as one archive line and runs `body` with the document (valid only inside `body`).
    static func withDocument<R>(_ line: [UInt8], _ body: (JSONDocument) throws -> R) throws -> R {
        try JSONBytes.with(line) { bytes in
            var parser = JSONLineParser()
            var document = JSONDocument()
            try parser.parse(bytes, into: &document)
            return try body(document)
        }
    }

    static func withDocument<R>(_ line: String, _ body: (JSONDocument) throws -> R) throws -> R {
        try withDocument(Array(line.utf8), body)
    }

    /// A mapping with the preset's subscription and the fields of the JSON object `fields`, in its key
    /// order (each value compiled as a mapping node).
    static func mapping(_ fields: String, name: String = "test") throws -> CompiledMapping {
        guard case .object(let object) = try JSONValue.parse(fields) else {
            throw TestError("fields must be an object")
        }
        var compiled: [(name: String, program: ValueProgram)] = []
        for (key, value) in zip(object.keys, object.values) {
            compiled.append((key, try ValueProgram.compile(value, place: key)))
        }
        return CompiledMapping(name: name, subscription: #"type = "track""#, trigger: .trackEvents, fields: compiled)
    }
}
