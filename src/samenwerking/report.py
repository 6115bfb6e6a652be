"""Readable reports of an advice: plain text for the terminal (HTML/PDF come with the dashboard)."""

from __future__ import annotations

import html
import math
import textwrap

import plotly.graph_objects as go

from samenwerking.languages import DEFAULT_LANGUAGE
from samenwerking.network import NetworkProposal
from samenwerking.network_metrics import METRIC_NAMES, explanation
from samenwerking.numbers import format_number, format_share, format_value
from samenwerking.rules.ruleset import RuleSet
from samenwerking.rules.wording import evidence_label
from samenwerking.scoring import Advice
from samenwerking.sensitivity import RankAcceptability, separating_changes
from samenwerking.translations import say, say_count

_WIDTH = 100


def advice_text(
    advice: Advice, rules: RuleSet, lang: str = DEFAULT_LANGUAGE, reasons: int = 3
) -> str:
    """The ranking as a table, with the ``reasons`` weightiest reasons under each form.

    Examples
    --------
    >>> from samenwerking import Situation, load_rules, score
    >>> rules = load_rules()
    >>> print(advice_text(score(Situation.example()), rules, "en"))  # doctest: +ELLIPSIS
    Advice on the form of collaboration
    Rule set: samenwerking-standaard 3.2.0 (...)
    <BLANKLINE>
    Rank  Form                     Score
    1     Merger                    ...
    """
    lines = [say("advice_title", lang), f"{say('rules_used', lang)}: {advice.rules}", ""]
    lines.append(f"{say('rank', lang):<6}{say('form', lang):<24}{say('score', lang):>6}")
    knocked = {k.form: k for k in advice.knockouts}
    for position, form in enumerate(advice.ranking, start=1):
        label = rules.label("form", form, lang)
        flag = f"  [{say('knocked_out', lang)}]" if form in knocked else ""
        shown = format_number(advice.scores[form], lang, 1)
        lines.append(f"{position:<6}{label:<24}{shown:>6}{flag}")
        for contribution in advice.reasons(form, reasons):
            sign = f"{format_number(contribution.points, lang, 1, sign=True):>5}"
            text = (
                f"{contribution.reason(lang)} ({say('source', lang)}: {contribution.source}; "
                f"{evidence_label(contribution.evidence, lang)})"
            )
            wrapped = textwrap.wrap(text, _WIDTH - 14) or [""]
            lines.append(f"      {sign}  {wrapped[0]}")
            lines.extend(f"             {more}" for more in wrapped[1:])
    lines.append("")
    lines.extend(advice_headline(advice, rules, lang))
    return "\n".join(lines)


