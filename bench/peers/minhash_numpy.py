#!/usr/bin/env python3
"""NumPy MinHash LSH near-duplicate removal: the peer of Pipeline's dedup.minhash in the `minhash` bench.

Same algorithm: lowercase, punctuation removed, whitespace collapsed, digits -> 0; word 5-gram shingles;
SHA-1-based 32-bit shingle hashes; permutations (a*h + b) mod (2^61 - 1) truncated to 32 bits; 14 bands x 8 rows;
a document whose band collides with a kept document is dropped when the estimated Jaccard similarity
(fraction of equal signature values) reaches the threshold; the first document is kept.

Input: JSONL with a "text" field. Output: one JSON line of figures on stdout.
Run single-threaded: OPENBLAS_NUM_THREADS=1 python3 minhash_numpy.py --input docs.jsonl
"""
import argparse
import hashlib
import json
import re
import struct
import time

import numpy as np

MERSENNE = np.uint64((1 << 61) - 1)
MAX_HASH = np.uint64((1 << 32) - 1)
_PUNCT = re.compile(r"[^\w\s]+", re.UNICODE)
_DIGIT = re.compile(r"\d")


def normalise(text):
    text = _PUNCT.sub("", text.lower())
    text = _DIGIT.sub("0", text)
    return text.split()


def shingles(words, n):
    if not words:
        return []
    if len(words) < n:
        return [" ".join(words)]
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def sha1_32(s):
    return struct.unpack("<I", hashlib.sha1(s.encode("utf-8")).digest()[:4])[0]


class MinHasher:
    def __init__(self, num_perm, seed=1):
        rng = np.random.RandomState(seed)
        self.a = rng.randint(1, (1 << 61) - 1, size=num_perm, dtype=np.uint64)
        self.b = rng.randint(0, (1 << 61) - 1, size=num_perm, dtype=np.uint64)

    def signature(self, shingle_set):
        hv = np.fromiter((sha1_32(s) for s in shingle_set), dtype=np.uint64, count=len(shingle_set))
        phv = ((np.outer(hv, self.a) + self.b) % MERSENNE) & MAX_HASH
        return phv.min(axis=0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", required=True)
    ap.add_argument("--bands", type=int, default=14)
    ap.add_argument("--rows", type=int, default=8)
    ap.add_argument("--ngram", type=int, default=5)
    ap.add_argument("--threshold", type=float, default=0.8)
    args = ap.parse_args()

    with open(args.input, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    hasher = MinHasher(args.bands * args.rows)

    t0 = time.process_time()
    sigs = []
    for t in texts:
        sh = shingles(normalise(t), args.ngram)
        sigs.append(hasher.signature(sh) if sh else None)
    t_sig = time.process_time() - t0

    t1 = time.process_time()
    tables = [dict() for _ in range(args.bands)]
    kept_sigs = []
    dropped = 0
    for sig in sigs:
        if sig is None:
            continue
        keys = [sig[b * args.rows:(b + 1) * args.rows].tobytes() for b in range(args.bands)]
        best = -1
        best_sim = 0.0
        for b, k in enumerate(keys):
            slot = tables[b].get(k)
            if slot is None or slot == best:
                continue
            sim = float(np.mean(kept_sigs[slot] == sig))
            if sim >= args.threshold and (best < 0 or sim > best_sim):
                best, best_sim = slot, sim
        if best >= 0:
            dropped += 1
            continue
        slot = len(kept_sigs)
        kept_sigs.append(sig)
        for b, k in enumerate(keys):
            tables[b].setdefault(k, slot)
    t_lsh = time.process_time() - t1

    n = len(texts)
    print(json.dumps({
        "documents": n,
        "dropped": dropped,
        "signature_cpu_s": t_sig,
        "lsh_cpu_s": t_lsh,
        "signatures_per_s": n / t_sig if t_sig > 0 else 0.0,
        "docs_per_s": n / (t_sig + t_lsh) if t_sig + t_lsh > 0 else 0.0,
    }))


if __name__ == "__main__":
    main()
