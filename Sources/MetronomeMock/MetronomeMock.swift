// MetronomeMock: a local stand-in for Metronome's ingest API, for users' pipelines and our tests.
//
// Overview. `MockMetronomeServer` is a SwiftNIO HTTP/1.1 server answering `POST /v1/ingest` as
// Metronome does (SEMANTICS 6.1-6.4): bearer auth (401 without a token, 403 with a wrong one), a
// bare JSON array of 1 to 100 events, every event checked with `IngestEventCheck`, the whole request
// 400 when one event is bad. Accepted events are deduplicated by `transaction_id` and appended to a
// record file. `MockFaults` injects failures on request: 5xx, 5xx after a partial ingest, 429 with
// `Retry-After`, dropped connections and slow answers.
