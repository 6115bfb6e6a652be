"""The rule book: what the tool does, written for a board, in Markdown, HTML or PDF.

A director or supervisor should be able to read why the tool advises what it advises without
opening a YAML file. So conditions are sentences ("als onderling vertrouwen 2 of lager is
en aantal partnerorganisaties hoger dan 8 is"), points are the score points the advice shows
(default weights, after the common scale), rules are grouped by form and theme with the
weightiest first, the introduction says how a score is made, the rule tests appear as worked
examples, and ``--since OLD`` adds what changed against an earlier version.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from samenwerking.authoring.diff import RuleSetDiff, diff_rule_sets
from samenwerking.authoring.testing import (
    TESTS_FOLDER,
    RuleTestResult,
    run_rule_tests,
    unproven_tests,
)
from samenwerking.documents import (
    Block,
    Document,
    bullets,
    heading,
    paragraph,
    table,
    to_html,
    to_markdown,
    to_pdf,
)
from samenwerking.errors import RuleSetError
from samenwerking.languages import DEFAULT_LANGUAGE
from samenwerking.numbers import format_day, format_number, format_share, format_value
from samenwerking.rules.ruleset import CompiledKnockout, CompiledRule, RuleSet
from samenwerking.rules.sampling import latin_hypercube
from samenwerking.rules.schema import Expectation, PopulationTest, RuleTest, format_citations
from samenwerking.rules.wording import (
    condition_clause as condition_clause,
)
from samenwerking.rules.wording import (
    condition_words as condition_words,
)
from samenwerking.rules.wording import (
    evidence_label as evidence_label,
)
from samenwerking.rules.wording import factor_label
from samenwerking.scoring import normalise_weights, theme_multipliers
from samenwerking.translations import say

#: Situations over which each rule's score points are measured (Latin hypercube, seed 0).
POINTS_SAMPLE = 20_000
# --- score points ----------------------------------------------------------------------------


def points_range(rules: RuleSet, size: int = POINTS_SAMPLE) -> dict[str, tuple[float, float]]:
    """Per rule, the least and most score points it gives when it applies (default weights).

    Measured over a Latin hypercube of situations where the rule's condition holds, with the
    theme's default weight and the common scale applied: the points a director sees.
    """
    sample = latin_hypercube(rules, size, seed=0)
    multipliers = theme_multipliers(rules, normalise_weights(rules, None))
    found = {}
    for rule in rules.rules:
        effect = np.broadcast_to(np.asarray(rule.effect.evaluate(sample), dtype=float), size)
        fires = (
            np.ones(size, dtype=bool)
            if rule.when is None
            else np.broadcast_to(np.asarray(rule.when.evaluate(sample), dtype=bool), size)
        )
        points = effect[fires] * multipliers[rule.theme]
        if points.size:
            found[rule.id] = (float(points.min()), float(points.max()))
    return found


def _points_text(span: tuple[float, float] | None, lang: str) -> str:
    if span is None:
        return say("book.never_applies", lang)
    low, high = (format_number(v, lang, 1, sign=True) for v in span)
    return low if low == high else say("book.points_between", lang, low=low, high=high)


# --- the book --------------------------------------------------------------------------------


def rule_book(
    rules: RuleSet,
    lang: str = DEFAULT_LANGUAGE,
    *,
    since: RuleSet | None = None,
    folder: Path | None = None,
) -> Document:
    """The rule book of ``rules`` as a :class:`~samenwerking.documents.Document`.

    ``since`` adds a chapter on what changed against that earlier rule set; the rule tests in
    ``folder/tests`` (default: the rules' own folder) become worked examples.
    """
    meta = rules.metadata
    subtitle = say(
        "book.subtitle",
        lang,
        version=meta.version,
        date=format_day(meta.date, lang),
        authors=", ".join(meta.authors),
    )
    footer = say(
        "book.footer", lang, name=meta.name, version=meta.version, hash=rules.content_hash[:12]
    )
    blocks: list[Block] = [*_introduction(rules, lang)]
    marks: dict[str, str] = {}
    if since is not None:
        # The sample and size of `rules diff`, so the book and the diff give one figure.
        changes = diff_rule_sets(since, rules)
        blocks += _changes(changes, rules, lang)
        marks = change_marks(changes, lang)
    spans = points_range(rules)
    for form in rules.forms:
        blocks += _form_chapter(rules, form.id, spans, lang, marks)
    blocks += _factor_chapter(rules, lang)
    blocks += _questionnaire_chapter(rules, lang)
    blocks += _examples_chapter(rules, folder or rules.path, lang)
    blocks += _bibliography(rules, lang)
    title = f"{say('book.title', lang)}: {meta.name}"
    # Chapters flow on: a form's chapter ends a few lines into a page, and a new page for
    # each left pages nearly empty.
    return Document(lang, title, subtitle, footer, blocks, chapter_pages=False)


def _introduction(rules: RuleSet, lang: str) -> list[Block]:
    meta = rules.metadata
    blocks = [heading(say("book.how_heading", lang), anchor="how")]
    if meta.description:
        blocks.append(paragraph(meta.description(lang)))
    blocks += [
        paragraph(
            say(
                "book.how_score",
                lang,
                base=format_number(meta.base_score, lang, 0),
            )
        ),
        paragraph(say("book.how_knockout", lang)),
        paragraph(say("book.how_margin", lang, margin=format_number(meta.clear_margin, lang, 1))),
        paragraph(say("book.how_evidence", lang)),
        heading(say("book.themes", lang), level=2),
        table(
            [say("book.theme", lang), say("book.meaning", lang), say("book.weight", lang)],
            [
                [t.label(lang), t.description(lang), format_value(t.default_weight, lang)]
                for t in rules.themes
            ],
            widths=(2, 6, 2),
        ),
    ]
    return blocks


def _form_chapter(
    rules: RuleSet,
    form_id: str,
    spans: dict[str, tuple[float, float]],
    lang: str,
    marks: dict[str, str] | None = None,
) -> list[Block]:
    """A form's rules per theme and its knock-outs; new or changed rules marked as such."""
    marks = marks or {}
    form = rules.forms_by_id[form_id]
    blocks = [
        heading(form.label(lang), anchor=f"form-{form_id}"),
        paragraph(form.description(lang)),
    ]
    header = [
        say("book.rule", lang),
        say("book.when", lang),
        say("book.effect", lang),
        say("book.reason", lang),
        say("book.source", lang),
    ]
    for theme in rules.themes:
        own = [r for r in rules.rules if r.form == form_id and r.theme == theme.id]
        if not own:
            continue
        own.sort(key=lambda r: -max((abs(v) for v in spans.get(r.id, (0.0, 0.0))), default=0.0))
        blocks.append(heading(f"{theme.label(lang)}", level=2))
        blocks.append(
            table(
                header,
                [_rule_row(r, spans.get(r.id), rules, lang, marks.get(r.id)) for r in own],
                widths=(3, 4, 2, 6, 3),
            )
        )
    knockouts = [k for k in rules.knockouts if k.form == form_id]
    if knockouts:
        blocks.append(heading(say("book.knockouts", lang), level=2))
        blocks.append(
            table(
                [
                    say("book.rule", lang),
                    say("book.when", lang),
                    say("book.reason", lang),
                    say("book.source", lang),
                ],
                [
                    [
                        _marked(k.named(lang), marks.get(k.id)),
                        condition_words(k.when.text, rules, lang),
                        k.reason(lang),
                        _source(k, lang),
                    ]
                    for k in knockouts
                ],
                widths=(3, 4, 6, 3),
            )
        )
    return blocks


def _rule_row(
    rule: CompiledRule,
    span: tuple[float, float] | None,
    rules: RuleSet,
    lang: str,
    mark: str | None = None,
) -> list[str]:
    """A rule as a board reads it: its title, when, points, why and source.

    The source cell ends with the id, which an adviser looks the rule up by.
    """
    return [
        _marked(rule.named(lang), mark),
        condition_words(rule.when.text if rule.when else None, rules, lang),
        _points_text(span, lang),
        rule.reason(lang),
        _source(rule, lang),
    ]


def _marked(rule_id: str, mark: str | None) -> str:
    return f"{rule_id} ({mark})" if mark else rule_id


def _source(rule: CompiledRule | CompiledKnockout, lang: str) -> str:
    shown = f"{rule.source} ({evidence_label(rule.evidence, lang)})"
    return f"{shown} · {rule.id}" if rule.title is not None else shown


def _factor_chapter(rules: RuleSet, lang: str) -> list[Block]:
    asked: dict[str, int] = {}
    for question in rules.questions:
        if question.factor is not None:
            asked[question.factor] = asked.get(question.factor, 0) + 1
    return [
        heading(say("book.factors", lang), anchor="factors"),
        paragraph(say("book.factors_intro", lang)),
        table(
            [
                say("book.factor", lang),
                say("book.meaning", lang),
                say("book.range", lang),
                say("book.questions_count", lang),
            ],
            [
                [
                    f.label(lang),
                    f.help(lang),
                    f"{format_value(f.minimum, lang)} – {format_value(f.maximum, lang)}",
                    str(asked.get(f.id, 0)),
                ]
                for f in rules.factors
            ],
            widths=(3, 7, 2, 2),
        ),
    ]


def _questionnaire_chapter(rules: RuleSet, lang: str) -> list[Block]:
    """Every question with what it feeds and its source: so a reviewer can check each item."""
    if not rules.questions:
        return []
    return [
        heading(say("book.questionnaire", lang), anchor="questionnaire"),
        paragraph(say("book.questionnaire_intro", lang)),
        table(
            [
                say("book.question", lang),
                say("book.feeds", lang),
                say("book.core", lang),
                say("book.question_source", lang),
            ],
            [
                [
                    question.text(lang) + (say("book.reversed", lang) if question.reverse else ""),
                    rules.label("factor", question.factor, lang)
                    if question.factor
                    else say("book.condition", lang),
                    say("book.yes", lang) if question.core else "",
                    rules.cite(question.sources) or say("book.no_source", lang),
                ]
                for question in rules.questions
            ],
            widths=(7, 3, 1, 4),
        ),
    ]


def _examples_chapter(rules: RuleSet, folder: Path, lang: str) -> list[Block]:
    """The rule tests as worked examples: situation, what the literature expects, outcome.

    A direction test shows the scores it speaks of before and after its change, so a board
    sees the rise it claims; outcomes say "klopt" or "klopt niet", not test jargon.
    """
    if not (folder / TESTS_FOLDER).is_dir():
        return []
    try:
        report = run_rule_tests(rules, folder)
    except RuleSetError:
        return []
    # A test that passes without the rules it is about proves nothing: a board must not read
    # it as support ('rules test --prove' finds them; here they are marked).
    unproven = {found.test_id for found in unproven_tests(rules, folder, report)}
    blocks = [
        heading(say("book.examples", lang), anchor="examples"),
        paragraph(say("book.examples_intro", lang)),
    ]
    for result in report.results:
        test = result.case.test
        blocks.append(heading(test.description(lang), level=3))
        scores = _before_after(result)
        items = [
            say("book.example_situation", lang, changes=_changes_text(test.situation, rules, lang)),
            *[_expectation_text(e, test, rules, lang, scores) for e in _expectations(test.expect)],
        ]
        if result.advice is not None:
            items.append(
                say(
                    "book.example_outcome",
                    lang,
                    form=rules.label("form", result.advice.top, lang),
                    score=format_number(result.advice.scores[result.advice.top], lang, 1),
                    verdict=_verdict(result.passed, lang),
                )
            )
        if test.id in unproven:
            items.append(say("book.proves_nothing", lang))
        items.append(f"{say('book.source', lang)}: {_citations(test.sources, rules)}")
        blocks.append(bullets(items))
    if report.populations:
        blocks.append(heading(say("book.populations", lang), level=2))
        rows = [
            _population_row(result.case.test, result.share, result.size, result.passed, rules, lang)
            for result in report.populations
        ]
        blocks.append(
            table(
                [
                    say("book.population", lang),
                    say("book.expected", lang),
                    say("book.measured", lang),
                ],
                rows,
                widths=(6, 3, 3),
            )
        )
    if report.paths:
        blocks.append(heading(say("book.routes", lang), level=2))
    for route in report.paths:
        path_test = route.case.test
        blocks.append(heading(path_test.description(lang), level=3))
        expect = path_test.expect
        items = [
            say(
                "book.example_situation",
                lang,
                changes=_changes_text(path_test.situation, rules, lang),
            )
        ]
        if expect.steps is not None:
            items.append(say("book.route_expected", lang, steps=_stages(expect.steps, rules, lang)))
        elif expect.first_step is not None:
            items.append(
                say("book.route_first", lang, step=_stages([expect.first_step], rules, lang))
            )
        if expect.end_form is not None:
            items.append(
                say("book.route_end", lang, form=rules.label("form", expect.end_form, lang))
            )
        if expect.option_form is not None:
            items.append(
                say("book.route_option", lang, form=rules.label("form", expect.option_form, lang))
            )
        verdict = _verdict(route.passed, lang)
        found = _stages(list(route.stages), rules, lang)
        items.append(say("book.route_outcome", lang, steps=found, verdict=verdict))
        items.append(f"{say('book.source', lang)}: {_citations(path_test.sources, rules)}")
        blocks.append(bullets(items))
    return blocks


def _stages(ids: list[str], rules: RuleSet, lang: str) -> str:
    """Stage ids as their labels, joined by arrows (an unknown id as written)."""
    labels = []
    for stage_id in ids:
        try:
            labels.append(rules.routes.stage(stage_id).stage.label(lang))
        except KeyError:
            labels.append(stage_id)
    return " → ".join(labels)


def _changes_text(values: dict[str, float], rules: RuleSet, lang: str) -> str:
    if not values:
        return say("book.example_as_is", lang)
    return ", ".join(
        f"{factor_label(k, rules, lang)} {format_value(v, lang)}" for k, v in values.items()
    )


def _expectations(expect: Expectation) -> list[tuple[str, list[str]]]:
    """Each expectation of a test as (kind, forms); a ranking pair is [above, below]."""
    found: list[tuple[str, list[str]]] = []
    names = ("top_in", "top_not_in", "advised_in", "advised_not_in", "knocked_out")
    for name in (*names, "not_knocked_out", "rises", "falls"):
        value = getattr(expect, name)
        if value:
            found.append((name, list(value)))
    found += [("ranks_above", list(pair)) for pair in expect.ranks_above]
    return found


def _expectation_text(
    expectation: tuple[str, list[str]],
    test: RuleTest,
    rules: RuleSet,
    lang: str,
    scores: tuple[dict[str, float], dict[str, float]] | None = None,
) -> str:
    name, ids = expectation
    labels = [rules.label("form", i, lang) for i in ids]
    if name == "ranks_above":
        return say("book.expect_ranks_above", lang, above=labels[0], below=labels[1])
    change = _changes_text(test.change or {}, rules, lang)
    # Each named form must rise, fall or drop out; of top_in and the like, any one will do.
    every = name in ("rises", "falls", "knocked_out", "not_knocked_out")
    forms = f" {say('and' if every else 'or_word', lang)} ".join(labels)
    text = say(f"book.expect_{name}", lang, forms=forms, change=change)
    if name in ("rises", "falls") and scores is not None:
        before, after = scores
        moves = "; ".join(
            f"{label} {format_number(before[i], lang, 1)} → {format_number(after[i], lang, 1)}"
            for i, label in zip(ids, labels, strict=True)
        )
        text = f"{text.rstrip('.')}: {moves}."
    return text


def _before_after(result: RuleTestResult) -> tuple[dict[str, float], dict[str, float]] | None:
    """A direction test's scores before and after its change (None for other tests)."""
    if result.advice is None or result.changed is None:
        return None
    return dict(result.advice.scores), dict(result.changed.scores)


def _verdict(passed: bool, lang: str) -> str:
    """'klopt' or 'klopt niet': what a board reads, where the test report says GESLAAGD."""
    return say("book.holds" if passed else "book.does_not_hold", lang)


def _population_row(
    test: PopulationTest, share: float, size: int, passed: bool, rules: RuleSet, lang: str
) -> list[str]:
    forms = f" {say('or_word', lang)} ".join(
        rules.label("form", f, lang) for f in test.expect.top_in
    )
    bounds = [
        say(key, lang, value=format_share(value, lang, 0))
        for key, value in (("at_least", test.expect.at_least), ("at_most", test.expect.at_most))
        if value is not None
    ]
    return [
        f"{test.description(lang)} ({condition_words(test.when, rules, lang)})",
        f"{forms}: {' / '.join(bounds)}",
        f"{format_share(share, lang, 1)} ({_verdict(passed, lang)}; "
        f"{say('book.situations', lang, n=format_number(size, lang, 0))})",
    ]


def _citations(citations: Sequence[object], rules: RuleSet) -> str:
    return format_citations(tuple(citations), rules.bibliography)  # type: ignore[arg-type]


#: What the changes chapter lists, in order, and the word for one such item.
CHANGE_KINDS = (
    ("rules", "rule"),
    ("knockouts", "rule"),
    ("factors", "factor"),
    ("questions", "question"),
    ("forms", "form"),
    ("themes", "theme"),
    ("stages", "stage"),
    ("moves", "move"),
    ("form_routes", "form_route"),
)
#: Longest value shown in the table of changes (a whole reason would fill a page).
CHANGE_WIDTH = 90


def change_marks(result: RuleSetDiff, lang: str) -> dict[str, str]:
    """Per new or changed rule or knock-out id, the mark its row gets in the rule tables."""
    marks = {
        rule_id: say("book.mark_new", lang)
        for kind in ("rules", "knockouts")
        for rule_id in result.added.get(kind, [])
    }
    for change in result.changed:
        if ":" not in change.rule_id:  # rules and knock-outs; other items are 'kind:id'
            marks[change.rule_id] = say("book.mark_changed", lang)
    return marks


def _changes(result: RuleSetDiff, new: RuleSet, lang: str) -> list[Block]:
    """What changed against the older set, item by item, and what it does to the advice.

    Every item added or removed, every field old -> new, and the share of situations whose
    best form changes, on the same sample as ``rules diff``.
    """
    listed = []
    for verb, found in (("added", result.added), ("removed", result.removed)):
        for kind, thing in CHANGE_KINDS:
            for item in found.get(kind, []):
                listed.append(
                    say(
                        f"book.change_{verb}",
                        lang,
                        what=say(f"thing_{thing}", lang),
                        id=item,
                        label=_item_label(new, kind, item, lang) if verb == "added" else "",
                    )
                )
    rows = [
        [change.rule_id, field, _shortened(before), _shortened(after)]
        for change in result.changed
        for field, (before, after) in change.fields.items()
    ]
    blocks: list[Block] = [
        heading(say("book.changes", lang), anchor="changes"),
        paragraph(say("book.changes_intro", lang, old=result.old, new=result.new)),
    ]
    if listed:
        blocks.append(bullets(listed))
    if rows:
        header = [say(f"book.change_{name}", lang) for name in ("item", "field", "old", "new")]
        blocks.append(table(header, rows, widths=(4, 2, 5, 5)))
    if not listed and not rows:
        blocks.append(paragraph(say("diff_no_differences", lang)))
    blocks.append(
        paragraph(
            say(
                "book.changes_effect",
                lang,
                share=format_share(result.flip_share, lang, 1),
                n=format_number(result.sample_size, lang, 0),
            )
        )
    )
    if result.mean_change:
        blocks.append(
            table(
                [say("form", lang), say("book.mean_change", lang)],
                [
                    [new.label("form", f, lang), format_number(v, lang, 2, sign=True)]
                    for f, v in result.mean_change.items()
                ],
                widths=(3, 2),
            )
        )
    return blocks


def _item_label(rules: RuleSet, kind: str, item: str, lang: str) -> str:
    """' (Ouderdom van de woningen)' for a new factor or question; empty for the rest."""
    if kind == "factors" and item in rules.factors_by_id:
        return f" ({rules.factors_by_id[item].label(lang)})"
    if kind == "questions":
        found = [q for q in rules.questions if q.id == item]
        return f" ({found[0].text(lang)})" if found else ""
    return ""


def _shortened(value: str) -> str:
    flat = " ".join(value.split())
    return flat if len(flat) <= CHANGE_WIDTH else flat[: CHANGE_WIDTH - 1] + "…"


def _bibliography(rules: RuleSet, lang: str) -> list[Block]:
    return [
        heading(say("book.bibliography", lang), anchor="sources"),
        paragraph(say("book.bibliography_intro", lang)),
        table(
            [
                say("book.key", lang),
                say("book.reference", lang),
                say("book.evidence", lang),
                say("book.says", lang),
            ],
            [
                [
                    entry.key,
                    entry.full,
                    evidence_label([entry.kind], lang),
                    entry.note(lang) if entry.note else "",
                ]
                for entry in rules.bibliography.values()
            ],
            widths=(2, 5, 2, 5),
        ),
    ]


def rule_book_markdown(
    rules: RuleSet, lang: str = DEFAULT_LANGUAGE, since: RuleSet | None = None
) -> str:
    """The rule book as Markdown."""
    return to_markdown(rule_book(rules, lang, since=since))


def rule_book_html(
    rules: RuleSet, lang: str = DEFAULT_LANGUAGE, since: RuleSet | None = None
) -> str:
    """The rule book as one self-contained HTML page (prints on A4)."""
    return to_html(rule_book(rules, lang, since=since))


def rule_book_pdf(
    rules: RuleSet, lang: str = DEFAULT_LANGUAGE, since: RuleSet | None = None
) -> bytes:
    """The rule book as an A4 PDF, with rule set, version, hash and page numbers below."""
    return to_pdf(rule_book(rules, lang, since=since))
