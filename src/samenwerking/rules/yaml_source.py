"""Read a YAML file into plain Python data plus the line and column of every value.

Pydantic validates plain data; advisers need errors at a line in their file. So the loader
keeps a map from each value's path (``("rules", 3, "when")``) to where it stands in the file,
and error reporting looks paths up there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from samenwerking.errors import Location, Problem

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


def load_yaml(path: Path, display_name: str) -> YamlDocument | Problem:
    """Parse ``path``; return the document, or a :class:`Problem` naming the broken line."""
    parser = YAML(typ="rt")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        return Problem(Location(display_name), f"cannot read the file: {e}")
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
    document = YamlDocument(display_name, None)
    document.data = _plain(raw, (), document)
    return document


def _plain(node: Any, path: PathKey, document: YamlDocument) -> Any:
    """Convert ruamel's round-trip nodes to dicts/lists/scalars, recording positions."""
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
            result[str(key)] = _plain(value, child, document)
        return result
    if isinstance(node, CommentedSeq):
        items = []
        for index, value in enumerate(node):
            child = (*path, index)
            line, column = node.lc.item(index)
            document.positions[child] = (line + 1, column + 1)
            items.append(_plain(value, child, document))
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
