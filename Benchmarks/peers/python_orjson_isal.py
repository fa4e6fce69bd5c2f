#!/usr/bin/env python3
"""Peer for Benchmarks/compare.sh: Segment S3 archive -> Metronome usage events,
written the way a careful Python engineer would do it (orjson + ISA-L gzip,
one worker process per CPU core, streaming line by line).

For every input line that is a Segment `track` event it writes

    {"transaction_id": messageId, "customer_id": userId,
     "timestamp": <timestamp as UTC "YYYY-MM-DDTHH:MM:SS.sssZ">,
     "event_type": event, "properties": properties}

and skips the event when messageId, userId, timestamp or event is missing,
null or "", when the timestamp is not an ISO-8601 string, or when properties
is not a JSON object. Numbers and booleans in messageId/userId/event are
coerced to strings and one-element arrays unwrapped, as Segment does; numeric
(epoch ms) and RFC 2822 timestamps, which segment-metronome accepts, are
skipped here (the generated corpus has neither). Lines that are blank or not valid JSON
objects are skipped and counted.

Every `*.gz` file under INPUT_DIR (recursively, e.g.
segment-logs/<sourceId>/<dayEpochMs>/<file>.gz) is converted to
OUT/<same relative path, ".gz" replaced by ".ndjson">.

Usage: python_orjson_isal.py --out DIR [--procs N] [--prefilter] INPUT_DIR
"""

import argparse
import datetime as _dt
import multiprocessing
import os
import sys
import time

import orjson
from isal import igzip

_UTC = _dt.timezone.utc
_WRITE_BATCH = 4096  # output lines joined per write() call


def utc_millis(ts):
    """Segment ISO-8601 timestamp -> 'YYYY-MM-DDTHH:MM:SS.sssZ' (UTC) or None.

    Fast path: the canonical Segment form is already in the target format.
    Otherwise parse (offsets, no or more fractional digits), convert to UTC,
    truncate to milliseconds. A timestamp without offset is taken as UTC.
    """
    if (len(ts) == 24 and ts[23] == "Z" and ts[19] == "." and ts[10] == "T"
            and ts[4] == "-" and ts[13] == ":"):
        return ts
    try:
        t = _dt.datetime.fromisoformat(ts)
    except ValueError:
        return None
    if t.tzinfo is None:
        t = t.replace(tzinfo=_UTC)
    else:
        t = t.astimezone(_UTC)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (
        t.year, t.month, t.day, t.hour, t.minute, t.second, t.microsecond // 1000)


def _as_str(v):
    """Segment's string coercion for messageId/userId/timestamp/event:
    12345 -> "12345", true -> "true", a one-element array is unwrapped.
    Returns None for missing, null, "" and anything else."""
    t = type(v)
    if t is str:
        return v or None
    if t is bool:
        return "true" if v else "false"
    if t is int:
        return str(v)
    if t is float:
        return str(int(v)) if v.is_integer() else repr(v)
    if t is list and len(v) == 1:
        return _as_str(v[0])
    return None


def convert_file(job):
    """Convert one gzip NDJSON file. Returns (src, lines, written, bad_json)."""
    src, dst, prefilter = job
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    loads, dumps = orjson.loads, orjson.dumps
    lines = written = bad = 0
    batch = []
    with igzip.open(src, "rb") as fin, open(dst, "wb", buffering=1 << 20) as fout:
        for line in fin:
            lines += 1
            # Optional cheap byte test before parsing (not exact: misses a
            # "type" spelled with \u escapes). Off by default.
            if prefilter and b'"track"' not in line:
                continue
            try:
                ev = loads(line)
            except orjson.JSONDecodeError:
                if line.strip():
                    bad += 1
                continue
            if type(ev) is not dict or ev.get("type") != "track":
                continue
            props = ev.get("properties")
            if type(props) is not dict:
                continue
            mid = _as_str(ev.get("messageId"))
            uid = _as_str(ev.get("userId"))
            name = _as_str(ev.get("event"))
            ts = ev.get("timestamp")
            ts = utc_millis(ts) if type(ts) is str and ts else None
            if mid is None or uid is None or name is None or ts is None:
                continue
            batch.append(dumps({
                "transaction_id": mid,
                "customer_id": uid,
                "timestamp": ts,
                "event_type": name,
                "properties": props,
            }))
            if len(batch) >= _WRITE_BATCH:
                fout.write(b"\n".join(batch))
                fout.write(b"\n")
                written += len(batch)
                batch.clear()
        if batch:
            fout.write(b"\n".join(batch))
            fout.write(b"\n")
            written += len(batch)
    return src, lines, written, bad


def find_inputs(root):
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for f in sorted(filenames):
            if f.endswith(".gz"):
                found.append(os.path.join(dirpath, f))
    return found


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input_dir")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--procs", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--prefilter", action="store_true",
                    help='skip lines without the bytes "track" before parsing')
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)

    inputs = find_inputs(args.input_dir)
    if not inputs:
        print(f"no .gz files under {args.input_dir}", file=sys.stderr)
        return 1
    # Largest files first so that the last worker to finish is not stuck with a big one.
    inputs.sort(key=lambda p: os.path.getsize(p), reverse=True)
    jobs = []
    for src in inputs:
        rel = os.path.relpath(src, args.input_dir)
        jobs.append((src, os.path.join(args.out, rel[:-3] + ".ndjson"), args.prefilter))

    start = time.monotonic()
    lines = written = bad = 0
    procs = max(1, min(args.procs, len(jobs)))
    if procs == 1:
        results = map(convert_file, jobs)
        for _, n, w, b in results:
            lines, written, bad = lines + n, written + w, bad + b
    else:
        with multiprocessing.get_context("fork").Pool(procs) as pool:
            for _, n, w, b in pool.imap_unordered(convert_file, jobs, chunksize=1):
                lines, written, bad = lines + n, written + w, bad + b
    if not args.quiet:
        secs = time.monotonic() - start
        print(f"python_orjson_isal: {len(jobs)} files, {lines} lines, {written} events written, "
              f"{lines - written} skipped ({bad} invalid JSON), {secs:.2f} s, {procs} procs",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
