import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// `ValueProgram`: compiling mapping nodes (SEMANTICS 4.2) and evaluating them on an event line, with
/// missing values removed from objects and written as null in arrays (4.1 step 6). The directives have
/// their own test files; `MappingKitVectorTests` runs every upstream vector.
final class ValueProgramTests: XCTestCase {
    // MARK: Helpers

    private func compile(_ mapping: String, file: StaticString = #filePath, line: UInt = #line) -> ValueProgram? {
        do {
            return try ValueProgram.compile(MappingTestSupport.json(mapping, file: file, line: line), place: "m")
        } catch {
            XCTFail("\(mapping) did not compile: \(error)", file: file, line: line)
            return nil
        }
    }

    /// The program's value on `event` as JSON text, or nil for missing.
    private func evaluate(
        _ program: ValueProgram, on event: String, file: StaticString = #filePath, line: UInt = #line
    ) -> String? {
        do {
            return try MappingTestSupport.withDocument(event) { document in
                MappingTestSupport.materialize(try program.evaluate(on: document), in: document)?.jsonText
            }
        } catch {
            XCTFail("event did not parse: \(error)", file: file, line: line)
            return nil
        }
    }

    private func assertResolves(
        _ mapping: String, on event: String, to expected: String?, file: StaticString = #filePath, line: UInt = #line
    ) {
        guard let program = compile(mapping, file: file, line: line) else { return }
        XCTAssertEqual(evaluate(program, on: event, file: file, line: line), expected, mapping, file: file, line: line)
    }

    // MARK: Literals

    func testLiterals() {
        let event = #"{"a":1}"#
        assertResolves(#""text""#, on: event, to: #""text""#)
        assertResolves("12.50", on: event, to: "12.50")
        assertResolves("12345678901234567890", on: event, to: "12345678901234567890")
        assertResolves("true", on: event, to: "true")
        assertResolves("false", on: event, to: "false")
        assertResolves("null", on: event, to: "null")
        assertResolves(#""""#, on: event, to: #""""#)
        assertResolves(#"{"x":{"y":[1,"two",null]}}"#, on: event, to: #"{"x":{"y":[1,"two",null]}}"#)
        assertResolves("[]", on: event, to: "[]")
        assertResolves("{}", on: event, to: "{}")
    }

    func testStructuresWithoutDirectivesCompileToLiterals() {
        guard let object = compile(#"{"x":{"y":[1,{"z":2}]}}"#), let array = compile(#"[1,[2,{"a":"b"}]]"#) else {
            return
        }
        guard case .literal = object, case .literal = array else {
            return XCTFail("expected literals")
        }
        guard let mixed = compile(#"{"x":1,"y":{"@path":"$.a"}}"#), case .object(let members) = mixed else {
            return XCTFail("expected an object program")
        }
        XCTAssertEqual(members.map(\.key), ["x", "y"])
    }

    // MARK: @path

    func testPath() {
        let event = #"{"a":{"b":[10,{"c":"deep"}]},"n":null,"z":0}"#
        assertResolves(#"{"@path":"$.a.b[1].c"}"#, on: event, to: #""deep""#)
        assertResolves(#"{"@path":"a.b.0"}"#, on: event, to: "10")
        assertResolves(#"{"@path":"$.n"}"#, on: event, to: "null")
        assertResolves(#"{"@path":"$.z.q"}"#, on: event, to: "0")
        assertResolves(#"{"@path":"$.missing"}"#, on: event, to: nil)
        assertResolves(#"{"@path":"$.a.b.length"}"#, on: event, to: "2")
        assertResolves(#"{"@path":""}"#, on: event, to: event)
        assertResolves(#"{"@path":"$."}"#, on: event, to: event)
        assertResolves(#"{"@path":"$.a","_metadata":{"label":"A"}}"#, on: event, to: #"{"b":[10,{"c":"deep"}]}"#)
    }

    func testPathPassesEventValuesThroughUnchanged() {
        let event = #"{"p":{"big":12345678901234567890,"price":1.50,"nested":{"x":null,"y":""}}}"#
        assertResolves(
            #"{"@path":"$.p"}"#, on: event, to: #"{"big":12345678901234567890,"price":1.50,"nested":{"x":null,"y":""}}"#
        )
        assertResolves(#"{"out":{"@path":"$.p.big"}}"#, on: event, to: #"{"out":12345678901234567890}"#)
    }

    // MARK: Objects and arrays

    func testObjectsWithNestedPaths() {
        let event = #"{"userId":"u1","context":{"groupId":"g1"},"properties":{"n":3}}"#
        assertResolves(
            #"{"who":{"@path":"$.userId"},"fixed":"F","inner":{"group":{"@path":"$.context.groupId"},"count":{"@path":"$.properties.n"}}}"#,
            on: event,
            to: #"{"who":"u1","fixed":"F","inner":{"group":"g1","count":3}}"#)
    }

    func testMissingKeysAreRemovedAndNullIsKept() {
        let event = #"{"a":"x","n":null}"#
        assertResolves(
            #"{"a":{"@path":"$.a"},"gone":{"@path":"$.nope"},"n":{"@path":"$.n"}}"#, on: event,
            to: #"{"a":"x","n":null}"#)
        assertResolves(#"{"inner":{"gone":{"@path":"$.nope"}}}"#, on: event, to: #"{"inner":{}}"#)
        assertResolves(#"{"gone":{"@path":"$.nope"}}"#, on: event, to: "{}")
    }

    func testArrayElementsThatAreMissingBecomeNull() {
        let event = #"{"a":"x"}"#
        assertResolves(#"["a",{"@path":"$.missing"},{"@path":"$.a"}]"#, on: event, to: #"["a",null,"x"]"#)
        assertResolves(#"[{"@path":"$.missing"}]"#, on: event, to: "[null]")
        assertResolves(#"{"list":[{"@path":"$.a"},[{"@path":"$.nope"}]]}"#, on: event, to: #"{"list":["x",[null]]}"#)
    }

    func testObjectKeyOrderFollowsJavaScript() {
        // Integer-like keys first in ascending order, then the others in mapping order.
        assertResolves(
            #"{"b":{"@path":"$.a"},"10":1,"a":2,"2":3}"#, on: #"{"a":"x"}"#, to: #"{"2":3,"10":1,"b":"x","a":2}"#)
    }

    func testCanFail() {
        for mapping in [
            #""x""#, #"{"@path":"$.a"}"#, #"{"a":[1,{"@path":"$.b"}]}"#, #"{"@literal":{"a":{"@path":"$.b"}}}"#,
        ] {
            XCTAssertEqual(compile(mapping)?.canFail, false, mapping)
        }
        for mapping in [
            #"{"@template":"{{a}}"}"#, #"{"a":[{"@if":{"exists":1,"then":2}}]}"#, #"{"@path":{"@path":"$.p"}}"#,
        ] {
            XCTAssertEqual(compile(mapping)?.canFail, true, mapping)
        }
    }
}
