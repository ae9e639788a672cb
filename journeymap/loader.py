"""Loader: YAML bytes to plain Python data that still knows where every value stood.

PyYAML's C parser composes the node tree (with line/column marks); we turn the
nodes into plain dicts, lists and scalars ourselves, so that we can reject
duplicate keys, unsafe tags and runaway aliases at their position, and keep the
tree to point later findings at `file:line:column`.
"""

from __future__ import annotations

import codecs
import datetime
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from journeymap.codes import ErrorCode
from journeymap.findings import Finding, Level

# Aliases are fine for sharing a bit of text; a "billion laughs" file is not.
# This many values may come from expanding aliases beyond the file's own nodes.
ALIAS_EXPANSION_LIMIT = 100_000
# Journeys nest five or six levels deep; anything far deeper is a broken or hostile file.
NESTING_LIMIT = 64

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"

_constructor = yaml.constructor.SafeConstructor()
_SCALARS: dict[str, Any] = {
    "tag:yaml.org,2002:null": lambda node: None,
    "tag:yaml.org,2002:bool": _constructor.construct_yaml_bool,
    "tag:yaml.org,2002:int": _constructor.construct_yaml_int,
    "tag:yaml.org,2002:float": _constructor.construct_yaml_float,
    "tag:yaml.org,2002:timestamp": _constructor.construct_yaml_timestamp,
}

Location = Sequence[str | int]


@dataclass(frozen=True)
class Document:
    """A loaded YAML file: its plain data and the node tree that remembers positions."""

    path: str
    data: Any
    root: yaml.Node

    def position(self, location: Location, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at `location`, or of its key with `key=True`.

        A location that goes deeper than the file (a default, a short form) points
        at the deepest node that exists.
        """
        node = self.root
        key_node: yaml.Node | None = None
        for part in location:
            child = _child(node, part)
            if child is None:
                break
            key_node, node = child
        target = key_node if key and key_node is not None else node
        return target.start_mark.line + 1, target.start_mark.column + 1

    def finding(self, location: Location, level: Level, code: str, message: str, *, key: bool = False) -> Finding:
        line, column = self.position(location, key=key)
        return Finding(self.path, line, column, level, code, message)

    def error(self, location: Location, code: str, message: str, *, key: bool = False) -> Finding:
        return self.finding(location, Level.ERROR, code, message, key=key)


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
        if 0 <= part < len(node.value):
            return None, node.value[part]
        return None
    if isinstance(node, yaml.MappingNode):
        merged: list[yaml.Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged.extend(value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node])
            elif isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                return key_node, value_node
        for source in merged:
            found = _child(source, part)
            if found is not None:
                return found
    return None


def load_file(path: str) -> tuple[Document | None, list[Finding]]:
    """Read and load one file; a file that cannot be read is a finding, not an exception."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a folder, a pipe or a device would block or fail
            message = "this is not a regular file; give a .journey.yaml or .walkthrough.yaml file"
            return None, [Finding(path, 1, 1, Level.ERROR, ErrorCode.READ_ERROR, message)]
        with open(path, "rb") as stream:
            raw = stream.read()
    except OSError as error:
        return None, [Finding(path, 1, 1, Level.ERROR, ErrorCode.READ_ERROR, f"cannot read the file: {error.strerror}")]
    return load_bytes(raw, path)


def load_bytes(raw: bytes, path: str) -> tuple[Document | None, list[Finding]]:
    """Load YAML bytes into a Document, collecting every problem found on the way."""
    text, problem = _decode(raw, path)
    if problem is not None:
        return None, [problem]
    return load_text(text, path)


# Text from Python (not from a file) can hold halves of UTF-16 pairs, which no file and no YAML parser can.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def load_text(text: str, path: str) -> tuple[Document | None, list[Finding]]:
    surrogate = _LONE_SURROGATE.search(text)
    if surrogate is not None:
        before = text[: surrogate.start()]
        line, column = before.count("\n") + 1, surrogate.start() - (before.rfind("\n") + 1) + 1
        message = (
            f"the character U+{ord(surrogate.group()):04X} is not allowed in YAML; delete it (it is often invisible)"
        )
        return None, [Finding(path, line, column, Level.ERROR, ErrorCode.YAML_SYNTAX, message)]
    parser = _parser()
    try:
        deep = _too_deep_at(text, parser)
        if deep is not None:
            return None, [_too_deep(path, *deep)]
        root = yaml.compose(text, Loader=parser)
    except yaml.MarkedYAMLError as error:
        deep = _refused_as_too_deep(error, text)
        if deep is not None:
            return None, [_too_deep(path, *deep)]
        return None, [_syntax_finding(error, text, path)]
    except yaml.reader.ReaderError as error:
        return None, [_reader_finding(error, text, path, in_bytes=parser is not yaml.SafeLoader)]
    except yaml.YAMLError as error:  # any other error without a mark
        message = " ".join(str(error).split())
        return None, [Finding(path, 1, 1, Level.ERROR, ErrorCode.YAML_SYNTAX, f"{message}; fix the YAML syntax")]
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag != _STR and root.value == ""):
        # no document at all, or only `---` with nothing under it
        message = "the file is empty; a journey needs at least `title`, `stages` and `touchpoints`"
        return None, [Finding(path, 1, 1, Level.ERROR, ErrorCode.EMPTY_FILE, message)]
    line, column = root.start_mark.line + 1, root.start_mark.column + 1
    if root.tag not in (_MAP, _SEQ, _STR) and root.tag not in _SCALARS:
        message = f"the tag {root.tag!r} is not allowed; journeymap reads plain YAML: remove it"
        return None, [Finding(path, line, column, Level.ERROR, ErrorCode.YAML_TAG, message)]
    if not isinstance(root, yaml.MappingNode):
        message = "the file must be a mapping of keys (`title: ...`, `stages: ...`), not a single value or a list"
        return None, [Finding(path, line, column, Level.ERROR, ErrorCode.BAD_ROOT, message)]
    converter = _Converter(path)
    data = converter.convert(root, 1)
    if converter.fatal:
        return None, converter.findings
    return Document(path, data, root), converter.findings


