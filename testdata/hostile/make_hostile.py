#!/usr/bin/env python3
"""Writes the hostile-input corpus under testdata/hostile/ (deterministic; run from anywhere).

Every file here is small (at most ~100 KB). The inputs that are big once inflated are gzip files
whose deflate data repeats one block: deflate cannot compress better than about 1032:1, so a
"few KB" bomb inflates to a few MB, a 100 KB one to 100 MB. The gigabyte bombs of the slow tests and
of the memory benchmark are built the same way at test time (`GzipBomb` in the tests, or
`python3 make_hostile.py --bomb OUT.gz --line-bytes N --gigabytes G` here), never committed.

Inputs that only exist at run time (a file that vanishes or shrinks while it is read, an unreadable
file, a symlink loop, 100,000 tiny files) are made by the tests themselves.
See README.md beside this file for each file's expected outcome.
"""
import argparse
import os
import random
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name: str, data: bytes) -> None:
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def gzip_header() -> bytes:
    # Magic, deflate, no flags, mtime 0, no extra flags, OS unknown: byte-identical on every machine.
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"


def gz(data: bytes, level: int = 9) -> bytes:
    c = zlib.compressobj(level, zlib.DEFLATED, -15, 9)
    body = c.compress(data) + c.flush()
    return gzip_header() + body + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)


def repeated_gzip(block: bytes, repeats: int, prefix: bytes = b"", suffix: bytes = b"") -> bytes:
    """gzip of prefix + block * repeats + suffix, compressing `block` once (a full flush makes its
    deflate data independent of what precedes it, so the same bytes can be repeated)."""
    out = [gzip_header()]
    crc = 0
    size = 0
    c = zlib.compressobj(9, zlib.DEFLATED, -15, 9)
    out.append(c.compress(prefix) + c.flush(zlib.Z_FULL_FLUSH))
    crc = zlib.crc32(prefix, crc)
    size += len(prefix)
    c = zlib.compressobj(9, zlib.DEFLATED, -15, 9)
    one = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    block_crc_steps = block
    for _ in range(repeats):
        out.append(one)
        crc = zlib.crc32(block_crc_steps, crc)
        size += len(block)
    c = zlib.compressobj(9, zlib.DEFLATED, -15, 9)
    out.append(c.compress(suffix) + c.flush(zlib.Z_FINISH))
    crc = zlib.crc32(suffix, crc)
    size += len(suffix)
    out.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
    return b"".join(out)


def track(message_id: str, extra: str = "") -> bytes:
    return (
        '{"type":"track","event":"API Call","messageId":"%s","timestamp":"2024-05-30T12:00:00.000Z",'
        '"context":{"groupId":"acct_1"},"properties":{"n":1%s}}' % (message_id, extra)
    ).encode()


def lines(*items: bytes) -> bytes:
    return b"".join(item + b"\n" for item in items)