def advice_headline(advice: Advice, rules: RuleSet, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """What the advice says in words: the best form and its lead, or no clear advice.

    When the advice is not clear it names the close forms and, per close form, the single
    change of one answer that would make it the clear advice.
    """
    label = {form: rules.label("form", form, lang) for form in advice.ranking}
    if advice.clear:
        return [
            say(
                "clear_advice",
                lang,
                form=label[advice.top],
                score=format_number(advice.scores[advice.top], lang),
                margin=format_number(advice.margin, lang),
                second=label[advice.ranking[1]],
            )
        ]
    names = [label[f] for f in advice.close_forms]
    joined = ", ".join(names[:-1]) + f" {say('and', lang)} {names[-1]}"
    lines = [
        say(
            "no_clear_advice",
            lang,
            forms=joined,
            margin=format_number(rules.metadata.clear_margin, lang),
        ),
        say("lightest_first", lang, form=label[advice.advised]),
    ]
    changes = separating_changes(advice.situation, advice.close_forms, rules, advice.weights)
    if changes:
        lines.append(say("separating_heading", lang))
        for change in changes:
            lines.append(
                "  - "
                + say(
                    "separating_line",
                    lang,
                    form=label[change.form],
                    factor=rules.label("factor", change.factor, lang).lower(),
                    value=answer_words(change.factor, change.value, rules, lang),
                    current=answer_words(change.factor, change.current, rules, lang),
                )
            )
    return lines


def answer_words(factor_id: str, value: float, rules: RuleSet, lang: str) -> str:
    """A factor value as the answers a director gave: "'Mee eens' (4)" or between two.

    Scale factors are the mean of their statements; a value such as 4,38 lies between two
    answers and is said so. Counts (dwellings, partners) stay numbers.
    """
    factor = rules.factors_by_id[factor_id]
    scale = rules.answer_scale
    shown = format_value(value, lang)
    if scale is None or (factor.minimum, factor.maximum) != (scale.minimum, scale.maximum):
        return shown
    low, high = math.floor(value), math.ceil(value)
    if low == high:
        return f"'{scale.labels[int(value)](lang)}' ({shown})"
    return say(
        "pack.between_answers",
        lang,
        low=scale.labels[low](lang),
        high=scale.labels[high](lang),
        value=shown,
    )


def firmness_line(
    advice: Advice,
    found: RankAcceptability,
    rules: RuleSet,
    lang: str = DEFAULT_LANGUAGE,
    open_questions: int = 0,
) -> str:
    """How often the advice stays first, and which uncertainty dominates.

    'Fusie blijft de beste vorm in 64% van de gevallen — vooral onzeker door uw antwoorden
    over vertrouwen'. It never contradicts the headline: when no form is clearly the best,
    it says how often the top form *ranks* first, not that it "stays the best". With
    ``open_questions``, it says that their answers are not part of it.
    """
    share = format_share(found.first.get(advice.top, 0.0), lang, 0)
    form = rules.label("form", advice.top, lang)
    lead = say(
        "firmness_lead_clear" if advice.clear else "firmness_lead_unclear",
        lang,
        share=share,
        form=form,
    )
    if found.dominant == "answers" and found.uncertain_factors:
        factors = [rules.label("factor", f, lang) for f in list(found.uncertain_factors)[:2]]
        words = f" {say('and', lang)} ".join(factors)
        line = say("firmness_by_answers_line", lang, lead=lead, factors=words)
    elif found.dominant == "weights":
        line = say("firmness_by_weights_line", lang, lead=lead)
    else:
        line = say("firmness_plain_line", lang, lead=lead)
    if open_questions:
        line += " " + say_count("firmness_open_questions", lang, open_questions)
    return line


def proposal_text(proposal: NetworkProposal, lang: str = DEFAULT_LANGUAGE) -> str:
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
                f"{rules.label('factor', c.factor, lang).lower()} {format_value(c.value, lang)} "
                f"{say('fits_in' if c.fits else 'fits_out', lang)} "
                f"[{format_value(c.low, lang)}-{format_value(c.high, lang)}]"
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
        shown = format_number(value, lang, 2) if isinstance(value, float) else str(value)
        lines.append(f"  {shown:>6}  {explanation(name)(lang)}")
    lines += ["", say("reasons", lang)]
    for reason in proposal.reasons:
        for i, part in enumerate(
            textwrap.wrap(
                f"{reason.text(lang)} ({reason.source}; {evidence_label(reason.evidence, lang)})",
                _WIDTH - 4,
            )
        ):
            lines.append(("  - " if i == 0 else "    ") + part)
    if proposal.warnings:
        lines += ["", say("warnings", lang)]
        lines += [f"  ! {warning(lang)}" for warning in proposal.warnings]
    return "\n".join(lines)


_REPORT_CSS = """
body { font-family: Arial, sans-serif; color: #222; max-width: 960px; margin: 2em auto;
       padding: 0 1em; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.25em; margin-top: 1.6em;
  border-bottom: 1px solid #ccc; } .meta { color: #555; font-size: 0.9em; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e3e3e3;
         vertical-align: top; } td.num { text-align: right; white-space: nowrap; }
.ko { color: #a33; font-weight: bold; } .figure { page-break-inside: avoid; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; }
  .figure { width: 100%; } }
"""


def advice_html(
    advice: Advice,
    rules: RuleSet,
    lang: str = DEFAULT_LANGUAGE,
    *,
    figures: list[go.Figure] | None = None,
    proposal: NetworkProposal | None = None,
    reasons: int = 5,
) -> str:
    """A printable, self-contained HTML report of an advice (open it and print to PDF)."""
    esc = html.escape
    rows = []
    for position, form in enumerate(advice.ranking, start=1):
        knocked = [k for k in advice.knockouts if k.form == form]
        flag = f' <span class="ko">{esc(say("knocked_out", lang))}</span>' if knocked else ""
        why = "".join(
            f"<li>{c.points:+.1f} — {esc(c.reason(lang))} <i>({esc(c.source)}; "
            f"{esc(evidence_label(c.evidence, lang))})</i></li>"
            for c in advice.reasons(form, reasons)
        )
        why += "".join(
            f"<li class='ko'>{esc(k.reason(lang))} <i>({esc(k.source)}; "
            f"{esc(evidence_label(k.evidence, lang))})</i></li>"
            for k in knocked
        )
        rows.append(
            f"<tr><td>{position}</td><td><b>{esc(rules.label('form', form, lang))}</b>"
            f"{flag}<ul>{why}</ul></td><td class='num'>"
            f"{advice.scores[form]:.1f}</td></tr>"
        )
    weights = ", ".join(
        f"{esc(rules.label('theme', t, lang))} {w:g}" for t, w in advice.weights.items()
    )
    situation = "".join(
        f"<tr><td>{esc(f.label(lang))}</td><td class='num'>{advice.situation.values()[f.id]:g}"
        f"</td></tr>"
        for f in rules.factors
    )
    parts = [
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>",
        f"<title>{esc(say('advice_title', lang))}</title><style>{_REPORT_CSS}</style></head><body>",
        f"<h1>{esc(say('advice_title', lang))}</h1>",
        "<div class='headline'>"
        + "".join(f"<p>{esc(line)}</p>" for line in advice_headline(advice, rules, lang))
        + "</div>",
        f"<p class='meta'>{esc(say('rules_used', lang))}: {esc(rules.metadata.name)} "
        f"{esc(rules.metadata.version)} — hash {esc(advice.rules.content_hash)}</p>",
        f"<h2>{esc(say('ranking', lang))}</h2>",
        f"<table><tr><th>{esc(say('rank', lang))}</th><th>{esc(say('form', lang))}</th>"
        f"<th>{esc(say('score', lang))}</th></tr>{''.join(rows)}</table>",
        f"<p>{esc(say('margin', lang, margin=advice.margin))}. "
        f"{esc(say('weights', lang))}: {weights}.</p>",
    ]
    for index, figure in enumerate(figures or []):
        parts.append(
            "<div class='figure'>"
            + figure.to_html(
                full_html=False, include_plotlyjs=index == 0, config={"displayModeBar": False}
            )
            + "</div>"
        )
    if proposal is not None:
        parts += [
            f"<h2>{esc(say('network_heading', lang))}</h2>",
            f"<pre>{esc(proposal_text(proposal, lang))}</pre>",
        ]
    parts += [
        f"<h2>{esc(say('situation_heading', lang))}</h2><table>{situation}</table>",
        "</body></html>",
    ]
    return "\n".join(parts)
