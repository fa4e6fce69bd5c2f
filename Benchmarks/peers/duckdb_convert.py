#!/usr/bin/env python3
"""Peer for Benchmarks/compare.sh: Segment S3 archive -> Metronome usage events
with DuckDB (read_json over the gzip NDJSON files -> COPY ... (FORMAT JSON)).

Same job as the tool and the Python peer: keep Segment `track` events with a
non-empty messageId, userId, timestamp and event and an object `properties`;
write {"transaction_id", "customer_id" (from userId), "timestamp" (UTC,
"YYYY-MM-DDTHH:MM:SS.sssZ", truncated to ms), "event_type", "properties"}
as NDJSON to OUT/events.ndjson.

By default the input columns are given explicitly (no schema sampling, only
six fields materialised; `properties` stays JSON and is written back
verbatim). Fields are read as VARCHAR, so a numeric userId would be accepted
as its text, unlike the Python peer. `--schema auto` lets read_json detect
the whole schema instead (slower: every field is parsed into typed columns;
properties is cast back to JSON; if it was detected as a STRUCT, keys that
other rows have come out as null, so outputs can differ from the default).

Usage: duckdb_convert.py --out DIR [--threads N] [--memory-limit 2GB]
                         [--schema explicit|auto] INPUT_DIR
"""

import argparse
import os
import sys
import time

import duckdb


def sql_string(s):
    return "'" + s.replace("'", "''") + "'"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input_dir")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--threads", type=int, default=2, help="DuckDB threads (default 2)")
    ap.add_argument("--memory-limit", default="2GB", help="DuckDB memory_limit (default 2GB)")
    ap.add_argument("--schema", choices=("explicit", "auto"), default="explicit",
                    help="explicit read_json columns (default) or auto-detection")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)

    os.makedirs(args.out, exist_ok=True)
    out_file = os.path.join(args.out, "events.ndjson")
    pattern = os.path.join(args.input_dir, "**", "*.gz")

    con = duckdb.connect(":memory:")
    con.execute(f"SET threads = {int(args.threads)}")
    con.execute(f"SET memory_limit = {sql_string(args.memory_limit)}")
    con.execute(f"SET temp_directory = {sql_string(os.path.join(args.out, '.duckdb_tmp'))}")
    con.execute("SET preserve_insertion_order = false")  # streaming, parallel COPY
    con.execute("SET TimeZone = 'UTC'")  # offset-less timestamps are taken as UTC

    source = f"""read_json(
                {sql_string(pattern)},
                format = 'newline_delimited',
                compression = 'gzip',
                ignore_errors = true"""
    if args.schema == "explicit":
        source += """,
                columns = {
                    'type': 'VARCHAR',
                    'messageId': 'VARCHAR',
                    'userId': 'VARCHAR',
                    'timestamp': 'VARCHAR',
                    'event': 'VARCHAR',
                    'properties': 'JSON'
                })"""
        # Columns already have the output types.
        message_id, user_id, event, properties = "messageId", "userId", "event", "properties"
    else:
        source += ")"
        # Auto-detection may type messageId as UUID, userId as BIGINT,
        # properties as STRUCT: bring them to the explicit types.
        message_id, user_id, event, properties = (
            "CAST(messageId AS VARCHAR)", "CAST(userId AS VARCHAR)",
            "CAST(event AS VARCHAR)", "CAST(properties AS JSON)")

    query = f"""
    COPY (
        SELECT
            messageId AS transaction_id,
            userId AS customer_id,
            strftime(timezone('UTC', ts), '%Y-%m-%dT%H:%M:%S.%gZ') AS timestamp,
            event AS event_type,
            properties
        FROM (
            SELECT {message_id} AS messageId,
                   {user_id} AS userId,
                   {event} AS event,
                   try_cast("timestamp" AS TIMESTAMPTZ) AS ts,
                   {properties} AS properties
            FROM {source}
            WHERE "type" = 'track'
              AND {message_id} <> '' AND {user_id} <> '' AND {event} <> ''
              AND json_type({properties}) = 'OBJECT'
        )
        WHERE ts IS NOT NULL
    ) TO {sql_string(out_file)} (FORMAT JSON)
    """
    start = time.monotonic()
    written = con.execute(query).fetchone()[0]
    if not args.quiet:
        print(f"duckdb_convert: {written} events written to {out_file}, "
              f"{time.monotonic() - start:.2f} s, {args.threads} threads", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
