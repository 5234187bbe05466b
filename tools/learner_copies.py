"""A learner's own copies of the chapters, so that their work never touches the course's files.

``make lab`` runs this before it starts JupyterLab in the copies' folder (``work/`` by default,
ignored by git). On first use it copies every chapter from ``book/``; later it copies only
chapters the folder does not have yet, so a learner's answers, outputs and explorer settings
stay theirs, and ``git pull`` for course updates never meets a modified chapter.

When the course's version of a chapter has changed since the learner's copy was made, it says
so (it never replaces a copy on its own); ``make reset CHAPTER=08`` takes the course's version
and keeps the learner's old copy under ``work/replaced/``.

The chapters read their data through ``scaling_lib`` (paths from the package, not from the
working folder), so a copy runs the same anywhere.

Usage:
    python tools/learner_copies.py [--into work]                 copy what is missing, report
    python tools/learner_copies.py [--into work] --reset 08      the course's version of one chapter
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
#: Where each copy's course version is recorded (the sha256 of the chapter it was copied from).
VERSIONS = ".course-versions.json"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


#: Reference pages the notebooks link to: refreshed on every sync (they hold no learner's work).
PAGES = ("notation.md", "glossary.md")


def chapters(book: Path = BOOK) -> list[Path]:
    """Every notebook of the course: the numbered chapters and the toolkit page."""
    return sorted(book.glob("*.ipynb"))


def _versions(into: Path) -> dict:
    path = into / VERSIONS
    return json.loads(path.read_text()) if path.exists() else {}


def _save_versions(into: Path, versions: dict) -> None:
    (into / VERSIONS).write_text(json.dumps(versions, indent=1, sort_keys=True) + "\n")


def sync(into: Path, book: Path = BOOK) -> list[str]:
    """Copy each chapter ``into`` lacks; return the lines a learner should read."""
    into.mkdir(parents=True, exist_ok=True)
    versions, notes, copied = _versions(into), [], []
    for src in chapters(book):
        dest = into / src.name
        if not dest.exists():
            shutil.copyfile(src, dest)
            versions[src.name] = _sha(src)
            copied.append(src.name)
        elif versions.get(src.name) not in (None, _sha(src)):
            notes.append(f"The course has a newer version of {src.name} than your copy. "
                         f"`make reset CHAPTER={src.name[:2]}` takes it (your copy is kept "
                         f"in {into.name}/replaced/).")
    _save_versions(into, versions)
    for name in PAGES:  # so that a notebook's link to the notation page opens it
        if (book / name).exists():
            shutil.copyfile(book / name, into / name)
    if copied:
        notes.insert(0, f"Copied {len(copied)} chapter(s) into {into}/: your own copies, "
                        f"which `git pull` and course updates never overwrite.")
    return notes


def reset(into: Path, chapter: str, book: Path = BOOK) -> str:
    """Replace the learner's copy of ``chapter`` ("08" or a file name) by the course's version."""
    matches = [p for p in chapters(book) if p.name == chapter or p.name.startswith(f"{chapter}_")
               or p.stem == chapter]
    if len(matches) != 1:
        names = ", ".join(p.name[:2] if p.name[:2].isdigit() else p.stem for p in chapters(book))
        raise ValueError(f"CHAPTER must be one chapter's number or page ({names}), got "
                         f"{chapter!r}")
    src = matches[0]
    into.mkdir(parents=True, exist_ok=True)
    dest, kept = into / src.name, ""
    if dest.exists():
        old = into / "replaced" / f"{src.stem}-{time.strftime('%Y%m%d-%H%M%S')}.ipynb"
        old.parent.mkdir(exist_ok=True)
        dest.replace(old)
        kept = f"; your previous copy is {old.relative_to(into.parent)}"
    shutil.copyfile(src, dest)
    versions = _versions(into)
    versions[src.name] = _sha(src)
    _save_versions(into, versions)
    return f"{dest.relative_to(into.parent)} is now the course's version{kept}."


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--into", default=str(ROOT / "work"), help="the copies' folder")
    parser.add_argument("--reset", metavar="CHAPTER", help="take the course's version of CHAPTER")
    args = parser.parse_args(argv)
    into = Path(args.into).resolve()
    try:
        if args.reset:
            print(reset(into, args.reset))
        else:
            for line in sync(into):
                print(line)
    except ValueError as err:
        print(f"learner_copies: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
