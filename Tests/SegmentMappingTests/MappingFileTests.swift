import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// `MappingFile.load`: compiling `{"mappings": [...]}` and collecting every problem with its place.
final class MappingFileTests: XCTestCase {
    // MARK: Helpers

    private func load(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [CompiledMapping]? {
        do {
            return try MappingFile.load(Array(text.utf8))
        } catch {
            XCTFail("mapping file did not load: \(error.description)", file: file, line: line)
            return nil
        }
    }

    /// The errors loading `text` reports; fails when it loads.
    private func errors(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [MappingError] {
        do {
            let mappings = try MappingFile.load(Array(text.utf8))
            XCTFail("mapping file loaded (\(mappings.count) mappings); expected errors", file: file, line: line)
            return []
        } catch {
            XCTAssertFalse(error.errors.isEmpty, file: file, line: line)
            XCTAssertEqual(
                error.description, error.errors.map(\.description).joined(separator: "\n"), file: file, line: line)
            return error.errors
        }
    }

    private func fieldNames(_ mapping: CompiledMapping) -> [String] { mapping.fields.map(\.name) }

    private static let presetMapping =
        #"{"transaction_id":{"@path":"$.messageId"},"customer_id":{"@path":"$.context.groupId"},"timestamp":{"@path":"$.timestamp"},"event_type":{"@path":"$.event"},"properties":{"@path":"$.properties"}}"#

    // MARK: Loading

    func testPresetAsAFile() throws {
        guard
            let mappings = load(
                #"{"mappings":[{"name":"Preset","subscribe":"type = \"track\"","mapping":\#(Self.presetMapping)}]}"#)
        else { return }
        XCTAssertEqual(mappings.count, 1)
        let mapping = mappings[0]
        XCTAssertEqual(mapping.name, "Preset")
        XCTAssertTrue(mapping.enabled)
        XCTAssertEqual(mapping.subscription, #"type = "track""#)
        XCTAssertEqual(fieldNames(mapping), ["transaction_id", "customer_id", "timestamp", "event_type", "properties"])
        XCTAssertEqual(fieldNames(mapping), fieldNames(CompiledMapping.segmentPreset))
        for ((_, program), (_, preset)) in zip(mapping.fields, CompiledMapping.segmentPreset.fields) {
            guard case .path(let path) = program, case .path(let presetPath) = preset else {
                XCTFail("expected @path programs")
                continue
            }
            XCTAssertEqual(path, presetPath)
        }
        let line = #"{"type":"track","messageId":"m1"}"#
        XCTAssertEqual(try MappingTestSupport.withDocument(line) { mapping.trigger.matches($0) }, true)
    }

    func testFieldsKeepMappingKeyOrder() {
        guard
            let mappings = load(
                #"{"mappings":[{"subscribe":"type = \"track\"","mapping":{"properties":{"@path":"$.properties"},"event_type":"Fixed","customer_id":{"@path":"$.userId"},"zzz":1}}]}"#
            )
        else { return }
        XCTAssertEqual(fieldNames(mappings[0]), ["properties", "event_type", "customer_id", "zzz"])
        guard case .literal(.string("Fixed")) = mappings[0].fields[1].program else {
            return XCTFail("expected a literal")
        }
    }

    func testDefaultsAndEnabled() {
        let text = #"""
            {"mappings":[
              {"subscribe":"type = \"track\"","mapping":{}},
              {"name":"Off","enabled":false,"subscribe":"event = \"x\"","mapping":{"a":1}},
              {"name":"On","enabled":true,"subscribe":"event = \"y\"","mapping":{"a":2}}
            ]}
            """#
        guard let mappings = load(text) else { return }
        XCTAssertEqual(mappings.map(\.name), ["mapping 1", "Off", "On"])
        XCTAssertEqual(mappings.map(\.enabled), [true, false, true])
        XCTAssertEqual(mappings.map(\.subscription), [#"type = "track""#, #"event = "x""#, #"event = "y""#])
    }

    func testMetadataBesideADirectiveIsAllowed() {
        guard
            let mappings = load(
                #"{"mappings":[{"subscribe":"type = \"track\"","mapping":{"a":{"@path":"$.x","_metadata":{"label":"X"}}}}]}"#
            )
        else { return }
        guard case .path(let path) = mappings[0].fields[0].program else { return XCTFail("expected @path") }
        XCTAssertEqual(path.source, "$.x")
    }

    // MARK: Errors with places

    func testInvalidSubscriptionIsReportedWithItsPlace() {
        let found = errors(
            #"{"mappings":[{"subscribe":"type = \"track\"","mapping":{}},{"subscribe":"type = ","mapping":{}}]}"#)
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found.first?.place, "mappings[1].subscribe")
        XCTAssertTrue(found.first?.message.hasPrefix("invalid subscription at column 8: ") ?? false, "\(found)")
        XCTAssertTrue(
            found.first?.description.hasPrefix("mappings[1].subscribe: invalid subscription at column 8: ") ?? false,
            "\(found)")
    }

    func testEveryDirectiveLoads() throws {
        let mappings = try MappingFile.load(
            Array(
                #"{"mappings":[{"subscribe":"type = \"track\"","mapping":{"transaction_id":{"@path":"$.messageId"},"customer_id":{"@template":"{{userId}}"}}}]}"#
                    .utf8))
        XCTAssertEqual(mappings.first?.fields.map(\.name), ["transaction_id", "customer_id"])
    }

    /// Static validation errors use upstream's messages, located inside the mapping.
    func testUnknownDirective() {
        let found = errors(#"{"mappings":[{"subscribe":"type = \"track\"","mapping":{"customer_id":{"@oops":1}}}]}"#)
        XCTAssertEqual(
            found,
            [MappingError(place: "mappings[0].mapping", message: "/customer_id has an invalid directive: @oops.")])
        XCTAssertEqual(found.first?.description, "mappings[0].mapping: /customer_id has an invalid directive: @oops.")
    }

    func testNestedPlaces() {
        let found = errors(
            #"{"mappings":[{"subscribe":"type = \"track\"","mapping":{"properties":{"a":{"b":{"@if":5}}},"other":{"list":[1,{"@json":{}}]}}}]}"#
        )
        XCTAssertEqual(found.map(\.place), ["mappings[0].mapping"])
        XCTAssertTrue(found.first?.message.hasPrefix("/properties/a/b/@if should be an object") ?? false, "\(found)")
    }

    func testMalformedDirectiveObjects() {
        let found = errors(
            #"""
            {"mappings":[{"subscribe":"type = \"track\"","mapping":{
              "a":{"@path":"$.x","other":1},
              "b":{"@path":"$.x","@template":"y"},
              "c":{"@path":5},
              "d":{"@path":"$.ok"}
            }}]}
            """#)
        XCTAssertEqual(
            found.map(\.message),
            [
                "/a should only have one @-prefixed key but it has 2 keys.",
                "/b should only have one @-prefixed key but it has 2 keys.",
                "/c/@path should be a string or a mapping directive but it is a number.",
            ])
    }

    func testMissingSubscribeAndMapping() {
        let found = errors(
            #"{"mappings":[{"name":"x"},{"subscribe":"type = \"track\""},{"mapping":{}},{"subscribe":5,"mapping":[]}]}"#
        )
        XCTAssertEqual(
            found.map(\.place),
            [
                "mappings[0].subscribe", "mappings[0].mapping",
                "mappings[1].mapping",
                "mappings[2].subscribe",
                "mappings[3].subscribe", "mappings[3].mapping",
            ])
        XCTAssertEqual(found[1].message, "a mapping object is required")
        XCTAssertTrue(found[0].message.hasPrefix("a subscription string is required"), found[0].message)
    }

    func testEveryErrorIsCollected() {
        let found = errors(
            #"""
            {"mappings":[
              {"name":1,"enabled":"yes","subscribe":"typo = 1","mapping":{"a":{"@liquid":"x"}}},
              "not an object",
              {"subscribe":"type = \"track\"","mapping":{"b":{"@nope":1}}}
            ]}
            """#)
        XCTAssertEqual(
            found.map(\.place),
            [
                "mappings[0].name", "mappings[0].enabled", "mappings[0].subscribe",
                "mappings[1]",
                "mappings[2].mapping",
            ])
        XCTAssertEqual(found[0].message, "must be a string")
        XCTAssertEqual(found[1].message, "must be true or false")
        XCTAssertEqual(found[3].message, "expected an object")
        XCTAssertEqual(found[4].message, "/b has an invalid directive: @nope.")
    }

    func testNotJSON() {
        let found = errors(#"{"mappings":[}"#)
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found.first?.place, "")
        XCTAssertTrue(found.first?.message.hasPrefix("the mapping file is not valid JSON: ") ?? false, "\(found)")
        // An empty place prints the message alone.
        XCTAssertEqual(found.first?.description, found.first?.message)
        XCTAssertEqual(errors("").first?.place, "")
        XCTAssertEqual(errors("mappings: []").first?.place, "")
    }

    func testWrongShape() {
        for text in [#"{}"#, #"{"mappings":{}}"#, #"{"Mappings":[]}"#, #"42"#] {
            let found = errors(text)
            XCTAssertEqual(found.count, 1, text)
            XCTAssertTrue(
                found.first?.message.hasPrefix(#"expected {"mappings": [...]}, an array of mappings"#) ?? false, text)
        }
        XCTAssertEqual(errors("[]"), [MappingError(place: "", message: "no mappings defined")])
    }

    /// The shapes Segment's tools export: `trigger`/`settings` keys, a bare array, a single mapping, and
    /// the Public API's subscriptions list.
    func testExportedShapes() throws {
        let one = #"{"name": "m", "enabled": true, "trigger": "type = \"track\"", "settings": {"event_type": "x"}}"#
        for text in [one, "[\(one)]", #"{"subscriptions": [\#(one)]}"#, #"{"data": {"subscriptions": [\#(one)]}}"#] {
            let mappings = try MappingFile.load(Array(text.utf8))
            XCTAssertEqual(mappings.count, 1, text)
            XCTAssertEqual(mappings.first?.name, "m")
            XCTAssertEqual(mappings.first?.subscription, #"type = "track""#)
            XCTAssertEqual(mappings.first?.fields.map(\.name), ["event_type"])
        }
        let bad = errors(#"{"subscriptions": [{"trigger": "typo", "settings": {}}]}"#)
        XCTAssertEqual(bad.first?.place, "subscriptions[0].trigger")
        XCTAssertEqual(errors(#"[{"trigger": "typo", "settings": {}}]"#).first?.place, "[0].trigger")
    }

    func testEmptyMappings() {
        XCTAssertEqual(errors(#"{"mappings":[]}"#), [MappingError(place: "mappings", message: "no mappings defined")])
    }

    func testMappingErrorDescription() {
        XCTAssertEqual(
            MappingError(place: "mappings[2].mapping.customer_id", message: "m").description,
            "mappings[2].mapping.customer_id: m")
        XCTAssertEqual(MappingError(place: "", message: "m").description, "m")
    }
}