def _parser() -> type[Any]:
    """libyaml's parser where PyYAML was built with it; PyYAML's pure-Python one (slower, same results) where not."""
    return getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


def _too_deep_at(text: str, parser: type[Any]) -> tuple[int, int] | None:
    """1-based (line, column) where the nesting first goes too deep, found on the event stream before composing.

    libyaml's composer recurses on the C stack: a file of a hundred thousand `[`
    would crash the process instead of raising, so it must never see one.
    """
    depth = 0
    for event in yaml.parse(text, Loader=parser):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > NESTING_LIMIT and event.start_mark is not None:
                return event.start_mark.line + 1, event.start_mark.column + 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _refused_as_too_deep(error: yaml.MarkedYAMLError, text: str) -> tuple[int, int] | None:
    """Where our nesting limit is first exceeded, when libyaml itself refused the nesting.

    libyaml 0.2.5 as bundled by PyYAML 6.0.4 stops at 1000 levels in its scanner, which
    looks ahead before the parser hands out the first event, so `_too_deep_at` never
    sees the depth grow. Everything before libyaml's mark nests less deeply than its
    own limit, so parsing just that part finds the place where our far lower limit is
    first exceeded. The file is too deep in any case: failing that, libyaml's place.
    """
    if error.problem != "exceeded maximum nesting depth" or error.problem_mark is None:
        return None
    mark = error.problem_mark
    lines = text.split("\n")
    before = "\n".join([*lines[: mark.line], lines[mark.line][: mark.column] if mark.line < len(lines) else ""])
    for parser in (_parser(), yaml.SafeLoader):
        try:
            deep = _too_deep_at(before, parser)
        except yaml.YAMLError:  # the cut-off text may end in the middle of a value
            continue
        if deep is not None:
            return deep
    return mark.line + 1, mark.column + 1


_WIDE_BOMS = {
    "UTF-32": (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE),
    "UTF-16": (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE),
}


