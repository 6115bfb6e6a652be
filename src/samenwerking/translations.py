"""User-facing text of the library and CLI, in Dutch (default) and English.

Rule-specific text (reasons, labels, questions) lives in the rule files; this table holds only
what the engine and the command line say themselves.
"""

from __future__ import annotations

from samenwerking.rules.schema import Text

LANGUAGES = ("nl", "en")

_TABLE: dict[str, tuple[str, str]] = {
    "base_reason": (
        "Neutraal startpunt: geen regel pleit voor of tegen deze vorm.",
        "Neutral starting point: no rule speaks for or against this form.",
    ),
    "advice_title": ("Advies samenwerkingsvorm", "Advice on the form of collaboration"),
    "rank": ("Rang", "Rank"),
    "form": ("Vorm", "Form"),
    "score": ("Score", "Score"),
    "top_reasons": ("Belangrijkste redenen", "Main reasons"),
    "knocked_out": ("Niet passend", "Not advisable"),
    "rules_used": ("Regelset", "Rule set"),
    "margin": (
        "Verschil tussen nummer 1 en 2: {margin:.1f} punten",
        "Gap between first and second: {margin:.1f} points",
    ),
    "source": ("bron", "source"),
    "check_ok": (
        "Regelset '{name}' {version} is in orde: {forms} vormen, {factors} factoren, "
        "{rules} regels, {knockouts} knock-outs.",
        "Rule set '{name}' {version} is valid: {forms} forms, {factors} factors, "
        "{rules} rules, {knockouts} knock-outs.",
    ),
    "test_pass": ("GESLAAGD", "PASS"),
    "test_fail": ("MISLUKT", "FAIL"),
    "tests_summary": ("{passed} geslaagd, {failed} mislukt", "{passed} passed, {failed} failed"),
}


def translate(key: str) -> Text:
    """The text for ``key`` in both languages.

    Examples
    --------
    >>> translate("rank")("en")
    'Rank'
    """
    nl, en = _TABLE[key]
    return Text(nl=nl, en=en)


def say(key: str, lang: str = "nl", **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled in."""
    return translate(key)(lang).format(**values)
