"""Author–year labels from references.bib, and tables that cite."""

import pytest

from scaling_lib.plotting import Table
from scaling_lib.references import Cite, author_year


def test_author_year_reads_the_bibliography():
    assert author_year("brown2020language") == "Brown et al. (2020)"
    assert author_year("nvidia2020a100") == "NVIDIA Corporation (2020)"


def test_same_author_same_year_works_get_distinct_labels():
    assert author_year("touvron2023llama") == "Touvron et al. (2023a)"
    assert author_year("touvron2023llama2") == "Touvron et al. (2023b)"


def test_an_unknown_key_is_refused_by_name():
    with pytest.raises(ValueError, match="nosuch2099key"):
        Cite("nosuch2099key")
    with pytest.raises(TypeError, match="key"):
        author_year(None)


def test_a_table_with_citations_offers_a_cite_role_for_the_book():
    table = Table(["model", "source"], [["GPT-3 *175B*", Cite("brown2020language")]])
    assert "Brown et al. (2020)" in table._repr_html_()
    md = table._repr_markdown_()
    assert "{cite:t}`brown2020language`" in md
    assert r"GPT-3 \*175B\*" in md  # cell text is not read as markup


def test_a_table_without_citations_stays_html_only():
    assert Table(["a"], [[1.5e23]])._repr_markdown_() is None


def test_the_bibliography_parses_as_sphinxcontrib_bibtex_reads_it():
    # a merge once dropped an entry's closing brace: the book then fails to build at all
    import re
    from pathlib import Path

    from pybtex.database import parse_file

    bib = Path(__file__).resolve().parent.parent / "book" / "references.bib"
    entries = parse_file(str(bib)).entries
    declared = re.findall(r"^@\w+\{\s*([^,\s]+)\s*,", bib.read_text(), flags=re.M)
    assert sorted(entries.keys()) == sorted(declared)
