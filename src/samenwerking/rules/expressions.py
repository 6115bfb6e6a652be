"""The small, safe expression language of rule conditions (``when``) and effects (``effect``).

Advisers write ``social_complexity >= 4 and trust >= 3`` or ``2 * (urgency - 3)``. The text is
parsed once, when the rule set loads, by Python's own *parser* (``ast.parse``: syntax only,
nothing is executed) and then translated node by node into closures over a whitelist:
numbers, factor names, ``+ - * /``, comparisons, ``and or not`` and ``min``/``max``. Anything
else is a load error with a line and column. ``eval`` and ``exec`` are never used.

Every expression is type-checked (a condition must be true/false, an effect a number), its
constants are checked against the range of the factor they are compared with, and its range of
possible values is computed by interval arithmetic over the factor ranges. That range lets the
engine scale scores into 0-100 without clipping, and proves at load time that no division can
be by zero. The same closure evaluates one situation (floats) or many at once (numpy arrays).

Examples
--------
>>> ranges = {"trust": (1.0, 5.0), "urgency": (1.0, 5.0)}
>>> expr = parse_expression("2 * (urgency - 3)", ranges, "number")
>>> expr.evaluate({"urgency": 5.0}), expr.bounds
(4.0, (-4.0, 4.0))
>>> import numpy as np
>>> parse_expression("trust >= 4 and urgency < 3", ranges, "boolean").evaluate(
...     {"trust": np.array([5.0, 2.0]), "urgency": np.array([1.0, 1.0])})
array([ True, False])
>>> parse_expression("trust >= 7", ranges, "boolean")
Traceback (most recent call last):
...
samenwerking.errors.ExpressionSyntaxError: 1:10: 7 valt buiten het bereik van 'trust' ...
"""

from __future__ import annotations

import ast
import functools
import math
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from samenwerking.errors import (
    DivisionByZeroError as DivisionByZeroError,
)
from samenwerking.errors import (
    ExpressionSyntaxError as ExpressionSyntaxError,
)
from samenwerking.errors import (
    Message,
    did_you_mean,
    msg,
)

Kind = Literal["number", "boolean"]
_DUTCH_WORDS = re.compile(r"\b(en|of|niet)\b")
_DUTCH_WORDS_ENGLISH = {"en": "and", "of": "or", "niet": "not"}
#: Operators from other languages, refused with the one to write instead.
_FOREIGN_OPERATORS = {"&&": "and", "||": "or", "=>": ">=", "=<": "<="}
_REPLACEMENTS = {**_FOREIGN_OPERATORS, **_DUTCH_WORDS_ENGLISH}
#: Every refused word or operator, for reporting all of them at once.
_REPLACEABLE = re.compile(r"&&|\|\||=>|=<|\b(?:en|of|niet)\b")
Bounds = tuple[float, float]
Evaluator = Callable[[Mapping[str, Any]], Any]

ALLOWED_FUNCTIONS = ("min", "max")
#: Longest expression text accepted; a rule condition or effect is a line, not a program.
MAX_LENGTH = 1000
#: Deepest nesting of operators accepted (Python's parser itself recurses on it).
MAX_DEPTH = 50
#: Largest magnitude a constant or an expression's range may reach. Scores are sums of a few
#: points; anything near float overflow would turn into infinity or NaN when scored.
MAX_MAGNITUDE = 1e9
_OPERATOR_HINT = msg("expr_operator_hint")


