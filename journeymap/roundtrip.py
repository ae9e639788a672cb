"""Round trip: continue a walkthrough file people may have edited, keeping their comments, order and formatting.

`walk --resume` and the studio add steps to a file that says "Edit freely". Rewriting it from
the data would throw away every comment and the author's layout, so the file is edited in
place with ruamel.yaml's round-trip loader and dumper: steps that did not change stay exactly
as written (comments included), new steps are appended in the file's own indentation (with the
blank line between steps the recorder writes, where the file has one), and a replaced step is
the only part written anew. The result is read back and must hold exactly the walk's data; if
it does not (or the file is YAML that ruamel reads differently), the recorder's own layout is
written instead, so a step is never lost for the sake of a comment.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from journeymap.recorder import Walk, walkthrough_yaml


def continued_yaml(original: str, walk: Walk, recorded_with: str = "journeymap walk") -> str:
    """`original` (the file as it was) changed to hold `walk`: only what differs is written anew."""
    fresh = walkthrough_yaml(walk, recorded_with)
    try:
        edited = _edited(original, walk)
    except Exception:  # ruamel reads some YAML differently (or not at all): the recorder's layout, never a loss
        return fresh
    if edited is None or _plain(yaml.safe_load(edited)) != _plain(yaml.safe_load(fresh)):
        return fresh
    return edited


def _edited(original: str, walk: Walk) -> str | None:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.util import load_yaml_guess_indent

    _, indent, offset = load_yaml_guess_indent(original)
    offset = offset or 0
    loader = YAML(typ="rt")
    loader.preserve_quotes = True
    loader.width = 1_000_000  # never fold a long line the author wrote on one
    loader.indent(mapping=indent - offset if offset and indent > offset else indent, sequence=indent, offset=offset)
    document = loader.load(original)
    if not isinstance(document, CommentedMap) or not isinstance(document.get("steps"), CommentedSeq):
        return None
    for key, value in walk.to_data().items():
        if key != "steps" and _plain(document.get(key)) != _plain(value):
            document[key] = value
    for key in [key for key in document if key not in walk.to_data()]:
        if key in ("role", "presented"):  # header fields the walk no longer has
            del document[key]
    steps: CommentedSeq = document["steps"]
    spaced = not steps or bool(re.search(r"\n[ \t]*\n[ \t]*- ", original))
    if not steps:
        steps.fa.set_block_style()
    for number, step in enumerate(walk.steps):
        if number < len(steps) and _plain(steps[number]) == _plain(step):
            continue
        written = _commented(step)
        if spaced and number > 0:
            written.yaml_set_start_comment("\n")  # the blank line between steps
        if number < len(steps):
            steps[number] = written
        else:
            steps.append(written)
    del steps[len(walk.steps) :]
    stream = io.StringIO()
    loader.dump(document, stream)
    return stream.getvalue()


def _commented(value: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, Mapping):
        return CommentedMap((key, _commented(item)) for key, item in value.items())
    if isinstance(value, Sequence) and not isinstance(value, str):
        return CommentedSeq(_commented(item) for item in value)
    return value


def _plain(value: Any) -> Any:
    """`value` as plain Python data (ruamel's commented types and PyYAML's alike), for comparing."""
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [_plain(item) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        return float(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