def _decode(raw: bytes, path: str) -> tuple[str, Finding | None]:
    # Windows editors save "Unicode" as UTF-16 with a byte-order mark; say so rather than "binary".
    for encoding, marks in _WIDE_BOMS.items():
        if raw.startswith(marks):
            message = f"the file is saved as {encoding}; save it as UTF-8 (most editors: 'Save with encoding')"
            return "", Finding(path, 1, 1, Level.ERROR, ErrorCode.NOT_UTF8, message)
    if b"\x00" in raw:
        message = "this is a binary file, not YAML text; give a .journey.yaml or .walkthrough.yaml file"
        return "", Finding(path, 1, 1, Level.ERROR, ErrorCode.NOT_TEXT, message)
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        # Everything before the bad byte is valid UTF-8: count characters there, as editors and YAML do.
        before = raw[: error.start].decode("utf-8-sig", "replace")
        line, column = _line_and_column(before)
        message = (
            f"byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8 (most editors: 'Save with encoding')"
        )
        return "", Finding(path, line, column, Level.ERROR, ErrorCode.NOT_UTF8, message)


# Line breaks as YAML (and libyaml's marks) count them: CR LF, CR alone, LF, NEL, LS and PS.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _line_and_column(before: str) -> tuple[int, int]:
    """1-based (line, column) of the character after `before`, with line breaks counted as YAML counts them."""
    line, start = 1, 0
    for match in _LINE_BREAK.finditer(before):
        line, start = line + 1, match.end()
    return line, len(before) - start + 1


def _syntax_finding(error: yaml.MarkedYAMLError, text: str, path: str) -> Finding:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = error.problem or "invalid YAML"
    lines = _LINE_BREAK.split(text)  # as YAML counts lines (splitlines also breaks at form feeds)
    offending = lines[line - 1][column - 1 : column] if line <= len(lines) else ""
    if offending == "\t" or "'\\t'" in problem:
        message = "a tab character here; YAML indents with spaces only: replace the tab with spaces"
        return Finding(path, line, column, Level.ERROR, ErrorCode.TAB, message)
    if error.context == "expected a single document in the stream":
        message = (
            "a second YAML document (`---`) starts here, but a file holds one journey or walkthrough: "
            "remove the `---` line or split the file in two"
        )
        return Finding(path, line, column, Level.ERROR, ErrorCode.YAML_SYNTAX, message)
    context = f" ({error.context})" if error.context else ""
    message = f"{problem}{context}; fix the YAML syntax (check indentation, colons and quotes)"
    return Finding(path, line, column, Level.ERROR, ErrorCode.YAML_SYNTAX, " ".join(message.split()))


def _reader_finding(error: yaml.reader.ReaderError, text: str, path: str, *, in_bytes: bool) -> Finding:
    """A character YAML does not allow (e.g. a control character pasted from elsewhere), at its place."""
    # libyaml counts the position in UTF-8 bytes, PyYAML's pure-Python reader in characters.
    before = text.encode("utf-8")[: error.position].decode("utf-8", "replace") if in_bytes else text[: error.position]
    line, column = _line_and_column(before)
    character = error.character if isinstance(error.character, int) else ord(error.character)
    message = f"the character U+{character:04X} is not allowed in YAML; delete it (it is often invisible)"
    return Finding(path, line, column, Level.ERROR, ErrorCode.YAML_SYNTAX, message)


def _too_deep(path: str, line: int, column: int) -> Finding:
    message = (
        f"the YAML nests deeper than {NESTING_LIMIT} levels here; a journey needs five or six: "
        "check for unclosed brackets or indentation gone astray"
    )
    return Finding(path, line, column, Level.ERROR, ErrorCode.TOO_DEEP, message)