def main() -> None:
    three = lines(track("h-1"), track("h-2"), track("h-3"))
    member = gz(three)

    # Truncated gzip: the header alone; a second member cut inside a stored block (the first member's
    # three lines and the fourth line are whole, the fifth is cut); the 8-byte trailer missing.
    write("header-only.gz", gzip_header())
    stored = lines(track("h-4"), track("h-5"))
    stored_block = b"\x01" + struct.pack("<HH", len(stored), len(stored) ^ 0xFFFF) + stored
    cut = len(track("h-4")) + 1 + 40
    write("mid-member.gz", member + gzip_header() + stored_block[: 5 + cut])
    write("no-trailer.gz", member[:-8])
    # A corrupt CRC: the trailer's CRC-32 has one bit flipped.
    bad = bytearray(member)
    bad[-8] ^= 0x01
    write("corrupt-crc.gz", bytes(bad))

    # Gzip bombs small enough to commit: 16 MiB of one line (over the default 8 MiB line limit), and
    # ~16 MiB of short identify lines (skipped by the preset's trigger), each about 16 KB on disk.
    pad = b"a" * (1 << 20)
    write(
        "bomb-one-line.gz",
        repeated_gzip(pad, 16, prefix=b'{"type":"track","properties":{"pad":"', suffix=b'"}}\n' + track("after-bomb") + b"\n"),
    )
    short = b'{"type":"identify","userId":"u"}\n'
    write("bomb-short-lines.gz", repeated_gzip(short * 32768, 16, suffix=track("after-lines") + b"\n"))

    # Random bytes named .gz; gzip magic followed by a reserved deflate block type.
    rng = random.Random(6)
    noise = bytearray(rng.getrandbits(8) for _ in range(4096))
    noise[0] = 0x9C  # not gzip's 0x1F, not '{' or whitespace
    write("random-bytes.gz", bytes(noise))
    write("gzip-magic-then-garbage.gz", gzip_header() + b"\x07" + bytes(noise[1:512]))

    # A real zip archive (one stored member holding NDJSON) and a real zstd frame (one raw block).
    payload = three
    name = b"events.ndjson"
    crc = zlib.crc32(payload)
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0, crc, len(payload), len(payload), len(name), 0)
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 0, 0, 0, crc, len(payload), len(payload), len(name), 0, 0, 0, 0, 0, 0
    )
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central) + len(name), len(local) + len(name) + len(payload), 0)
    write("zip-named.gz", local + name + payload + central + name + end)
    zstd_payload = payload[:255]
    block_header = (1 | (0 << 1) | (len(zstd_payload) << 3)).to_bytes(3, "little")
    write("zstd-named.gz", b"\x28\xb5\x2f\xfd" + b"\x20" + bytes([len(zstd_payload)]) + block_header + zstd_payload)

    # Nesting 100,000 deep: arrays in properties, an unclosed array, nested objects; then a good line.
    depth = 100_000
    write(
        "deep-nesting.gz",
        gz(
            lines(
                b'{"type":"track","properties":{"deep":' + b"[" * depth + b"]" * depth + b"}}",
                b"[" * depth,
                b'{"a":' * depth + b"1" + b"}" * depth,
                track("after-deep"),
            )
        ),
    )

    # A 100 MiB line (a track event whose property is 100 MiB of text), then a good line: ~100 KB.
    write(
        "line-100mb.gz",
        repeated_gzip(
            b"x" * (1 << 20), 100, prefix=b'{"type":"track","properties":{"text":"', suffix=b'"}}\n' + track("after-100mb") + b"\n"
        ),
    )

    # Numbers with 10,000 digits in every place a number can reach.
    digits = "9" * 10_000
    write(
        "long-numbers.ndjson",
        lines(
            track("n-1", ',"big":' + digits),  # kept as written
            track("n-2", ',"frac":0.' + digits + ',"exp":1e' + digits + ',"neg":-1E-' + digits),  # kept as written
            track("n-3").replace(b'"2024-05-30T12:00:00.000Z"', digits.encode()),  # timestamp: epoch ms out of range
            track("n-4").replace(b'"n-4"', digits.encode()),  # messageId: 10,000 characters once coerced
            track("n-5").replace(b'"API Call"', b"-" + digits.encode()),  # event: coerced to a string
            track("n-6").replace(b'"acct_1"', b"1." + digits.encode() + b"e-" + digits.encode()),  # groupId
            track("n-7").replace(b'"2024-05-30T12:00:00.000Z"', b"1." + digits.encode()),  # timestamp 1.999...
        ),
    )

    # Every class of invalid UTF-8, each inside an otherwise valid event; then a valid multi-byte line.
    def with_value(raw: bytes, message_id: str) -> bytes:
        return track(message_id, ',"s":"<SEQ>"').replace(b"<SEQ>", raw)

    utf8_cases = [
        (b"\x80", "lone continuation byte"),
        (b"\xbf\xbf", "two continuation bytes"),
        (b"\xc0\xaf", "overlong 2-byte /"),
        (b"\xc1\xbf", "overlong 2-byte"),
        (b"\xe0\x80\xaf", "overlong 3-byte /"),
        (b"\xe0\x9f\xbf", "overlong 3-byte U+07FF"),
        (b"\xf0\x80\x80\xaf", "overlong 4-byte /"),
        (b"\xf0\x8f\xbf\xbf", "overlong 4-byte U+FFFF"),
        (b"\xed\xa0\x80", "encoded high surrogate U+D800"),
        (b"\xed\xbf\xbf", "encoded low surrogate U+DFFF"),
        (b"\xed\xa0\xbd\xed\xb8\x80", "encoded surrogate pair (CESU-8)"),
        (b"\xf4\x90\x80\x80", "above U+10FFFF"),
        (b"\xf5\x80\x80\x80", "lead byte F5"),
        (b"\xfe", "byte FE"),
        (b"\xff", "byte FF"),
        (b"\xc3", "truncated 2-byte"),
        (b"\xe2\x82", "truncated 3-byte"),
        (b"\xf0\x9f\x98", "truncated 4-byte"),
        (b"\xe2\x28\xa1", "bad second byte"),
    ]
    utf8_lines = [with_value(raw, "u-%d" % (i + 1)) for i, (raw, _) in enumerate(utf8_cases)]
    utf8_lines.append(b'{"type":"track","\xc3":1}')  # in a key
    utf8_lines.append(track("u-21") + b" \xc2\xa0")  # outside any string (U+00A0 is not JSON whitespace)
    utf8_lines.append(b'{"type":"track","s":"\xe2\x82')  # the line ends inside the sequence
    utf8_lines.append(with_value("é😀\u2028".encode(), "u-ok"))  # valid: converted
    write("invalid-utf8.ndjson", lines(*utf8_lines))

    # NUL bytes: raw inside a string, between tokens, a line of NULs, after the object; escaped NUL is
    # valid JSON and goes through.
    write(
        "nul-bytes.ndjson",
        lines(
            with_value(b"a\x00b", "z-1"),
            track("z-2").replace(b'{"type"', b'{\x00"type"'),
            b"\x00" * 64,
            track("z-4") + b"\x00",
            with_value(b"a\\u0000b", "z-5"),
            track("z-6").replace(b'"API Call"', b'"API\\u0000Call"'),
        ),
    )

    # Surrogate escapes: lone high, lone low, reversed, high then a non-surrogate escape, high at the
    # end, a valid pair; and lone ones in the fields that become transaction_id and event_type.
    write(
        "surrogate-escapes.ndjson",
        lines(
            with_value(b"\\ud800", "s-1"),
            with_value(b"\\udc00", "s-2"),
            with_value(b"\\udc00\\ud800", "s-3"),
            with_value(b"\\ud800\\u0041", "s-4"),
            with_value(b"x\\ud83d", "s-5"),
            with_value(b"\\ud83d\\ude00", "s-6"),
            track("s-7").replace(b'"s-7"', b'"s-7\\ud800"'),
            track("s-8").replace(b'"API Call"', b'"API \\udfff Call"'),
        ),
    )

    # Duplicate keys: JSON.parse keeps the last one, for the trigger's field and every preset field.
    base = {
        "type": '"track"',
        "event": '"API Call"',
        "messageId": '"d-%d"',
        "timestamp": '"2024-05-30T12:00:00.000Z"',
        "context": '{"groupId":"acct_1"}',
        "properties": '{"n":1}',
    }

    def event(i: int, first: dict, last: dict) -> bytes:
        fields = dict(base)
        fields["messageId"] = fields["messageId"] % i
        parts = ['"%s":%s' % (k, v) for k, v in first.items()]
        parts += ['"%s":%s' % (k, v) for k, v in fields.items() if k not in last]
        parts += ['"%s":%s' % (k, v) for k, v in last.items()]
        return ("{" + ",".join(parts) + "}").encode()

    write(
        "duplicate-keys.ndjson",
        lines(
            event(1, {"type": '"identify"'}, {"type": '"track"'}),  # converted: the last type is track
            event(2, {"type": '"track"'}, {"type": '"identify"'}),  # skipped: the last type is identify
            event(3, {"messageId": '"first"'}, {"messageId": '"last-3"'}),
            event(4, {"event": '"First"'}, {"event": '"Last"'}),
            event(5, {"timestamp": '"2020-01-01T00:00:00Z"'}, {"timestamp": '"2024-05-31T00:00:00Z"'}),
            event(6, {"context": '{"groupId":"first"}'}, {"context": '{"groupId":"last"}'}),
            event(7, {}, {"context": '{"groupId":"first","groupId":"last"}'}),
            event(8, {"properties": '{"a":1}'}, {"properties": '{"b":2}'}),
            event(9, {"context": '{"groupId":"first"}'}, {"context": "null"}),  # the last is null: rejected
            event(10, {}, {"properties": '{"b":1,"1":"x","b":2}'}),  # reordered: the last b wins
        ),
    )


