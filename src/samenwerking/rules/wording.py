"""A rule set's conditions and evidence in words, for readers who do not read expressions.

Part of the rule model: the advice, the route, the board pack and the rule book all say a
rule's condition ("als onderling vertrouwen 2 of lager is") and its kind of evidence the
same way, so the words live here, below all of them.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

from samenwerking.languages import DEFAULT_LANGUAGE
from samenwerking.numbers import format_value
from samenwerking.rules.ruleset import RuleSet
from samenwerking.translations import say

_OPERATORS = {
    ast.Lt: "lt",
    ast.LtE: "le",
    ast.Gt: "gt",
    ast.GtE: "ge",
    ast.Eq: "eq",
    ast.NotEq: "ne",
}
_MIRRORED = {"lt": "gt", "le": "ge", "gt": "lt", "ge": "le", "eq": "eq", "ne": "ne"}


def evidence_label(kinds: Sequence[str], lang: str) -> str:
    """The kinds of evidence in words ('literatuur, wet'), from the translation table."""
    return ", ".join(say(f"evidence_{kind}", lang) for kind in kinds)


# --- conditions in words -------------------------------------------------------------------


def condition_words(text: str | None, rules: RuleSet, lang: str = DEFAULT_LANGUAGE) -> str:
    """A rule's condition as a sentence, for readers who do not read expressions.

    Comparisons of a factor with a number, ``and``, ``or`` and ``not`` are put into words;
    anything else (arithmetic on factors) is quoted as written, with factor labels.

    Examples
    --------
    >>> from samenwerking import load_rules
    >>> condition_words("trust <= 2 and partner_count > 8", load_rules())
    'als onderling vertrouwen 2 of lager is en aantal partnerorganisaties hoger dan 8 is'
    """
    if not text:
        return say("book.always", lang)
    return say("cond_if", lang, condition=_clause(ast.parse(text, mode="eval").body, rules, lang))


def condition_clause(text: str, rules: RuleSet, lang: str = DEFAULT_LANGUAGE) -> str:
    """A condition in words without the leading "als", for a list of conditions.

    Examples
    --------
    >>> from samenwerking import load_rules
    >>> condition_clause("trust >= 3", load_rules(), "en")
    'mutual trust is 3 or higher'
    >>> condition_clause("trust >= 3", load_rules(), "nl")
    'onderling vertrouwen is 3 of hoger'
    """
    return _clause(ast.parse(text, mode="eval").body, rules, lang, "cond_main_")


def _clause(node: ast.AST, rules: RuleSet, lang: str, style: str = "cond_", depth: int = 0) -> str:
    """A condition node in words; ``style`` picks the word order.

    ``cond_`` follows "als" (the Dutch verb last); ``cond_main_`` is a sentence of its own.
    A flat "A en B en C" stays a sentence; where "and" and "or" are nested, or "not" covers
    several conditions, the parts become a numbered list ("alle volgende gelden: (1) ...;
    (2) ten minste één van deze geldt: (a) ...; (b) ..."), numbered differently at each
    depth, so no reader has to guess where brackets were.

    Examples
    --------
    >>> from samenwerking import load_rules
    >>> rules = load_rules()
    >>> _clause(ast.parse("trust >= 3 and (urgency > 4 or partner_count > 8)",
    ...     mode="eval").body, rules, "nl")  # doctest: +NORMALIZE_WHITESPACE
    'alle volgende gelden: (1) onderling vertrouwen 3 of hoger is; (2) tijdsdruk hoger dan 4
    is of aantal partnerorganisaties hoger dan 8 is'
    """
    if isinstance(node, ast.BoolOp):
        if any(_compound(value) for value in node.values):
            parts = [_clause(v, rules, lang, style, depth + 1) for v in node.values]
            key = "cond_all_of" if isinstance(node.op, ast.And) else "cond_any_of"
            return say(key, lang, items=_numbered(parts, depth))
        joiner = say("and_word" if isinstance(node.op, ast.And) else "or_word", lang)
        return f" {joiner} ".join(_clause(v, rules, lang, style, depth) for v in node.values)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        if isinstance(node.operand, ast.BoolOp):
            operand = node.operand
            parts = [_clause(v, rules, lang, style, depth + 1) for v in operand.values]
            key = "cond_not_all_of" if isinstance(operand.op, ast.And) else "cond_none_of"
            return say(key, lang, items=_numbered(parts, depth))
        return say("cond_not", lang, condition=_clause(node.operand, rules, lang, style, depth))
    if isinstance(node, ast.Compare):
        sides = [node.left, *node.comparators]
        pairs = [
            _comparison(sides[i], op, sides[i + 1], rules, lang, style)
            for i, op in enumerate(node.ops)
        ]
        return f" {say('and_word', lang)} ".join(pairs)
    if isinstance(node, ast.Name) and node.id in ("true", "false"):
        return say("book.always" if node.id == "true" else "cond_never", lang)
    return say("cond_formula", lang, formula=_formula(node, rules, lang))


def _compound(node: ast.AST) -> bool:
    """Whether a part of an and/or is itself several conditions (and so needs a list)."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return isinstance(node.operand, ast.BoolOp)
    return isinstance(node, ast.BoolOp)


#: Labels of list items at each depth: (1), (a), (i), then (1) again.
_ITEM_LABELS: tuple[tuple[str, ...], ...] = (
    tuple(str(i) for i in range(1, 27)),
    tuple("abcdefghijklmnopqrstuvwxyz"),
    ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"),
)


def _numbered(parts: list[str], depth: int) -> str:
    labels = _ITEM_LABELS[depth % len(_ITEM_LABELS)]
    return "; ".join(f"({labels[i % len(labels)]}) {part}" for i, part in enumerate(parts))


def _comparison(
    left: ast.AST, op: ast.cmpop, right: ast.AST, rules: RuleSet, lang: str, style: str = "cond_"
) -> str:
    name = _OPERATORS[type(op)]
    if isinstance(left, ast.Constant) and not isinstance(right, ast.Constant):
        left, right, name = right, left, _MIRRORED[name]
    subject = (
        factor_label(left.id, rules, lang)
        if isinstance(left, ast.Name) and left.id in rules.factors_by_id
        else _formula(left, rules, lang)
    )
    value = (
        format_value(float(right.value), lang)
        if isinstance(right, ast.Constant) and isinstance(right.value, int | float)
        else _formula(right, rules, lang)
    )
    return say(f"{style}{name}", lang, factor=subject, value=value)


def _formula(node: ast.AST, rules: RuleSet, lang: str) -> str:
    """An arithmetic expression as written, with each factor's label in place of its id.

    ``min``/``max`` become words ("het hoogste van A en B"), not a function call.
    """
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("min", "max")
    ):
        items = [_formula(argument, rules, lang) for argument in node.args]
        joined = f" {say('and_word', lang)} ".join(items)
        return say(f"cond_{node.func.id}", lang, items=joined)
    text = ast.unparse(node)
    for factor in sorted(rules.factors, key=lambda f: -len(f.id)):
        text = text.replace(factor.id, factor_label(factor.id, rules, lang))
    return text


def factor_label(factor_id: str, rules: RuleSet, lang: str) -> str:
    label = rules.label("factor", factor_id, lang)
    # Mid-sentence: 'vertrouwen', but keep 'NAO' or 'WMO' as they are.
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]
