"""Save → reload as a référent sees it: a guide's page open in Chromium, its Markdown saved with
a new sentence, the time until the page shows that sentence; for this generator's serve and Hugo's.

The time is taken in the page itself, on the same clock as the moment of the save, so the bench's
own polling adds nothing to it: the first frame drawn once the sentence is in the page (no frame is
drawn while the page waits for its style sheet). Servers listen on loopback only.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

EDITS = 12
GAP_SECONDS = 1.0
CHROMIUM = "/usr/bin/chromium"
# Run in every page the tab loads: the wall-clock time of the first frame drawn with the sentence
# that localStorage names (the page keeps it across reloads).
SHOWN_AT = """(() => {
  const marker = localStorage.getItem("phrase-attendue");
  if (!marker) return;
  const seen = new MutationObserver(() => {
    if (document.body && document.body.textContent.includes(marker)) {
      seen.disconnect();
      requestAnimationFrame(() => { window.__montre = {marker, at: Date.now()}; });
    }
  });
  seen.observe(document, {childList: true, subtree: true});
})();"""
CONNECTED = (
    "() => !!(window.LiveReload && LiveReload.connector"
    " && LiveReload.connector._isSocketConnected())"
)
SHOWN = "marker => window.__montre && window.__montre.marker === marker && window.__montre.at"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_served(url: str, process: subprocess.Popen, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"le serveur s'est arrêté ({process.returncode}) : " + " ".join(process.args)
            )
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} ne répond pas")


@contextmanager
def running(command: list[str], url: str, cwd: Path | None = None, log: Path | None = None):
    """A server process, stopped on leaving; waits until url answers."""
    with open(log or os.devnull, "w") as output:
        process = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT)
        try:
            wait_until_served(url, process)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def our_server(config: Path, port: int, log: Path):
    root = Path(__file__).resolve().parents[1]
    command = [
        sys.executable,
        str(root / "build.py"),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--config",
        str(config),
    ]
    return running(command, f"http://127.0.0.1:{port}/", log=log)


def hugo_server(folder: Path, port: int, log: Path):
    command = [
        "hugo",
        "server",
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
        "--baseURL",
        f"http://127.0.0.1:{port}/",
        "--source",
        str(folder),
    ]
    return running(command, f"http://127.0.0.1:{port}/", log=log)


class Reader:
    """One Chromium tab on a guide's page, whose Markdown it edits and times."""

    def __init__(self, browser, url: str, markdown: Path):
        self.page = browser.new_page()
        self.page.add_init_script(SHOWN_AT)
        self.page.goto(url)
        self.markdown = markdown
        self.text = markdown.read_text(encoding="utf-8")
        self.edits = 0

    def save_and_wait(self) -> float:
        """Seconds from the save of a new sentence to the first frame of the page that shows it."""
        self.page.wait_for_function(CONNECTED, timeout=30_000)  # livereload's socket is open again
        self.edits += 1
        marker = f"Phrase ajoutée pour la mesure {self.edits}, repère {os.getpid()}x{self.edits}"
        self.page.evaluate("marker => localStorage.setItem('phrase-attendue', marker)", marker)
        saved = time.time()
        self.markdown.write_text(self.text + f"\n\n{marker}.\n", encoding="utf-8")
        shown = self.page.wait_for_function(SHOWN, arg=marker, timeout=30_000).json_value()
        return shown / 1000 - saved

    def close(self) -> None:
        self.markdown.write_text(self.text, encoding="utf-8")
        self.page.close()


def measure_in_turn(readers: dict[str, Reader], edits: int = EDITS) -> dict[str, list[float]]:
    """edits saves for each reader, one second apart, the readers in turn (a slow spell of the
    machine slows them alike): the sorted times of each."""
    times = {name: [] for name in readers}
    for _ in range(edits):
        for name, reader in readers.items():
            time.sleep(GAP_SECONDS)
            times[name].append(reader.save_and_wait())
    return {name: sorted(values) for name, values in times.items()}


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            yield browser
        finally:
            browser.close()
