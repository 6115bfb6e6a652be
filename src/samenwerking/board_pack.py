"""The board pack: one advice as a document a director takes to the board meeting.

Built as :class:`~samenwerking.documents.Document` blocks, so it is the same report as PDF
(Typst, A4), HTML or Markdown: the headline, the ranking with reasons, sources and kinds of
evidence, the trade-offs per theme, how firm the advice is, what would change it (in answers),
the route there (steps, what undoing costs, who must agree),
the proposed network drawn as vector graphics with its governance in words, and the answers
given. The footer of every page names the rule set, its version and short hash.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import Any

from samenwerking.assessment import Assessment, provisional, situation_assessment
from samenwerking.documents import (
    Block,
    Document,
    bullets,
    heading,
    image,
    paragraph,
    table,
)
from samenwerking.figures import theme_profile
from samenwerking.group import GroupAdvice
from samenwerking.languages import DEFAULT_LANGUAGE
from samenwerking.network import DEFAULT_OWN_NAME, propose_network
from samenwerking.network_svg import network_svg
from samenwerking.numbers import format_day, format_number, format_share, format_value
from samenwerking.partners import Partner, with_partners
from samenwerking.path_report import path_blocks
from samenwerking.paths import path
from samenwerking.report import advice_headline, answer_words
from samenwerking.rules.ruleset import RuleSet
from samenwerking.rules.wording import evidence_label
from samenwerking.scoring import Advice, score
from samenwerking.sensitivity import FlipPoint, flip_points, rank_acceptability
from samenwerking.situation import Situation
from samenwerking.translations import say
from samenwerking.uncertainty import FactorConfidence
from samenwerking.unknown import is_dont_know

#: Weightings sampled for the firmness of the advice (a board pack, not an analysis: 2,000
#: samples give shares to within about one percentage point).
FIRMNESS_SAMPLES = 2_000
REASONS_PER_FORM = 4


def board_pack(
    situation: Situation,
    rules: RuleSet,
    *,
    weights: Mapping[str, float] | None = None,
    partners: Sequence[Partner | Mapping[str, Any]] = (),
    own_name: str = DEFAULT_OWN_NAME,
    lang: str = DEFAULT_LANGUAGE,
    date: dt.date | None = None,
    unanswered: Sequence[str] = (),
    assessment: Assessment | None = None,
) -> Document:
    """The board pack for ``situation`` as a document (write it with ``to_pdf`` and friends).

    With ``partners``, the factors the rule set derives from a partner list come from it
    (:func:`samenwerking.partners.with_partners`), as in the dashboard and on the command line.
    ``unanswered`` names the questions not answered yet: the pack then says on its first page
    that the advice is provisional, and on what it rests. With the ``assessment`` the
    answers came from, the firmness varies the answers within their uncertainty, the answers
    table says per factor how sure they were and what was not known ("weet niet"), and the
    conditions (context questions) are listed.
    """
    advice = score(with_partners(situation, partners, rules), rules, weights)
    day = format_day(date or dt.date.today(), lang)
    subtitle = say("pack.subtitle", lang, organisation=own_name, date=day)
    footer = _footer(rules, own_name, lang)
    blocks = _headline(advice, rules, lang)
    blocks[1:1] = _provisional(unanswered, rules, lang)  # right under "Het advies"
    blocks.append(paragraph(weights_line(advice, rules, lang)))
    blocks += _ranking(advice, rules, lang)
    blocks += _tradeoffs(advice, rules, lang)
    blocks += _firmness(advice, rules, lang, assessment)
    blocks += _changes(advice, rules, lang)
    blocks += path_blocks(path(situation, rules, partners, weights), rules, lang)
    blocks += _network(advice, rules, partners, own_name, lang)
    blocks += _answers(advice, rules, lang, assessment)
    blocks += _conditions(rules, lang, assessment)
    return Document(lang, say("pack.title", lang), subtitle, footer, blocks)


def _provisional(unanswered: Sequence[str], rules: RuleSet, lang: str) -> list[Block]:
    """That the advice is provisional, on how many answers, and what is open; or nothing."""
    still_open = provisional(unanswered, rules)
    if still_open is None:
        return []
    return [
        paragraph(
            say(
                "pack.provisional",
                lang,
                answered=still_open.answered,
                total=still_open.total,
                factors=", ".join(rules.label("factor", f, lang) for f in still_open.open_factors),
            )
        )
    ]


def weights_line(advice: Advice, rules: RuleSet, lang: str) -> str:
    """The theme weights the advice used, in one sentence."""
    weights = ", ".join(
        f"{rules.label('theme', theme, lang)} {format_value(advice.weights[theme], lang)}"
        for theme in rules.theme_ids
    )
    return say("pack.weights_used", lang, weights=weights)


def _headline(advice: Advice, rules: RuleSet, lang: str) -> list[Block]:
    """The advice in words under its heading; the deciding answer changes as a list."""
    headline = advice_headline(advice, rules, lang)
    blocks = [heading(say("pack.headline", lang), anchor="headline")]
    blocks += [paragraph(line) for line in headline if not line.startswith("  - ")]
    changes = [line.removeprefix("  - ") for line in headline if line.startswith("  - ")]
    if changes:
        blocks.append(bullets(changes))
    return blocks


def _footer(rules: RuleSet, organisation: str, lang: str) -> str:
    """Every page's footer: whose document, and the rule set's name, version and short hash."""
    meta = rules.metadata
    return say(
        "pack.footer",
        lang,
        organisation=organisation,
        name=meta.name,
        version=meta.version,
        hash=rules.content_hash[:12],
    )


def _label(rules: RuleSet, form: str, lang: str) -> str:
    return rules.label("form", form, lang)


def _ranking(advice: Advice, rules: RuleSet, lang: str) -> list[Block]:
    rows = [
        [str(position), _label(rules, form, lang), format_number(advice.scores[form], lang, 1)]
        for position, form in enumerate(advice.ranking, start=1)
    ]
    header = [say("rank", lang), say("form", lang), say("score", lang)]
    widths: tuple[int, ...] = (1, 4, 2)
    if advice.knockouts:  # the remark column only when there is a remark to make
        header.append(say("pack.status", lang))
        widths = (1, 4, 2, 3)
        for row, form in zip(rows, advice.ranking, strict=True):
            row.append(say("knocked_out", lang) if advice.is_knocked_out(form) else "")
    blocks = [heading(say("pack.ranking", lang), level=2), table(header, rows, widths=widths)]
    for form in advice.ranking:
        rows = [
            [
                format_number(c.points, lang, 1, sign=True),
                c.reason(lang),
                f"{c.source} ({evidence_label(c.evidence, lang)})",
            ]
            for c in advice.reasons(form, REASONS_PER_FORM)
        ]
        rows = [
            [
                say("knocked_out", lang),
                k.reason(lang),
                f"{k.source} ({evidence_label(k.evidence, lang)})",
            ]
            for k in advice.knockouts
            if k.form == form
        ] + rows
        if rows:
            blocks.append(heading(say("pack.why", lang, form=_label(rules, form, lang)), level=3))
            blocks.append(
                table(
                    [say("pack.points", lang), say("pack.reason", lang), say("source", lang)],
                    rows,
                    widths=(1, 7, 3),
                )
            )
    return blocks


def _tradeoffs(advice: Advice, rules: RuleSet, lang: str) -> list[Block]:
    profile = theme_profile(advice)
    themes = list(rules.theme_ids)
    return [
        heading(say("pack.tradeoffs", lang), level=2),
        paragraph(say("pack.tradeoffs_help", lang)),
        table(
            [say("form", lang), *(rules.label("theme", t, lang) for t in themes)],
            [
                [_label(rules, form, lang)]
                + [format_number(profile[form][t], lang, 1) for t in themes]
                for form in advice.ranking
            ],
        ),
    ]


def _firmness(
    advice: Advice, rules: RuleSet, lang: str, assessment: Assessment | None = None
) -> list[Block]:
    result = rank_acceptability(
        advice.situation,
        rules,
        advice.weights,
        n=FIRMNESS_SAMPLES,
        answers=assessment if assessment is not None else False,
    )
    first = result.first
    said = [
        say(
            "pack.firmness_text" if assessment is None else "pack.firmness_answers_text",
            lang,
            share=format_share(first.get(advice.top, 0.0), lang, 0),
            n=format_number(FIRMNESS_SAMPLES, lang, 0),
            form=_label(rules, advice.top, lang),
        )
    ]
    if result.dominant == "answers" and result.uncertain_factors:
        factors = [rules.label("factor", f, lang) for f in list(result.uncertain_factors)[:3]]
        said.append(say("pack.firmness_by_answers", lang, factors=", ".join(factors)))
    elif result.dominant == "weights":
        said.append(say("pack.firmness_by_weights", lang))
    return [
        heading(say("pack.firmness", lang), level=2),
        paragraph(" ".join(said)),
        table(
            [say("form", lang), say("pack.first_share", lang)],
            [
                [_label(rules, form, lang), format_share(first.get(form, 0.0), lang, 0)]
                for form in advice.ranking
            ],
            widths=(3, 2),
        ),
    ]


def flip_sentences(
    advice: Advice,
    rules: RuleSet,
    lang: str,
    key: str,
    limit: int,
    found: list[FlipPoint] | None = None,
) -> list[str]:
    """The nearest answer changes that change the advice, as sentences (catalogue ``key``).

    Nearest relative to each factor's range, so a count and a 1-5 answer compare fairly;
    each said as answers (:func:`answer_words`), moved to the whole answer that still flips.
    ``found`` are the advice's flip points when the caller has them already (the search is
    the costliest part of the advice page).
    """
    if found is None:
        found = flip_points(advice.situation, rules, advice.weights)
    flips = sorted(
        (f for f in found if f.value is not None),
        key=lambda f: (f.distance or 0.0) / _span(rules, f.factor),
    )
    return [
        say(
            key,
            lang,
            factor=rules.label("factor", f.factor, lang),
            current=answer_words(f.factor, f.current, rules, lang),
            value=answer_words(f.factor, as_answer(advice, f, rules), rules, lang),
            form=_label(rules, str(f.new_top), lang),
        )
        for f in flips[:limit]
    ]


def _changes(advice: Advice, rules: RuleSet, lang: str) -> list[Block]:
    items = flip_sentences(advice, rules, lang, "pack.flip_line", 6)
    return [
        heading(say("pack.changes", lang), level=2),
        bullets(items) if items else paragraph(say("dashboard.no_flips", lang)),
    ]


def as_answer(advice: Advice, flip: FlipPoint, rules: RuleSet) -> float:
    """The flip point as the nearest whole answer beyond it, when that answer flips too.

    The flip search finds 2,99 for a rule that switches at 3; a director answers whole
    steps, so "from 'Neutraal' to 'Mee oneens'" says the same in their words.
    """
    value = float(flip.value or 0.0)
    factor = rules.factors_by_id[flip.factor]
    whole = math.floor(value) if value < flip.current else math.ceil(value)
    if whole == value or not factor.minimum <= whole <= factor.maximum:
        return value
    moved = score(advice.situation.replace(**{flip.factor: whole}), rules, advice.weights)
    return float(whole) if moved.top == flip.new_top else value


def _span(rules: RuleSet, factor_id: str) -> float:
    factor = rules.factors_by_id[factor_id]
    return (factor.maximum - factor.minimum) or 1.0


def _network(
    advice: Advice,
    rules: RuleSet,
    partners: Sequence[Partner | Mapping[str, Any]],
    own_name: str,
    lang: str,
) -> list[Block]:
    form = next((f for f in advice.ranking if not advice.is_knocked_out(f)), advice.top)
    blocks = [heading(say("pack.network", lang, form=_label(rules, form, lang)), level=2)]
    if not partners:
        return [*blocks, paragraph(say("pack.network_needs_partners", lang))]
    proposal = propose_network(form, list(partners), advice.situation, rules, own_name=own_name)
    blocks.append(image(network_svg(proposal, lang), say("pack.network_alt", lang)))
    if proposal.governance is not None:
        choice = proposal.governance
        blocks.append(
            paragraph(
                say(
                    "pack.governance",
                    lang,
                    mode=choice.label(lang),
                    reason=choice.reason(lang),
                    tension=choice.tension(lang),
                )
            )
        )
        blocks.append(paragraph(choice.conditions(lang)))
    blocks.append(heading(say("reasons", lang), level=3))
    blocks.append(
        bullets(
            [
                f"{r.text(lang)} ({r.source}; {evidence_label(r.evidence, lang)})"
                for r in proposal.reasons
            ]
        )
    )
    if proposal.warnings:
        blocks.append(heading(say("warnings", lang), level=3))
        blocks.append(bullets([w(lang) for w in proposal.warnings]))
    return blocks


def _answers(
    advice: Advice, rules: RuleSet, lang: str, assessment: Assessment | None = None
) -> list[Block]:
    values = advice.situation.values()
    meta = rules.metadata
    unknown = list(assessment.unknown_factors) if assessment is not None else []
    rows = [
        [
            rules.label("factor", f.id, lang),
            say("pack.not_known", lang)
            if f.id in unknown
            else answer_words(f.id, values[f.id], rules, lang),
        ]
        for f in rules.factors
    ]
    header = [say("book.factor", lang), say("pack.answer", lang)]
    widths: tuple[int, ...] = (3, 3)
    if assessment is not None:
        header.append(say("pack.how_sure", lang))
        widths = (3, 3, 2)
        for row, factor in zip(rows, rules.factors, strict=True):
            confidence = assessment.confidence.get(factor.id)
            row.append(_sureness(confidence, lang) if confidence else "")
    blocks = [heading(say("pack.answers", lang), level=2), table(header, rows, widths=widths)]
    if unknown:
        labels = ", ".join(rules.label("factor", f, lang) for f in unknown)
        blocks.append(paragraph(say("pack.unknown_factors", lang, factors=labels)))
    return [
        *blocks,
        # The full fingerprint, so anyone can check which rules made this advice.
        paragraph(
            say(
                "pack.fingerprint",
                lang,
                name=meta.name,
                version=meta.version,
                hash=rules.content_hash,
            )
        ),
    ]


def _sureness(confidence: FactorConfidence, lang: str) -> str:
    """'Redelijk zeker (1× weet niet)': the level, and how many answers were 'weet niet'."""
    level = say(f"dashboard.confidence_{confidence.level}", lang)
    if confidence.dont_know:
        return say("pack.sure_with_unknown", lang, level=level, count=confidence.dont_know)
    return level


def _conditions(rules: RuleSet, lang: str, assessment: Assessment | None) -> list[Block]:
    """The conditions (context questions) and their answers; they do not move the advice."""
    questions = [q for q in rules.questions if q.kind == "context"]
    if assessment is None or not questions or rules.answer_scale is None:
        return []
    labels = rules.answer_scale.labels
    rows = []
    for question in questions:
        given = assessment.answers.get(question.id)
        if given is None:
            shown = say("pack.not_answered", lang)
        elif is_dont_know(given):
            shown = say("dashboard.dont_know", lang)
        else:
            shown = labels[round(float(given))](lang)
        rows.append([question.text(lang), shown])
    return [
        heading(say("pack.conditions", lang), level=2),
        paragraph(say("pack.conditions_intro", lang)),
        table([say("pack.condition", lang), say("pack.answer", lang)], rows, widths=(4, 2)),
    ]


def _without_empty_columns(
    header: list[str], rows: list[list[str]], widths: tuple[int, ...]
) -> Block:
    """A table without the columns nobody filled in (no organisations, nobody "weet niet")."""
    kept = [i for i in range(len(header)) if any(row[i] for row in rows)]
    return table(
        [header[i] for i in kept],
        [[row[i] for i in kept] for row in rows],
        widths=tuple(widths[i] for i in kept),
    )


def group_pack(
    group: GroupAdvice,
    rules: RuleSet,
    *,
    title: str,
    lang: str = DEFAULT_LANGUAGE,
    date: dt.date | None = None,
) -> Document:
    """The board pack of a session: the group's advice and where the members differ.

    First what divides the board and whether it changes the advice (the disputed factors),
    the consensus, each member's best form and the spread per topic; then the group's own
    advice with the same sections as a director's board pack.
    """
    advice = group.advice
    day = format_day(date or dt.date.today(), lang)
    footer = _footer(rules, title, lang)
    blocks = _headline(advice, rules, lang)
    blocks.append(paragraph(weights_line(advice, rules, lang)))
    blocks.append(
        paragraph(
            say(
                "group.consensus_line",
                lang,
                members=len(group.members),
                consensus=format_number(group.consensus, lang, 2),
                method=say(f"group.method_{group.method}", lang),
            )
        )
    )
    blocks.append(heading(say("group.disputed_heading", lang), level=2))
    if group.disputed:
        blocks.append(bullets(dispute_sentences(group, rules, lang)))
    else:
        blocks.append(paragraph(say("group.no_disputes", lang)))
    blocks.append(heading(say("group.weights_heading", lang), level=2))
    weight_lines = weight_dispute_sentences(group, rules, lang)
    blocks.append(
        bullets(weight_lines) if weight_lines else paragraph(say("group.no_weight_disputes", lang))
    )
    blocks.append(heading(say("group.members_heading", lang), level=2))
    blocks.append(
        _without_empty_columns(
            [say("group.member", lang), say("group.organisation", lang), say("group.top", lang)],
            [
                [name, group.organisations.get(name, ""), _label(rules, member.top, lang)]
                for name, member in group.members.items()
            ],
            widths=(3, 3, 3),
        )
    )
    blocks.append(heading(say("group.spread_heading", lang), level=2))
    blocks.append(
        _without_empty_columns(
            [
                say("book.factor", lang),
                say("group.group_answer", lang),
                say("group.range", lang),
                say("group.consensus", lang),
                say("group.not_known_by", lang),
            ],
            [
                [
                    rules.label("factor", factor, lang),
                    say("pack.not_known", lang)
                    if spread.unknown
                    else answer_words(factor, spread.group_value, rules, lang),
                    f"{format_value(spread.minimum, lang)} – {format_value(spread.maximum, lang)}",
                    format_number(spread.consensus, lang, 2),
                    ", ".join(spread.not_known_by),
                ]
                for factor, spread in sorted(
                    group.factors.items(), key=lambda item: item[1].consensus
                )
            ],
            widths=(4, 4, 2, 2, 3),
        )
    )
    blocks.append(paragraph(say("group.not_known_note", lang)))
    unknown = frozenset(f for f, spread in group.factors.items() if spread.unknown)
    blocks += _ranking(advice, rules, lang)
    blocks += _tradeoffs(advice, rules, lang)
    blocks += _firmness(advice, rules, lang, situation_assessment(group.situation, rules, unknown))
    blocks += _changes(advice, rules, lang)
    blocks += path_blocks(path(group.situation, rules, weights=group.weights), rules, lang)
    subtitle = say("pack.subtitle", lang, organisation=title, date=day)
    return Document(lang, say("group.title", lang), subtitle, footer, blocks)


def weight_dispute_sentences(group: GroupAdvice, rules: RuleSet, lang: str) -> list[str]:
    """Where the members' weights differ in a way that changes the group advice, in words."""
    top = _label(rules, group.advice.top, lang)
    lines = [
        say(
            "group.weight_dispute_line",
            lang,
            theme=rules.label("theme", d.theme, lang),
            low=format_number(d.minimum, lang, 2),
            high=format_number(d.maximum, lang, 2),
            forms=", ".join(_label(rules, form, lang) for form in d.other_tops),
            top=top,
        )
        for d in group.weights_disputed
    ]
    lines += [
        say("group.weights_member_line", lang, name=name, form=_label(rules, form, lang), top=top)
        for name, form in group.weights_changing.items()
    ]
    return lines


def dispute_sentences(group: GroupAdvice, rules: RuleSet, lang: str) -> list[str]:
    """Each disputed factor in words: the members' range and which form it could make best."""
    return [
        say(
            "group.dispute_line",
            lang,
            factor=rules.label("factor", d.factor, lang),
            low=answer_words(d.factor, group.factors[d.factor].minimum, rules, lang),
            high=answer_words(d.factor, group.factors[d.factor].maximum, rules, lang),
            forms=", ".join(_label(rules, form, lang) for form in d.other_tops),
            top=_label(rules, group.advice.top, lang),
        )
        for d in group.disputed
    ]
