"""The Makefile gives strict exercise mode to the checking targets only, never to `make lab`.

Each target is run with a fake ``$(BIN)`` whose ``jupyter`` and ``python`` record the
environment and arguments they were started with, so the test sees exactly what a
JupyterLab server (and every kernel it starts) or the notebook check would inherit.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _run(target: str, tmp_path: Path, *extra: str) -> tuple[dict, str]:
    fake = tmp_path / "bin"
    fake.mkdir(exist_ok=True)
    for name in ("jupyter", "python"):
        script = fake / name
        script.write_text(f'#!/bin/sh\nenv > "{tmp_path}/env"\necho "$@" > "{tmp_path}/args"\n')
        script.chmod(0o755)
    env = {k: v for k, v in os.environ.items()
           if k not in ("SCALING_STRICT_EXERCISES", "OPENBLAS_CORETYPE", "MAKEFLAGS", "MFLAGS",
                        "MAKELEVEL")}
    # -o: treat the venv as up to date, so the test never installs anything
    subprocess.run(["make", "--no-print-directory", "-o", ".venv/.installed", target,
                    f"BIN={fake}", *extra], cwd=ROOT, env=env, check=True,
                   capture_output=True, text=True, timeout=60)
    seen = dict(line.split("=", 1) for line in (tmp_path / "env").read_text().splitlines()
                if "=" in line)
    return seen, (tmp_path / "args").read_text()


def test_make_lab_starts_jupyterlab_without_strict_mode(tmp_path):
    env, args = _run("lab", tmp_path)
    assert args.startswith("lab ")
    assert env.get("SCALING_STRICT_EXERCISES", "") in ("", "0"), \
        "make lab would run every learner's kernel in strict mode: wrong answers would raise"


def test_make_lab_passes_extra_arguments_through(tmp_path):
    _, args = _run("lab", tmp_path, "ARGS=--port 8899 --no-browser")
    assert "--port 8899 --no-browser" in args
    assert "--notebook-dir=work" in args


def test_the_notebook_check_runs_in_strict_mode(tmp_path):
    env, args = _run("notebooks", tmp_path)
    assert "--nbval" in args
    assert env.get("SCALING_STRICT_EXERCISES") == "1", \
        "nbval must execute the reference solutions in strict mode"


def test_the_second_kernel_run_forces_another_blas_kernel(tmp_path):
    env, args = _run("unit-kernel2", tmp_path, "KERNEL2=Sandybridge")
    assert env.get("OPENBLAS_CORETYPE") == "Sandybridge"
    assert "-m lab" in args


def test_the_second_kernel_differs_from_the_one_openblas_picks():
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    from blas_kernel import second_kernel

    assert second_kernel(["openblas SkylakeX"]) == "Haswell"
    assert second_kernel(["openblas Haswell"]) == "Sandybridge"
    assert second_kernel(["openblas Zen"]) == "Haswell"
    assert second_kernel(["openblas NeoverseN1"]) == "ARMV8"
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "blas_kernel.py"), "--second"],
                         capture_output=True, text=True, check=True,
                         env={**os.environ, "OPENBLAS_CORETYPE": "Haswell"}).stdout.strip()
    assert out and out.lower() not in ("", "?")


def test_make_test_runs_the_lab_tests_and_the_book_under_the_second_kernel():
    text = (ROOT / "Makefile").read_text()
    test_line = next(line for line in text.splitlines() if line.startswith("test:"))
    assert "unit-kernel2" in test_line.split() and "book-kernel2" in test_line.split()
    assert "book-kernel2: setup vendor" in text
    assert "tools/blas_kernel.py --expect $(KERNEL2)" in text


def test_make_lab_leaves_the_blas_kernel_to_the_machine(tmp_path):
    env, _ = _run("lab", tmp_path)
    assert "OPENBLAS_CORETYPE" not in env


def test_make_lab_opens_the_learners_copies_not_the_course(tmp_path):
    _, args = _run("lab", tmp_path)
    assert "--notebook-dir=work" in args
    assert "--notebook-dir=book" not in args


def test_make_setup_installs_the_course_jupyterlab_settings():
    dry = subprocess.run(["make", "--no-print-directory", "-n", "-B", "-o", ".venv/.installed",
                          ".venv/share/jupyter/lab/settings/overrides.json"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert ("cp tools/jupyterlab/overrides.json "
            ".venv/share/jupyter/lab/settings/overrides.json") in dry
