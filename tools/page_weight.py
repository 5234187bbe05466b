"""Each chapter's page weight: its HTML (with the saved widget state) plus the images it loads.

Shared assets (the theme, MathJax, the widget manager, fonts) are cached across pages and not
counted. Usage: python tools/page_weight.py [_build/html] [--limit-mb 6]; exits 1 when a page
is over the limit.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from urllib.parse import unquote

LIMIT_MB = 6.0


def page_weight(page: Path) -> dict:
    """``{"html": bytes, "images": bytes, "total": bytes}`` for one built page."""
    text = page.read_text(encoding="utf-8")
    images = 0
    seen = set()
    for src in re.findall(r'<img[^>]+src="([^"]+)"', text):
        if src.startswith(("data:", "http:", "https:")) or src in seen:
            continue
        seen.add(src)
        path = (page.parent / unquote(src.split("#")[0].split("?")[0])).resolve()
        if path.is_file():
            images += path.stat().st_size
    html = len(text.encode("utf-8"))
    return {"html": html, "images": images, "total": html + images}


def chapters(root: Path) -> list[Path]:
    return sorted((root / "book").glob("[0-9][0-9]_*.html"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", nargs="?", default="_build/html", type=Path)
    parser.add_argument("--limit-mb", type=float, default=LIMIT_MB)
    args = parser.parse_args(argv)
    pages = chapters(args.root)
    if not pages:
        print(f"page_weight: no chapter pages under {args.root}/book", file=sys.stderr)
        return 1
    over = []
    print(f"{'page':32s} {'HTML MB':>8s} {'images MB':>10s} {'total MB':>9s}")
    for page in pages:
        w = page_weight(page)
        mb = {k: v / 1e6 for k, v in w.items()}
        print(f"{page.name:32s} {mb['html']:8.2f} {mb['images']:10.2f} {mb['total']:9.2f}")
        if mb["total"] > args.limit_mb:
            over.append(f"{page.name}: {mb['total']:.2f} MB > {args.limit_mb} MB")
    for line in over:
        print(f"page_weight: {line}", file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
