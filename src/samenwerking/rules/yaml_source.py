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

from samenwerking.errors import Location, Message, Problem, display_path, msg

PathKey = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """A parsed YAML file: its data as plain Python, and where each value stands."""

    file: str
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    block_scalars: set[PathKey] = field(default_factory=set)
    #: Lines left out to read past a syntax error (their item may then lack a field).
    dropped_lines: set[int] = field(default_factory=set)

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
#: Lists and mappings inside each other, at most (a rule file needs about 6).
MAX_DEPTH = 64
#: Lines a situation or partner file may have (one has about 20; 200 partners about 600).
MAX_DATA_LINES = 20_000


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
    limit = max_file_bytes()
    try:
        size = path.stat().st_size
        if size > limit:
            return Problem(
                Location(display_name),
                msg(
                    "file_too_large",
                    size=f"{size / 1024 / 1024:.1f}",
                    limit=f"{limit / 1024 / 1024:g}",
                ),
                hint=msg("file_too_large_hint"),
            )
        data = path.read_bytes()
    except OSError as e:
        return Problem(Location(display_name), msg("file_unreadable", reason=e.strerror or e))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        return Problem(
            Location(display_name, line),
            msg("file_not_utf8", byte=f"{data[e.start]:#04x}"),
            hint=msg("file_not_utf8_hint"),
        )
    return parse_yaml_text(text, display_name, aliases=aliases)


def parse_yaml_text(
    text: str, display_name: str, *, aliases: int = MAX_RULE_ALIASES
) -> YamlDocument | Problem:
    """:func:`load_yaml` for text already read and decoded."""
    if aliases == 0 and text.count("\n") >= MAX_DATA_LINES:
        return Problem(
            Location(display_name),
            msg("yaml_too_many_lines", count=text.count("\n") + 1, most=MAX_DATA_LINES),
        )
    # Only text with that many brackets can nest that deep: most files skip the scan.
    depth, deepest_line = (0, 0)
    if text.count("[") + text.count("{") > MAX_DEPTH:
        depth, deepest_line = flow_depth(text)
    if depth > MAX_DEPTH:
        return Problem(
            Location(display_name, deepest_line), msg("yaml_too_deep_at", most=MAX_DEPTH)
        )
    parser = YAML(typ="rt")
    counted = _count_aliases(parser, text, aliases)
    if counted is not None:
        line, column = counted
        return Problem(
            Location(display_name, line, column),
            msg("aliases_not_allowed") if aliases == 0 else msg("too_many_aliases", count=aliases),
            hint=msg("write_out_in_full"),
        )
    try:
        raw = parser.load(text)
    except MarkedYAMLError as e:
        return yaml_problem(e, display_name)
    except ReaderError as e:
        line = text[: e.position].count("\n") + 1 if isinstance(e.position, int) else 0
        return Problem(
            Location(display_name, line),
            msg("yaml_bad_character", character=repr(e.character)),
            hint=msg("yaml_bad_character_hint"),
        )
    except YAMLError as e:
        return Problem(Location(display_name), msg("yaml_unreadable", problem=e))
    document = YamlDocument(display_name, None)
    try:
        document.data = _plain(raw, (), document, [MAX_NODES])
    except _ExpansionError:
        return Problem(
            Location(display_name),
            msg("yaml_expands", count=MAX_NODES),
            hint=msg("write_out_in_full"),
        )
    except RecursionError:
        return Problem(Location(display_name), msg("yaml_too_deep"))
    except _TagError as e:
        return Problem(
            Location(display_name, *e.position),
            msg("yaml_tag_not_allowed", tag=e.tag),
            hint=msg("yaml_tag_not_allowed_hint"),
        )
    return document


#: Syntax errors read past in one file before giving up on the rest of it.
MAX_REPAIRS = 20
_KEY_WITHOUT_COLON = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*)\s+(\S.*)$")


