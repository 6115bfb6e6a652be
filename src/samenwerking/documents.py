"""Documents for boards, built once and written as Markdown, HTML or PDF.

A rule book (and, later, a director's board pack) is a list of :class:`Block` values:
headings, paragraphs, lists and tables of plain text. Each writer turns the same blocks into
its format, so the three never drift apart.

PDF goes through Typst (the ``typst`` package: a self-contained wheel, no browser, no TeX),
chosen over Chromium print-to-PDF because it works offline on any machine ``pip`` reaches,
makes A4 pages with running footers and page numbers natively, and is fast (a 20-page rule
book in well under a second). The text never becomes Typst markup: the template receives the
blocks as JSON (``sys.inputs``) and places every string as text, so a reason containing ``#``,
``*`` or ``<`` prints as written and cannot inject anything.
"""

from __future__ import annotations

import html
import json
import os
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "list", "table", "image"]


@dataclass(frozen=True)
class Block:
    """One piece of a document; which fields matter depends on ``kind``."""

    kind: BlockKind
    text: str = ""
    level: int = 1
    items: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    #: Relative column widths for tables (e.g. (2, 4, 1)); empty means equal columns.
    widths: tuple[int, ...] = ()
    anchor: str = ""
    #: For images: an SVG document we drew ourselves (its text already escaped).
    svg: str = ""


def heading(text: str, level: int = 1, anchor: str = "") -> Block:
    """A heading (level 1 is a chapter)."""
    return Block("heading", text=text, level=level, anchor=anchor)


def paragraph(text: str) -> Block:
    """A paragraph of running text."""
    return Block("paragraph", text=text)


def bullets(items: list[str]) -> Block:
    """A bulleted list."""
    return Block("list", items=tuple(items))


def table(header: list[str], rows: list[list[str]], widths: tuple[int, ...] = ()) -> Block:
    """A table with a header row; every header cell has a name."""
    return Block("table", header=tuple(header), rows=tuple(tuple(r) for r in rows), widths=widths)


def image(svg: str, description: str) -> Block:
    """A vector drawing with a short text saying what it shows (for screen readers)."""
    return Block("image", text=description, svg=svg)


@dataclass(frozen=True)
class Document:
    """A whole document: title, a line under it, a footer for every page, and the blocks."""

    lang: str
    title: str
    subtitle: str
    footer: str
    blocks: list[Block] = field(default_factory=list)
    #: Each chapter (level-1 heading) on a new page; False lets chapters flow on.
    chapter_pages: bool = True


def to_markdown(document: Document) -> str:
    """The document as Markdown (GitHub tables); names in it stay text, never markup."""
    text = _markdown_text
    lines = [f"# {text(document.title)}", "", text(document.subtitle), ""]
    for block in document.blocks:
        if block.kind == "heading":
            lines += ["#" * (block.level + 1) + " " + text(block.text), ""]
        elif block.kind == "paragraph":
            lines += [text(block.text), ""]
        elif block.kind == "list":
            lines += [f"- {text(item)}" for item in block.items] + [""]
        elif block.kind == "image":
            lines += [f"*{text(block.text)}*", ""]
        else:
            lines.append("| " + " | ".join(_cell(h) for h in block.header) + " |")
            lines.append("|" + "---|" * len(block.header))
            lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
            lines.append("")
    lines += ["---", text(document.footer), ""]
    return "\n".join(lines)


def _markdown_text(text: str) -> str:
    """Text for Markdown: HTML in it (a partner named ``<a href=...>``) shown, not run.

    Only the angle brackets: they start every tag; "Kaats & Opheij" stays readable as text.
    """
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _cell(text: str) -> str:
    return _markdown_text(text).replace("|", "\\|").replace("\n", " ")