@dataclass(frozen=True)
class Expression:
    """A parsed, type-checked expression, ready to evaluate on floats or numpy arrays."""

    text: str
    kind: Kind
    names: frozenset[str]
    bounds: Bounds | None
    _evaluator: Evaluator
    thresholds: frozenset[tuple[str, float]] = frozenset()
    #: The ranges of the factors it names: with the text, all it takes to parse it again.
    ranges: tuple[tuple[str, Bounds], ...] = ()

    def evaluate(self, values: Mapping[str, Any]) -> Any:
        """Evaluate on factor values (floats, or equally long numpy arrays)."""
        return self._evaluator(values)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as the text, parsed again on arrival (as ``re`` pickles a pattern).

        The evaluator is a tree of closures, which pickle cannot carry; the text and the
        factor ranges it was checked against make the same expression again.
        """
        return (parse_expression, (self.text, dict(self.ranges), self.kind))


@dataclass(frozen=True)
class _Node:
    kind: Kind
    evaluate: Evaluator
    bounds: Bounds | None
    names: frozenset[str]
    constant: float | None = None
    factor: str | None = None


def parse_expression(text: str, factor_ranges: Mapping[str, Bounds], expected: Kind) -> Expression:
    """Parse and check ``text``; raise :class:`ExpressionSyntaxError` with a position if wrong.

    Parameters
    ----------
    text:
        The expression as written in the rule file.
    factor_ranges:
        Every factor name the expression may use, with its (minimum, maximum).
    expected:
        ``"boolean"`` for a condition, ``"number"`` for an effect.
    """
    source = text.strip()
    if not source:
        raise ExpressionSyntaxError(1, 1, msg("expr_empty"))
    if len(source) > MAX_LENGTH:
        raise ExpressionSyntaxError(
            1, 1, msg("expr_too_long", count=MAX_LENGTH), msg("expr_too_long_hint")
        )
    for wrong in _FOREIGN_OPERATORS:
        if wrong in source:
            raise _refused_word(source, source.index(wrong), wrong)
    # Dutch connectives are refused with the word to use (documented in rules/README.md):
    # accepting them would make 'of' and 'en' reserved words in every factor name's way.
    dutch = _DUTCH_WORDS.search(source)
    if dutch:
        raise _refused_word(source, dutch.start(), dutch.group(1))
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as e:
        raise _syntax_error(source, e) from e
    except (RecursionError, MemoryError) as e:
        raise _too_deep() from e
    if _depth(tree.body) > MAX_DEPTH:
        raise _too_deep()
    if (
        expected == "number"
        and isinstance(tree.body, ast.Name)
        and tree.body.id not in factor_ranges
    ):
        # 'effect: veel' is text where a number belongs, not a misspelt factor.
        raise ExpressionSyntaxError(
            1, 1, msg("expr_effect_is_text", text=source), msg("expr_effect_is_text_hint")
        )
    translator = _Translator(factor_ranges, source)
    node = translator.visit(tree.body)
    if node.kind != expected:
        raise ExpressionSyntaxError(1, 1, msg(f"expr_must_be_{expected}", text=source))
    return Expression(
        source,
        node.kind,
        node.names,
        node.bounds,
        node.evaluate,
        frozenset(translator.thresholds),
        tuple((name, factor_ranges[name]) for name in sorted(node.names)),
    )


def _too_deep() -> ExpressionSyntaxError:
    return ExpressionSyntaxError(
        1, 1, msg("expr_too_deep", count=MAX_DEPTH), msg("expr_too_deep_hint")
    )


def _depth(node: ast.AST) -> int:
    """How deeply operators nest (iteratively, so a hostile text cannot exhaust the stack)."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        current, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            break
        stack.extend((child, level + 1) for child in ast.iter_child_nodes(current))
    return deepest


def _syntax_error(source: str, error: SyntaxError) -> ExpressionSyntaxError:
    """A syntax error with a useful position and hint.

    In ``eval`` mode Python reports an unfinished expression (``trust >=``) at column 0; the
    ``exec`` parser places it at the end, so its position is used when it has one.
    """
    line, offset = error.lineno or 1, error.offset or 0
    if offset == 0:
        try:
            ast.parse(source, mode="exec")
        except SyntaxError as again:
            line, offset = again.lineno or 1, again.offset or 0
    message: Message = msg("expr_syntax")
    hint: Message = _OPERATOR_HINT
    if offset > len(source.splitlines()[line - 1] if source else ""):
        message, hint = msg("expr_ends_early"), msg("expr_ends_early_hint")
    elif re.search(r"(?<![<>=!])=(?!=)", source):
        hint = msg("expr_single_equals_hint")
    elif "forgot a comma" in error.msg or _terms_side_by_side(source, line, offset):
        message, hint = msg("expr_missing_connective"), msg("expr_missing_connective_hint")
    return ExpressionSyntaxError(line, max(offset, 1), message, hint)


_TERM_END = re.compile(r"(?:(?:^|\W)(?!(?:and|or|not)\s+$)\w+|\))\s+$")


def _terms_side_by_side(source: str, line: int, offset: int) -> bool:
    """Whether the parser stopped at a term right after another: a missing ``and``/``or``.

    Python says only "invalid syntax" for ``trust >= 4 partner_count > 3``; an adviser needs
    to hear that a connective is missing between the two conditions.
    """
    lines = source.splitlines() or [""]
    text = lines[min(line, len(lines)) - 1]
    before, after = text[: max(offset - 1, 0)], text[max(offset - 1, 0) :]
    return bool(re.match(r"[\w(]", after)) and bool(_TERM_END.search(before))


