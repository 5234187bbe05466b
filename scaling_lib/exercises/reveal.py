"""Predict, then reveal: content a learner sees only after their answer is recorded.

A question that asks for a prediction (a forecast, a guess before an experiment) is
worthless once the learner has seen the outcome. The cells that show the outcome therefore
wait for the answer::

    with reveal_after(ex.q1, "the held-out truth") as reveal:
        print(f"held-out truth: {truth:.3f}")      # captured, not printed
        fig = draw_forecast_vs_truth(...)           # captured, not drawn
        reveal.show(Table(...))                     # captured, not displayed

The block always runs, so the variables it sets exist for the cells below; what it prints,
the objects passed to :meth:`reveal_after.show` and the matplotlib figures it opens are
held back and then, at the end of the block:

* in a learner's kernel, **before** the question has a recorded answer: one line, "Make your
  forecast in ex.q1 first (its cell is above); then run this cell again to see the held-out
  truth.", and nothing else (the figures are closed unseen);
* in a learner's kernel, **after** the answer is recorded: one line saying that the content
  is shown after the recorded answer, then the content, in the order it was made;
* in strict mode (``SCALING_STRICT_EXERCISES=1``: the book build and nbval, where there is
  no learner): the content, folded in an HTML ``<details>`` element, "Show the held-out truth
  (open it after your forecast)", with text as preformatted text, tables as HTML and figures
  as embedded PNG images. The same fold is offered as Markdown (raw HTML), which the book
  ranks above HTML and images; the figures are also attached as JPEG images of their own
  (ranked below the fold by the book) so tools that look for a figure among a cell's outputs
  find it.

A number that the text quotes from the outcome goes through :meth:`reveal_after.text`: the
number once revealed (or in strict mode), a placeholder before.

Which answer counts as recorded: the question's ``recorded_answer`` attribute if it has one,
else its ``prediction`` (:class:`~scaling_lib.exercises.forecasting.PreregisteredQuestion`);
``None`` means not answered yet. A zero-argument callable returning the recorded answer (or
``None``) works too.
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
import sys
from collections.abc import Callable

from scaling_lib._contract import accepts
from scaling_lib._validate import InputTypeError, _show, as_text
from scaling_lib.exercises.core import MODULE_ALIAS, _display, _strict
from scaling_lib.exercises.core import _show as _answer_text

__all__ = ["reveal_after", "recorded_answer", "HIDDEN_TEXT"]

#: What :meth:`reveal_after.text` gives in place of a number before the answer is recorded.
HIDDEN_TEXT = "[shown after your {kind} in {handle}]"

_FOLD_CSS = (
    "details.scaling-reveal > summary { cursor: pointer; list-style: none; }"
    "details.scaling-reveal > summary::before { content: '\\25B8\\00A0'; }"
    "details.scaling-reveal[open] > summary::before { content: '\\25BE\\00A0'; }"
)


def _handle(question) -> str:
    handle = getattr(question, "handle", None)
    if isinstance(handle, str) and handle:
        return handle
    name = getattr(question, "name", None)
    if isinstance(name, str) and name:
        return f"{MODULE_ALIAS}.{name}"
    return "the question above"


def recorded_answer(question):
    """The answer ``question`` has recorded, or None if none is recorded yet.

    Reads ``question.prediction`` (a locked forecast), else ``question.recorded_answer``;
    a zero-argument callable is called instead. Raises TypeError for an object that records
    no answer.
    """
    if callable(question) and not hasattr(question, "check"):
        return question()
    for attr in ("prediction", "recorded_answer"):
        try:
            return getattr(question, attr)
        except AttributeError:
            continue
    raise InputTypeError(f"question must record its answer (a `recorded_answer` or "
                         f"`prediction` attribute, or a function returning it), got "
                         f"{_show(question)}")


class _Fold:
    """The folded content shown in strict mode (the book build, nbval)."""

    def __init__(self, summary: str, items: list):
        self.summary = summary
        self.items = items

    def _parts(self) -> tuple[list[str], list[str], list[bytes]]:
        """(HTML pieces, plain-text pieces, PNG images) of the held-back content."""
        pieces, texts, pngs = [], [], []
        for kind, obj in self.items:
            if kind == "text":
                # one line of HTML: a blank line would end the raw HTML block in Markdown
                pre = html.escape(obj.rstrip("\n")).replace("\n", "&#10;")
                pieces.append(f'<pre style="white-space: pre-wrap">{pre}</pre>')
                texts.append(obj.rstrip("\n"))
            elif kind == "figure":
                png = _figure_bytes(obj, "png")
                pngs.append(png)
                data = base64.b64encode(png).decode("ascii")
                pieces.append(f'<img src="data:image/png;base64,{data}" '
                              f'style="max-width: 100%" alt="{html.escape(self.summary)}">')
                texts.append("[figure]")
            else:
                to_html = getattr(obj, "_repr_html_", None)
                body = to_html() if callable(to_html) else None
                if body:
                    pieces.append(" ".join(line for line in body.splitlines() if line.strip()))
                else:
                    pre = html.escape(repr(obj)).replace("\n", "&#10;")
                    pieces.append(f"<pre>{pre}</pre>")
                texts.append(repr(obj))
        return pieces, texts, pngs

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        pieces, texts, pngs = self._parts()
        fold = (f'<details class="scaling-reveal"><summary><b>{html.escape(self.summary)}'
                f"</b></summary>{''.join(pieces)}</details>")
        bundle = {
            "text/html": f"<style>{_FOLD_CSS}</style>{fold}",
            "text/markdown": fold,
            "text/plain": "\n".join([self.summary + ":", *texts]),
        }
        if pngs:
            bundle["image/jpeg"] = base64.b64encode(_jpeg(pngs[0])).decode("ascii")
        return bundle

    def __repr__(self) -> str:
        return self._repr_mimebundle_()["text/plain"]


def _figure_bytes(fig, fmt: str) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=100)
    return buf.getvalue()


def _jpeg(png: bytes) -> bytes:
    """The PNG ``png`` as a JPEG (white background)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def _open_figures() -> dict:
    """Number -> figure of every open pyplot figure (empty if pyplot is not in use)."""
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is None:
        return {}
    return {n: plt.figure(n) for n in plt.get_fignums()}


