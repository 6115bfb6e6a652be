"""Readable reports of an advice: plain text for the terminal (HTML/PDF come with the dashboard)."""

from __future__ import annotations

import textwrap

from samenwerking.rules.ruleset import RuleSet
from samenwerking.scoring import Advice
from samenwerking.translations import say

_WIDTH = 100


def advice_text(advice: Advice, rules: RuleSet, lang: str = "nl", reasons: int = 3) -> str:
    """The ranking as a table, with the ``reasons`` weightiest reasons under each form.

    Examples
    --------
    >>> from samenwerking import Situation, load_rules, score
    >>> rules = load_rules()
    >>> print(advice_text(score(Situation.example()), rules, "en"))  # doctest: +ELLIPSIS
    Advice on the form of collaboration
    Rule set: samenwerking-standaard 1.0.0 (...)
    <BLANKLINE>
    Rank  Form                     Score
    1     Franchise                 ...
    """
    lines = [say("advice_title", lang), f"{say('rules_used', lang)}: {advice.rules}", ""]
    lines.append(f"{say('rank', lang):<6}{say('form', lang):<24}{say('score', lang):>6}")
    knocked = {k.form: k for k in advice.knockouts}
    for position, form in enumerate(advice.ranking, start=1):
        label = rules.label("form", form, lang)
        flag = f"  [{say('knocked_out', lang)}]" if form in knocked else ""
        lines.append(f"{position:<6}{label:<24}{advice.scores[form]:>6.1f}{flag}")
        for contribution in advice.reasons(form, reasons):
            sign = f"{contribution.points:+5.1f}"
            text = f"{contribution.reason(lang)} ({say('source', lang)}: {contribution.source})"
            wrapped = textwrap.wrap(text, _WIDTH - 14) or [""]
            lines.append(f"      {sign}  {wrapped[0]}")
            lines.extend(f"             {more}" for more in wrapped[1:])
    lines.append("")
    lines.append(say("margin", lang, margin=advice.margin))
    return "\n".join(lines)
