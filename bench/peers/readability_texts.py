#!/usr/bin/python3
"""Article texts of readability-lxml (Debian python3-readability) for the near-duplicate dev set.

usage: readability_texts.py PAGES_DIR
Reads every PAGES_DIR/*/source.html, extracts the article (Document(html).summary() then its text) and prints one
JSON line per page: {"page": NAME, "text": TEXT}. A page readability fails on is printed with "text": "".
"""
import json
import os
import sys

import lxml.html
from readability import Document


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    pages_dir = sys.argv[1]
    for name in sorted(os.listdir(pages_dir)):
        path = os.path.join(pages_dir, name, "source.html")
        if not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            html = f.read()
        try:
            summary = Document(html).summary(html_partial=True)
            text = lxml.html.fromstring(summary).text_content() if summary.strip() else ""
        except Exception:  # readability raises on a few malformed pages
            text = ""
        print(json.dumps({"page": name, "text": text}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
