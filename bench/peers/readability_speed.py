#!/usr/bin/python3
"""Peer for the extract-speed workload: pages/s of readability-lxml (Debian python3-readability) on the same pages.

usage: readability_speed.py PAGES_DIR [REPEAT]
Reads every PAGES_DIR/*/source.html (or, for trafilatura's evaluation set, every PAGES_DIR/pages/*.gz, decoded as UTF-8
with replacement before timing), extracts the article (Document(html).summary() then its text) REPEAT times on one
core, and prints one JSON line: {"pages": N, "seconds": S, "pages_per_sec": P, "cpu_seconds": C}.
"""
import gzip
import json
import os
import sys
import time

import lxml.html
from readability import Document


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    pages_dir = sys.argv[1]
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    pages = []
    gz_dir = os.path.join(pages_dir, "pages")
    if os.path.isfile(os.path.join(pages_dir, "evaldata.json")) and os.path.isdir(gz_dir):
        for name in sorted(os.listdir(gz_dir)):
            if name.endswith(".gz"):
                with gzip.open(os.path.join(gz_dir, name)) as f:
                    pages.append(f.read().decode("utf-8", errors="replace"))
    else:
        for name in sorted(os.listdir(pages_dir)):
            path = os.path.join(pages_dir, name, "source.html")
            if os.path.isfile(path):
                with open(path, encoding="utf-8", errors="replace") as f:
                    pages.append(f.read())
    if not pages:
        print(f"no */source.html or pages/*.gz under {pages_dir}", file=sys.stderr)
        return 2
    chars = 0
    cpu0, t0 = time.process_time(), time.perf_counter()
    for _ in range(repeat):
        for html in pages:
            try:
                summary = Document(html).summary(html_partial=True)
                chars += len(lxml.html.fromstring(summary).text_content()) if summary.strip() else 0
            except Exception:  # readability raises on a few malformed pages; count the page, as we do
                pass
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    n = len(pages) * repeat
    print(json.dumps({"pages": n, "seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3),
                      "pages_per_sec": round(n / seconds, 2), "pages_per_cpu_sec": round(n / cpu, 2), "chars": chars}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
