// RunLedger: the SQLite ledger that lets scheduled runs never lose or repeat work (GRDB, WAL mode).
//
// Overview. `Ledger` records, per input file, its identity (`FileIdentity`: relative path, size,
// modification time, a content fingerprint), the fingerprint of what changes the output (mapping file
// and options), its status (pending, in progress, done, failed) and counts, and for uploads the event
// ranges Metronome acknowledged; and one row per run. `Ledger+Schema` holds the versioned migrations.
// `LedgerLock` keeps one run at a time per ledger (an advisory `flock` on `<ledger>.lock`).
// `RunPlan` decides per file (new, changed, resume, retry, skip) from what the ledger remembers.
// (MetronomeIngest's `SettledRanges` uses the acknowledged ranges to skip settled events on resume.)
// `ShardAssignment` splits files across machines by a stable hash of their relative path. The tables
// are meant to be read with the `sqlite3` shell too; the README documents them.
