import pytest
from myst_nb.core.variables import format_plain_text

from scaling_lib.plotting import Table, human_count, loglog, new_figure, sci, si, tex


@pytest.mark.parametrize("x,text", [(3.14e23, "3.14×10²³"), (5.76e23, "5.76×10²³"),
                                    (9.999e23, "1.00×10²⁴"), (12.5, "12.5"), (0.5, "0.500"),
                                    (1234.0, "1,234"), (7.39e-4, "7.39×10⁻⁴")])
def test_sci_writes_numbers_as_a_person_does(x, text):
    assert sci(x) == text


@pytest.mark.parametrize("x,text", [(3.14e23, r"3.14\times10^{23}"), (1234.0, "1{,}234"),
                                    (7.39e-4, r"7.39\times10^{-4}")])
def test_tex_writes_the_same_number_for_math(x, text):
    assert tex(x) == text


def test_human_count_uses_paper_suffixes():
    assert human_count(70e9) == "70B"
    assert human_count(1.4e12) == "1.4T"
    assert human_count(125e6) == "125M"


def test_si_prefixes():
    assert si(3.14e23, "FLOP") == "314 ZFLOP"


def test_glued_strings_show_as_typed_in_the_page():
    # what myst-nb does with the text/plain of a glued string
    assert format_plain_text(repr("412,875"), "") == "412,875"
    assert format_plain_text(repr("3.14e23"), "") == "3.14e23"


def test_table_renders_html_and_text_and_rejects_ragged_rows():
    t = Table(["a", "b"], [[1, 2.5e20], ["x", None]], caption="cap")
    html = t._repr_html_()
    assert ">a</th>" in html and "2.50×10²⁰" in html and "<caption>cap</caption>" in html
    assert "x" in repr(t)
    with pytest.raises(ValueError):
        Table(["a"], [[1, 2]])


def test_tex_writes_scientific_notation_for_math():
    assert tex(3.15e23) == "3.15\\times10^{23}"
    assert tex(1234.0) == "1{,}234"


def test_log_tick_labels_are_plain_unicode_powers_of_ten():
    from scaling_lib.plotting import pow10_label

    assert pow10_label(1e8) == "10⁸"
    assert pow10_label(1e-3) == "10⁻³"
    assert pow10_label(3e8) == "3×10⁸"
    assert pow10_label(0) == ""


@pytest.mark.parametrize(("low", "high", "expected"), [
    (1e3, 1e13, ["10³", "10⁵"]),   # long range: powers of ten (every other one here)
    (1.2, 6.5, ["2", "5"]),         # no power of ten inside: 1-2-5 steps
    (0.82, 0.93, None),             # not even a 1-2-5 step: evenly spaced plain numbers
])
def test_loglog_axes_always_show_at_least_two_labels(low, high, expected):
    fig, ax = new_figure()
    ax.plot([low, high], [low, high])
    loglog(ax)
    ax.set_xlim(low, high)
    ax.set_ylim(low, high)
    fig.canvas.draw()
    for axis in (ax.xaxis, ax.yaxis):
        shown = [t.get_text() for t, v in zip(axis.get_majorticklabels(),
                                              axis.get_majorticklocs(), strict=True)
                 if t.get_text() and low <= v <= high]
        assert len(shown) >= 2
        if expected:
            assert set(expected) <= set(shown)


def test_prose_values_show_without_quotes():
    from scaling_lib.plotting import Prose

    prose = Prose()
    prose.gpt3_c = "3.15e23"
    prose["p_" + "small"] = 0.25
    assert repr(prose.gpt3_c) == "3.15e23"
    assert repr(prose.p_small) == "0.25"


def test_prose_names_a_value_not_computed_yet():
    import pytest

    from scaling_lib.plotting import Prose

    with pytest.raises(AttributeError, match="prose.missing is not computed yet"):
        _ = Prose().missing


def test_prose_rejects_bad_names_and_values():
    import pytest

    from scaling_lib.plotting import Prose

    prose = Prose()
    with pytest.raises(ValueError, match="name"):
        prose["not a name"] = "1"
    with pytest.raises(TypeError, match="value"):
        prose.flag = None
