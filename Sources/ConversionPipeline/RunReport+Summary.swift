import Foundation

extension RunReport {
    /// The end-of-run summary for stderr, in words.
    public func summary(destination: String) -> String {
        func number(_ value: Int) -> String {
            let digits = String(value)
            var out = ""
            for (index, character) in digits.reversed().enumerated() {
                if index > 0 && index % 3 == 0 { out.append(",") }
                out.append(character)
            }
            return String(out.reversed())
        }
        var lines: [String] = []
        let megabytes = String(format: "%.1f MB", Double(bytesRead) / 1e6)
        lines.append(
            "Converted \(number(filesRead)) file\(filesRead == 1 ? "" : "s") (\(megabytes) uncompressed, \(number(linesRead)) lines) in \(String(format: "%.2f", elapsedSeconds)) s."
        )
        lines.append("  \(number(eventsWritten)) Metronome events written to \(destination)")
        lines.append("  \(number(eventsSkipped)) events skipped (no mapping's trigger matched)")
        lines.append(
            "  \(number(eventsRejected)) records rejected\(eventsRejected > 0 ? ", written to \(rejectsPath)" : "")")
        for (reason, count) in sortedReasons.prefix(10) {
            lines.append("      \(number(count))  \(reason)")
        }
        if sortedReasons.count > 10 {
            lines.append("      ... and \(sortedReasons.count - 10) more reasons (see --report)")
        }
        if !skippedPaths.isEmpty {
            let shown = skippedPaths.prefix(3).joined(separator: ", ")
            lines.append(
                "  \(number(skippedPaths.count)) non-archive objects ignored (\(shown)\(skippedPaths.count > 3 ? ", ..." : ""))"
            )
        }
        let missingCustomer = rejectedByReason.filter { $0.key.contains("'customer_id'") }.map(\.value).reduce(0, +)
        let produced = eventsWritten + missingCustomer
        if missingCustomer > 0 && missingCustomer * 2 > produced {
            lines.append(
                "Hint: most events have no context.groupId, which the Segment preset maps to customer_id. Map customer_id from $.userId with --mapping (see \"Mapping customer_id from userId\" in the README)."
            )
        }
        if !failures.isEmpty {
            lines.append(
                "\(number(failures.count)) file\(failures.count == 1 ? "" : "s") could not be read completely (the events before the damage were kept):"
            )
            for entry in failures { lines.append("  \(entry.failure.message)") }
        }
        return lines.joined(separator: "\n")
    }
}
