import Foundation
import GRDB

extension Ledger {
    /// The ledger's summary for `status`, with the `lastRuns` most recent runs. O(files) in SQLite.
    public func status(lastRuns: Int = 10) throws(LedgerError) -> LedgerStatus {
        let schema = try appliedMigrations()
        return try read { db in
            var files = Dictionary(uniqueKeysWithValues: FileStatus.allCases.map { ($0, 0) })
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) FROM files GROUP BY status") {
                if let status = FileStatus(rawValue: row[0]) { files[status] = row[1] }
            }
            let sums = try Row.fetchOne(
                db,
                sql: """
                    SELECT COALESCE(SUM(events_delivered), 0), COALESCE(SUM(events_rejected), 0),
                        COALESCE(SUM(events_not_delivered), 0) FROM files
                    """)!
            let oldest = try Row.fetchOne(
                db,
                sql: """
                    SELECT relative_path, mtime_ns FROM files WHERE status != 'done'
                    ORDER BY mtime_ns, relative_path LIMIT 1
                    """)
            let runs = try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY id DESC LIMIT ?", arguments: [lastRuns])
                .map { row in
                    LedgerStatus.Run(
                        id: row["id"], command: row["command"], shard: row["shard"], startedAt: row["started_at"],
                        endedAt: row["ended_at"], outcome: row["outcome"], exitCode: row["exit_code"],
                        counts: RunCounts(
                            filesDone: row["files_done"], filesFailed: row["files_failed"],
                            eventsDelivered: row["events_delivered"], eventsRejected: row["events_rejected"],
                            eventsNotDelivered: row["events_not_delivered"]))
                }
            return LedgerStatus(
                files: files, eventsDelivered: sums[0], eventsRejected: sums[1], eventsNotDelivered: sums[2],
                oldestPendingFile: oldest?["relative_path"],
                oldestPendingModified: (oldest?["mtime_ns"] as Int64?).map {
                    Date(timeIntervalSince1970: Double($0) / 1e9)
                },
                lastRuns: runs, schema: schema)
        }
    }
}
