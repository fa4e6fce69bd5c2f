// SegmentMapping: Segment's mapping language, compiled once and evaluated on parsed lines.
//
// Overview. A mapping file (`MappingFile`) holds named mappings, each a trigger (`Trigger`, the
// subscription) and a field mapping. Both compile at load time: a field's value becomes a
// `ValueProgram` (literals, `@path` as a pre-split `FieldPath`, the directives of Directives/) and the trigger
// becomes a `Trigger` tree whose field lookups are pre-split too. The hot loop calls
// `Trigger.matches(_:)` and `ValueProgram.evaluate(on:)` on a `JSONDocument`; results are
// `MappedValue`s that point into the line (no copy) unless the program had to build a value.
//
// New directives and trigger operators drop in as new cases of `ValueProgram` and `Trigger`; the loop
// that calls them does not change.