def load_rule_yaml(path: Path, display_name: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse a rule file, reading past its syntax errors: every one is reported in one run.

    After a syntax error the line is mended where the mistake is clear (a missing colon gets
    one, a tab becomes spaces) or else left out, and the rest is parsed again, so a missing
    colon in chain.yaml does not hide the errors after it. The document that comes back
    is checked as usual; its ``dropped_lines`` say which lines were left out.
    """
    first = load_yaml(path, display_name)
    if isinstance(first, YamlDocument):
        return first, []
    problems = [first]
    if not first.location.line or not _is_syntax(first):
        return None, problems
    lines = path.read_bytes().decode("utf-8-sig").split("\n")
    dropped: set[int] = set()
    mended: set[int] = set()
    for _ in range(MAX_REPAIRS):
        number = problems[-1].location.line
        if number in mended or not 1 <= number <= len(lines):
            return None, problems
        mended.add(number)
        repaired = _mended(lines[number - 1], problems[-1])
        if repaired is None:
            lines[number - 1] = ""
            dropped.add(number)
        else:
            lines[number - 1] = repaired
        result = parse_yaml_text("\n".join(lines), display_name)
        if isinstance(result, YamlDocument):
            result.dropped_lines = dropped
            return result, problems
        if not result.location.line or not _is_syntax(result):
            return None, problems
        problems.append(result)
    return None, problems


def _is_syntax(problem: Problem) -> bool:
    key = problem.message.key if isinstance(problem.message, Message) else ""
    return key.startswith("yaml_") and key not in {"yaml_expands", "yaml_too_deep"}


def _mended(line: str, problem: Problem) -> str | None:
    """The line with its clear mistake mended, or None when it is best left out."""
    key = problem.message.key if isinstance(problem.message, Message) else ""
    if key == "yaml_tab":
        return line.replace("\t", "  ")
    if key == "yaml_missing_colon":
        found = _KEY_WITHOUT_COLON.match(line)
        if found:
            return f"{found.group(1)}{found.group(2)}: {found.group(3)}"
    return None


#: What the YAML parser says, in its words, and what that means for someone writing the file:
#: (catalogue key of the plain explanation, catalogue key of the fix, whether the mistake
#: stands where the parser *started* reading the item rather than where it gave up).
_YAML_MISTAKES: tuple[tuple[str, str, str, bool], ...] = (
    ("mapping values are not allowed", "yaml_colon_in_text", "yaml_colon_in_text_hint", False),
    ("could not find expected ':'", "yaml_missing_colon", "yaml_missing_colon_hint", True),
    ("cannot start any token", "yaml_tab", "yaml_tab_hint", False),
    ("found duplicate key", "yaml_duplicate_key", "yaml_duplicate_key_hint", False),
    ("end of stream", "yaml_unclosed_quote", "yaml_unclosed_quote_hint", True),
    ("expected ',' or ']'", "yaml_unclosed_list", "yaml_unclosed_list_hint", True),
    ("expected ',' or '}'", "yaml_unclosed_list", "yaml_unclosed_list_hint", True),
    ("found undefined alias", "yaml_star", "yaml_star_hint", False),
    ("expected <block end>", "yaml_indentation", "yaml_indentation_hint", False),
    ("did not find expected key", "yaml_indentation", "yaml_indentation_hint", False),
    ("expected alphabetic or numeric character", "yaml_star", "yaml_star_hint", False),
)


def yaml_problem(error: MarkedYAMLError, display_name: str) -> Problem:
    """The parser's complaint in plain words, at the line where the mistake is.

    ruamel speaks of "mapping values" and "simple keys", and for a missing colon points at
    the line after the mistake; an adviser needs "zet de tekst tussen aanhalingstekens" at the
    line they must change.
    """
    said = f"{error.problem or ''} {error.context or ''}"
    for phrase, message, hint, at_start in _YAML_MISTAKES:
        if phrase in said:
            mark = (error.context_mark if at_start else None) or error.problem_mark
            return Problem(_at(display_name, mark), msg(message), hint=msg(hint))
    mark = error.problem_mark or error.context_mark
    return Problem(
        _at(display_name, mark),
        msg("yaml_unreadable", problem=(error.problem or "").strip()),
        hint=msg("yaml_generic_hint"),
    )


def _at(display_name: str, mark: Any) -> Location:
    return (
        Location(display_name, mark.line + 1, mark.column + 1) if mark else Location(display_name)
    )


#: Text that could be an alias: '*' starting a token. Multiplication in expressions
#: ("2 * (x - 3)") is followed by a space and does not match; the exact count then parses.
_MAYBE_ALIAS = re.compile(r"(?:^|[\s\[{,])\*[^\s*]", re.MULTILINE)


class _TagError(Exception):
    """A value carries a YAML tag (``!!python/object/apply:...``, ``!foo``): data only here."""

    def __init__(self, tag: str, position: tuple[int, int]) -> None:
        super().__init__(tag)
        self.tag, self.position = tag, position


#: Tags a rule file may carry explicitly: YAML's own plain types, nothing that builds objects.
_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
}


def _refuse_tags(node: Any, position: tuple[int, int]) -> None:
    tag = getattr(node, "tag", None)
    value = getattr(tag, "value", tag)
    if isinstance(value, str) and value and value not in _PLAIN_TAGS:
        shown = value.replace("tag:yaml.org,2002:", "!!")
        raise _TagError(shown, position)


def flow_depth(text: str) -> tuple[int, int]:
    r"""How deep ``[`` and ``{`` nest in ``text`` (outside quotes), and the line where deepest.

    Read before the YAML parser, whose recursion a 200 kB file of ``[`` would exhaust.

    >>> flow_depth("a: [1, [2, {b: 3}]]\nc: '[['")
    (3, 1)
    """
    depth = deepest = 0
    line = deepest_line = 1
    quote = ""
    for character in text:
        if character == "\n":
            line += 1
        elif quote:
            if character == quote:
                quote = ""
        elif character in "'\"":
            quote = character
        elif character in "[{":
            depth += 1
            if depth > deepest:
                deepest, deepest_line = depth, line
        elif character in "]}":
            depth = max(0, depth - 1)
    return deepest, deepest_line


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
            # A nested mapping or list is reported at its key's line; a scalar where it stands;
            # an empty value (``when:``) at its key: ruamel puts it where the next line starts.
            if value is None or isinstance(value, (CommentedMap, CommentedSeq)):
                found = node.lc.key(key)
            else:
                found = node.lc.value(key) or node.lc.key(key)
            line, column = found if found else (0, 0)
            document.positions[child] = (line + 1, column + 1)
            _refuse_tags(value, (line + 1, column + 1))
            if isinstance(value, (FoldedScalarString, LiteralScalarString)):
                document.block_scalars.add(child)
            result[str(key)] = _plain(value, child, document, budget)
        return result
    if isinstance(node, CommentedSeq):
        items = []
        for index, value in enumerate(node):
            child = (*path, index)
            line, column = node.lc.item(index) or (0, 0)
            document.positions[child] = (line + 1, column + 1)
            _refuse_tags(value, (line + 1, column + 1))
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
        return Problem(Location(shown), msg("file_not_found"))
    return load_yaml(path, shown, aliases=0)
