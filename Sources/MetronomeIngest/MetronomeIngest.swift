// MetronomeIngest: the HTTP sink, Metronome events to `POST /v1/ingest` (SEMANTICS 6).
//
// Overview. `IngestBatcher` groups checked events into request bodies of 1 to 100 events with no
// `transaction_id` twice. `IngestClient` sends one body with async-http-client and reports an
// `IngestResponse`. `RetryLogic` decides what a response *means* (delivered, retriable with an
// optional server delay, rejected, or fatal for the run), `RetryPolicy` decides *when and how often*
// to try again (the official SDKs' back-off, `retry-after` hints, a cap). `BatchUploader` runs
// batches with bounded concurrency, an optional `TokenBucket` rate limit and back-pressure, splits a
// 400'd batch in halves until the bad events are isolated, and reports every event's
// `DeliveryStatus`.
// `IngestSink` is the pipeline's side of it: checks, batches per input file, accounts every event, and
// for a ledger reports each batch settled for good (its first and last positions) and each file's
// `FileSettlement`; on resume it skips the positions in `SettledRanges`.
