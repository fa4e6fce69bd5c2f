import XCTest

@testable import MetronomeEvents
@testable import SegmentJSON
@testable import SegmentMapping

/// `EventBuilder` against SEMANTICS 2.3-2.5 (cleaning, coercion, validation messages, key order) and
/// Metronome's limits (6.2-6.3).
final class EventBuilderTests: XCTestCase {
    // MARK: Helpers

    /// 2024-01-01T00:00:00.000Z: after every timestamp used below unless a test says otherwise.
    static let now: Int64 = 1_704_067_200_000

    private enum Outcome: Equatable {
        case event(String)
        case rejected(String)
    }

    private func build(
        _ line: String, mapping: CompiledMapping = .segmentPreset, rules: EventRules = EventRules(nowMilliseconds: now),
        file: StaticString = #filePath, line testLine: UInt = #line
    ) -> Outcome? {
        do {
            return try EventTestSupport.withDocument(line) { document in
                var out: [UInt8] = Array("previous\n".utf8)
                let builder = EventBuilder(rules: rules)
                if let rejection = builder.append(mapping, document, to: &out) {
                    XCTAssertEqual(
                        out, Array("previous\n".utf8), "a rejected event appends nothing", file: file, line: testLine)
                    return .rejected(rejection.reason)
                }
                // The plan form gives the same bytes.
                var again: [UInt8] = []
                XCTAssertNil(builder.append(EventPlan(mapping), document, to: &again), file: file, line: testLine)
                XCTAssertEqual(Array(out.dropFirst("previous\n".utf8.count)), again, file: file, line: testLine)
                XCTAssertEqual(out.last, UInt8(ascii: "\n"), file: file, line: testLine)
                return .event(String(decoding: out.dropFirst("previous\n".utf8.count).dropLast(), as: UTF8.self))
            }
        } catch {
            XCTFail("line did not parse: \(line): \(error)", file: file, line: testLine)
            return nil
        }
    }

    private func rejection(
        _ line: String, mapping: CompiledMapping = .segmentPreset, rules: EventRules = EventRules(nowMilliseconds: now),
        file: StaticString = #filePath, line testLine: UInt = #line
    ) -> EventRejection? {
        try? EventTestSupport.withDocument(line) { document in
            var out: [UInt8] = []
            return EventBuilder(rules: rules).append(mapping, document, to: &out)
        }
    }

    private func mapping(_ fields: String, file: StaticString = #filePath, line: UInt = #line) -> CompiledMapping {
        do {
            return try EventTestSupport.mapping(fields)
        } catch {
            XCTFail("bad mapping \(fields): \(error)", file: file, line: line)
            return .segmentPreset
        }
    }

