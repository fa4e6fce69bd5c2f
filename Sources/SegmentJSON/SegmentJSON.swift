// SegmentJSON: the JSON engine.
//
// Overview. A Segment archive line is validated once, completely (RFC 8259 grammar and UTF-8), by
// `JSONLineParser`, which records only the *top-level members* of the line's object as byte spans
// (`JSONSpan`) into a reusable `JSONDocument`. Nothing is materialised: a mapping that reads
// `$.context.groupId` walks the already-validated bytes with `JSONNavigator`, and a sub-object such as
// `properties` is copied to the output as raw bytes by `JSONOutput` when it is already in the canonical
// `JSON.stringify` form (the common case), or re-serialised into that form otherwise.
//
// Values that have to be built (literals in a mapping file, results of directives) are `JSONValue`s.
// Numbers keep their exact spelling (`JSONValue.number(JSONNumber)`), so nothing above 2^53 loses
// precision when passed through.
//
// Unsafe pointer arithmetic is confined to `JSONLineParser`, `JSONNavigator` and `JSONStringDecoder`,
// which all work on a `JSONBytes` view of a line that is alive for the duration of one line's mapping.
