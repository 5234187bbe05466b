"""The lab's preset registry: named sweeps that chapters' lab modules register into.

A preset is ``build(size, seed) -> (jobs, settings)`` with a one-line description;
:func:`register_preset` adds one to :data:`PRESETS`. The modules that define presets
(:data:`PRESET_MODULES`) import this module and register at import; this module never
imports them at its top, so imports run one way::

    sweep (runner and cache; the presets of chapters 1-3 and 7)  ->  registry
    hyper (chapter 8), efficiency and moe (chapter 10)           ->  registry

(``hyper``, ``efficiency`` and ``moe`` import the registry, never ``sweep``.) The first
read of :data:`PRESETS` loads every module in :data:`PRESET_MODULES`, in that order, so
the registry is complete and its order (the order of ``make lab-data``) does not depend
on which module a chapter imported first. A new chapter's lab module adds itself to
:data:`PRESET_MODULES` and calls :func:`register_preset`; ``sweep.py`` does not change.

Also here, below every preset module: the small helpers their job builders share.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from scaling_lib._validate import InputTypeError, _show, as_choice, as_text

__all__ = ["PRESETS", "PRESET_MODULES", "SIZES", "register_preset", "load_presets"]

SIZES = ("live", "full")

#: The modules that register presets, in the order their presets are listed (and run by
#: ``python -m scaling_lib.lab all``).
PRESET_MODULES = (
    "scaling_lib.lab.sweep",
    "scaling_lib.lab.hyper",
    "scaling_lib.lab.efficiency",
    "scaling_lib.lab.moe",
)


@dataclass(frozen=True)
class Preset:
    """A named sweep: ``build(size, seed) -> (jobs, settings)`` and what it is for."""

    name: str
    build: Callable
    description: str


class _Registry(dict):
    """A dict of presets that loads :data:`PRESET_MODULES` before it is first read."""

    _state = "empty"  # "empty" -> "loading" -> "loaded"

    def _load(self) -> None:
        if type(self)._state != "empty":
            return
        type(self)._state = "loading"
        try:
            for name in PRESET_MODULES:
                importlib.import_module(name)
        except BaseException:
            type(self)._state = "empty"
            raise
        rank = {m: i for i, m in enumerate(PRESET_MODULES)}
        items = sorted(dict.items(self),
                       key=lambda kv: rank.get(_ORIGIN.get(kv[0]), len(rank)))
        dict.clear(self)
        dict.update(self, items)
        type(self)._state = "loaded"

    def __getitem__(self, key):
        self._load()
        return dict.__getitem__(self, key)

    def __contains__(self, key) -> bool:
        self._load()
        return dict.__contains__(self, key)

    def __iter__(self):
        self._load()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._load()
        return dict.__len__(self)

    def __repr__(self) -> str:
        self._load()
        return dict.__repr__(self)

    def get(self, key, default=None):
        self._load()
        return dict.get(self, key, default)

    def keys(self):
        self._load()
        return dict.keys(self)

    def values(self):
        self._load()
        return dict.values(self)

    def items(self):
        self._load()
        return dict.items(self)


PRESETS: dict[str, Preset] = _Registry()
"""Every registered preset by name (complete on first read)."""

_ORIGIN: dict[str, str] = {}


def register_preset(name: str, build: Callable, description: str) -> None:
    """Add a preset; ``build(size, seed)`` returns ``(jobs, settings_dict)``."""
    as_text("name", name, allow_empty=False)
    if not callable(build):
        raise InputTypeError(f"build must be a function build(size, seed), got {_show(build)}")
    as_text("description", description)
    _ORIGIN.setdefault(name, getattr(build, "__module__", None))
    dict.__setitem__(PRESETS, name, Preset(name, build, description))


def load_presets() -> dict[str, Preset]:
    """Import every module of :data:`PRESET_MODULES` (once) and return :data:`PRESETS`."""
    PRESETS._load()
    return PRESETS


def check_preset(name: str, size: str) -> Preset:
    """The preset ``name`` at a valid ``size``, or a ValueError listing the presets."""
    as_text("name", name)
    if name not in PRESETS:
        raise ValueError(f"name: unknown preset {name!r}; choose one of {', '.join(PRESETS)}")
    as_choice("size", size, SIZES)
    return PRESETS[name]


# ----------------------------------------------- helpers shared by preset job builders
def _labels(name: str, labels) -> tuple:
    """Extra columns: a tuple of (column name, value) pairs."""
    if not isinstance(labels, tuple | list) or not all(
            isinstance(p, tuple | list) and len(p) == 2 and isinstance(p[0], str) for p in labels):
        raise InputTypeError(f"{name} must be a tuple of (column name, value) pairs, got "
                             f"{_show(labels)}")
    return tuple(tuple(p) for p in labels)


def _params(width: int, lang, embed_dim: int = 16) -> int:
    """Parameters of the lab's MLP language model of hidden ``width`` on language ``lang``."""
    k, v = lang.context_length, lang.vocab_size
    return v * embed_dim + k * embed_dim * width + width + width * v + v
