#!/usr/bin/env python3
"""Independent reader of llm.c token shards, written from llm.c's own description of its loader:
a header of 256 int32 (1,024 bytes) where header[0] is the magic, header[1] the version and header[2] the number
of tokens; the tokens follow the header, uint16 when (magic, version) is (20240520, 1) and uint32 when it is
(20240801, 7). Any other header is refused. Prints one JSON object: per-file token counts, their total, the
token width and the sum of the token ids per file, and optionally the number of end-of-text tokens.
Usage: shards_read.py [--eot ID] FOLDER_OR_FILES..."""
import glob
import json
import os
import sys

import numpy as np

HEADER_INTS = 256
# (magic, version) -> token dtype, as llm.c's data loader knows them
LAYOUTS = {(20240520, 1): np.dtype("<u2"), (20240801, 7): np.dtype("<u4")}


def read_shard(path):
    with open(path, "rb") as f:
        raw = f.read(HEADER_INTS * 4)
        if len(raw) != HEADER_INTS * 4:
            raise SystemExit(f"{path}: {len(raw)} bytes is shorter than the 1024-byte header")
        header = np.frombuffer(raw, dtype="<i4")
        magic, version, count = int(header[0]), int(header[1]), int(header[2])
        dtype = LAYOUTS.get((magic, version))
        if dtype is None:
            raise SystemExit(f"{path}: unknown header magic {magic} version {version}")
        body = f.read()
    if len(body) != count * dtype.itemsize:
        raise SystemExit(f"{path}: header says {count} tokens of {dtype.itemsize} bytes, file holds {len(body)} bytes")
    return np.frombuffer(body, dtype=dtype), dtype.itemsize


def main(argv):
    eot = None
    if len(argv) >= 2 and argv[0] == "--eot":
        eot, argv = int(argv[1]), argv[2:]
    files = []
    for a in argv:
        files += sorted(glob.glob(os.path.join(a, "*.bin"))) if os.path.isdir(a) else [a]
    out = {"files": {}, "total_tokens": 0, "bytes_per_token": {}, "token_sums": {}}
    if eot is not None:
        out["eot_tokens"] = {}
    for p in files:
        t, width = read_shard(p)
        name = os.path.basename(p)
        out["files"][name] = int(t.size)
        out["bytes_per_token"][name] = width
        out["token_sums"][name] = int(t.astype(np.uint64).sum())
        out["total_tokens"] += int(t.size)
        if eot is not None:
            out["eot_tokens"][name] = int(np.count_nonzero(t == eot))
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1:])
