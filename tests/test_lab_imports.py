"""The lab's modules import one another one way (issue 32): no import circle, even through
imports inside functions, and each module imports on its own in a fresh interpreter.

The circle this guards against: ``sweep`` imported the chapters' preset builders
(``hyper``, ``efficiency``) and they imported ``sweep``'s private helpers. Presets now go
into :mod:`scaling_lib.lab.registry`, which sits below both.
"""

import ast
import subprocess
import sys
from pathlib import Path

import scaling_lib.lab

LAB = Path(scaling_lib.lab.__file__).parent
PACKAGE = "scaling_lib.lab"


def _lab_modules() -> list[str]:
    return sorted(f"{PACKAGE}.{p.stem}" for p in LAB.glob("*.py") if p.stem != "__init__")


def _imports(module: str) -> set[str]:
    """The lab modules ``module`` imports anywhere in its source (top level or inside a
    function), as absolute names."""
    path = LAB / f"{module.rsplit('.', 1)[1]}.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative import
                base = ".".join([*PACKAGE.split(".")[: len(PACKAGE.split(".")) - node.level + 1],
                                 *([base] if base else [])])
            # "from scaling_lib.lab import task" names a module; "from .sweep import x" too
            names = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        found.update(n for n in names if n.startswith(PACKAGE + ".") and n != module)
    known = set(_lab_modules())
    return {n for n in found if n in known}


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of ``graph`` (a list of modules, first == last), or []."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str]:
        state[m] = 1
        stack.append(m)
        for n in sorted(graph.get(m, ())):
            if state.get(n) == 1:
                return stack[stack.index(n):] + [n]
            if n not in state:
                found = visit(n)
                if found:
                    return found
        stack.pop()
        state[m] = 2
        return []

    for m in sorted(graph):
        if m not in state:
            found = visit(m)
            if found:
                return found
    return []


def _python(code: str) -> str:
    """Run ``code`` in a fresh interpreter; its standard output."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def test_the_lab_has_no_import_cycle():
    graph = {m: _imports(m) for m in _lab_modules()}
    assert graph[f"{PACKAGE}.hyper"], "the import scan found nothing: is it still working?"
    assert _cycle(graph) == [], f"import cycle: {' -> '.join(_cycle(graph))}"


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) == []


def test_preset_modules_import_the_registry_and_not_the_runner():
    for module in ("hyper", "efficiency", "moe"):
        deps = _imports(f"{PACKAGE}.{module}")
        assert f"{PACKAGE}.registry" in deps, module
        assert f"{PACKAGE}.sweep" not in deps, module
    assert _imports(f"{PACKAGE}.registry") == set()


def test_every_lab_module_imports_alone_in_a_fresh_interpreter():
    # each module first, with no other scaling_lib module loaded before it
    code = (
        "import importlib, sys\n"
        f"for name in {_lab_modules()!r}:\n"
        "    for loaded in [m for m in sys.modules if m.startswith('scaling_lib')]:\n"
        "        del sys.modules[loaded]\n"
        "    importlib.import_module(name)\n"
        "from scaling_lib.lab.registry import PRESETS\n"
        "print(len(PRESETS))\n"
    )
    _python(code)


def test_the_registry_lists_presets_in_module_order_whatever_was_imported_first():
    code = (
        "import scaling_lib.lab.moe, scaling_lib.lab.hyper\n"
        "from scaling_lib.lab.sweep import PRESETS\n"
        "print(' '.join(PRESETS))\n"
    )
    names = _python(code).split()
    assert names[:2] == ["n_sweep", "d_sweep"]
    assert names.index("envelope") < names.index("lr_width") < names.index("quantization")
    assert names[-2:] == ["moe", "moe_topk"]
