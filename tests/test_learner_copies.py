"""A learner works in copies of the chapters that course updates never overwrite (issue 29)."""

import importlib.util
import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("learner_copies",
                                              ROOT / "tools" / "learner_copies.py")
learner_copies = importlib.util.module_from_spec(spec)
spec.loader.exec_module(learner_copies)


@pytest.fixture
def book(tmp_path):
    folder = tmp_path / "book"
    folder.mkdir()
    for name in ("00_compute.ipynb", "08_hyperparameters.ipynb"):
        (folder / name).write_text(json.dumps({"cells": [], "course": name}))
    return folder


def test_first_use_copies_every_chapter(book, tmp_path):
    notes = learner_copies.sync(tmp_path / "work", book)
    assert sorted(p.name for p in (tmp_path / "work").glob("*.ipynb")) == [
        "00_compute.ipynb", "08_hyperparameters.ipynb"]
    assert "Copied 2 chapter(s)" in notes[0]


def test_a_learners_copy_is_never_overwritten(book, tmp_path):
    work = tmp_path / "work"
    learner_copies.sync(work, book)
    (work / "08_hyperparameters.ipynb").write_text("my answers")
    (book / "08_hyperparameters.ipynb").write_text("the course, updated")
    notes = learner_copies.sync(work, book)
    assert (work / "08_hyperparameters.ipynb").read_text() == "my answers"
    assert any("newer version of 08_hyperparameters.ipynb" in n and "make reset CHAPTER=08" in n
               for n in notes)
    assert not any("00_compute" in n for n in notes)


def test_a_chapter_new_in_the_course_is_copied_and_nothing_else(book, tmp_path):
    work = tmp_path / "work"
    learner_copies.sync(work, book)
    (work / "00_compute.ipynb").write_text("mine")
    (book / "11_new.ipynb").write_text("{}")
    learner_copies.sync(work, book)
    assert (work / "11_new.ipynb").read_text() == "{}"
    assert (work / "00_compute.ipynb").read_text() == "mine"


def test_reset_takes_the_course_version_and_keeps_the_learners(book, tmp_path):
    work = tmp_path / "work"
    learner_copies.sync(work, book)
    (work / "08_hyperparameters.ipynb").write_text("my answers")
    (book / "08_hyperparameters.ipynb").write_text("the course, updated")
    message = learner_copies.reset(work, "08", book)
    assert (work / "08_hyperparameters.ipynb").read_text() == "the course, updated"
    kept = list((work / "replaced").glob("08_hyperparameters-*.ipynb"))
    assert len(kept) == 1 and kept[0].read_text() == "my answers"
    assert "replaced" in message
    # the copy is now up to date: no note about a newer version
    assert not any("newer version" in n for n in learner_copies.sync(work, book))


def test_reset_of_an_unknown_chapter_names_the_argument(book, tmp_path):
    with pytest.raises(ValueError, match=r"CHAPTER must be one chapter's number or page "
                                         r"\(00, 08\), got '99'"):
        learner_copies.reset(tmp_path / "work", "99", book)


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(),
                    reason="not a git checkout")
def test_the_learners_folder_is_ignored_by_git():
    result = subprocess.run(["git", "check-ignore", "-q", "work/08_hyperparameters.ipynb"],
                            cwd=ROOT)
    assert result.returncode == 0


def test_the_course_jupyterlab_settings_render_every_cell_and_ask_nothing():
    overrides = json.loads((ROOT / "tools" / "jupyterlab" / "overrides.json").read_text())
    assert overrides["@jupyterlab/notebook-extension:tracker"]["windowingMode"] == "none"
    notification = overrides["@jupyterlab/apputils-extension:notification"]
    assert notification == {"fetchNews": "false", "checkForUpdates": False}


def test_the_toolkit_page_and_the_reference_pages_are_copied_too(tmp_path):
    """The toolkit is a notebook like the chapters; the notation and glossary pages the
    notebooks link to are refreshed each time (they hold no learner's work)."""
    book = tmp_path / "book"
    book.mkdir()
    (book / "00_compute.ipynb").write_text("{}")
    (book / "toolkit.ipynb").write_text("{}")
    (book / "notation.md").write_text("v1")
    into = tmp_path / "work"
    learner_copies.sync(into, book)
    assert (into / "toolkit.ipynb").exists() and (into / "notation.md").read_text() == "v1"
    (book / "notation.md").write_text("v2")
    learner_copies.sync(into, book)
    assert (into / "notation.md").read_text() == "v2"
