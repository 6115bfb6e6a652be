"""Errors a user can act on: each names where the problem is and what to do about it.

Rule files are written by advisers, situations by directors and analysts; neither should ever
see a traceback. Every problem found is a :class:`Problem` with a :class:`Location`; loading
collects all of them before raising, so an adviser fixes a rule set in one pass.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from samenwerking.languages import DEFAULT_LANGUAGE, Text
from samenwerking.numbers import format_number, format_value
from samenwerking.translations import say, say_count


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file, 1-based as editors show it; ``line``/``column`` may be unknown (0)."""

    file: str
    line: int = 0
    column: int = 0
    #: A place that is no file, worded in the reader's language ("rij 3" / "row 3").
    place: Message | None = field(default=None, compare=False)

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """Where, as an editor or a reader of a table says it."""
        if self.place is not None:
            return self.place.text(lang)
        if not self.line:
            return self.file
        if not self.column:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"

    def __bool__(self) -> bool:
        return bool(self.file or self.place)

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True)
class Message:
    """A catalogue key and its values: put into words only when shown, in the reader's language.

    Problems are found once and shown in Dutch on the command line, in English with
    ``--lang en`` and in either in the dashboard; keeping the key rather than a sentence lets
    one problem serve every reader. Values may themselves be messages (a hint inside a hint).
    """

    key: str
    values: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The message in ``lang`` (Dutch when the catalogue lacks that language)."""
        return say(self.key, lang, **{name: words(value, lang) for name, value in self.values})

    def __str__(self) -> str:
        return self.text()


def msg(key: str, **values: object) -> Message:
    """A :class:`Message` for catalogue ``key`` with ``{placeholder}`` values.

    Examples
    --------
    >>> msg("unknown_factor", name="trustt").text("en")
    "unknown factor 'trustt'"
    """
    return Message(key, tuple(values.items()))


@dataclass(frozen=True)
class Number:
    """A number inside a message, written in the reader's notation (3,5 or 3.5)."""

    value: float
    #: Decimals shown; ``None``: as short as the value is exact (a factor value: 3, 3,5).
    digits: int | None = 1

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The number in ``lang``'s notation."""
        if self.digits is None:
            return format_value(self.value, lang)
        return format_number(self.value, lang, self.digits)