def expression_errors(
    text: str, factor_ranges: Mapping[str, Bounds], expected: Kind
) -> list[ExpressionSyntaxError]:
    """Every error in ``text`` that can be found in one reading (empty when it is fine).

    :func:`parse_expression` stops at the first; an adviser who wrote ``trust >= 3 en
    partner_diversty >= 2`` should hear of the ``en`` and of the misspelt factor together.
    Each refused word is reported, then the text with those words replaced is parsed and
    its first error reported at its place in the text as written.
    """
    source = text.strip()
    errors: list[ExpressionSyntaxError] = []
    pieces: list[str] = []
    origins: list[int] = []  # per character of the replaced text, its index in ``source``
    last = 0
    for match in _REPLACEABLE.finditer(source):
        word = match.group(0)
        errors.append(_refused_word(source, match.start(), word))
        pieces.append(source[last : match.start()])
        origins.extend(range(last, match.start()))
        pieces.append(_REPLACEMENTS[word])
        origins.extend([match.start()] * len(_REPLACEMENTS[word]))
        last = match.end()
    pieces.append(source[last:])
    origins.extend(range(last, len(source)))
    replaced = "".join(pieces)
    try:
        parse_expression(replaced, factor_ranges, expected)
    except ExpressionSyntaxError as e:
        lines = replaced.split("\n")
        offset = sum(len(line) + 1 for line in lines[: e.line - 1]) + e.column - 1
        # Past the last character ("ends too early"): as far past the end of the original.
        at = origins[offset] if offset < len(origins) else len(source) + offset - len(origins)
        line, column = _position_of(source, at)
        errors.append(ExpressionSyntaxError(line, column, e.message, e.hint))
    return errors


def _refused_word(source: str, start: int, word: str) -> ExpressionSyntaxError:
    """The error for a refused operator (``&&``) or Dutch word (``en``), with what to write."""
    line, column = _position_of(source, start)
    said = (
        msg("expr_dutch_word", word=word)
        if word in _DUTCH_WORDS_ENGLISH
        else msg("expr_not_allowed", text=word)
    )
    return ExpressionSyntaxError(line, column, said, msg("expr_write", text=_REPLACEMENTS[word]))


def _position_of(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


_ARITHMETIC: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
}
_OPERATOR_SYMBOLS: dict[type[ast.operator], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
}
_COMPARISONS: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}


