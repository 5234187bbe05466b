"""One way of driving a browser for both passes: Playwright for Python on the system Chromium.

Playwright never downloads a browser here: it is always given ``executable_path`` (Debian's
``chromium``). Without Chromium the passes skip with a message, as CI machines without it do.
The flags are those this machine's closed network needs: without the background-networking
ones Chromium keeps trying to reach Google's hosts.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Callable, Iterator

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--mute-audio", "--disable-dev-shm-usage"]

# Never let the playwright package fetch its own browser.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")


def chromium_path() -> str | None:
    """The system Chromium, or None when it is not installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def playwright_missing() -> str | None:
    """Why the browser passes cannot run here, or None when they can."""
    if chromium_path() is None:
        return "Chromium is not installed (Debian: apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (it is in requirements.txt)"
    return None


@contextlib.contextmanager
def browser() -> Iterator:
    """A headless Chromium driven by Playwright; closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), headless=True, args=FLAGS)
        try:
            yield b
        finally:
            b.close()


def wait_until(condition: Callable[[], object], what: str, timeout: float = 60.0,
               every: float = 0.2):
    """Poll ``condition`` until it returns something truthy; raise naming ``what`` on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:.0f} s for {what}")
        time.sleep(every)