def words(value: object, lang: str = DEFAULT_LANGUAGE) -> str:
    """A message, a number, a :class:`Text`, or any other value, as text in ``lang``.

    A :class:`Text` is already written in each language (labels from a rule set): a message
    that names factors or forms keeps every language's words to be shown in the reader's.
    """
    if isinstance(value, Message | Number):
        return value.text(lang)
    if isinstance(value, Text):
        return value(lang)
    return str(value)


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or suspicious) in an input, with where it is and how to fix it.

    ``message`` and ``hint`` are :class:`Message` values (or, for text that comes from the
    user's own files, plain strings); :meth:`text` puts them into words.
    """

    location: Location
    message: Message | Text | str
    field: str = ""
    hint: Message | str = ""
    severity: Literal["error", "warning"] = "error"

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The problem as one line: ``file:line:column: fout: field: message (hint)``."""
        where = f"{self.location.text(lang)}: " if self.location else ""
        field = f"{self.field}: " if self.field else ""
        hint = words(self.hint, lang)
        shown_hint = f" ({hint})" if hint else ""
        severity = words(msg(f"severity_{self.severity}"), lang)
        return f"{where}{severity}: {field}{words(self.message, lang)}{shown_hint}"

    def __str__(self) -> str:
        return self.text()


class SamenwerkingError(Exception):
    """Base class of every error this library raises on purpose.

    It may carry a :class:`Message`, so the command line can show it in the reader's language.
    """

    def __init__(self, message: Message | str = "") -> None:
        self.message = message
        super().__init__(words(message))

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The error in ``lang``."""
        return words(self.message, lang)


class ConfigurationError(SamenwerkingError, ValueError):
    """A setting (an environment variable) that cannot be used; the message names it."""


class OutputError(SamenwerkingError, OSError):
    """An output file that cannot be written where it was asked (a folder, a full disk)."""


class RuleSetError(SamenwerkingError):
    """A rule set could not be loaded; ``problems`` lists every error found, not only the first."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(problems, key=_problem_order))
        super().__init__(self.text())

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """Every problem, one per line, under a count."""
        head = say_count("rule_set_errors", lang, len(self.problems))
        return head + "\n" + "\n".join(f"  {p.text(lang)}" for p in self.problems)


class SituationError(SamenwerkingError):
    """A situation does not fit the rule set: a factor is missing, unknown or out of range.

    Deliberately not a ``ValueError``: pydantic wraps those in its own English
    ``ValidationError``, and a situation's problems must reach the user in their own words.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """Every problem in ``lang``, one per line."""
        return "\n".join(p.text(lang) for p in self.problems)


class WeightsError(SamenwerkingError, ValueError):
    """Theme weights that cannot be used: an unknown theme, or not a number from 0 to 10."""


class WeightsFileError(WeightsError):
    """A weights file that cannot be used: every problem at its line."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """Every problem in ``lang``, one per line."""
        return "\n".join(p.text(lang) for p in self.problems)


class ExpressionError(SamenwerkingError):
    """An expression failed while being evaluated (for example a division by zero)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The problem in ``lang``."""
        return self.problem.text(lang)


def _problem_order(problem: Problem) -> tuple[str, int, int, str]:
    loc = problem.location
    return (loc.file, loc.line, loc.column, words(problem.message))


def did_you_mean(name: str, choices: Iterable[str]) -> Message:
    """A "did you mean 'x'?" hint for a misspelt name, or a list of what is allowed.

    Examples
    --------
    >>> did_you_mean("trustt", ["trust", "urgency"]).text("en")
    "did you mean 'trust'?"
    >>> did_you_mean("zzz", ["a", "b"]).text("nl")
    'mogelijk: a, b'
    """
    options = sorted(set(choices))
    close = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    if close:
        return msg("did_you_mean", name=close[0])
    if not options:
        return msg("nothing_allowed")
    return msg("allowed", names=", ".join(options))


def display_path(path: Path) -> str:
    """Return ``path`` relative to the working directory when it is below it, for short messages."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class ScenarioError(SamenwerkingError, ValueError):
    """A what-if scenario that cannot be applied: an unknown factor, or a change not a number."""


class ScenarioClippedWarning(UserWarning):
    """A scenario's shift took a factor past its range for some situations; it was clipped.

    The result's ``clipped`` column names the factors per corporation and scenario.
    """


class PartnerError(SamenwerkingError, ValueError):
    """A partner list that cannot be drawn; ``problems`` names each bad entry."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """Every problem in ``lang``, one per line."""
        return "\n".join(p.text(lang) for p in self.problems)


class TableError(SamenwerkingError):
    """A table that cannot be read as it stands; the message says where and what to do.

    The message is the catalogue key ``table_<key>`` with its values, worded when shown.
    """

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(msg(f"table_{key}", **values))


class CarefulReadingNeededError(Exception):
    """The fast table reader met a cell or row only the careful reader can name.

    Not a user's error: a signal inside ``score_file`` to start again carefully.
    """


class GroupError(SamenwerkingError, ValueError):
    """Members that cannot be combined: none, an incomplete member, an unknown method."""


class ExpressionSyntaxError(ValueError):
    """An expression that cannot be accepted; ``line``/``column`` are 1-based within its text."""

    def __init__(self, line: int, column: int, message: Message, hint: Message | str = "") -> None:
        self.line, self.column, self.message, self.hint = line, column, message, hint
        super().__init__(f"{line}:{column}: {message}" + (f" ({hint})" if hint else ""))


class DivisionByZeroError(SamenwerkingError, ArithmeticError):
    """Raised at evaluation if a divisor is zero; the load-time range check prevents it."""


class SessionError(SamenwerkingError, ValueError):
    """A session request that cannot be carried out; the message says why and what to do.

    ``problems`` are the unusable answers of a submit (``EntryProblem``: a field and its
    message), each shown on a line of its own.
    """

    def __init__(self, message: Message | str, problems: tuple[Any, ...] = ()) -> None:
        self.problems = problems
        super().__init__(message)

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The error in ``lang``, each unusable answer on a line of its own."""
        lines = [words(self.message, lang)]
        lines += [f"  {p.field}: {p.message(lang)}" for p in self.problems]
        return "\n".join(lines)


class DatabaseUnavailableError(SessionError):
    """The session database cannot be reached just now (down, restarting, network).

    Said as such, not as a bad request: the member's answers are still in their browser,
    and the same request can be made again once the database is back.
    """

    def __init__(self) -> None:
        super().__init__(msg("session_unavailable"))


class DossierError(SamenwerkingError, ValueError):
    """An uploaded dossier that cannot be used; the message says why, in the reader's words."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(msg(f"dossier_{key}", **values))

    def reason(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """Why the dossier cannot be used, in ``lang`` (what the dashboard shows)."""
        return self.text(lang)

    @classmethod
    def of(cls, problem: Text, more: int = 0) -> DossierError:
        """The error for an entry problem, already worded in each language."""
        # The problem is a sentence of its own; here it goes inside another one.
        shown = Text(**{lang: problem(lang).rstrip(".") for lang in problem.languages})
        return cls("bad_entry_more" if more else "bad_entry", problem=shown, more=more)