def to_html(document: Document) -> str:
    """The document as one self-contained HTML page that prints on A4."""
    esc = html.escape
    chapters = [b for b in document.blocks if b.kind == "heading" and b.level == 1]
    parts = [
        f"<!DOCTYPE html><html lang='{esc(document.lang)}'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{esc(document.title)}</title><style>{_CSS}</style></head><body>",
        f"<header><h1>{esc(document.title)}</h1><p class='meta'>{esc(document.subtitle)}</p>",
        "<nav><ul>"
        + "".join(
            f"<li><a href='#{esc(b.anchor)}'>{esc(b.text)}</a></li>" for b in chapters if b.anchor
        )
        + "</ul></nav></header><main>",
    ]
    for block in document.blocks:
        if block.kind == "heading":
            level = min(block.level + 1, 6)
            anchor = f" id='{esc(block.anchor)}'" if block.anchor else ""
            parts.append(f"<h{level}{anchor}>{esc(block.text)}</h{level}>")
        elif block.kind == "paragraph":
            parts.append(f"<p>{esc(block.text)}</p>")
        elif block.kind == "list":
            parts.append("<ul>" + "".join(f"<li>{esc(i)}</li>" for i in block.items) + "</ul>")
        elif block.kind == "image":
            svg = block.svg.replace("<svg ", f"<svg role='img' aria-label='{esc(block.text)}' ", 1)
            parts.append(f"<figure>{svg}<figcaption>{esc(block.text)}</figcaption></figure>")
        else:
            head = "".join(f"<th scope='col'>{esc(h)}</th>" for h in block.header)
            body = "".join(
                "<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in block.rows
            )
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    parts.append(f"</main><footer>{esc(document.footer)}</footer></body></html>")
    return "\n".join(parts)


_CSS = """
body { font-family: Arial, Helvetica, sans-serif; max-width: 180mm; margin: 2em auto;
       padding: 0 1em; color: #1a1a1a; line-height: 1.45; }
.meta, footer { color: #4a4a4a; font-size: .9em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1.5em; }
th, td { border-bottom: 1px solid #ccc; padding: 4px 6px; text-align: left;
         vertical-align: top; font-size: .9em; overflow-wrap: anywhere; }
th { background: #eef2f6; }
a { color: #1f4e99; }
figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
figcaption { color: #4a4a4a; font-size: .9em; }
@page { size: A4; margin: 16mm 14mm; }
@media print { nav { display: none; } h2, h3 { break-after: avoid; } tr { break-inside: avoid; } }
"""

#: The Typst template: it reads the document from ``sys.inputs.document`` (JSON) and places
#: every string as text, never as markup.
TEMPLATE = Path(__file__).with_name("document.typ")


def _breakable(block: dict[str, object]) -> dict[str, object]:
    """Table cells whose identifiers may break after '_' (``merger_secures_continuity``).

    Typst, like a browser, does not break inside a word; a rule id wider than its column
    would run into the next one. A zero-width space after each underscore allows the break.
    """
    rows = block.get("rows")
    if isinstance(rows, tuple):
        block["rows"] = [[str(c).replace("_", "_\u200b") for c in row] for row in rows]
    return block


def to_pdf(document: Document) -> bytes:
    """The document as an A4 PDF with the footer and page numbers on every page."""
    data = json.dumps(
        {
            "lang": document.lang,
            "title": document.title,
            "subtitle": document.subtitle,
            "footer": document.footer,
            "blocks": [_breakable(asdict(block)) for block in document.blocks],
            "chapter_pages": document.chapter_pages,
        },
        ensure_ascii=False,
    )
    with _RENDERS:
        pdf: bytes = _compiler().compile(sys_inputs={"document": data})
    return pdf


#: PDFs rendered at once in one process (a small pool); the rest wait their turn, so a
#: burst of board-pack downloads cannot take every thread's memory and CPU at once. Typst
#: itself works outside Python's lock, so a small bound costs the others little; see
#: bench/public.py for what it does to everyone else's answers.
MAX_RENDERS = int(os.environ.get("SAMENWERKING_MAX_RENDERS", "2"))
_RENDERS = threading.BoundedSemaphore(max(1, MAX_RENDERS))


_compilers = threading.local()


def _compiler() -> Any:
    """The Typst compiler of the calling thread, kept between documents.

    A new compiler loads the template and looks up the fonts on every PDF, about a third of
    the time a board pack takes. A compiler is not shared between threads: the
    dashboard's server makes PDFs in several at once.
    """
    compiler = getattr(_compilers, "compiler", None)
    if compiler is None:
        import typst

        compiler = typst.Compiler(str(TEMPLATE), root=str(TEMPLATE.parent))
        _compilers.compiler = compiler
    return compiler
