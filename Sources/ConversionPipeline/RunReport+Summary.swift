import Foundation

extension RunReport {
    /// The end-of-run summary for stderr, in words.
    /// `verb` starts the first line (`Converted`, `Synced`, `Uploaded`); `destination` names where
    /// events went (a directory, standard output, or the endpoint).
    public func summary(destination: String, verb: String = "Converted") -> String {
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
            "\(verb) \(number(filesRead)) file\(filesRead == 1 ? "" : "s") (\(megabytes) uncompressed, \(number(linesRead)) lines) in \(String(format: "%.2f", elapsedSeconds)) s."
        )
        if let delivery {
            lines.append("  \(number(eventsWritten)) Metronome events \(verb == "Uploaded" ? "read" : "produced")")
            lines.append(
                "    \(number(delivery.eventsDelivered)) delivered to \(destination) (\(number(delivery.requests)) requests, \(number(delivery.retries)) retried, \(number(delivery.splits)) split to isolate bad events)"
            )
            lines.append("    \(number(delivery.eventsRejected)) rejected (by the pre-send check or by Metronome)")
            lines.append(
                "    \(number(delivery.eventsNotDelivered)) not delivered (retriable: send the rejects file's records again)"
            )
        } else {
            lines.append("  \(number(eventsWritten)) Metronome events written to \(destination)")
        }
        if verb != "Uploaded" {
            lines.append("  \(number(eventsSkipped)) events skipped (no mapping's trigger matched)")
        }
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
        if filesOtherShards > 0 || filesOutsideWindow > 0 {
            var parts: [String] = []
            if filesOtherShards > 0 { parts.append("\(number(filesOtherShards)) belong to other shards") }
            if filesOutsideWindow > 0 { parts.append("\(number(filesOutsideWindow)) are outside --since/--until") }
            lines.append("  Not selected: " + parts.joined(separator: ", ") + ".")
        }
        if let ledger {
            let done = ledger.count(.skipDone)
            let other = ledger.count(.skipOtherOutput)
            lines.append(
                "  Ledger \(ledger.path): \(number(done)) file\(done == 1 ? "" : "s") already done, \(number(ledger.count(.new))) new, \(number(ledger.count(.resume))) resumed, \(number(ledger.count(.retry))) retried, \(number(ledger.count(.changed))) changed, \(number(ledger.count(.reprocess))) reprocessed"
            )
            if ledger.eventsAlreadySettled > 0 {
                lines.append(
                    "    \(number(ledger.eventsAlreadySettled)) events of resumed files skipped: an earlier run already delivered or rejected them"
                )
            }
            if other > 0 {
                lines.append(
                    "    \(number(other)) done file\(other == 1 ? " was" : "s were") processed with another mapping or options and not sent again (use --reprocess to process them again)"
                )
            }
            for path in ledger.changedFiles.prefix(10) {
                lines.append("    changed since it was done, processed again: \(path)")
            }
            if ledger.changedFiles.count > 10 {
                lines.append("    ... and \(ledger.changedFiles.count - 10) more changed files")
            }
            if let error = ledger.error { lines.append("Ledger error: \(error)") }
        }
        if let reason = delivery?.stopReason {
            lines.append(
                "Stopped: \(reason). \(number(filesNotStarted)) file\(filesNotStarted == 1 ? " was" : "s were") not started."
            )
        }
        if accountingError {
            lines.append(
                "Accounting error: delivered + rejected + not delivered does not equal the events produced. This is a bug."
            )
        }
        return lines.joined(separator: "\n")
    }
}
