"""The rule book: a readable document of a whole rule set, in Markdown or HTML.

For directors and supervisors who want to read what the tool does without opening YAML:
themes, factors, questions, forms, and every rule with its condition, effect, reason and
source, grouped by form, with the rule set's version and hash.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from samenwerking.rules.ruleset import CompiledRule, RuleSet
from samenwerking.translations import DEFAULT_LANGUAGE, catalogues, say


def _texts(lang: str) -> dict[str, str]:
    """The rule book's own words (the ``book.*`` keys of the catalogues) in ``lang``."""
    keys = [k for k in catalogues()[DEFAULT_LANGUAGE] if k.startswith("book.")]
    return {key.removeprefix("book."): say(key, lang) for key in keys}


@dataclass(frozen=True)
class _Section:
    heading: str
    anchor: str
    rows: list[list[str]]
    header: list[str]


def _sections(rules: RuleSet, lang: str) -> list[_Section]:
    t = _texts(lang)
    sections = [
        _Section(
            t["themes"],
            "themes",
            [
                [x.id, x.label(lang), x.description(lang), f"{x.default_weight:g}"]
                for x in rules.themes
            ],
            ["id", "", "", t["weight"]],
        ),
        _Section(
            t["factors"],
            "factors",
            [
                [f.id, f.label(lang), f.help(lang), f"{f.minimum:g} – {f.maximum:g}"]
                for f in rules.factors
            ],
            ["id", "", "", t["range"]],
        ),
        _Section(
            t["questions"],
            "questions",
            [
                [q.id, q.factor, q.text(lang), t["reverse"] if q.reverse else ""]
                for q in rules.questions
            ],
            ["id", "factor", "", ""],
        ),
        _Section(
            t["forms"],
            "forms",
            [[f.id, f.label(lang), f.description(lang)] for f in rules.forms],
            ["id", "", ""],
        ),
    ]
    for form in rules.forms:
        rules_of_form = [r for r in rules.rules if r.form == form.id]
        sections.append(
            _Section(
                f"{t['rules_for']} {form.label(lang)}",
                f"rules-{form.id}",
                [_rule_row(r, lang) for r in rules_of_form],
                [
                    "id",
                    t["when"],
                    t["effect"],
                    t["theme"],
                    t["reason"],
                    t["source"],
                    t["evidence"],
                ],
            )
        )
    sections.append(
        _Section(
            t["knockouts"],
            "knockouts",
            [
                [
                    k.id,
                    k.form,
                    k.when.text,
                    k.reason(lang),
                    k.source,
                    evidence_label(k.evidence, lang),
                ]
                for k in rules.knockouts
            ],
            ["id", "form", t["when"], t["reason"], t["source"], t["evidence"]],
        )
    )
    sections.append(
        _Section(
            t["bibliography"],
            "sources",
            [
                [
                    entry.key,
                    entry.full,
                    evidence_label([entry.kind], lang),
                    entry.note(lang) if entry.note else "",
                ]
                for entry in rules.bibliography.values()
            ],
            ["id", t["reference"], t["evidence"], t["says"]],
        )
    )
    return sections


def _rule_row(rule: CompiledRule, lang: str) -> list[str]:
    when = rule.when.text if rule.when else _texts(lang)["always"]
    return [
        rule.id,
        when,
        rule.effect.text,
        rule.theme,
        rule.reason(lang),
        rule.source,
        evidence_label(rule.evidence, lang),
    ]


def evidence_label(kinds: list[str] | tuple[str, ...], lang: str) -> str:
    """The kinds of evidence in words ('literatuur, wet'), from the translation table."""
    return ", ".join(say(f"evidence_{kind}", lang) for kind in kinds)


def rule_book_markdown(rules: RuleSet, lang: str = "nl") -> str:
    """The rule book as Markdown."""
    t = _texts(lang)
    meta = rules.metadata
    lines = [
        f"# {t['title']}: {meta.name}",
        "",
        f"{t['version']} {meta.version} · {meta.date} · {', '.join(meta.authors)} · "
        f"hash `{rules.content_hash}`",
        "",
    ]
    if meta.description:
        lines += [meta.description(lang), ""]
    for section in _sections(rules, lang):
        lines += [
            f"## {section.heading}",
            "",
            "| " + " | ".join(section.header) + " |",
            "|" + "---|" * len(section.header),
        ]
        lines += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in section.rows]
        lines.append("")
    return "\n".join(lines)


def rule_book_html(rules: RuleSet, lang: str = "nl") -> str:
    """The rule book as one self-contained HTML page (prints well)."""
    t = _texts(lang)
    meta = rules.metadata
    esc = html.escape
    parts = [
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>",
        f"<title>{esc(t['title'])}: {esc(meta.name)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{esc(t['title'])}: {esc(meta.name)}</h1>",
        f"<p class='meta'>{esc(t['version'])} {esc(meta.version)} · {meta.date} · "
        f"{esc(', '.join(meta.authors))} · hash <code>{rules.content_hash}</code></p>",
    ]
    if meta.description:
        parts.append(f"<p>{esc(meta.description(lang))}</p>")
    sections = _sections(rules, lang)
    parts.append(
        "<nav><ul>"
        + "".join(f"<li><a href='#{s.anchor}'>{esc(s.heading)}</a></li>" for s in sections)
        + "</ul></nav>"
    )
    for section in sections:
        head = "".join(f"<th>{esc(h)}</th>" for h in section.header)
        body = "".join(
            "<tr>"
            + "".join(
                f"<td><code id='{esc(row[0])}'>{esc(cell)}</code></td>"
                if i == 0 and section.anchor.startswith(("rules", "knockouts"))
                else f"<td>{esc(cell)}</td>"
                for i, cell in enumerate(row)
            )
            + "</tr>"
            for row in section.rows
        )
        parts.append(
            f"<h2 id='{section.anchor}'>{esc(section.heading)}</h2>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )
    parts.append("</body></html>")
    return "\n".join(parts)


def _md(cell: str) -> str:
    return cell.replace("|", "\\|").replace("\n", " ")


_CSS = """
body { font-family: Arial, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em;
       color: #222; line-height: 1.4; }
.meta { color: #555; } table { border-collapse: collapse; width: 100%; margin-bottom: 1.5em; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: left;
         vertical-align: top; font-size: 0.92em; }
th { background: #f0f3f7; } code { font-size: 0.9em; }
@media print { nav { display: none; } h2 { page-break-after: avoid; } }
"""
