"""Loader: YAML bytes to plain Python data that still knows where every value stood.

One pass over PyYAML's event stream (libyaml's C parser where PyYAML has it) builds
the plain dicts, lists and scalars and, beside them, the place of every key and value.
Building the data ourselves, rather than composing PyYAML's node tree first, lets us
reject duplicate keys, unsafe tags, runaway aliases and runaway nesting at their
position, never recurse (libyaml's composer recurses on the C stack), and keep just
the marks that later findings need to point at `file:line:column`.
"""

from __future__ import annotations

import codecs
import datetime
import os
import re
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from journeymap.codes import ErrorCode
from journeymap.findings import Finding, Level
from journeymap.syntax_hints import explain as explain_syntax

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

_PLAIN = "journeymap reads plain YAML"

Location = Sequence[str | int]
Mark = Any  # PyYAML's mark of an event: 0-based `.line` and `.column`


class MappingPlace:
    """Where the keys and values of one mapping stand: key mark, value mark and, for a collection, its places."""

    __slots__ = ("entries", "merges")

    def __init__(self) -> None:
        self.entries: dict[str, tuple[Mark, Mark, Place | None]] = {}
        self.merges: list[MappingPlace] = []  # the mappings merged in with `<<`, searched after the own keys


class SequencePlace:
    """Where the items of one list stand: value mark and, for a collection, its places."""

    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: list[tuple[Mark, Place | None]] = []


Place = MappingPlace | SequencePlace