    /// A preset event line with the given top-level members replacing the defaults (`nil` removes one);
    /// values are JSON text.
    private func presetLine(_ overrides: [String: String?] = [:]) -> String {
        var members: [(String, String?)] = [
            ("type", #""track""#),
            ("messageId", #""m-1""#),
            ("timestamp", #""2023-11-25T00:30:05.728Z""#),
            ("event", #""API Call""#),
            ("context", #"{"groupId":"acct_1"}"#),
            ("properties", #"{"n":1}"#),
        ]
        for (key, value) in overrides {
            if let index = members.firstIndex(where: { $0.0 == key }) {
                members[index].1 = value
            } else {
                members.append((key, value))
            }
        }
        return "{" + members.compactMap { key, value in value.map { "\"\(key)\":\($0)" } }.joined(separator: ",") + "}"
    }

    /// Maps every field of the event from a top-level member of the same name: `{"transaction_id": ...}`
    /// lines become events directly, so each field's value can be set to anything.
    private lazy var direct = mapping(
        #"{"transaction_id":{"@path":"$.transaction_id"},"customer_id":{"@path":"$.customer_id"},"timestamp":{"@path":"$.timestamp"},"event_type":{"@path":"$.event_type"},"properties":{"@path":"$.properties"}}"#
    )

    /// A `direct` line with one field replaced by `value` (JSON text; nil removes it).
    private func directLine(_ field: String, _ value: String?) -> String {
        var members: [(String, String?)] = [
            ("transaction_id", #""t-1""#),
            ("customer_id", #""c-1""#),
            ("timestamp", #""2021-07-10T05:37:11Z""#),
            ("event_type", #""e-1""#),
            ("properties", "{}"),
        ]
        let index = members.firstIndex { $0.0 == field }!
        members[index].1 = value
        return "{" + members.compactMap { key, value in value.map { "\"\(key)\":\($0)" } }.joined(separator: ",") + "}"
    }

    /// The event `direct` builds when `field` holds `value` and the others hold their defaults.
    private func directEvent(_ field: String, _ written: String) -> String {
        var members: [(String, String)] = [
            ("transaction_id", #""t-1""#),
            ("customer_id", #""c-1""#),
            ("timestamp", #""2021-07-10T05:37:11.000Z""#),
            ("event_type", #""e-1""#),
            ("properties", "{}"),
        ]
        members[members.firstIndex { $0.0 == field }!].1 = written
        return "{" + members.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    private func assertDirect(
        _ field: String, _ value: String, gives expected: Outcome, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(
            build(directLine(field, value), mapping: direct, file: file, line: line), expected, "\(field) = \(value)",
            file: file, line: line)
    }

    private static let stringFields: [(key: String, label: String)] = [
        ("transaction_id", "Transaction_id"), ("customer_id", "Customer_id"), ("event_type", "Event_type"),
    ]

    // MARK: SEMANTICS 2.5

    func testWorkedExampleByteForByte() {
        let line =
            #"{"type":"track","event":"API Call","messageId":"ajs-next-1890b6ba","timestamp":"2023-11-25T00:30:05.728+00:00","context":{"groupId":"acct_42","library":{"name":"analytics-node","version":"1.0"}},"properties":{"endpoint":"/v1/users","count":3,"region":null},"userId":"u1"}"#
        let expected =
            #"{"transaction_id":"ajs-next-1890b6ba","customer_id":"acct_42","timestamp":"2023-11-25T00:30:05.728Z","event_type":"API Call","properties":{"endpoint":"/v1/users","count":3,"region":null}}"#
        XCTAssertEqual(build(line), .event(expected))
        // The same bytes, newline included, straight from append.
        let bytes = try? EventTestSupport.withDocument(line) { document -> [UInt8] in
            var out: [UInt8] = []
            XCTAssertNil(
                EventBuilder(rules: EventRules(nowMilliseconds: Self.now)).append(.segmentPreset, document, to: &out))
            return out
        }
        XCTAssertEqual(bytes, Array((expected + "\n").utf8))
    }

    func testUpstreamTestExample() {
        // sendEvent/__tests__/index.test.ts: properties mapped from $.context; body keys in the mapping's order.
        let upstream = mapping(
            #"{"event_type":{"@path":"$.event"},"customer_id":{"@path":"$.context.groupId"},"properties":{"@path":"$.context"},"transaction_id":{"@path":"$.messageId"},"timestamp":{"@path":"$.timestamp"}}"#
        )
        let line =
            #"{"type":"track","event":"Test Event","messageId":"a1b2c3","timestamp":"2021-01-01","context":{"groupId":"mock-group-id"},"properties":{"ignored":true}}"#
        XCTAssertEqual(
            build(line, mapping: upstream),
            .event(
                #"{"event_type":"Test Event","customer_id":"mock-group-id","properties":{"groupId":"mock-group-id"},"transaction_id":"a1b2c3","timestamp":"2021-01-01T00:00:00.000Z"}"#
            ))
        // A timestamp mapped from a property holding epoch milliseconds.
        let fromProperty = mapping(
            #"{"transaction_id":{"@path":"$.messageId"},"customer_id":{"@path":"$.context.groupId"},"timestamp":{"@path":"$.properties.when"},"event_type":{"@path":"$.event"},"properties":{"@path":"$.properties"}}"#
        )
        XCTAssertEqual(
            build(
                #"{"type":"track","event":"Test Event","messageId":"a1","context":{"groupId":"g"},"properties":{"when":1625895431000}}"#,
                mapping: fromProperty),
            .event(
                #"{"transaction_id":"a1","customer_id":"g","timestamp":"2021-07-10T05:37:11.000Z","event_type":"Test Event","properties":{"when":1625895431000}}"#
            ))
    }

    // MARK: Coercion table (2.3)

    func testStringFieldsCoercion() {
        for (key, label) in Self.stringFields {
            assertDirect(key, #""kept as is""#, gives: .event(directEvent(key, #""kept as is""#)))
            assertDirect(key, "12345", gives: .event(directEvent(key, #""12345""#)))
            assertDirect(key, "12.50", gives: .event(directEvent(key, #""12.5""#)))
            assertDirect(key, "-0", gives: .event(directEvent(key, #""0""#)))
            assertDirect(key, "1e21", gives: .event(directEvent(key, #""1e+21""#)))
            assertDirect(key, "0.0000001", gives: .event(directEvent(key, #""1e-7""#)))
            assertDirect(key, "12345678901234567890", gives: .event(directEvent(key, #""12345678901234567000""#)))
            assertDirect(key, "true", gives: .event(directEvent(key, #""true""#)))
            assertDirect(key, "false", gives: .event(directEvent(key, #""false""#)))
            assertDirect(key, #"["acct_1"]"#, gives: .event(directEvent(key, #""acct_1""#)))
            assertDirect(key, "[42]", gives: .event(directEvent(key, #""42""#)))
            assertDirect(key, "[true]", gives: .event(directEvent(key, #""true""#)))
            assertDirect(key, #"[ "spaced" ]"#, gives: .event(directEvent(key, #""spaced""#)))
            // [null] and [""] coerce to "", which Metronome does not accept.
            assertDirect(
                key, "[null]", gives: .rejected("\(label) is empty; Metronome requires at least one character."))
            assertDirect(
                key, #"[""]"#, gives: .rejected("\(label) is empty; Metronome requires at least one character."))
            for array in ["[]", #"["a","b"]"#, "[1,2]", "[{}]", #"[{"a":1}]"#, "[[1]]", "[[]]"] {
                assertDirect(key, array, gives: .rejected("\(label) must be a string but it was an array."))
            }
            assertDirect(key, "{}", gives: .rejected("\(label) must be a string but it was an object."))
            assertDirect(key, #"{"a":"b"}"#, gives: .rejected("\(label) must be a string but it was an object."))
        }
    }

    func testTimestampCoercion() {
        let notDateLike = Outcome.rejected("Timestamp must be a valid date-like string but it was not.")
        assertDirect(
            "timestamp", #""2021-07-10T05:37:11+02:00""#,
            gives: .event(directEvent("timestamp", #""2021-07-10T03:37:11.000Z""#)))
        assertDirect(
            "timestamp", "1625895431000", gives: .event(directEvent("timestamp", #""2021-07-10T05:37:11.000Z""#)))
        assertDirect(
            "timestamp", "1625895431000.5", gives: .event(directEvent("timestamp", #""2021-07-10T05:37:11.000Z""#)))
        assertDirect("timestamp", "0", gives: .event(directEvent("timestamp", #""1970-01-01T00:00:00.000Z""#)))
        assertDirect("timestamp", "true", gives: notDateLike)
        assertDirect("timestamp", "false", gives: notDateLike)
        assertDirect("timestamp", #""garbage""#, gives: notDateLike)
        assertDirect(
            "timestamp", #"["2021-01-01"]"#, gives: .event(directEvent("timestamp", #""2021-01-01T00:00:00.000Z""#)))
        assertDirect(
            "timestamp", "[1625895431000]", gives: .event(directEvent("timestamp", #""2021-07-10T05:37:11.000Z""#)))
        assertDirect("timestamp", "[true]", gives: notDateLike)
        // [null] unwraps to "", which is not date-like (it is not removed: only top-level "" is).
        assertDirect("timestamp", "[null]", gives: notDateLike)
        for array in ["[]", #"["2021-01-01","2021-01-02"]"#, "[{}]", "[[0]]"] {
            assertDirect(
                "timestamp", array, gives: .rejected("Timestamp must be a string or number but it was an array."))
        }
        assertDirect("timestamp", "{}", gives: .rejected("Timestamp must be a string or number but it was an object."))
        // The largest valid time converts, and is then far beyond Metronome's future limit.
        assertDirect(
            "timestamp", "8.64e15",
            gives: .rejected(
                "Timestamp +275760-09-13T00:00:00.000Z is more than 24 hours after the reference time 2024-01-01T00:00:00.000Z; Metronome rejects it."
            ))
        assertDirect("timestamp", "8.640000000000001e15", gives: .rejected("Timestamp is out of range."))
        assertDirect("timestamp", "-1e16", gives: .rejected("Timestamp is out of range."))
    }

    func testTimestampStringForms() {
        let forms: [(String, String)] = [
            (#""2021-01-01""#, "2021-01-01T00:00:00.000Z"),
            (#""2021-02-01T00:00:00.000Z""#, "2021-02-01T00:00:00.000Z"),
            (#""2021-07-10T05:37:11.123456Z""#, "2021-07-10T05:37:11.123Z"),
            (#""2021-07-10 05:37:11""#, "2021-07-10T05:37:11.000Z"),
            (#""2021/07/10""#, "2021-07-10T00:00:00.000Z"),
            (#""20210710""#, "2021-07-10T00:00:00.000Z"),
            (#""2021-07-10T05:37:11.5""#, "2021-07-10T05:37:11.005Z"),
            (#""Sat, 10 Jul 2021 05:37:11 GMT""#, "2021-07-10T05:37:11.000Z"),
            (#""2021-07-10T05:37:11z""#, "2021-07-10T05:37:11.000Z"),
            (#""1625895431000""#, "1632-06-24T07:00:00.000Z"),
            (#""2021-07-10T05:37:11\u002B02:00""#, "2021-07-10T03:37:11.000Z"),
        ]
        for (value, expected) in forms {
            assertDirect("timestamp", value, gives: .event(directEvent("timestamp", "\"\(expected)\"")))
        }
    }

    func testTimestampVectorsThroughTheBuilder() throws {
        let cases = try EventTestSupport.vectorCases("timestamps.json")
        XCTAssertGreaterThan(cases.count, 0, "timestamps.json has no cases")
        var passed = 0
        for testCase in cases {
            guard case .string(let name)? = testCase["name"], let input = testCase["input"],
                let expected = testCase["expected"]
            else {
                XCTFail("malformed case: \(testCase)")
                continue
            }
            let result = build(directLine("timestamp", input.jsonText), mapping: direct)
            let wanted: Outcome
            switch expected {
            case .string(let iso): wanted = .event(directEvent("timestamp", "\"\(iso)\""))
            case .object(let object):
                guard case .string(let message)? = object["error"] else { continue }
                if case .rejected(let reason)? = result, reason.contains(message) {
                    passed += 1
                } else {
                    XCTFail("timestamps.json \(name.debugDescription): \(String(describing: result))")
                }
                continue
            default:
                XCTFail("malformed expected: \(expected)")
                continue
            }
            XCTAssertEqual(result, wanted, "timestamps.json \(name.debugDescription)")
            if result == wanted { passed += 1 }
        }
        XCTAssertEqual(passed, cases.count, "timestamps.json through EventBuilder: \(passed) of \(cases.count) pass")
    }

    func testPropertiesCoercion() {
        assertDirect("properties", "{}", gives: .event(directEvent("properties", "{}")))
        assertDirect(
            "properties", #"{"a":[1,{"b":null}],"c":"","d":{}}"#,
            gives: .event(directEvent("properties", #"{"a":[1,{"b":null}],"c":"","d":{}}"#)))
        assertDirect("properties", #""text""#, gives: .rejected("Properties must be an object but it was a string."))
        assertDirect("properties", "12", gives: .rejected("Properties must be an object but it was a number."))
        assertDirect("properties", "0", gives: .rejected("Properties must be an object but it was a number."))
        assertDirect("properties", "true", gives: .rejected("Properties must be an object but it was a boolean."))
        assertDirect("properties", "false", gives: .rejected("Properties must be an object but it was a boolean."))
        // No unwrapping for objects: every array is an error.
        for array in ["[]", #"[{"a":1}]"#, #"["x"]"#, "[1]", "[null]", "[[]]", "[1,2]"] {
            assertDirect("properties", array, gives: .rejected("Properties must be an object but it was an array."))
        }
    }

    func testPropertiesKeepTheirRawSpelling() {
        let properties =
            #"{"big":12345678901234567890,"price":1.50,"exp":1E+2,"neg":-0,"s":"x","nested":{"n":null,"e":""}}"#
        XCTAssertEqual(
            build(presetLine(["properties": properties])),
            .event(
                #"{"transaction_id":"m-1","customer_id":"acct_1","timestamp":"2023-11-25T00:30:05.728Z","event_type":"API Call","properties":\#(properties)}"#
            ))
    }

    func testPropertiesAreWrittenInJSONStringifyForm() {
        // Whitespace removed, escapes made canonical, integer-like keys first, last duplicate wins.
        XCTAssertEqual(
            build(presetLine(["properties": #"{ "b" : 1 , "2" : "\u0041\/" , "a" : [ 1 , 2 ] , "b" : 3 }"#])),
            .event(
                #"{"transaction_id":"m-1","customer_id":"acct_1","timestamp":"2023-11-25T00:30:05.728Z","event_type":"API Call","properties":{"2":"A/","b":3,"a":[1,2]}}"#
            ))
    }

    // MARK: Cleaning (2.3 step 3)

    func testTopLevelNullAndEmptyStringAreRemoved() {
        for (key, label) in [
            ("transaction_id", "transaction_id"), ("customer_id", "customer_id"), ("event_type", "event_type"),
            ("timestamp", "timestamp"), ("properties", "properties"),
        ] {
            let missing = Outcome.rejected("The root value is missing the required field '\(label)'.")
            assertDirect(key, "null", gives: missing)
            assertDirect(key, #""""#, gives: missing)
            XCTAssertEqual(build(directLine(key, nil), mapping: direct), missing, key)
        }
    }

    func testPresetRejectsEventsWithoutGroupId() {
        XCTAssertEqual(
            build(presetLine(["context": #"{"library":{"name":"analytics.js"}}"#])),
            .rejected("The root value is missing the required field 'customer_id'."))
        XCTAssertEqual(
            build(presetLine(["context": nil])),
            .rejected("The root value is missing the required field 'customer_id'."))
        XCTAssertEqual(
            build(presetLine(["context": #"{"groupId":""}"#])),
            .rejected("The root value is missing the required field 'customer_id'."))
        XCTAssertEqual(
            build(presetLine(["context": #"{"groupId":null}"#])),
            .rejected("The root value is missing the required field 'customer_id'."))
    }

    func testFalsyContextGivesItselfAsCustomerID() {
        // SEMANTICS 4.7: `$.context.groupId` on a falsy `context` yields `context` itself.
        let head = #"{"transaction_id":"m-1","customer_id":"#
        let tail = #","timestamp":"2023-11-25T00:30:05.728Z","event_type":"API Call","properties":{"n":1}}"#
        XCTAssertEqual(build(presetLine(["context": "0"])), .event(head + #""0""# + tail))
        XCTAssertEqual(build(presetLine(["context": "false"])), .event(head + #""false""# + tail))
        XCTAssertEqual(
            build(presetLine(["context": #""""#])),
            .rejected("The root value is missing the required field 'customer_id'."))
        XCTAssertEqual(
            build(presetLine(["context": "null"])),
            .rejected("The root value is missing the required field 'customer_id'."))
        XCTAssertEqual(
            build(presetLine(["context": "1"])),
            .rejected("The root value is missing the required field 'customer_id'."))
        XCTAssertEqual(
            build(presetLine(["context": #""acct""#])),
            .rejected("The root value is missing the required field 'customer_id'."))
    }

    func testNestedNullAndEmptyStringSurvive() {
        XCTAssertEqual(
            build(presetLine(["properties": #"{"region":null,"label":"","list":[null,""],"deep":{"x":null}}"#])),
            .event(
                #"{"transaction_id":"m-1","customer_id":"acct_1","timestamp":"2023-11-25T00:30:05.728Z","event_type":"API Call","properties":{"region":null,"label":"","list":[null,""],"deep":{"x":null}}}"#
            ))
        // Also in a properties object built by the mapping.
        let built = mapping(
            #"{"transaction_id":{"@path":"$.messageId"},"customer_id":{"@path":"$.context.groupId"},"timestamp":{"@path":"$.timestamp"},"event_type":{"@path":"$.event"},"properties":{"region":{"@path":"$.properties.region"},"empty":"","gone":{"@path":"$.nope"},"fixed":null}}"#
        )
        XCTAssertEqual(
            build(presetLine(["properties": #"{"region":null}"#]), mapping: built),
            .event(
                #"{"transaction_id":"m-1","customer_id":"acct_1","timestamp":"2023-11-25T00:30:05.728Z","event_type":"API Call","properties":{"region":null,"empty":"","fixed":null}}"#
            ))
    }

    func testEmptyPropertiesAreValid() {
        XCTAssertEqual(
            build(presetLine(["properties": "{}"])),
            .event(
                #"{"transaction_id":"m-1","customer_id":"acct_1","timestamp":"2023-11-25T00:30:05.728Z","event_type":"API Call","properties":{}}"#
            ))
        XCTAssertEqual(
            build(presetLine(["properties": "[]"])), .rejected("Properties must be an object but it was an array."))
    }

    // MARK: Several failures (2.3 step 5)

    func testFailuresAreJoinedMissingFirstThenInFieldOrder() {
        let line = #"{"transaction_id":{},"timestamp":{"x":1},"properties":[1]}"#
        let expected =
            "The root value is missing the required field 'customer_id'. The root value is missing the required field 'event_type'. Transaction_id must be a string but it was an object. Timestamp must be a string or number but it was an object. Properties must be an object but it was an array."
        XCTAssertEqual(build(line, mapping: direct), .rejected(expected))
        XCTAssertEqual(rejection(line, mapping: direct)?.category, expected)
        // The order is the schema's, not the mapping's.
        let reversed = mapping(
            #"{"properties":{"@path":"$.properties"},"event_type":{"@path":"$.event_type"},"timestamp":{"@path":"$.timestamp"},"customer_id":{"@path":"$.customer_id"},"transaction_id":{"@path":"$.transaction_id"}}"#
        )
        XCTAssertEqual(build(line, mapping: reversed), .rejected(expected))
    }

    func testEveryMissingFieldIsReported() {
        XCTAssertEqual(
            build("{}", mapping: direct),
            .rejected(
                "The root value is missing the required field 'transaction_id'. The root value is missing the required field 'customer_id'. The root value is missing the required field 'timestamp'. The root value is missing the required field 'event_type'. The root value is missing the required field 'properties'."
            ))
        // A mapping without some fields reports them as missing too.
        let partial = mapping(#"{"transaction_id":{"@path":"$.transaction_id"},"properties":{"@path":"$.properties"}}"#)
        XCTAssertEqual(
            build(directLine("customer_id", #""c""#), mapping: partial),
            .rejected(
                "The root value is missing the required field 'customer_id'. The root value is missing the required field 'timestamp'. The root value is missing the required field 'event_type'."
            ))
    }

    func testTypeAndFormatFailuresTogether() {
        let line = #"{"transaction_id":"t","customer_id":[1,2],"timestamp":"nope","event_type":{},"properties":"p"}"#
        XCTAssertEqual(
            build(line, mapping: direct),
            .rejected(
                "Customer_id must be a string but it was an array. Timestamp must be a valid date-like string but it was not. Event_type must be a string but it was an object. Properties must be an object but it was a string."
            ))
    }

    // MARK: Key order and unknown keys (2.3 step 7)

    func testKeyOrderIsTheMappingsKeyOrder() {
        let ordered = mapping(
            #"{"properties":{"@path":"$.properties"},"timestamp":{"@path":"$.timestamp"},"transaction_id":{"@path":"$.messageId"},"event_type":{"@path":"$.event"},"customer_id":{"@path":"$.context.groupId"}}"#
        )
        XCTAssertEqual(
            build(presetLine(), mapping: ordered),
            .event(
                #"{"properties":{"n":1},"timestamp":"2023-11-25T00:30:05.728Z","transaction_id":"m-1","event_type":"API Call","customer_id":"acct_1"}"#
            ))
    }

    func testUnknownMappingKeysAreDropped() {
        let extra = mapping(
            #"{"source":"archive","transaction_id":{"@path":"$.messageId"},"customer_id":{"@path":"$.context.groupId"},"user":{"@path":"$.userId"},"timestamp":{"@path":"$.timestamp"},"event_type":{"@path":"$.event"},"properties":{"@path":"$.properties"},"Properties":{}}"#
        )
        XCTAssertEqual(
            build(presetLine(["userId": #""u1""#]), mapping: extra),
            .event(
                #"{"transaction_id":"m-1","customer_id":"acct_1","timestamp":"2023-11-25T00:30:05.728Z","event_type":"API Call","properties":{"n":1}}"#
            ))
    }

    func testLiteralsAndBuiltObjects() {
        let literal = mapping(
            #"{"transaction_id":{"@path":"$.messageId"},"customer_id":"acct_fixed","timestamp":1625895431000,"event_type":["Literal Event"],"properties":{"plan":{"@path":"$.properties.plan"},"source":"archive","n":12.50}}"#
        )
        XCTAssertEqual(
            build(presetLine(["properties": #"{"plan":"pro"}"#]), mapping: literal),
            .event(
                #"{"transaction_id":"m-1","customer_id":"acct_fixed","timestamp":"2021-07-10T05:37:11.000Z","event_type":"Literal Event","properties":{"plan":"pro","source":"archive","n":12.50}}"#
            ))
        let badLiteral = mapping(
            #"{"transaction_id":{"@path":"$.messageId"},"customer_id":12.50,"timestamp":"2021-01-01","event_type":"","properties":[]}"#
        )
        XCTAssertEqual(
            build(presetLine(), mapping: badLiteral),
            .rejected(
                "The root value is missing the required field 'event_type'. Properties must be an object but it was an array."
            ))
    }

    func testStringsAreWrittenWithCanonicalEscapes() {
        XCTAssertEqual(
            build(
                presetLine([
                    "messageId": #""m\/1\u00e9\"""#, "event": #""tab\there""#,
                    "context": #"{"groupId":"caf\u00E9 \ud83d\ude00"}"#,
                ])),
            .event(
                #"{"transaction_id":"m/1é\"","customer_id":"café 😀","timestamp":"2023-11-25T00:30:05.728Z","event_type":"tab\there","properties":{"n":1}}"#
            ))
    }

    // MARK: Metronome's limits (6.2-6.3)

    func testTransactionIDLength() {
        let ok = String(repeating: "a", count: 128)
        XCTAssertEqual(
            build(directLine("transaction_id", "\"\(ok)\""), mapping: direct),
            .event(directEvent("transaction_id", "\"\(ok)\"")))
        let long = String(repeating: "a", count: 129)
        XCTAssertEqual(
            build(directLine("transaction_id", "\"\(long)\""), mapping: direct),
            .rejected("Transaction_id is 129 characters long; Metronome accepts at most 128."))
        XCTAssertEqual(
            rejection(directLine("transaction_id", "\"\(long)\""), mapping: direct)?.category,
            "Transaction_id is longer than 128 characters.")
        // Characters, not bytes: 128 two-byte characters are fine, also when written as escapes.
        let accented = String(repeating: "é", count: 128)
        XCTAssertEqual(
            build(directLine("transaction_id", "\"\(accented)\""), mapping: direct),
            .event(directEvent("transaction_id", "\"\(accented)\"")))
        let escaped = String(repeating: #"\u00e9"#, count: 128)
        XCTAssertEqual(
            build(directLine("transaction_id", "\"\(escaped)\""), mapping: direct),
            .event(directEvent("transaction_id", "\"\(accented)\"")))
        XCTAssertEqual(
            build(directLine("transaction_id", "\"\(escaped)x\""), mapping: direct),
            .rejected("Transaction_id is 129 characters long; Metronome accepts at most 128."))
        // A number's string form counts too.
        XCTAssertEqual(
            build(directLine("transaction_id", String(repeating: "9", count: 21)), mapping: direct),
            .event(directEvent("transaction_id", #""1e+21""#)))
        // Other string fields have no upper limit.
        XCTAssertEqual(
            build(directLine("customer_id", "\"\(long)\""), mapping: direct),
            .event(directEvent("customer_id", "\"\(long)\"")))
    }

    func testEmptyAfterCoercion() {
        XCTAssertEqual(
            build(directLine("customer_id", "[null]"), mapping: direct),
            .rejected("Customer_id is empty; Metronome requires at least one character."))
        XCTAssertEqual(
            build(directLine("transaction_id", #"[""]"#), mapping: direct),
            .rejected("Transaction_id is empty; Metronome requires at least one character."))
        XCTAssertEqual(
            build(directLine("event_type", "[null]"), mapping: direct),
            .rejected("Event_type is empty; Metronome requires at least one character."))
    }

    func testFutureLimit() {
        let now: Int64 = 1_625_895_431_000  // 2021-07-10T05:37:11.000Z
        let day: Int64 = 86_400_000
        let rules = EventRules(nowMilliseconds: now)
        XCTAssertEqual(
            build(directLine("timestamp", String(now + day)), mapping: direct, rules: rules),
            .event(directEvent("timestamp", #""2021-07-11T05:37:11.000Z""#)))
        XCTAssertEqual(
            build(directLine("timestamp", String(now + day + 1)), mapping: direct, rules: rules),
            .rejected(
                "Timestamp 2021-07-11T05:37:11.001Z is more than 24 hours after the reference time 2021-07-10T05:37:11.000Z; Metronome rejects it."
            ))
        XCTAssertEqual(
            rejection(directLine("timestamp", String(now + day + 1)), mapping: direct, rules: rules)?.category,
            "Timestamp is more than 24 hours in the future.")
        XCTAssertEqual(
            build(directLine("timestamp", #""2021-07-11T05:37:11.001Z""#), mapping: direct, rules: rules),
            .rejected(
                "Timestamp 2021-07-11T05:37:11.001Z is more than 24 hours after the reference time 2021-07-10T05:37:11.000Z; Metronome rejects it."
            ))
        // Without --max-age, old events are fine.
        XCTAssertEqual(
            build(directLine("timestamp", "0"), mapping: direct, rules: rules),
            .event(directEvent("timestamp", #""1970-01-01T00:00:00.000Z""#)))
    }

    func testMaximumAge() {
        let now: Int64 = 1_625_895_431_000  // 2021-07-10T05:37:11.000Z
        let age: Int64 = 34 * 86_400_000
        let rules = EventRules(nowMilliseconds: now, maximumAgeMilliseconds: age)
        XCTAssertEqual(
            build(directLine("timestamp", String(now - age)), mapping: direct, rules: rules),
            .event(directEvent("timestamp", #""2021-06-06T05:37:11.000Z""#)))
        XCTAssertEqual(
            build(directLine("timestamp", String(now - age - 1)), mapping: direct, rules: rules),
            .rejected(
                "Timestamp 2021-06-06T05:37:10.999Z is older than --max-age allows (oldest accepted: 2021-06-06T05:37:11.000Z)."
            ))
        XCTAssertEqual(
            rejection(directLine("timestamp", String(now - age - 1)), mapping: direct, rules: rules)?.category,
            "Timestamp is older than --max-age.")
        XCTAssertEqual(
            build(directLine("timestamp", String(now)), mapping: direct, rules: rules),
            .event(directEvent("timestamp", #""2021-07-10T05:37:11.000Z""#)))
    }

    func testSchemaFailuresComeBeforeMetronomeLimits() {
        // A validation failure is reported alone, even when the timestamp is also too far ahead.
        let rules = EventRules(nowMilliseconds: 0)
        let line =
            #"{"transaction_id":"t","customer_id":{},"timestamp":"2021-07-10T05:37:11Z","event_type":"e","properties":{}}"#
        XCTAssertEqual(
            build(line, mapping: direct, rules: rules), .rejected("Customer_id must be a string but it was an object."))
    }

    func testRulesDefaults() {
        let rules = EventRules(nowMilliseconds: 42)
        XCTAssertEqual(rules.nowMilliseconds, 42)
        XCTAssertEqual(rules.maximumFutureMilliseconds, 86_400_000)
        XCTAssertNil(rules.maximumAgeMilliseconds)
        XCTAssertEqual(rules.maximumTransactionIDLength, 128)
    }

    // MARK: Fields

    func testMetronomeFields() {
        XCTAssertEqual(
            MetronomeField.allCases.map(\.key),
            ["transaction_id", "customer_id", "timestamp", "event_type", "properties"])
        XCTAssertEqual(
            MetronomeField.allCases.map(\.label),
            ["Transaction_id", "Customer_id", "Timestamp", "Event_type", "Properties"])
        XCTAssertEqual(MetronomeField(key: "customer_id"), .customerID)
        XCTAssertNil(MetronomeField(key: "Customer_id"))
    }
}
