#!/usr/bin/env python3
"""Upload NDJSON Metronome events with Metronome's official Python SDK (the issue-4 peer).

Reads every *.ndjson file under the given directories (sorted), sends the events in batches of 100
with `client.v1.usage.ingest(usage=batch)` from a thread pool of --concurrency workers (default 8,
as segment-metronome), and prints `events=N seconds=S events_per_second=R` on stdout.

Usage: python_sdk_upload.py --base-url http://127.0.0.1:PORT [--concurrency 8] DIR...
The token comes from METRONOME_BEARER_TOKEN, as the SDK reads it.
"""
import argparse
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from metronome import Metronome


def batches(paths, size):
    batch = []
    for path in paths:
        with open(path, "rb") as handle:
            for line in handle:
                if line.strip():
                    batch.append(json.loads(line))
                    if len(batch) == size:
                        yield batch
                        batch = []
    if batch:
        yield batch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("dirs", nargs="+")
    args = parser.parse_args()
    paths = sorted(
        os.path.join(root, name)
        for directory in args.dirs
        for root, _, names in os.walk(directory)
        for name in names
        if name.endswith(".ndjson")
    )
    client = Metronome(base_url=args.base_url, max_retries=8)
    started = time.monotonic()
    events = 0
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        pending = []
        for batch in batches(paths, 100):
            pending.append(pool.submit(client.v1.usage.ingest, usage=batch))
            events += len(batch)
            # Bounded memory, like the tool: at most 4 batches queued per worker.
            if len(pending) >= args.concurrency * 4:
                pending.pop(0).result()
        for future in pending:
            future.result()
    seconds = time.monotonic() - started
    print(f"events={events} seconds={seconds:.2f} events_per_second={events / seconds:.0f}")


if __name__ == "__main__":
    sys.exit(main())