class reveal_after:
    """Hold back what a block shows until ``question`` has a recorded answer.

    Parameters
    ----------
    question : question or callable
        The question whose answer must come first (e.g. ``ex.q1``): an object with a
        ``recorded_answer`` or ``prediction`` attribute (None until answered), or a
        zero-argument function returning the recorded answer.
    what : str
        What the block reveals, for the messages: "the held-out truth".
    kind : str
        What the learner records, for the messages: "forecast" (default), "prediction".

    Used as ``with reveal_after(q, what) as reveal: ...`` (see the module's docstring);
    :meth:`show` displays an object inside the block, :meth:`text` gates a number the
    prose quotes, and :attr:`revealed` says whether the content may be shown.
    """

    def __init__(self, question, what: str = "the answer", *, kind: str = "forecast"):
        recorded_answer(question)  # raises for an object that records nothing
        self.question = question
        self.what = as_text("what", what, allow_empty=False)
        self.kind = as_text("kind", kind, allow_empty=False)
        self._items: list = []
        self._buffer: io.StringIO | None = None
        self._redirect = None
        self._figures_before: set = set()

    # -- state -----------------------------------------------------------------------
    @property
    def handle(self) -> str:
        """How the learner's notebook names the question, e.g. ``"ex.q1"``."""
        return _handle(self.question)

    @property
    def answer(self):
        """The recorded answer, or None."""
        return recorded_answer(self.question)

    @property
    def strict(self) -> bool:
        """True in the book build and nbval (no learner): content is shown folded."""
        return _strict()

    @property
    def revealed(self) -> bool:
        """True when the content may be shown: an answer is recorded, or strict mode."""
        return self.strict or self.answer is not None

    @property
    def summary(self) -> str:
        """The fold's title in the book: "Show the held-out truth (open it after your forecast)"."""
        return f"Show {self.what} (open it after your {self.kind})"

    def waiting_message(self) -> str:
        """The one line a learner sees before answering."""
        return (f"Make your {self.kind} in {self.handle} first (its cell is above); then run "
                f"this cell again to see {self.what}.")

    def shown_message(self) -> str:
        """The one line that opens the content once the answer is recorded."""
        answer = self.answer
        said = "" if answer is None else f" ({self.handle} = {_answer_text(answer)})"
        return f"Shown after your recorded {self.kind}{said}: {self.what}."

    # -- what a chapter calls -----------------------------------------------------------
    @accepts(obj={"any": "any object a notebook can display"})
    def show(self, obj) -> None:
        """Display ``obj`` (a table, an image ...) as part of the held-back content."""
        if self._buffer is None:  # outside a ``with`` block: gate this one object
            with self:
                self.show(obj)
            return
        self._flush_text()
        self._items.append(("object", obj))

    @accepts(value={"any": "the number or text the prose quotes, returned as it is"})
    def text(self, value, hidden: str | None = None):
        """``value`` once revealed (or in strict mode); a placeholder before.

        For the numbers a chapter's prose quotes from the held-back content:
        ``prose.top_em = gate.text(f"{top_em:.3f}")``. ``hidden`` replaces the default
        placeholder (:data:`HIDDEN_TEXT`).
        """
        if hidden is None:
            hidden = HIDDEN_TEXT.format(kind=self.kind, handle=self.handle)
        as_text("hidden", hidden)
        return value if self.revealed else hidden

    # -- the context manager ------------------------------------------------------------
    def __enter__(self) -> reveal_after:
        if self._buffer is not None:
            raise RuntimeError("reveal_after: this gate is already in use; make a new one")
        self._items = []
        self._figures_before = set(_open_figures())
        self._buffer = io.StringIO()
        self._redirect = contextlib.redirect_stdout(self._buffer)
        self._redirect.__enter__()
        return self

    def _flush_text(self) -> None:
        text = self._buffer.getvalue()
        if text:
            self._items.append(("text", text))
            self._buffer.seek(0)
            self._buffer.truncate()

    def __exit__(self, exc_type, exc, tb) -> bool:
        self._redirect.__exit__(exc_type, exc, tb)
        self._flush_text()
        figures = {n: f for n, f in _open_figures().items() if n not in self._figures_before}
        plt = sys.modules.get("matplotlib.pyplot")
        for fig in figures.values():
            plt.close(fig)  # shown below, or not at all: never by the inline backend
        self._items += [("figure", f) for _, f in sorted(figures.items())]
        items, self._items, self._buffer = self._items, [], None
        if exc_type is not None:  # an error: show what was held back, then the error
            for kind, obj in items:
                if kind == "text":
                    sys.stdout.write(obj)
            return False
        if self.strict:
            if items:
                _display(_Fold(self.summary, items))
        elif self.answer is None:
            print(self.waiting_message())
        else:
            print(self.shown_message())
            for kind, obj in items:
                if kind == "text":
                    sys.stdout.write(obj)
                else:
                    _display(obj)
        return False

    def __call__(self, content: Callable):
        """Run ``content()`` under the gate and return its result (the function form)."""
        if not callable(content):
            raise InputTypeError(f"content must be a function to run under the gate, got "
                                 f"{_show(content)}")
        with self:
            return content()

    def __repr__(self) -> str:
        return f"reveal_after({self.handle}, {self.what!r})"
