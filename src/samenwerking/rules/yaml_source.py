"""Read a YAML file into plain Python data plus the line and column of every value.

Pydantic validates plain data; advisers need errors at a line in their file. So the loader
keeps a map from each value's path (``("rules", 3, "when")``) to where it stands in the file,
and error reporting looks paths up there.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from samenwerking.errors import Location, Problem, display_path

PathKey = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """A parsed YAML file: its data as plain Python, and where each value stands."""

    file: str
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    block_scalars: set[PathKey] = field(default_factory=set)

    def locate(self, path: PathKey) -> Location:
        """Return the location of ``path``, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            found = self.positions.get(tuple(path[:end]))
            if found:
                return Location(self.file, *found)
        return Location(self.file, 1, 1)

    def locate_in_value(self, path: PathKey, line: int, column: int) -> Location:
        """Locate a character of a string value, given its 1-based line/column in that string.

        Single-line scalars keep exact columns; for folded or literal blocks the text starts on
        the line after the indicator, so the line is exact and the column is the block's.
        """
        start = self.locate(path)
        if path in self.block_scalars:
            return Location(self.file, start.line + line, 0)
        if line > 1:
            return Location(self.file, start.line + line - 1, column)
        return Location(self.file, start.line, start.column + column - 1)


#: Largest YAML file read, in megabytes; override with SAMENWERKING_MAX_FILE_MB.
DEFAULT_MAX_FILE_MB = 5.0
#: Aliases (``*name``) a rule file may use; situation and partner files may use none.
MAX_RULE_ALIASES = 100
#: Values a document may expand to (aliases repeat what they point at).
MAX_NODES = 200_000


def max_file_bytes() -> int:
    """The size limit for YAML files: SAMENWERKING_MAX_FILE_MB megabytes, default 5."""
    try:
        megabytes = float(os.environ.get("SAMENWERKING_MAX_FILE_MB", DEFAULT_MAX_FILE_MB))
    except ValueError:
        megabytes = DEFAULT_MAX_FILE_MB
    return int(megabytes * 1024 * 1024)


def load_yaml(
    path: Path, display_name: str, *, aliases: int = MAX_RULE_ALIASES
) -> YamlDocument | Problem:
    """Parse ``path``; return the document, or a :class:`Problem` naming the broken line.

    Hostile input is refused before it can cost memory: files over the size limit, more than
    ``aliases`` aliases (``*name``; 0 for situations and partner lists), and documents that
    would expand to more than ``MAX_NODES`` values (the "billion laughs").
    """
    parser = YAML(typ="rt")
    limit = max_file_bytes()
    try:
        size = path.stat().st_size
        if size > limit:
            return Problem(
                Location(display_name),
                f"the file is {size / 1024 / 1024:.1f} MB, more than the limit of "
                f"{limit / 1024 / 1024:g} MB",
                hint="split it, or raise SAMENWERKING_MAX_FILE_MB",
            )
        data = path.read_bytes()
    except OSError as e:
        return Problem(Location(display_name), f"cannot read the file: {e.strerror or e}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        return Problem(
            Location(display_name, line),
            f"this is not UTF-8 text (byte {data[e.start]:#04x})",
            hint="save the file as UTF-8",
        )
    counted = _count_aliases(parser, text, aliases)
    if counted is not None:
        line, column = counted
        return Problem(
            Location(display_name, line, column),
            "aliases (*name) are not allowed here"
            if aliases == 0
            else f"more than {aliases} aliases (*name)",
            hint="write the values out in full",
        )
    try:
        raw = parser.load(text)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = (e.problem or "malformed YAML").strip()
        context = (e.context or "").strip()
        message = f"malformed YAML: {problem}" + (f" ({context})" if context else "")
        return Problem(
            Location(display_name, line, column),
            message,
            hint="check the indentation and that every 'key: value' has a space after the colon",
        )
    except ReaderError as e:
        line = text[: e.position].count("\n") + 1 if isinstance(e.position, int) else 0
        return Problem(
            Location(display_name, line),
            f"the file holds a character YAML does not allow ({e.character!r})",
            hint="remove it; save the file as plain UTF-8 text",
        )
    except YAMLError as e:
        return Problem(Location(display_name), f"malformed YAML: {e}")
    document = YamlDocument(display_name, None)
    try:
        document.data = _plain(raw, (), document, [MAX_NODES])
    except _ExpansionError:
        return Problem(
            Location(display_name),
            f"the document expands to more than {MAX_NODES:,} values (aliases repeating aliases)",
            hint="write the values out in full",
        )
    except RecursionError:
        return Problem(Location(display_name), "the document is nested too deeply")
    return document


#: Text that could be an alias: '*' starting a token. Multiplication in expressions
#: ("2 * (x - 3)") is followed by a space and does not match; the exact count then parses.
_MAYBE_ALIAS = re.compile(r"(?:^|[\s\[{,])\*[^\s*]", re.MULTILINE)


class _ExpansionError(Exception):
    """The document expands past MAX_NODES."""


def _count_aliases(parser: YAML, text: str, allowed: int) -> tuple[int, int] | None:
    """Where the first alias over ``allowed`` stands (line, column), or None if within it."""
    if not _MAYBE_ALIAS.search(text):
        return None  # no '*name' anywhere: no need to parse the text a second time
    seen = 0
    try:
        for event in parser.parse(text):
            if isinstance(event, AliasEvent):
                seen += 1
                if seen > allowed:
                    mark = event.start_mark
                    return (mark.line + 1, mark.column + 1) if mark else (0, 0)
    except YAMLError:
        return None  # the loader reports the syntax error with its position
    return None


def _plain(node: Any, path: PathKey, document: YamlDocument, budget: list[int]) -> Any:
    """Convert ruamel's round-trip nodes to dicts/lists/scalars, recording positions.

    ``budget`` holds how many more values may be produced; aliases make a small text expand,
    so the conversion stops (``_ExpansionError``) rather than run out of memory.
    """
    budget[0] -= 1
    if budget[0] < 0:
        raise _ExpansionError
    if isinstance(node, CommentedMap):
        result: dict[Any, Any] = {}
        for key, value in node.items():
            child = (*path, str(key))
            # A nested mapping or list is reported at its key's line; a scalar where it stands.
            if isinstance(value, (CommentedMap, CommentedSeq)):
                line, column = node.lc.key(key)
            else:
                line, column = node.lc.value(key)
            document.positions[child] = (line + 1, column + 1)
            if isinstance(value, (FoldedScalarString, LiteralScalarString)):
                document.block_scalars.add(child)
            result[str(key)] = _plain(value, child, document, budget)
        return result
    if isinstance(node, CommentedSeq):
        items = []
        for index, value in enumerate(node):
            child = (*path, index)
            line, column = node.lc.item(index)
            document.positions[child] = (line + 1, column + 1)
            items.append(_plain(value, child, document, budget))
        return items
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


@dataclass(frozen=True)
class Origin:
    """Where an item of a merged section came from: its document and path within it."""

    document: YamlDocument
    path: PathKey

    def at(self, *sub: str | int) -> Location:
        """The location of a field of the item (or of the item itself)."""
        return self.document.locate((*self.path, *sub))


def load_user_file(path: Path) -> YamlDocument | Problem:
    """Read a user's situation or partner file: must exist, size-limited, no aliases at all."""
    shown = display_path(path)
    if not path.is_file():
        return Problem(Location(shown), "file not found")
    return load_yaml(path, shown, aliases=0)
