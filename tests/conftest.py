import os
import re
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

# The learner-facing default; tests of strict mode set it themselves.
os.environ.pop("SCALING_STRICT_EXERCISES", None)

ROOT = Path(__file__).resolve().parent.parent


# Test modules whose results depend on the BLAS kernel's rounding: they train lab models or
# recompute findings from lab runs. `make unit-kernel2` runs them again under a second kernel.
LAB_MODULES = re.compile(r"test_(lab_\w+|findings\w*|cache_and_limits)\.py$")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if LAB_MODULES.search(item.path.name):
            item.add_marker(pytest.mark.lab)


@pytest.fixture(scope="session")
def bib_keys() -> set[str]:
    text = (ROOT / "book" / "references.bib").read_text()
    return set(re.findall(r"@\w+\{([^,]+),", text))


@pytest.fixture(autouse=True)
def _close_figures():
    """Figures drawn by a test are closed after it, so memory stays flat."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
