"""Errors a user can act on: each names where the problem is and what to do about it.

Rule files are written by advisers, situations by directors and analysts; neither should ever
see a traceback. Every problem found is a :class:`Problem` with a :class:`Location`; loading
collects all of them before raising, so an adviser fixes a rule set in one pass.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file, 1-based as editors show it; ``line``/``column`` may be unknown (0)."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.file
        if not self.column:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or suspicious) in an input, with where it is and how to fix it."""

    location: Location
    message: str
    field: str = ""
    hint: str = ""
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location.file else ""
        field = f"{self.field}: " if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.severity}: {field}{self.message}{hint}"


class SamenwerkingError(Exception):
    """Base class of every error this library raises on purpose."""


class RuleSetError(SamenwerkingError):
    """A rule set could not be loaded; ``problems`` lists every error found, not only the first."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(problems, key=_problem_order))
        count = len(self.problems)
        head = f"{count} error{'s' if count != 1 else ''} in the rule set"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in self.problems))


class SituationError(SamenwerkingError, ValueError):
    """A situation does not fit the rule set: a factor is missing, unknown or out of range."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


class ExpressionError(SamenwerkingError):
    """An expression failed while being evaluated (for example a division by zero)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def _problem_order(problem: Problem) -> tuple[str, int, int, str]:
    loc = problem.location
    return (loc.file, loc.line, loc.column, problem.message)


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """Return a "did you mean 'x'?" hint for a misspelt name, or a list of what is allowed.

    Examples
    --------
    >>> did_you_mean("trustt", ["trust", "urgency"])
    "did you mean 'trust'?"
    >>> did_you_mean("zzz", ["a", "b"])
    'allowed: a, b'
    """
    options = sorted(set(choices))
    close = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "allowed: " + ", ".join(options)


def display_path(path: Path) -> str:
    """Return ``path`` relative to the working directory when it is below it, for short messages."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
