"""Input checks shared by every public function of ``scaling_lib``.

Each helper either returns the value converted to ``float``, ``int`` or a numpy array, or
raises an error that names the argument and shows the bad value: a ``ValueError`` for a
value of the right type that is out of range, and an :class:`InputTypeError` (both a
``TypeError`` and a ``ValueError``) for a value of the wrong type (text, ``None``, a
boolean where a count is meant, a complex number, an object that is not the law or table
asked for). Learners see these messages, so they say what was wrong in plain words.

``tests/test_contract.py`` calls every public function with bad values and accepts only
these errors; :mod:`scaling_lib._contract` declares the exceptions.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import math
import numbers
import os

import numpy as np

__all__ = [
    "InputTypeError",
    "MAX_INT",
    "as_positive",
    "as_nonnegative",
    "as_fraction",
    "as_finite",
    "as_int",
    "as_int_list",
    "as_int_array",
    "as_array",
    "as_bool",
    "as_optional_bool",
    "as_choice",
    "as_text",
    "as_path",
    "check_type",
    "as_list_of",
    "check_fields",
    "ResultOutOfRange",
    "finite_result",
    "out_of_range",
    "returns_finite",
    "same_length",
]

#: Largest whole number accepted where no tighter ceiling is stated: 2**53, the largest
#: range in which every whole number is exactly a float.
MAX_INT = 2**53


class InputTypeError(TypeError, ValueError):
    """An argument of the wrong type. A ``TypeError``, and a ``ValueError`` too, so that
    ``except ValueError`` catches every bad input the library refuses."""


def _show(value) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**30:
        digits = str(abs(value))
        sign = "-" if value < 0 else ""
        return f"{sign}{digits[:8]}… (a {len(digits)}-digit integer)"
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a broken __repr__ must not hide the real error
        text = f"<{type(value).__name__}>"
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."


def _kind(value) -> str:
    return "None" if value is None else type(value).__name__


def _wrong_type(name: str, what: str, value) -> InputTypeError:
    if isinstance(value, str):
        try:
            float(value)
            extra = "; drop the quotes to give the number"
        except ValueError:
            extra = ""
        return InputTypeError(f"{name} must be {what}, got the text {value!r}{extra}")
    if isinstance(value, bool | np.bool_):
        return InputTypeError(f"{name} must be {what}, got the boolean {value!r}")
    if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
        return InputTypeError(f"{name} must be {what}, got the complex number {value!r}")
    if value is None:
        return InputTypeError(f"{name} must be {what}, got None")
    return InputTypeError(f"{name} must be {what}, got {_show(value)} ({_kind(value)})")


def _number_array(name: str, value) -> np.ndarray:
    """A float array from a list, tuple or array of real numbers, or an error saying why not."""
    if isinstance(value, list | tuple) and any(isinstance(v, bool | np.bool_) for v in value):
        raise InputTypeError(f"{name} must contain numbers, got booleans in {_show(value)}")
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError):
        raise InputTypeError(f"{name} must be an array of numbers with a regular shape, "
                             f"got {_show(value)}") from None
    k = arr.dtype.kind
    if k == "b":
        raise InputTypeError(f"{name} must contain numbers, got booleans {_show(value)}")
    if k == "c":
        raise InputTypeError(f"{name} must contain real numbers, got complex values "
                             f"{_show(value)}")
    if k in "USa":
        raise InputTypeError(f"{name} must contain numbers, got text {_show(value)}; drop the "
                             f"quotes")
    if k == "O":
        flat = arr.ravel()
        for v in flat:
            if v is None:
                raise InputTypeError(f"{name} must contain numbers, but it contains None: "
                                     f"{_show(value)}")
            if isinstance(v, bool | np.bool_) or not isinstance(v, numbers.Real):
                raise InputTypeError(f"{name} must contain real numbers, but it contains "
                                     f"{_show(v)} ({_kind(v)})")
        out = np.empty(arr.shape, dtype=float)
        for i, v in enumerate(flat):
            try:
                out.flat[i] = float(v)
            except OverflowError:
                raise ValueError(f"{name} must contain finite numbers, but it contains "
                                 f"{_show(v)}, too large for a float") from None
        arr = out
    elif k not in "iuf":
        raise InputTypeError(f"{name} must contain numbers, got {_show(value)} "
                             f"(dtype {arr.dtype})")
    if arr.size == 0:
        raise ValueError(f"{name} is empty: give at least one number")
    return arr.astype(float, copy=False)


def _to_float_or_array(name: str, value, *, allow_array: bool):
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, bool | np.bool_):
        raise _wrong_type(name, "a number", value)
    if isinstance(value, numbers.Real):
        try:
            return float(value)
        except OverflowError:
            raise ValueError(f"{name} must be finite, got {_show(value)}, too large for a "
                             f"float") from None
    if allow_array and isinstance(value, np.ndarray | list | tuple):
        return _number_array(name, value)
    if isinstance(value, np.ndarray | list | tuple):
        raise InputTypeError(f"{name} must be a single number, got {_show(value)}")
    kind = "a number or an array of numbers" if allow_array else "a number"
    raise _wrong_type(name, kind, value)


def _bad(arr) -> object:
    """First offending element, for the message."""
    return float(arr) if np.ndim(arr) == 0 else float(np.asarray(arr).flat[0])


def as_finite(name: str, value, *, allow_array: bool = True):
    """Return ``value`` as float/array after checking it is finite (no NaN or inf)."""
    x = _to_float_or_array(name, value, allow_array=allow_array)
    bad = ~np.isfinite(x)
    if np.any(bad):
        where = x if np.ndim(x) == 0 else np.asarray(x)[bad]
        raise ValueError(f"{name} must be finite, got {_show(_bad(where))}")
    return x


def as_positive(name: str, value, *, allow_array: bool = True):
    """Return ``value`` after checking it is finite and strictly positive."""
    x = as_finite(name, value, allow_array=allow_array)
    bad = x <= 0
    if np.any(bad):
        where = x if np.ndim(x) == 0 else np.asarray(x)[bad]
        raise ValueError(f"{name} must be positive, got {_show(_bad(where))}")
    return x


def as_nonnegative(name: str, value, *, allow_array: bool = True):
    """Return ``value`` after checking it is finite and >= 0."""
    x = as_finite(name, value, allow_array=allow_array)
    bad = x < 0
    if np.any(bad):
        where = x if np.ndim(x) == 0 else np.asarray(x)[bad]
        raise ValueError(f"{name} must be zero or positive, got {_show(_bad(where))}")
    return x


def as_fraction(name: str, value, *, allow_zero: bool = False, allow_array: bool = True):
    """Return ``value`` after checking 0 < value <= 1 (or 0 <= value if ``allow_zero``)."""
    x = as_finite(name, value, allow_array=allow_array)
    low_bad = (x < 0) if allow_zero else (x <= 0)
    bad = low_bad | (x > 1)
    if np.any(bad):
        where = x if np.ndim(x) == 0 else np.asarray(x)[bad]
        lo = "0 <=" if allow_zero else "0 <"
        raise ValueError(f"{name} must satisfy {lo} {name} <= 1, got {_show(_bad(where))}")
    return x


def as_int(name: str, value, *, minimum: int = 1, maximum: int | None = MAX_INT) -> int:
    """Return ``value`` as an ``int`` after checking it is a whole number in
    ``minimum … maximum`` (``maximum=None``: no ceiling).

    Whole floats (``1e6``) are accepted; booleans, text, ``None`` and complex numbers are
    not (:class:`InputTypeError`). The default ceiling, :data:`MAX_INT`, keeps every count
    exact; size arguments state tighter ones, checked before any work is done.
    """
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, bool | np.bool_):
        raise _wrong_type(name, "a whole number", value)
    if isinstance(value, numbers.Integral):
        v = int(value)
    elif isinstance(value, numbers.Real):
        f = float(value)
        if not math.isfinite(f) or not f.is_integer():
            raise ValueError(f"{name} must be a whole number, got {_show(value)}")
        v = int(f)
    else:
        raise _wrong_type(name, "a whole number", value)
    if v < minimum:
        raise ValueError(f"{name} must be at least {minimum:,}, got {_show(value)}")
    if maximum is not None and v > maximum:
        raise ValueError(f"{name} must be at most {maximum:,}, got {_show(value)}")
    return v


def as_int_list(name: str, values, *, minimum: int = 1, maximum: int | None = MAX_INT,
                allow_empty: bool = False) -> list[int]:
    """A list of whole numbers from a list, tuple or 1-D array (each checked by :func:`as_int`).

    A single number is refused (give ``[n]``), and so is an empty sequence unless
    ``allow_empty``.
    """
    if isinstance(values, np.ndarray):
        if values.ndim != 1:
            raise ValueError(f"{name} must be a 1-D sequence of whole numbers, got an array of "
                             f"shape {values.shape}")
        values = values.tolist()
    if not isinstance(values, list | tuple | range):
        raise _wrong_type(name, "a list of whole numbers", values)
    if not values and not allow_empty:
        raise ValueError(f"{name} is empty: give at least one whole number")
    return [as_int(name, v, minimum=minimum, maximum=maximum) for v in values]


def as_array(
    name: str,
    value,
    *,
    positive: bool = False,
    min_length: int = 1,
) -> np.ndarray:
    """Return ``value`` as a 1-D float array of at least ``min_length`` finite entries."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_):
        raise ValueError(f"{name} must be a 1-D array of numbers, got the single number "
                         f"{_show(value)}")
    x = as_positive(name, value) if positive else as_finite(name, value)
    x = np.asarray(x, dtype=float)
    if x.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got an array of shape {x.shape}")
    if x.size < min_length:
        raise ValueError(f"{name} needs at least {min_length} values, got {x.size}")
    return x