def bomb(path: str, line_bytes: int, gigabytes: float) -> None:
    """A gzip bomb of identical valid NDJSON lines of about `line_bytes` bytes, or of one line when
    `line_bytes` is 0, inflating to `gigabytes` GiB (written to stdout when path is '-')."""
    total = int(gigabytes * (1 << 30))
    if line_bytes == 0:
        block = b"a" * (1 << 20)
        data = repeated_gzip(block, total // len(block), prefix=b'{"type":"track","pad":"', suffix=b'"}\n')
    else:
        pad = max(0, line_bytes - len(track("bomb")) - 10)
        line = track("bomb", ',"pad":"' + "p" * pad + '"') + b"\n"
        block = line * max(1, (1 << 20) // len(line))
        data = repeated_gzip(block, max(1, total // len(block)))
    if path == "-":
        sys.stdout.buffer.write(data)
    else:
        with open(path, "wb") as f:
            f.write(data)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bomb", metavar="OUT.gz", help="write a gigabyte bomb instead of the corpus")
    parser.add_argument("--line-bytes", type=int, default=200, help="bomb line length (0: one line)")
    parser.add_argument("--gigabytes", type=float, default=1.0)
    args = parser.parse_args()
    if args.bomb:
        bomb(args.bomb, args.line_bytes, args.gigabytes)
    else:
        main()
