/// One input file's progress through the HTTP sink: batches in flight and counts so far.
struct FileProgress {
    var batchesOutstanding = 0
    /// True once the producer finished the file (`IngestSink.finishFile`).
    var finished = false
    var counts = FileSettlement.Counts()
}