def as_int_array(name: str, value, *, ndim: int | None = None, columns: int | None = None,
                 low: int = 0, high: int | None = None) -> np.ndarray:
    """An integer numpy array (token ids, counts …) with ``ndim`` dimensions, ``columns``
    columns (for 2-D) and values in ``low … high - 1``; anything else is refused."""
    if isinstance(value, str | bytes) or value is None or isinstance(value, numbers.Number) \
            and ndim:
        raise _wrong_type(name, f"an integer array{f' with {ndim} dimensions' if ndim else ''}",
                          value)
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError):
        raise InputTypeError(f"{name} must be an integer array, got {_show(value)}") from None
    if arr.dtype.kind not in "iu":
        raise InputTypeError(f"{name} must be an integer array, got {_show(value)} (dtype "
                             f"{arr.dtype})")
    if ndim is not None and arr.ndim != ndim:
        want = f"(n, {columns})" if ndim == 2 and columns else f"{ndim}-D"
        raise ValueError(f"{name} must be {want}, got an array of shape {arr.shape}")
    if columns is not None and arr.ndim == 2 and arr.shape[1] != columns:
        raise ValueError(f"{name} must have shape (n, {columns}), got shape {arr.shape}")
    if arr.size and (arr.min() < low or (high is not None and arr.max() >= high)):
        top = f"..{high - 1}" if high is not None else " or more"
        raise ValueError(f"{name} values must lie in {low}{top}, got {arr.min()}..{arr.max()}")
    return arr