class _Translator:
    """Turns a whitelisted Python AST into closures, checking types and ranges on the way."""

    def __init__(self, factor_ranges: Mapping[str, Bounds], source: str = "") -> None:
        self.ranges = factor_ranges
        self.source = source
        #: (factor, constant) pairs compared directly: where a rule switches on or off.
        self.thresholds: set[tuple[str, float]] = set()

    def written(self, node: ast.AST) -> str:
        """The part of the text behind ``node`` as the adviser wrote it.

        ``1,5 * x`` is echoed as written, not as the parser's ``(1, 5 * x)``.
        """
        return ast.get_source_segment(self.source, node) or ast.unparse(node)

    def fail(
        self, node: ast.AST, message: Message, hint: Message | str = ""
    ) -> ExpressionSyntaxError:
        return ExpressionSyntaxError(
            getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1, message, hint
        )

    def visit(self, node: ast.AST) -> _Node:
        handler = getattr(self, f"visit_{type(node).__name__}", None)
        if handler is None:
            raise self.fail(node, msg("expr_not_allowed", text=self.written(node)), _OPERATOR_HINT)
        result: _Node = handler(node)
        return result

    def number(self, node: ast.AST, what: Message | str) -> _Node:
        result = self.visit(node)
        if result.kind != "number":
            raise self.fail(node, msg("expr_needs_number", what=what, text=self.written(node)))
        return result

    def boolean(self, node: ast.AST, what: Message | str) -> _Node:
        result = self.visit(node)
        if result.kind != "boolean":
            raise self.fail(
                node,
                msg("expr_needs_condition", what=what, text=self.written(node)),
                msg("expr_needs_condition_hint"),
            )
        return result

    def visit_Tuple(self, node: ast.Tuple) -> _Node:
        """``1,5`` parses as a pair: almost always a Dutch decimal comma."""
        raise self.fail(
            node,
            msg("expr_decimal_comma", text=self.written(node)),
            msg("expr_decimal_comma_hint"),
        )

    def visit_Constant(self, node: ast.Constant) -> _Node:
        value = node.value
        if isinstance(value, bool):
            return _Node("boolean", _constant(value), None, frozenset())
        if isinstance(value, int | float) and not (
            isinstance(value, float) and not math.isfinite(value)
        ):
            if abs(value) > MAX_MAGNITUDE:
                raise self.fail(
                    node,
                    msg(
                        "expr_too_large",
                        text=f"{str(value)[:20]}{'...' if len(str(value)) > 20 else ''}",
                        most=f"{MAX_MAGNITUDE:g}",
                    ),
                )
            number = float(value)
            return _Node("number", _constant(number), (number, number), frozenset(), number)
        if isinstance(value, str):
            raise self.fail(node, msg("expr_text", text=value), msg("expr_text_hint"))
        raise self.fail(node, msg("expr_not_number", text=repr(value)))

    def visit_Name(self, node: ast.Name) -> _Node:
        name = node.id
        if name in ("true", "false"):
            truth = name == "true"
            return _Node("boolean", _constant(truth), None, frozenset())
        if name not in self.ranges:
            raise self.fail(node, msg("unknown_factor", name=name), did_you_mean(name, self.ranges))
        low, high = self.ranges[name]
        return _Node(
            "number",
            _lookup(name),
            (float(low), float(high)),
            frozenset({name}),
            factor=name,
        )

    def visit_UnaryOp(self, node: ast.UnaryOp) -> _Node:
        if isinstance(node.op, ast.Not):
            inner = self.boolean(node.operand, "'not'")
            f = inner.evaluate
            return _Node("boolean", lambda v: _not(f(v)), None, inner.names)
        if isinstance(node.op, (ast.USub, ast.UAdd)):
            inner = self.number(node.operand, msg("expr_what_sign"))
            if isinstance(node.op, ast.UAdd):
                return inner
            f = inner.evaluate
            low, high = inner.bounds or (0.0, 0.0)
            constant = -inner.constant if inner.constant is not None else None
            return _Node("number", lambda v: -f(v), (-high, -low), inner.names, constant)
        raise self.fail(node, msg("expr_not_allowed", text=self.written(node)), _OPERATOR_HINT)

    def visit_BinOp(self, node: ast.BinOp) -> _Node:
        symbol = _OPERATOR_SYMBOLS.get(type(node.op), "?")
        if not isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
            raise self.fail(
                node, msg("expr_operator_not_allowed", text=self.written(node)), _OPERATOR_HINT
            )
        left = self.number(node.left, f"'{symbol}'")
        right = self.number(node.right, f"'{symbol}'")
        names = left.names | right.names
        lb, rb = left.bounds or (0.0, 0.0), right.bounds or (0.0, 0.0)
        fl, fr = left.evaluate, right.evaluate
        if isinstance(node.op, ast.Div):
            if rb[0] <= 0.0 <= rb[1]:
                divisor = self.written(node.right)
                raise self.fail(
                    node.right,
                    msg("expr_division_by_zero", text=divisor, low=_fmt(rb[0]), high=_fmt(rb[1])),
                    msg("expr_division_by_zero_hint", text=divisor),
                )
            corners = [a / b for a in lb for b in rb]
            bounds = self.limited(node, (min(corners), max(corners)))
            return _Node("number", lambda v: _divide(fl(v), fr(v)), bounds, names)
        op = _ARITHMETIC[type(node.op)]
        if isinstance(node.op, ast.Add):
            bounds = (lb[0] + rb[0], lb[1] + rb[1])
        elif isinstance(node.op, ast.Sub):
            bounds = (lb[0] - rb[1], lb[1] - rb[0])
        else:
            corners = [a * b for a in lb for b in rb]
            bounds = (min(corners), max(corners))
        return _Node("number", lambda v: op(fl(v), fr(v)), self.limited(node, bounds), names)

    def limited(self, node: ast.AST, bounds: Bounds) -> Bounds:
        """``bounds`` if they stay within ``MAX_MAGNITUDE``; else the rule could overflow."""
        if all(math.isfinite(b) and abs(b) <= MAX_MAGNITUDE for b in bounds):
            return bounds
        raise self.fail(
            node,
            msg(
                "expr_reach_too_large",
                text=self.written(node),
                low=_fmt(bounds[0]),
                high=_fmt(bounds[1]),
                most=f"{MAX_MAGNITUDE:g}",
            ),
            msg("expr_reach_too_large_hint"),
        )

    def visit_BoolOp(self, node: ast.BoolOp) -> _Node:
        word = "and" if isinstance(node.op, ast.And) else "or"
        parts = [self.boolean(value, f"'{word}'") for value in node.values]
        fns = tuple(p.evaluate for p in parts)
        names = frozenset().union(*(p.names for p in parts))
        combine = _all if word == "and" else _any
        return _Node("boolean", lambda v: combine(fns, v), None, names)

    def visit_Compare(self, node: ast.Compare) -> _Node:
        for op in node.ops:
            if type(op) not in _COMPARISONS:
                word = {ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in"}
                shown = word.get(type(op), type(op).__name__)
                raise self.fail(
                    node, msg("expr_comparison_word", text=shown), msg("expr_comparison_word_hint")
                )
        operands = [self.number(node.left, msg("expr_what_comparison"))]
        operands += [self.number(c, msg("expr_what_comparison")) for c in node.comparators]
        positions = [node.left, *node.comparators]
        for i in range(len(operands) - 1):
            self._check_constant_in_range(operands[i : i + 2], positions[i : i + 2])
        pairs = tuple(
            (_COMPARISONS[type(op)], a.evaluate, b.evaluate)
            for op, a, b in zip(node.ops, operands, operands[1:], strict=False)
        )
        names = frozenset().union(*(o.names for o in operands))
        if len(pairs) == 1:
            compare, fa, fb = pairs[0]
            return _Node("boolean", lambda v: compare(fa(v), fb(v)), None, names)
        tests = tuple((lambda v, c=c, a=a, b=b: c(a(v), b(v))) for c, a, b in pairs)
        return _Node("boolean", lambda v: _all(tests, v), None, names)

    def _check_constant_in_range(self, pair: Sequence[_Node], positions: Sequence[ast.AST]) -> None:
        """Reject comparing a factor with a constant it can never reach (``trust >= 7``)."""
        factor_side = 0 if pair[0].factor else 1
        factor, constant = pair[factor_side], pair[1 - factor_side]
        if factor.factor is None or constant.constant is None:
            return
        low, high = self.ranges[factor.factor]
        self.thresholds.add((factor.factor, constant.constant))
        if not low <= constant.constant <= high:
            raise self.fail(
                positions[1 - factor_side],
                msg(
                    "expr_outside_range",
                    value=_fmt(constant.constant),
                    name=factor.factor,
                    low=_fmt(low),
                    high=_fmt(high),
                ),
            )

    def visit_Call(self, node: ast.Call) -> _Node:
        name = node.func.id if isinstance(node.func, ast.Name) else self.written(node.func)
        if name not in ALLOWED_FUNCTIONS:
            raise self.fail(
                node, msg("expr_unknown_function", name=name), did_you_mean(name, ALLOWED_FUNCTIONS)
            )
        if node.keywords or len(node.args) < 2:
            raise self.fail(node, msg("expr_function_arguments", name=name))
        args = [self.number(a, f"{name}()") for a in node.args]
        fns = tuple(a.evaluate for a in args)
        lows = [a.bounds[0] for a in args if a.bounds]
        highs = [a.bounds[1] for a in args if a.bounds]
        pick = min if name == "min" else max
        elementwise = np.minimum if name == "min" else np.maximum
        names = frozenset().union(*(a.names for a in args))
        return _Node(
            "number",
            lambda v: _reduce(pick, elementwise, fns, v),
            (pick(lows), pick(highs)),
            names,
        )


def _constant(value: float | bool) -> Evaluator:
    """An evaluator that ignores the situation and gives ``value``."""
    return lambda _values: value


def _lookup(name: str) -> Evaluator:
    """An evaluator that reads factor ``name`` from the situation."""
    return lambda values: values[name]


def _fmt(value: float) -> str:
    return f"{value:g}"


def _not(value: Any) -> Any:
    return np.logical_not(value) if isinstance(value, np.ndarray) else not value


def _all(fns: tuple[Evaluator, ...], values: Mapping[str, Any]) -> Any:
    result: Any = True
    for f in fns:
        if isinstance(result, np.ndarray):
            result = np.logical_and(result, f(values))
        elif not result:
            return False
        else:
            result = f(values)
    return result


def _any(fns: tuple[Evaluator, ...], values: Mapping[str, Any]) -> Any:
    result: Any = False
    for f in fns:
        if isinstance(result, np.ndarray):
            result = np.logical_or(result, f(values))
        elif result:
            return True
        else:
            result = f(values)
    return result


def _reduce(
    pick: Callable[..., Any],
    elementwise: Any,
    fns: tuple[Evaluator, ...],
    values: Mapping[str, Any],
) -> Any:
    results = [f(values) for f in fns]
    if any(isinstance(r, np.ndarray) for r in results):
        # Pairwise: the ufunc broadcasts each pair itself, with no stack of broadcast copies
        # of every argument first (np.broadcast_arrays): 4x faster for three arrays of 700.
        return functools.reduce(elementwise, results)
    return pick(results)


def _divide(numerator: Any, divisor: Any) -> Any:
    if np.any(divisor == 0):
        raise DivisionByZeroError(msg("division_by_zero"))
    return numerator / divisor
