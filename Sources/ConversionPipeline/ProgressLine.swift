import Dispatch
import Foundation
import SegmentArchive

/// The progress line on a terminal's stderr: files done, events/s, MB/s, ETA. Redrawn at most every
/// half second, erased at the end. Only ever touched from the mapper's thread.
final class ProgressLine: @unchecked Sendable {
    private var totalFiles = 0
    private var filesDone = 0
    private var bytes: Int64 = 0
    private var events = 0
    private var started = DispatchTime.now()
    private var lastDraw: UInt64 = 0

    func start(totalFiles: Int) {
        self.totalFiles = totalFiles
        started = DispatchTime.now()
    }

    func addLines(of chunk: LineChunk) { bytes += Int64(chunk.count) }

    func fileDone(events: Int) {
        filesDone += 1
        update(events: events)
    }

    func update(events: Int) {
        self.events = events
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - lastDraw > 500_000_000 else { return }
        lastDraw = now
        let seconds = max(0.001, Double(now - started.uptimeNanoseconds) / 1e9)
        var line = "\r\u{1B}[K"
        line += "files \(filesDone)/\(totalFiles) · \(events) events · \(Int(Double(events) / seconds)) events/s · "
        line += String(format: "%.0f MB/s", Double(bytes) / seconds / 1e6)
        if filesDone > 0 && filesDone < totalFiles {
            let remaining = seconds / Double(filesDone) * Double(totalFiles - filesDone)
            line += String(format: " · ETA %.0fs", remaining)
        }
        FileHandle.standardError.write(Data(line.utf8))
    }

    func stop() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