def as_bool(name: str, value) -> bool:
    """``value`` if it is ``True`` or ``False`` (numpy booleans too); anything else is refused."""
    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise _wrong_type(name, "True or False", value)


def as_optional_bool(name: str, value) -> bool | None:
    """Like :func:`as_bool`, but ``None`` is allowed (and returned)."""
    return None if value is None else as_bool(name, value)


def as_choice(name: str, value, choices):
    """``value`` if it is one of ``choices`` (strings); else an error listing them."""
    listed = ", ".join(repr(c) for c in choices)
    if not isinstance(value, str):
        raise _wrong_type(name, f"one of {listed}", value)
    if value not in choices:
        raise ValueError(f"{name} must be one of {listed}, got {value!r}")
    return value


def as_text(name: str, value, *, allow_empty: bool = True) -> str:
    """``value`` if it is a string (non-empty unless ``allow_empty``)."""
    if not isinstance(value, str):
        raise _wrong_type(name, "text (a str)", value)
    if not allow_empty and not value.strip():
        raise ValueError(f"{name} must not be empty, got {value!r}")
    return value


def as_path(name: str, value):
    """``value`` as a ``pathlib.Path`` if it is a non-empty string or path."""
    from pathlib import Path

    if not isinstance(value, str | os.PathLike):
        raise _wrong_type(name, "a file or folder path (str or Path)", value)
    if isinstance(value, str) and not value.strip():
        raise ValueError(f"{name} must be a path, got the empty string")
    return Path(value)


def as_list_of(name: str, values, types, what: str, *, allow_empty: bool = False) -> list:
    """``values`` as a list whose items are all instances of ``types`` (``what`` says what
    was expected, e.g. "ChinchillaLaw objects such as laws.HOFFMANN_2022"). Any iterable
    but text is accepted; the message shows the whole container when an item is wrong."""
    if isinstance(values, str | bytes) or values is None or isinstance(values, numbers.Number):
        raise _wrong_type(name, f"a list of {what}", values)
    try:
        items = list(values)
    except TypeError:
        raise _wrong_type(name, f"a list of {what}", values) from None
    if not items and not allow_empty:
        raise ValueError(f"{name} is empty: give at least one of {what}")
    for item in items:
        if not isinstance(item, types):
            raise InputTypeError(f"{name} must be a list of {what}, but it holds {_show(item)} "
                                 f"({_kind(item)}): {_show(values)}")
    return items


def check_type(name: str, value, types, what: str | None = None):
    """``value`` if it is an instance of ``types``; else an :class:`InputTypeError` saying
    what was expected (``what``, e.g. "a ChinchillaLaw such as laws.HOFFMANN_2022")."""
    if isinstance(value, types):
        return value
    if what is None:
        names = types if isinstance(types, tuple) else (types,)
        what = " or ".join(f"a {t.__name__}" for t in names)
    raise _wrong_type(name, what, value)


class ResultOutOfRange(ValueError):
    """A result that is not finite although every input was: the inputs are too large or too
    small for floating-point arithmetic (1e300 parameters times 1e300 tokens)."""


