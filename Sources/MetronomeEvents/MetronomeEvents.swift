// MetronomeEvents: Metronome usage events and where they go.
//
// Overview. `EventBuilder` turns one mapping's resolved fields into a Metronome event exactly as
// Segment's Metronome (Actions) destination does (SEMANTICS 2.3): top-level null and "" removed,
// string coercions and single-element array unwrapping, the five required fields, `properties` an
// object, timestamps converted by `TimestampConversion` (SEMANTICS 3), and Metronome's own limits
// (`EventRules`). It writes the event's NDJSON line straight into the caller's buffer, copying
// `properties` as raw bytes, or returns the rejection reasons. `RejectRecord` formats rejects-file
// lines; `EventFileSink` writes output files under a temporary name and renames them when complete.
