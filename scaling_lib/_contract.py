"""Declarations for the input contract of ``scaling_lib`` (``tests/test_contract.py``).

Every public function, class and method of the library refuses bad input with a
``ValueError`` (or a ``TypeError`` for a value of the wrong type) whose message names
the argument and shows the bad value. The contract test checks this automatically by
calling each one with standard bad values (0, −1, NaN, ±inf, 1e308, 1e-320, 10**400,
True, "3", None, empty and 2-D arrays, complex numbers, text and objects in arrays).

Where an argument accepts one of those values *by design*, say so here, next to the
function, with the reason, so the test does not need to know:

    @accepts(unique_tokens={"inf": "math.inf means no cap on unique tokens"})
    def isoflop_losses(flops, params, unique_tokens, law=...): ...

Keys are argument names; values map a kind of bad value (see :data:`KINDS`) or
``"any"`` to the reason it is accepted. Classes whose instances the library builds and
returns (fit results, tables of measurements) are marked :func:`output_record`: their
constructors are not an input surface, but their methods are checked like any other.
"""

from __future__ import annotations

__all__ = ["KINDS", "accepts", "output_record", "accepted", "is_output_record"]

#: The kinds of bad value the contract test feeds to every argument.
KINDS = (
    "zero", "negative", "nan", "inf", "-inf", "huge", "tiny", "bigint", "bool", "str",
    "none", "empty_list", "empty_array", "2d", "mismatched", "complex", "complex_array",
    "str_array", "object_array",
)


def accepts(**arguments):
    """Declare that arguments accept some bad-looking values by design.

    ``@accepts(name={"kind": "reason", ...}, other={"any": "reason"})``. Works on
    functions, methods and (for constructors) classes; repeated uses merge.
    """
    for arg, kinds in arguments.items():
        if not isinstance(kinds, dict) or not kinds:
            raise ValueError(f"accepts({arg}=...) needs a dict of kind -> reason")
        unknown = set(kinds) - set(KINDS) - {"any"}
        if unknown:
            raise ValueError(f"accepts({arg}=...): unknown kinds {sorted(unknown)}")

    def mark(obj):
        own = dict(vars(obj).get("__contract_accepts__", {})) if isinstance(obj, type) \
            else dict(getattr(obj, "__contract_accepts__", {}))
        for arg, kinds in arguments.items():
            own[arg] = {**own.get(arg, {}), **kinds}
        obj.__contract_accepts__ = own
        return obj

    return mark


def output_record(cls):
    """Mark a class whose instances the library builds and returns (a result, not an input)."""
    cls.__contract_output__ = True
    return cls


def accepted(obj, arg: str) -> dict:
    """The kinds of bad value ``obj`` (function or class) accepts for ``arg``, with reasons."""
    table = vars(obj).get("__contract_accepts__", {}) if isinstance(obj, type) \
        else getattr(obj, "__contract_accepts__", {})
    return dict(table.get(arg, {}))


def is_output_record(cls) -> bool:
    """True if ``cls`` was marked with :func:`output_record`."""
    return bool(vars(cls).get("__contract_output__", False))