def _nonfinite(x, depth: int = 0) -> bool:
    if depth > 2 or isinstance(x, bool | np.bool_ | str):
        return False
    if isinstance(x, numbers.Real):
        try:
            return not math.isfinite(x)
        except OverflowError:
            return False
    if isinstance(x, np.ndarray):
        return x.dtype.kind in "fc" and x.size > 0 and not bool(np.isfinite(x).all())
    if isinstance(x, tuple | list):
        return any(_nonfinite(v, depth + 1) for v in x)
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return any(_nonfinite(getattr(x, f.name), depth + 1) for f in dataclasses.fields(x)
                   if f.repr)
    return False


def _out_of_range(inputs: dict, why: str = "") -> ResultOutOfRange:
    def show(v):
        if isinstance(v, np.ndarray) and v.size == 1:
            v = v.item()
        return _show(v)

    shown = ", ".join(f"{k}={show(v)}" for k, v in inputs.items())
    why = f" ({why})" if why else ""
    return ResultOutOfRange(f"the result is out of range{why} for {shown}: the inputs are too "
                            f"large or too small for floating-point arithmetic")


def out_of_range(why: str = "", **inputs) -> ResultOutOfRange:
    """The error for a result out of floating-point range, naming ``inputs`` (to raise)."""
    return _out_of_range(inputs, why)


def finite_result(value, **inputs):
    """``value`` if every number in it is finite; else a :class:`ResultOutOfRange` (a
    ``ValueError``) that says the result is out of floating-point range for these ``inputs``
    (named, with their values).

    For results computed from finite inputs: 6·N·D with N = D = 1e300 overflows to inf,
    and the library says so instead of returning it.
    """
    if _nonfinite(value):
        return_value = np.asarray(value, dtype=float) if not dataclasses.is_dataclass(value) \
            else None
        bad = "" if return_value is None else str(
            float(return_value if return_value.ndim == 0
                  else return_value[~np.isfinite(return_value)].flat[0]))
        raise _out_of_range(inputs, bad)
    return value


def returns_finite(fn):
    """Decorator: the function's result must be finite (numbers, arrays, tuples of them, or
    a dataclass of them). A non-finite result, or an ``OverflowError`` /
    ``ZeroDivisionError`` raised by the arithmetic, becomes a :class:`ResultOutOfRange`
    naming every argument of the call, so the caller learns which inputs went out of range.
    An out-of-range error from a nested call is re-raised with this call's arguments.
    """
    sig = inspect.signature(fn)

    def inputs(args, kwargs):
        try:
            bound = sig.bind(*args, **kwargs)
        except TypeError:
            return {}
        bound.apply_defaults()
        return {k: v for k, v in bound.arguments.items()
                if k not in ("self", "cls") and not isinstance(v, dict)}

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            out = fn(*args, **kwargs)
        except (OverflowError, ZeroDivisionError, ResultOutOfRange) as err:
            raise _out_of_range(inputs(args, kwargs)) from err
        if _nonfinite(out):
            raise _out_of_range(inputs(args, kwargs))
        return out

    return wrapper


_FIELD_CHECKS = {
    "positive": lambda n, v: as_positive(n, v, allow_array=False),
    "nonnegative": lambda n, v: as_nonnegative(n, v, allow_array=False),
    "finite": lambda n, v: as_finite(n, v, allow_array=False),
    "fraction": lambda n, v: as_fraction(n, v, allow_array=False),
    "text": lambda n, v: as_text(n, v),
    "label": lambda n, v: as_text(n, v, allow_empty=False),
    "optional_text": lambda n, v: None if v is None else as_text(n, v),
    "optional_positive": lambda n, v: None if v is None else as_positive(n, v,
                                                                         allow_array=False),
    "count": lambda n, v: as_int(n, v),
    "whole": lambda n, v: as_int(n, v, minimum=0),
}


def check_fields(obj, **groups) -> None:
    """Check fields of a dataclass instance: ``check_fields(self, positive=("A", "B"),
    text=("citation",))``. Groups: positive, nonnegative, finite, fraction, text, label
    (non-empty text), optional_text, optional_positive, count (whole ≥ 1), whole (≥ 0)."""
    for group, names in groups.items():
        check = _FIELD_CHECKS[group]
        for name in (names,) if isinstance(names, str) else names:
            check(name, getattr(obj, name))


def same_length(**arrays) -> int:
    """Check that the 1-D arrays passed by keyword have equal lengths; return that length."""
    lengths = {k: len(v) for k, v in arrays.items()}
    if len(set(lengths.values())) > 1:
        desc = ", ".join(f"{k} has {n}" for k, n in lengths.items())
        raise ValueError(f"lengths differ: {desc}")
    return next(iter(lengths.values()))
