#!/usr/bin/env python3
"""Writes the hand-made fixtures under testdata/ (run from anywhere; deterministic output).

The generated part of the sample comes from `segment-metronome generate` (see README); this script
adds the edge cases a generator should not produce: invalid lines, odd timestamps, CRLF, a BOM,
damaged gzip files. Re-run it only when a fixture has to change, then regenerate testdata/expected/.
"""
import gzip
import io
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def gz(data: bytes) -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, filename="") as f:
        f.write(data)
    return out.getvalue()


def write(relative: str, data: bytes) -> None:
    path = os.path.join(HERE, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def track(message_id, extra=""):
    return ('{"type":"track","event":"API Call","messageId":"%s","timestamp":"2024-05-30T12:00:00.000Z",'
            '"context":{"groupId":"acct_1"},"properties":{"n":1}%s}' % (message_id, extra))


edge_lines = [
    # 1: the worked example of SEMANTICS 2.5, with a UTF-8 BOM in front of the file.
    b'\xef\xbb\xbf{"type":"track","event":"API Call","messageId":"ajs-next-1890b6ba","timestamp":"2023-11-25T00:30:05.728+00:00","context":{"groupId":"acct_42","library":{"name":"analytics-node","version":"1.0"}},"properties":{"endpoint":"/v1/users","count":3,"region":null},"userId":"u1"}',
    # 2: no context.groupId -> rejected by the preset (customer_id missing).
    b'{"type":"track","event":"API Call","messageId":"m-2","timestamp":"2024-05-30T12:00:00.000Z","properties":{},"userId":"u2"}',
    # 3: identify -> skipped (trigger type = "track" does not match).
    b'{"type":"identify","messageId":"m-3","traits":{"name":"Peter"},"userId":"u3"}',
    # 4: invalid JSON.
    b'{"type":"track","event":',
    # 5: valid JSON, not an object.
    b'[1,2,3]',
    # 6, 7: blank and whitespace-only lines are skipped silently.
    b'',
    b'   \t ',
    # 8: CRLF line end.
    track("m-8").encode() + b'\r',
    # 9: epoch-millisecond number timestamp.
    b'{"type":"track","event":"API Call","messageId":"m-9","timestamp":1625895431000,"context":{"groupId":"acct_9"},"properties":{"n":9}}',
    # 10: numeric offset converted to UTC.
    b'{"type":"track","event":"API Call","messageId":"m-10","timestamp":"2021-07-10T05:37:11+02:00","context":{"groupId":"acct_10"},"properties":{}}',
    # 11: timestamp not date-like.
    b'{"type":"track","event":"API Call","messageId":"m-11","timestamp":"garbage","context":{"groupId":"acct_11"},"properties":{}}',
    # 12: properties is an array.
    b'{"type":"track","event":"API Call","messageId":"m-12","timestamp":"2024-05-30T12:00:00Z","context":{"groupId":"acct_12"},"properties":[1]}',
    # 13: numeric groupId coerced to a string; one-element array messageId unwrapped.
    b'{"type":"track","event":"API Call","messageId":["m-13"],"timestamp":"2024-05-30","context":{"groupId":12345},"properties":{"x":12.50}}',
    # 14: messageId of 129 characters (Metronome accepts at most 128).
    track("m" * 129).encode(),
    # 15: more than 24 hours after --now (the golden test uses --now 2024-06-01T00:00:00Z).
    b'{"type":"track","event":"API Call","messageId":"m-15","timestamp":"2024-06-02T00:00:00.001Z","context":{"groupId":"acct_15"},"properties":{}}',
    # 16: invalid UTF-8 inside a string.
    b'{"type":"track","event":"API \xff Call","messageId":"m-16","timestamp":"2024-05-30T12:00:00Z","context":{"groupId":"acct_16"},"properties":{}}',
    # 17: properties with whitespace, non-canonical escapes, integer-like keys and big numbers:
    #     re-serialised as JSON.stringify would, numbers keep their spelling.
    b'{"type":"track","event":"Caf\\u00e9 \\/ Ordered","messageId":"m-17","timestamp":"2024-05-30T12:00:00Z","context":{"groupId":"acct_17"},"properties":{ "b": 1, "10": [1.50, -0, 1E3], "a": "x\\/y\\u0041", "2": 12345678901234567890 }}',
    # 18: duplicate top-level key: the last one wins, as with JSON.parse.
    b'{"type":"track","event":"First","messageId":"m-18","timestamp":"2024-05-30T12:00:00Z","context":{"groupId":"acct_18"},"properties":{},"event":"Second"}',
    # 19: event missing and properties a string: every failure is reported.
    b'{"type":"track","messageId":"m-19","timestamp":"2024-05-30T12:00:00Z","context":{"groupId":"acct_19"},"properties":"oops"}',
    # 20: top-level null and "" are removed before validation.
    b'{"type":"track","event":"","messageId":"m-20","timestamp":null,"context":{"groupId":"acct_20"},"properties":{"kept":null,"empty":""}}',
    # 21: last line without a trailing newline.
    track("m-21").encode(),
]
write("segment-logs/VhBYQcAjH5/1432684800000/edge-cases.gz", gz(b"\n".join(edge_lines)))

# A plain (uncompressed) NDJSON object in the layout.
write("segment-logs/VhBYQcAjH5/1432684800000/plain-upload.ndjson",
      (track("p-1") + "\n" + track("p-2") + "\n").encode())

# Objects that are not archives, and hidden objects: skipped.
write("segment-logs/dummy-object.txt", b"")
write("segment-logs/.upload-in-progress.gz", b"not gzip")

# Damaged inputs for the bad-input tests (not under segment-logs/, so the README's command exits 0).
good = b"\n".join(track("b-%d" % i).encode() for i in range(2000)) + b"\n"
member = gz(good)
write("bad/truncated.gz", member[: len(member) // 2])
write("bad/missing-trailer.gz", member[:-8])
crc = bytearray(member)
crc[-8] ^= 0xFF
write("bad/corrupt-crc.gz", bytes(crc))
write("bad/zip-named.gz", b"PK\x03\x04" + b"\x00" * 60)
write("bad/zstd-named.gz", b"\x28\xb5\x2f\xfd" + b"\x00" * 60)
write("bad/two-members.gz", gz(track("t-1").encode() + b"\n") + gz(track("t-2").encode() + b"\n"))
write("bad/empty.gz", b"")
write("bad/crlf-bom.ndjson", b"\xef\xbb\xbf" + track("c-1").encode() + b"\r\n" + track("c-2").encode() + b"\r\n")
