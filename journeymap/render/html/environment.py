"""The Jinja2 environment of every page, its Content-Security-Policy, and the one door for trusted SVG.

Autoescaping is on everywhere; the only markup let through unescaped are the
SVG drawings, in `trusted_svg`.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from pathlib import Path

import jinja2
from markupsafe import Markup

from journeymap.render.escaping import html_text
from journeymap.render.html.printing import page_rules

SORT_SCRIPT = "sort.js"
DIAGRAM_SCRIPT = "diagram.js"

PACKAGE = Path(__file__).resolve().parent.parent.parent


def templates_folder(package: Path = PACKAGE) -> Path:
    """`journeymap/templates` in an installed wheel, else the top-level `templates/` of a source checkout."""
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


@functools.cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment of every page: autoescaped, strict about undefined names."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_folder()),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_page_text,
    )
    env.globals["page_rules"] = page_rules  # the print size and header of each page (base.html.j2)
    return env


def _page_text(value: object) -> object:
    """Every value a template prints: text loses the characters no page may carry; trusted SVG passes as it is."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return html_text(value)
    return value


def trusted_svg(svg: str) -> Markup:
    """Let an SVG drawing into a page unescaped: the only place a report marks text as safe.

    Two kinds of SVG come here, both built from escaped text and never from raw
    input: diagrams drawn by Graphviz's `dot` from DOT whose labels the diagram
    renderer escaped, and the charts of `journeymap.render.charts`, which escape
    every text they write. The page's Content-Security-Policy stops scripts and
    requests even if one of them ever let something through.
    """
    return Markup(svg)


_BEFORE_SVG = re.compile(r"\A.*?(?=<svg[\s>])", re.DOTALL)


def inline_svg(document: str) -> str:
    """An SVG file's text without what only a stand-alone file needs (XML prolog, DOCTYPE, comments before it)."""
    return _BEFORE_SVG.sub("", document, count=1).strip()


def content_security_policy(*scripts: str) -> str:
    """Nothing may load or run but the page's own styles and, if given, its inline scripts (by hash)."""
    policy = [
        "default-src 'none'",
        "style-src 'unsafe-inline'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ]
    if scripts:
        digests = (
            base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") for script in scripts
        )
        policy.append("script-src " + " ".join(f"'sha256-{digest}'" for digest in digests))
    return "; ".join(policy)


def diagram_script() -> str:
    """The journey page's pan and zoom script for its diagram, exactly as the page includes it."""
    return environment().get_template(DIAGRAM_SCRIPT).render()


def sort_script() -> str:
    """The index's sorting script exactly as the page includes it (so its hash matches what the browser sees)."""
    return environment().get_template(SORT_SCRIPT).render()
