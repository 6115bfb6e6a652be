"""Readable reports of an advice: plain text for the terminal (HTML/PDF come with the dashboard)."""

from __future__ import annotations

import textwrap

from samenwerking.network import NetworkProposal
from samenwerking.network_metrics import METRIC_NAMES, explanation
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


def proposal_text(proposal: NetworkProposal, lang: str = "nl") -> str:
    """The network proposal as text: structure, governance, metrics, reasons and warnings."""
    rules = proposal.rules
    title = say(
        "proposal_title",
        lang,
        form=rules.label("form", proposal.form, lang),
        nodes=proposal.metrics.nodes,
    )
    lines = [title]
    if proposal.governance is not None:
        choice = proposal.governance
        lines.append(f"{say('governance_mode', lang)}: {choice.label(lang)}")
        lines.append(f"  {choice.tension(lang)}")
        for assessment in choice.assessments:
            fitting = ", ".join(
                f"{rules.label('factor', c.factor, lang).lower()} {c.value:g} "
                f"{say('fits_in' if c.fits else 'fits_out', lang)} [{c.low:g}-{c.high:g}]"
                for c in assessment.conditions
            )
            lines.append(
                f"  - {assessment.label(lang)}: {assessment.fitting}/"
                f"{len(assessment.conditions)} ({fitting})"
            )
    if proposal.chain_steps:
        steps = " -> ".join(
            f"{s.label(lang)}: {proposal.node_name(s.performer, lang)}"
            for s in proposal.chain_steps
        )
        lines.append(steps)
    lines += ["", say("metrics", lang)]
    metrics = proposal.metrics
    for name in METRIC_NAMES:
        value = getattr(metrics, name)
        shown = f"{value:.2f}" if isinstance(value, float) else str(value)
        lines.append(f"  {shown:>6}  {explanation(name)(lang)}")
    lines += ["", say("reasons", lang)]
    for reason in proposal.reasons:
        for i, part in enumerate(
            textwrap.wrap(f"{reason.text(lang)} ({reason.source})", _WIDTH - 4)
        ):
            lines.append(("  - " if i == 0 else "    ") + part)
    if proposal.warnings:
        lines += ["", say("warnings", lang)]
        lines += [f"  ! {warning(lang)}" for warning in proposal.warnings]
    return "\n".join(lines)
