import GRDB

extension Ledger {
    /// The schema's migrations, in order. A ledger written by an older version is migrated when opened;
    /// `grdb_migrations` lists the ones applied.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE runs (
                        id INTEGER PRIMARY KEY,
                        command TEXT NOT NULL,
                        started_at TEXT NOT NULL,
                        ended_at TEXT,
                        outcome TEXT,
                        exit_code INTEGER,
                        shard TEXT,
                        files_done INTEGER NOT NULL DEFAULT 0,
                        files_failed INTEGER NOT NULL DEFAULT 0,
                        events_delivered INTEGER NOT NULL DEFAULT 0,
                        events_rejected INTEGER NOT NULL DEFAULT 0,
                        events_not_delivered INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE TABLE files (
                        relative_path TEXT PRIMARY KEY,
                        size INTEGER NOT NULL,
                        mtime_ns INTEGER NOT NULL,
                        fingerprint TEXT NOT NULL,
                        output_fingerprint TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('pending', 'in_progress', 'done', 'failed')),
                        events_produced INTEGER NOT NULL DEFAULT 0,
                        events_delivered INTEGER NOT NULL DEFAULT 0,
                        events_rejected INTEGER NOT NULL DEFAULT 0,
                        events_not_delivered INTEGER NOT NULL DEFAULT 0,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        last_run INTEGER REFERENCES runs(id),
                        started_at TEXT,
                        finished_at TEXT,
                        error TEXT
                    );
                    CREATE TABLE acknowledged_ranges (
                        relative_path TEXT NOT NULL REFERENCES files(relative_path) ON DELETE CASCADE,
                        first_position INTEGER NOT NULL,
                        last_position INTEGER NOT NULL,
                        events INTEGER NOT NULL,
                        PRIMARY KEY (relative_path, first_position)
                    );
                    """)
        }
        // v2: count content changes under the same path (reported to users), and index by status for
        // `status` on large ledgers.
        migrator.registerMigration("v2") { db in
            try db.execute(
                sql: """
                    ALTER TABLE files ADD COLUMN content_changes INTEGER NOT NULL DEFAULT 0;
                    CREATE INDEX files_by_status ON files(status, relative_path);
                    """)
        }
        return migrator
    }
}
