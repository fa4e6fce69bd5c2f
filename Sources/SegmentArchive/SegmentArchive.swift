// SegmentArchive: reading Segment archive files.
//
// Overview. `InputDiscovery` turns the command line's files and directories into a sorted list of
// `ArchiveFile`s (hidden entries and non-archive objects such as `dummy-object.txt` skipped).
// `ArchiveReader` streams one file: gzip is detected by its magic bytes and inflated member after member
// by `GzipInflater` (ISA-L when the build found it, zlib otherwise); the bytes go into a `LineFramer`,
// which cuts them into `LineChunk`s that end on a line boundary, strips a UTF-8 BOM and refuses to
// buffer a line longer than the limit. Memory is bounded by the chunk size plus the line limit,
// whatever the file size. `GzipFileWriter` writes `.gz` output with zlib.
