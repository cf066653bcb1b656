#!/usr/bin/env python3
"""Independent reader of llm.c token shards (header of 256 int32: magic 20240520, version 1=uint16 / 2=uint32,
token count; then the tokens). Prints one JSON object: per-file token counts, their total, and optionally the
number of end-of-text tokens. Usage: shards_read.py [--eot ID] FOLDER_OR_FILES..."""
import glob
import json
import os
import sys

import numpy as np

MAGIC = 20240520


def read_shard(path):
    with open(path, "rb") as f:
        header = np.frombuffer(f.read(256 * 4), dtype="<i4")
        if header.size != 256 or header[0] != MAGIC:
            raise SystemExit(f"{path}: not an llm.c shard (magic {header[0] if header.size else None})")
        version, count = int(header[1]), int(header[2])
        dtype = {1: "<u2", 2: "<u4"}.get(version)
        if dtype is None:
            raise SystemExit(f"{path}: unknown version {version}")
        tokens = np.frombuffer(f.read(), dtype=dtype)
    if tokens.size != count:
        raise SystemExit(f"{path}: header says {count} tokens, file holds {tokens.size}")
    return tokens


def main(argv):
    eot = None
    if len(argv) >= 2 and argv[0] == "--eot":
        eot, argv = int(argv[1]), argv[2:]
    files = []
    for a in argv:
        files += sorted(glob.glob(os.path.join(a, "*.bin"))) if os.path.isdir(a) else [a]
    out = {"files": {}, "total_tokens": 0}
    if eot is not None:
        out["eot_tokens"] = {}
    for p in files:
        t = read_shard(p)
        name = os.path.basename(p)
        out["files"][name] = int(t.size)
        out["total_tokens"] += int(t.size)
        if eot is not None:
            out["eot_tokens"][name] = int(np.count_nonzero(t == eot))
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1:])
