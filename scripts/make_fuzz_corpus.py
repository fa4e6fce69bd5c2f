#!/usr/bin/env python3
"""Builds the fuzz seed corpora under Fuzz/corpus/<target>/ from testdata/ and the spec vectors.

Run from the repository root: python3 scripts/make_fuzz_corpus.py [SPEC_VECTORS_DIR]
(default ../shared/spec/vectors). Small and deterministic, so the result is committed.
"""
import glob
import gzip
import hashlib
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VECTORS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "spec", "vectors")
OUT = os.path.join(ROOT, "Fuzz", "corpus")


def put(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    directory = os.path.join(OUT, target)
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
        f.write(data)


def sample_lines():
    lines = []
    for path in sorted(glob.glob(os.path.join(ROOT, "testdata", "segment-logs", "**", "*"), recursive=True)):
        if os.path.isdir(path):
            continue
        opener = gzip.open if path.endswith(".gz") else open
        try:
            with opener(path, "rb") as f:
                lines += f.read().split(b"\n")
        except Exception:
            pass
    # Every line of the small files, and a spread of the large ones.
    return [line for line in lines if line][::3]


def main():
    # Seeds are rebuilt; regression-* inputs (what fuzzing found, named after it) are kept.
    for path in glob.glob(os.path.join(OUT, "*", "*")):
        if not os.path.basename(path).startswith("regression-"):
            os.remove(path)
    lines = sample_lines()
    for line in lines:
        put("json", line)
        put("json-diff", line)
        put("evaluate", line)
    for text in ['{"a":[1,2,{"b":null}],"c":"\\u00e9\\ud83d\\ude00"}', "[1e308,-0,0.1,12345678901234567890]", '"x"', "true"]:
        put("json", text)
        put("json-diff", text)
    for path in sorted(glob.glob(os.path.join(ROOT, "testdata", "segment-logs", "**", "*"), recursive=True)):
        if os.path.isfile(path) and os.path.getsize(path) < 64 << 10:
            put("archive", open(path, "rb").read())
    for path in sorted(glob.glob(os.path.join(ROOT, "testdata", "bad", "*"))):
        if os.path.getsize(path) < 64 << 10:
            put("archive", open(path, "rb").read())
    put("archive", gzip.compress(b"\n".join(lines[:20]) + b"\n"))
    with open(os.path.join(VECTORS, "fql.json")) as f:
        for vector in json.load(f):
            if isinstance(vector.get("fql"), str):
                put("trigger", vector["fql"])
    for path in sorted(glob.glob(os.path.join(ROOT, "testdata", "mappings", "*.json"))):
        put("mapping", open(path, "rb").read())
    with open(os.path.join(VECTORS, "mapping-kit.json")) as f:
        for vector in json.load(f):
            mapping = vector.get("mapping")
            if isinstance(mapping, dict):
                put("mapping", json.dumps({"mappings": [{"name": "m", "subscribe": 'type = "track"', "mapping": mapping}]}))
                if isinstance(vector.get("event"), dict):
                    put("evaluate", json.dumps(vector["event"]))


if __name__ == "__main__":
    main()