@dataclass(frozen=True)
class Document:
    """A loaded YAML file: its plain data and where each of its keys and values stands."""

    path: str
    data: Any
    mark: Mark  # where the root mapping starts
    places: MappingPlace

    def position(self, location: Location, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at `location`, or of its key with `key=True`.

        A location that goes deeper than the file (a default, a short form) points
        at the deepest value that exists.
        """
        mark: Mark = self.mark
        place: Place | None = self.places
        key_mark: Mark | None = None
        for part in location:
            child = _child(place, part) if place is not None else None
            if child is None:
                break
            key_mark, mark, place = child
        target = key_mark if key and key_mark is not None else mark
        return target.line + 1, target.column + 1

    def finding(self, location: Location, level: Level, code: str, message: str, *, key: bool = False) -> Finding:
        line, column = self.position(location, key=key)
        return Finding(self.path, line, column, level, code, message)

    def error(self, location: Location, code: str, message: str, *, key: bool = False) -> Finding:
        return self.finding(location, Level.ERROR, code, message, key=key)


def _child(place: Place, part: str | int) -> tuple[Mark | None, Mark, Place | None] | None:
    if isinstance(place, SequencePlace):
        if isinstance(part, int) and 0 <= part < len(place.items):
            mark, inner = place.items[part]
            return None, mark, inner
        return None
    found = place.entries.get(str(part))
    if found is not None:
        return found
    for source in place.merges:
        merged = _child(source, part)
        if merged is not None:
            return merged
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
        return _Builder(path, parser).build(text)
    except _TooDeep as deep:
        return None, [_too_deep(path, deep.mark.line + 1, deep.mark.column + 1)]
    except yaml.MarkedYAMLError as error:
        refused = _refused_as_too_deep(error, text)
        if refused is not None:
            return None, [_too_deep(path, *refused)]
        return None, [_syntax_finding(error, text, path)]
    except yaml.reader.ReaderError as error:
        return None, [_reader_finding(error, text, path, in_bytes=parser is not yaml.SafeLoader)]
    except yaml.YAMLError as error:  # any other error without a mark
        message = " ".join(str(error).split())
        return None, [Finding(path, 1, 1, Level.ERROR, ErrorCode.YAML_SYNTAX, f"{message}; fix the YAML syntax")]


def _parser() -> type[Any]:
    """libyaml's parser where PyYAML was built with it; PyYAML's pure-Python one (slower, same results) where not."""
    return getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


def _too_deep_at(text: str, parser: type[Any]) -> tuple[int, int] | None:
    """1-based (line, column) where the nesting first goes too deep, found on the event stream alone."""
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
    looks ahead before the parser hands out the first event, so the builder never
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
    if (hint := explain_syntax(error, text)) is not None:  # the common mistakes, at the line to change
        return Finding(path, hint.line, hint.column, Level.ERROR, ErrorCode.YAML_SYNTAX, hint.message)
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


class _TooDeep(Exception):
    """The nesting first exceeds NESTING_LIMIT at `mark`."""

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark


# What an open mapping expects next.
_KEY, _VALUE, _MERGE_SOURCE, _SKIPPED_VALUE, _SKIPPED_KEY = range(5)


class _Open:
    """A mapping or list whose events are still arriving."""

    __slots__ = ("anchor", "is_mapping", "key", "key_mark", "mark", "merges", "place", "size", "state", "value")

    def __init__(self, is_mapping: bool, mark: Mark, anchor: str | None) -> None:
        self.is_mapping = is_mapping
        self.mark = mark
        self.anchor = anchor
        self.value: Any = {} if is_mapping else []
        self.place: Any = MappingPlace() if is_mapping else SequencePlace()
        self.size = 1  # values, counting each alias as everything it stands for
        self.state = _KEY
        self.key = ""
        self.key_mark: Mark = None
        self.merges: list[tuple[Any, Mark, Place | None, int]] = []


class _Builder:
    """Builds plain data and its places from one pass over the parser's events, collecting located problems."""

    def __init__(self, path: str, parser: type[Any]) -> None:
        self.path = path
        self.parser = parser
        resolvers = parser.yaml_implicit_resolvers
        self.resolvers: dict[str, list[tuple[str, Any]]] = {
            first: [*found, *resolvers.get(None, [])] for first, found in resolvers.items() if first is not None
        }
        self.wildcard: list[tuple[str, Any]] = list(resolvers.get(None, []))
        self.findings: list[Finding] = []
        self.fatal = False
        self.expanded = 0  # values produced by expanding aliases
        self.anchors: dict[str, tuple[Any, int, Mark, Place | None, str | None]] = {}  # value, size, mark, places, text
        self.open_anchors: dict[str, _Open] = {}

    def problem(self, mark: Mark, code: ErrorCode, message: str, *, fatal: bool = False) -> None:
        if not self.fatal:  # after a fatal problem, nothing more is reported
            self.findings.append(Finding(self.path, mark.line + 1, mark.column + 1, Level.ERROR, code, message))
        self.fatal = self.fatal or fatal

    def build(self, text: str) -> tuple[Document | None, list[Finding]]:
        loader = self.parser(text)
        try:
            return self._document(loader.get_event)
        finally:
            loader.dispose()

    def _document(self, get: Callable[[], Any]) -> tuple[Document | None, list[Finding]]:
        get()  # the stream starts
        start = get()
        if start.__class__ is StreamEndEvent:
            return None, [self._empty()]
        root = get()
        kind = root.__class__
        problem: Finding | None = None
        if kind is AliasEvent:
            raise ComposerError(None, None, "found undefined alias", root.start_mark)
        if kind is ScalarEvent:
            tag = self._tag(root)
            if tag != _STR and root.value == "":  # only `---`, or only a `&anchor` with nothing under it
                problem = self._empty()
            elif tag not in _SCALARS and tag != _STR:
                problem = self._root_problem(
                    root, ErrorCode.YAML_TAG, f"the tag {tag!r} is not allowed; {_PLAIN}: remove it"
                )
        elif root.tag not in (None, "!", _MAP, _SEQ, _STR) and root.tag not in _SCALARS:  # a tagged mapping or list
            problem = self._root_problem(
                root, ErrorCode.YAML_TAG, f"the tag {root.tag!r} is not allowed; {_PLAIN}: remove it"
            )
        if problem is None and kind is not MappingStartEvent:
            message = "the file must be a mapping of keys (`title: ...`, `stages: ...`), not a single value or a list"
            problem = self._root_problem(root, ErrorCode.BAD_ROOT, message)
        if problem is not None:
            self._rest(get, start, 0 if kind is ScalarEvent else 1)
            return None, [problem]
        data, places = self._mapping(get, root)
        self._rest(get, start, 0)
        if self.fatal:
            return None, self.findings
        return Document(self.path, data, root.start_mark, places), self.findings

    def _empty(self) -> Finding:
        message = "the file is empty; a journey needs at least `title`, `stages` and `touchpoints`"
        return Finding(self.path, 1, 1, Level.ERROR, ErrorCode.EMPTY_FILE, message)

    def _root_problem(self, event: Any, code: str, message: str) -> Finding:
        mark = event.start_mark
        return Finding(self.path, mark.line + 1, mark.column + 1, Level.ERROR, code, message)

    def _rest(self, get: Callable[[], Any], document: Any, depth: int) -> None:
        """Reads the events left after the data is built, or after a problem that ends building it.

        The whole file must still be valid YAML of one document, nested no deeper than the limit.
        """
        while True:
            event = get()
            kind = event.__class__
            if kind is MappingStartEvent or kind is SequenceStartEvent:
                depth += 1
                if depth > NESTING_LIMIT:
                    raise _TooDeep(event.start_mark)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                depth -= 1
            elif kind is DocumentStartEvent:
                raise ComposerError(
                    "expected a single document in the stream",
                    document.start_mark,
                    "but found another document",
                    event.start_mark,
                )
            elif kind is StreamEndEvent:
                return

    def _tag(self, event: Any) -> str:
        """The tag of a scalar event, resolved as PyYAML's safe resolver does."""
        tag = event.tag
        if tag is not None and tag != "!":
            return str(tag)
        if not event.implicit[0]:  # quoted, or the non-specific `!`
            return _STR
        return self._resolve(event.value)

    def _resolve(self, text: str) -> str:
        """The tag of plain text without one: `12` an int, `yes` a bool, `~` null, `2026-11-20` a date ..."""
        for tag, pattern in self.resolvers.get(text[:1], self.wildcard):
            if pattern.match(text):
                return str(tag)
        return _STR

    def _scalar(self, event: Any, tag: str) -> Any:
        if tag == _STR:
            return event.value
        construct = _SCALARS.get(tag)
        if construct is None:
            self.problem(event.start_mark, ErrorCode.YAML_TAG, f"the tag {tag!r} is not allowed; {_PLAIN}: remove it")
            return event.value
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            value = construct(node)
        except (ValueError, yaml.YAMLError):
            # It only looked like a date or number (2026-13-01): keep the text and let
            # the model say what the field needs.
            return event.value
        if isinstance(value, datetime.datetime):
            return value.date() if value.time() == datetime.time() and value.tzinfo is None else value
        return value

    def _mapping(self, get: Callable[[], Any], root: Any) -> tuple[Any, MappingPlace]:
        """Builds the root mapping and everything in it, without recursion: `stack` holds what is open."""
        top = self._open(root, is_mapping=True)
        resolved: dict[str, str] = {}  # tag of each plain text seen, as it repeats a lot (keys, channels, owners)
        stack = [top]
        while stack:
            event = get()
            kind = event.__class__
            into = stack[-1]
            if kind is ScalarEvent:
                tag = event.tag
                if tag is None or tag == "!":
                    text = event.value
                    if not event.implicit[0]:  # quoted, or the non-specific `!`
                        tag = _STR
                    else:
                        tag = resolved.get(text)
                        if tag is None:
                            tag = resolved[text] = self._resolve(text)
                mark = event.start_mark
                if tag == _STR and event.anchor is None:  # plain text, by far the most common: kept short
                    text = event.value
                    if not into.is_mapping:
                        into.value.append(text)
                        into.place.items.append((mark, None))
                        into.size += 1
                        continue
                    state = into.state
                    if state == _VALUE:
                        into.value[into.key] = text
                        into.place.entries[into.key] = (into.key_mark, mark, None)
                        into.size += 1
                        into.state = _KEY
                        continue
                    if state == _KEY and text not in into.place.entries:
                        into.key = text
                        into.key_mark = mark
                        into.state = _VALUE
                        continue
                self._other_scalar(into, event, tag)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                stack.append(self._start(into, event, kind is MappingStartEvent, len(stack) + 1))
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                self._end(stack)
            elif kind is AliasEvent:
                self._alias(into, event)
            if self.fatal:  # nothing built from here on reaches validation
                self._rest_of_document(get, len(stack))
                return None, top.place
        return top.value, top.place

    def _other_scalar(self, into: _Open, event: Any, tag: str) -> None:
        """A key, a scalar with a tag or an anchor, a number, a date ...: all but plain text."""
        mark = event.start_mark
        if into.is_mapping and into.state == _KEY:
            self._key(into, event.value, mark, tag == _MERGE)
            return
        value = self._scalar(event, tag)
        if event.anchor is not None:
            self._anchor(event.anchor, mark, (value, 1, mark, None, event.value))
        self._add(into, value, 1, mark, None)

    def _start(self, into: _Open, event: Any, is_mapping: bool, depth: int) -> _Open:
        """A mapping or list opens at `depth` levels of nesting."""
        if depth > NESTING_LIMIT:
            raise _TooDeep(event.start_mark)
        if event.tag not in (None, "!", _MAP if is_mapping else _SEQ):
            self.problem(event.start_mark, ErrorCode.YAML_TAG, f"the tag {event.tag!r} is not allowed; {_PLAIN}")
        if into.is_mapping and into.state == _KEY:
            self.problem(event.start_mark, ErrorCode.BAD_VALUE, "a key must be a plain name, not a list or mapping")
            into.state = _SKIPPED_KEY
        return self._open(event, is_mapping=is_mapping)

    def _end(self, stack: list[_Open]) -> None:
        """The innermost open mapping or list closes: it becomes a value of the one around it."""
        done = stack.pop()
        if done.merges:
            self._merge(done)
        if done.anchor is not None:
            del self.open_anchors[done.anchor]
            self.anchors[done.anchor] = (done.value, done.size, done.mark, done.place, None)
        if stack:
            self._add(stack[-1], done.value, done.size, done.mark, done.place)

    def _rest_of_document(self, get: Callable[[], Any], depth: int) -> None:
        """After a fatal problem: reads on to the end of the root mapping, still minding the nesting limit."""
        while depth > 0:
            event = get()
            kind = event.__class__
            if kind is MappingStartEvent or kind is SequenceStartEvent:
                depth += 1
                if depth > NESTING_LIMIT:
                    raise _TooDeep(event.start_mark)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                depth -= 1

    def _open(self, event: Any, *, is_mapping: bool) -> _Open:
        anchor = event.anchor
        opened = _Open(is_mapping, event.start_mark, anchor)
        if anchor is not None:
            self._anchor(anchor, event.start_mark, None)
            self.open_anchors[anchor] = opened
        return opened

    def _anchor(self, anchor: str, mark: Mark, done: tuple[Any, int, Mark, Place | None, str | None] | None) -> None:
        """Registers an anchor (`done` for a scalar; a collection is registered when it closes)."""
        first = self.anchors.get(anchor)
        first_mark = first[2] if first is not None else None
        if anchor in self.open_anchors:
            first_mark = self.open_anchors[anchor].mark
        if first_mark is not None:
            raise ComposerError("found duplicate anchor; first occurrence", first_mark, "second occurrence", mark)
        if done is not None:
            self.anchors[anchor] = done

    def _alias(self, into: _Open, event: Any) -> None:
        anchor = event.anchor
        if anchor in self.open_anchors:
            looped = self.open_anchors[anchor]
            self.problem(
                looped.mark, ErrorCode.RECURSIVE_ALIAS, "an alias refers to its own anchor; remove the loop", fatal=True
            )
            return
        if anchor not in self.anchors:
            raise ComposerError(None, None, "found undefined alias", event.start_mark)
        value, size, mark, place, text = self.anchors[anchor]
        if place is not None:  # the same mapping or list again
            self.expanded += size
            if self.expanded > ALIAS_EXPANSION_LIMIT:
                message = (
                    f"aliases here expand to more than {ALIAS_EXPANSION_LIMIT:,} values (a 'billion laughs' file?); "
                    "write the values out or use fewer nested aliases"
                )
                self.problem(mark, ErrorCode.ALIAS_EXPANSION, message, fatal=True)
                return
        if into.is_mapping and into.state == _KEY:
            if text is None:
                self.problem(mark, ErrorCode.BAD_VALUE, "a key must be a plain name, not a list or mapping")
                into.state = _SKIPPED_VALUE
            else:
                self._key(into, text, mark, is_merge=False)
            return
        self._add(into, value, size, mark, place)

    def _key(self, into: _Open, name: str, mark: Mark, is_merge: bool) -> None:
        if is_merge:
            into.state = _MERGE_SOURCE
            return
        first = into.place.entries.get(name)
        if first is not None:
            line = first[0].line + 1
            message = f"duplicate key {name!r} (first on line {line}); YAML would silently keep one: remove one"
            self.problem(mark, ErrorCode.DUPLICATE_KEY, message)
            into.state = _SKIPPED_VALUE
            return
        into.key = name
        into.key_mark = mark
        into.state = _VALUE

    @staticmethod
    def _add(into: _Open, value: Any, size: int, mark: Mark, place: Place | None) -> None:
        if not into.is_mapping:
            into.value.append(value)
            into.place.items.append((mark, place))
            into.size += size
            return
        state = into.state
        if state == _VALUE:
            into.value[into.key] = value
            into.place.entries[into.key] = (into.key_mark, mark, place)
            into.size += size
        elif state == _MERGE_SOURCE:
            into.merges.append((value, mark, place, size))
        into.state = _SKIPPED_VALUE if state == _SKIPPED_KEY else _KEY

    def _merge(self, into: _Open) -> None:
        """YAML merge keys (`<<: *defaults`, `<<: [*a, *b]`): explicit keys win over merged ones, earlier over later."""
        for value, mark, place, merged_size in into.merges:
            size = merged_size
            if isinstance(value, list) and isinstance(place, SequencePlace):
                sources = [
                    (item, item_mark, inner) for item, (item_mark, inner) in zip(value, place.items, strict=True)
                ]
                size -= 1  # the list itself is no value of the mapping
            else:
                sources = [(value, mark, place)]
            for source, source_mark, source_place in sources:
                if not isinstance(source, dict) or not isinstance(source_place, MappingPlace):
                    self.problem(
                        source_mark, ErrorCode.BAD_VALUE, "`<<` merges mappings only: point it at a mapping's anchor"
                    )
                    continue
                for name, item in source.items():
                    into.value.setdefault(name, item)
                into.place.merges.append(source_place)
            into.size += size
