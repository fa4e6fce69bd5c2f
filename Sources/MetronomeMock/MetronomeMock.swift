// MetronomeMock: a local stand-in for Metronome's ingest API, for users' pipelines and our tests.
//
// Overview. `MockMetronomeServer` is a SwiftNIO HTTP/1.1 server (keep-alive, one event loop per core)
// answering `POST /v1/ingest` as Metronome does (SEMANTICS 6.1-6.4): bearer auth (401 without a
// token, 403 with a wrong one), a bare JSON array of 1 to 100 events (gzip bodies accepted, larger
// than 16 MiB refused with 413), every event checked with `IngestEventCheck`, the whole request 400
// when one event is bad, with Metronome-style `{"message":"[/3: reason]"}`. Stricter than Metronome
// in one way: a `transaction_id` twice in one request is a 400 too. Accepted events are deduplicated
// by `transaction_id` and appended to a record file. `MockFaults` injects failures on request: 5xx,
// 5xx after a partial ingest, 429 with `Retry-After`, dropped connections and slow answers.
//
// Layers: `MockIngestHandler` (NIO, one per connection) gathers a request and writes the answer;
// `MockIngestService` (no NIO) decides it: `IngestBatchCheck` for the body, `MockFaults` drawn with a
// seeded generator, then one short locked commit of dedupe, record file and statistics.
// `MockMetronomeConfiguration.validate = false` turns it into a plain 200 sink for benchmarks.
