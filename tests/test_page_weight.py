"""tools/page_weight.py: a chapter page's weight is its HTML plus the images it loads."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import page_weight  # noqa: E402


def test_a_page_weighs_its_html_and_each_local_image_once(tmp_path):
    (tmp_path / "_images").mkdir()
    (tmp_path / "_images" / "a.png").write_bytes(b"x" * 1000)
    page = tmp_path / "book" / "01_x.html"
    page.parent.mkdir()
    html = ('<img src="../_images/a.png"><img src="../_images/a.png">'
            '<img src="data:image/png;base64,AAAA"><img src="../_images/missing.png">')
    page.write_text(html)
    w = page_weight.page_weight(page)
    assert w == {"html": len(html), "images": 1000, "total": len(html) + 1000}


def test_a_page_over_the_limit_fails(tmp_path, capsys):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "00_big.html").write_text("x" * 2_000_000)
    (tmp_path / "book" / "01_small.html").write_text("x")
    assert page_weight.main([str(tmp_path), "--limit-mb", "1"]) == 1
    assert "00_big.html: 2.00 MB > 1.0 MB" in capsys.readouterr().err
    assert page_weight.main([str(tmp_path), "--limit-mb", "6"]) == 0