class _Converter:
    """Turns composed nodes into plain data, collecting located problems."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.findings: list[Finding] = []
        self.fatal = False
        self.expanded = 0  # values produced by expanding aliases
        self.done: dict[int, tuple[Any, int]] = {}  # node id -> (value, size) for container reuse
        self.in_progress: set[int] = set()

    def problem(self, node: yaml.Node, code: str, message: str, *, fatal: bool = False) -> None:
        mark = node.start_mark
        self.findings.append(Finding(self.path, mark.line + 1, mark.column + 1, Level.ERROR, code, message))
        self.fatal = self.fatal or fatal

    def convert(self, node: yaml.Node, depth: int) -> Any:
        return self._convert(node, depth)[0]

    def _convert(self, node: yaml.Node, depth: int) -> tuple[Any, int]:
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node), 1
        if self.fatal:
            return None, 1
        key = id(node)
        if key in self.done:  # an alias: the same node again
            value, size = self.done[key]
            self.expanded += size
            if self.expanded > ALIAS_EXPANSION_LIMIT:
                message = (
                    f"aliases here expand to more than {ALIAS_EXPANSION_LIMIT:,} values (a 'billion laughs' file?); "
                    "write the values out or use fewer nested aliases"
                )
                self.problem(node, ErrorCode.ALIAS_EXPANSION, message, fatal=True)
            return value, size
        if key in self.in_progress:
            self.problem(
                node, ErrorCode.RECURSIVE_ALIAS, "an alias refers to its own anchor; remove the loop", fatal=True
            )
            return None, 1
        if depth > NESTING_LIMIT:
            mark = node.start_mark
            self.findings.append(_too_deep(self.path, mark.line + 1, mark.column + 1))
            self.fatal = True
            return None, 1
        self.in_progress.add(key)
        result = self._mapping(node, depth) if isinstance(node, yaml.MappingNode) else self._sequence(node, depth)
        self.in_progress.discard(key)
        self.done[key] = result
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        construct = _SCALARS.get(tag)
        if construct is None:
            self.problem(
                node, ErrorCode.YAML_TAG, f"the tag {tag!r} is not allowed; journeymap reads plain YAML: remove it"
            )
            return node.value
        try:
            value = construct(node)
        except (ValueError, yaml.YAMLError):
            # It only looked like a date or number (2026-13-01): keep the text and let
            # the model say what the field needs.
            return node.value
        if isinstance(value, datetime.datetime):
            return value.date() if value.time() == datetime.time() and value.tzinfo is None else value
        return value

    def _sequence(self, node: yaml.Node, depth: int) -> tuple[Any, int]:
        if node.tag != _SEQ:
            self.problem(node, ErrorCode.YAML_TAG, f"the tag {node.tag!r} is not allowed; journeymap reads plain YAML")
        items: list[Any] = []
        size = 1
        for item in node.value:
            value, item_size = self._convert(item, depth + 1)
            items.append(value)
            size += item_size
        return items, size

    def _mapping(self, node: yaml.MappingNode, depth: int) -> tuple[Any, int]:
        if node.tag != _MAP:
            self.problem(node, ErrorCode.YAML_TAG, f"the tag {node.tag!r} is not allowed; journeymap reads plain YAML")
        result: dict[str, Any] = {}
        first_seen: dict[str, yaml.Node] = {}
        merges: list[yaml.Node] = []
        size = 1
        for key_node, value_node in node.value:
            if value_node.tag == _STR and key_node.tag == _STR and key_node.value not in first_seen:
                # the common case, kept short: a plain text value under a new key
                first_seen[key_node.value] = key_node
                result[key_node.value] = value_node.value
                size += 1
                continue
            if key_node.tag == _MERGE:
                merges.append(value_node)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, ErrorCode.BAD_VALUE, "a key must be a plain name, not a list or mapping")
                continue
            name = key_node.value
            if name in first_seen:
                line = first_seen[name].start_mark.line + 1
                message = f"duplicate key {name!r} (first on line {line}); YAML would silently keep one: remove one"
                self.problem(key_node, ErrorCode.DUPLICATE_KEY, message)
                continue
            first_seen[name] = key_node
            result[name], value_size = self._convert(value_node, depth + 1)
            size += value_size
        for merge in merges:
            size += self._merge(result, merge, depth)
        return result, size

    def _merge(self, result: dict[str, Any], merge: yaml.Node, depth: int) -> int:
        """YAML merge keys (`<<: *defaults`): explicit keys win over merged ones."""
        sources = merge.value if isinstance(merge, yaml.SequenceNode) else [merge]
        size = 0
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                self.problem(source, ErrorCode.BAD_VALUE, "`<<` merges mappings only: point it at a mapping's anchor")
                continue
            value, source_size = self._convert(source, depth + 1)
            size += source_size
            if isinstance(value, dict):
                for name, item in value.items():
                    result.setdefault(name, item)
        return size
