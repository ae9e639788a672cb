"""PDF: print report pages with headless Chromium; the one place that drives a browser.

`find_chromium` looks for the browser (JOURNEYMAP_CHROMIUM, else chromium, chromium-browser,
google-chrome on PATH) and raises `ChromiumNotFound` without one, so a caller can refuse before
writing anything. `print_pdf` prints one HTML file to a PDF beside it the way the page's own
print stylesheet lays it out (paper size, page header), within a timeout, in a profile of its
own that is removed afterwards; a failure is a `PdfError` saying which page and why. Chromium
and every process it starts are killed when the timeout runs out or the run is stopped.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from journeymap.output import OutputError

CHROMIUM_VARIABLE = "JOURNEYMAP_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = "install it (Debian: apt-get install chromium)"
DEFAULT_TIMEOUT = 60.0  # seconds for one page; a page prints in 1 to 3 s
_NOISE = ("dbus", "Fontconfig", "sandbox", "GPU", "gpu", "bytes written to file")


class PdfError(OutputError):
    """A page could not be printed to PDF; the message names the page and the reason."""


class ChromiumNotFound(PdfError):
    """No Chromium to print with: not on PATH, or JOURNEYMAP_CHROMIUM names no program."""


def find_chromium(environ: dict[str, str] | None = None) -> str:
    """The Chromium (or Chrome) program to print with; `ChromiumNotFound` when there is none."""
    environ = dict(os.environ) if environ is None else environ
    named = environ.get(CHROMIUM_VARIABLE, "").strip()
    if named:
        found = shutil.which(named)
        if found is None:
            raise ChromiumNotFound(
                f"{CHROMIUM_VARIABLE}={named!r} is not a program that can be run: point it at Chromium, "
                f"or unset it to use {CHROMIUM_NAMES[0]} on PATH"
            )
        return found
    path = environ.get("PATH", os.defpath)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name, path=path)
        if found is not None:
            return found
    raise ChromiumNotFound(
        f"printing to PDF needs Chromium, and none was found ({', '.join(CHROMIUM_NAMES)} on PATH, or "
        f"{CHROMIUM_VARIABLE}); {INSTALL_HINT}"
    )


def chromium_command(chromium: str, page: Path, pdf: Path, profile: Path) -> list[str]:
    """The command that prints `page` to `pdf`: headless, no browser header or footer, nothing fetched."""
    command = [
        chromium,
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        f"--user-data-dir={profile}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    command.append(page.resolve().as_uri())
    return command


def print_pdf(chromium: str, page: Path, pdf: Path, *, timeout: float = DEFAULT_TIMEOUT) -> None:
    """Print the HTML file `page` to `pdf` with headless Chromium; `PdfError` naming the page when it fails."""
    with tempfile.TemporaryDirectory(prefix="journeymap-chromium-") as profile:
        command = chromium_command(chromium, page, pdf, Path(profile))
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,  # its own process group: the renderers die with it
            )
        except OSError as error:
            raise PdfError(f"{page.name}: cannot run {chromium}: {error.strerror}; {INSTALL_HINT}") from error
        try:
            _, problems = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            raise PdfError(f"{page.name}: Chromium did not print the page to PDF within {timeout:g} s") from None
        except BaseException:  # Ctrl-C, SIGTERM: no browser may go on without us
            _kill(process)
            raise
    if process.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        reason = _reason(process.returncode, problems)
        raise PdfError(f"{page.name}: Chromium could not print the page to PDF ({reason})")


def _reason(returncode: int, problems: bytes) -> str:
    lines = [line.strip() for line in problems.decode("utf-8", errors="replace").splitlines()]
    shown = [line for line in lines if line and not any(word in line for word in _NOISE)]
    status = f"exit status {returncode}" if returncode >= 0 else f"stopped by signal {-returncode}"
    return f"{status}: {shown[-1][:300]}" if shown else status


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Chromium and the renderers it started (its process group, still led by it: it is not reaped yet)."""
    with contextlib.suppress(OSError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        process.kill()
    process.wait()
    for pipe in (process.stdout, process.stderr):  # not read to the end: a renderer may still hold them open
        if pipe is not None:
            pipe.close()
