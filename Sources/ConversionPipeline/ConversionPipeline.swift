// ConversionPipeline: archives in, Metronome events out, on every core.
//
// Overview. `Conversion` runs the pipeline for `convert`:
//
//     reader threads ──▶ bounded queue of chunks ──▶ mapper (concurrentPerform over line slices) ──▶ ordered writer
//
// Several files are read at once (one `ArchiveReader` per reader thread), each file's chunks stay in
// order in the queue, and the mapper processes a batch of chunks by splitting them into line slices
// that `DispatchQueue.concurrentPerform` maps in parallel (`ChunkMapper`). Results are written in input
// order per file by `OutputRouter`. The queue's capacity is the back-pressure that bounds memory.
// `RunReport` counts everything and is written as JSON for `--report`.
//
// Scheduled runs. `FileSelection` keeps this worker's shard and the `--since`/`--until` window of the
// discovered files. With a `LedgerSession`, `Conversion` asks the ledger which of them to process
// (`RunPlan`), `OutputRouter` marks each file in progress when it starts (and, for `sync`, hands the
// HTTP sink the positions earlier runs settled, to skip), and each file's end reaches the ledger once
// its output is renamed (`convert`) or its last batch settled (`sync`, via `FinishedFiles`).
// `LedgerRunSummary` reports the decisions.
