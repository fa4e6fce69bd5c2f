import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// `@excludeWhenNull` (SEMANTICS 4.5): null removed, through nested objects only.
final class ExcludeWhenNullDirectiveTests: XCTestCase {
    private let event =
        #"{"n":null,"o":{"bar":null,"aces":{"a":1,"c":null,"d":{"a":null}},"list":[null,{"c":null}]},"s":"x","z":0}"#

    func testValues() {
        MappingTestSupport.assertTransform(#"{"f":{"@excludeWhenNull":{"@path":"$.n"}},"g":1}"#, event, #"{"g":1}"#)
        MappingTestSupport.assertTransform(
            #"{"@excludeWhenNull":{"@path":"$.o"}}"#, event, #"{"aces":{"a":1,"d":{}},"list":[null,{"c":null}]}"#)
        MappingTestSupport.assertTransform(#"{"@excludeWhenNull":{"@path":"$.s"}}"#, event, #""x""#)
        MappingTestSupport.assertTransform(#"{"@excludeWhenNull":{"@path":"$.z"}}"#, event, "0")
        MappingTestSupport.assertTransform(#"{"@excludeWhenNull":[null]}"#, event, "[null]")
        MappingTestSupport.assertTransform(
            #"{"@excludeWhenNull":{"@literal":{"a":null,"b":{"c":null}}}}"#, event, #"{"b":{}}"#)
        MappingTestSupport.assertTransform(#"{"f":{"@excludeWhenNull":{"@path":"$.nope"}}}"#, event, "{}")
        // Built objects holding values of the line.
        MappingTestSupport.assertTransform(
            #"{"@excludeWhenNull":{"@literal":{"x":{"@path":"$.o.aces"},"y":{"@path":"$.n"}}}}"#, event,
            #"{"x":{"a":1,"d":{}}}"#)
    }

    func testValidation() {
        MappingTestSupport.assertTransformError(
            #"{"@excludeWhenNull":{"@oops":1}}"#, event, "/@excludeWhenNull has an invalid directive: @oops.")
        // Plain objects given to it are not validated; an unknown directive inside fails when resolved.
        MappingTestSupport.assertTransformError(
            #"{"@excludeWhenNull":{"a":{"@oops":1}}}"#, event, "@oops is not a valid directive, got undefined")
        MappingTestSupport.assertTransformError(
            #"{"@literal":[{"@oops":1}]}"#, event, "@oops is not a valid directive, got undefined")
    }
}
