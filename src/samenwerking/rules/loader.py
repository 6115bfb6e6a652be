"""Load a rule-set folder: parse every YAML file, validate, merge, compile, and report ALL errors.

An adviser who breaks five things should learn of five things in one run, each at its file,
line and column, with the fix. So every stage collects :class:`~samenwerking.errors.Problem`
values and the loader raises one :class:`~samenwerking.errors.RuleSetError` at the end.
"""

from __future__ import annotations

import hashlib
import json
import re
import types
import typing
from collections.abc import Iterable, Iterator, Mapping
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from samenwerking.errors import (
    Location,
    Message,
    Problem,
    RuleSetError,
    did_you_mean,
    display_path,
    msg,
)
from samenwerking.languages import BUILT_IN_LANGUAGES, DEFAULT_LANGUAGE
from samenwerking.rules.expressions import (
    ExpressionSyntaxError,
    expression_errors,
    parse_expression,
)
from samenwerking.rules.routes import check_routes
from samenwerking.rules.ruleset import CompiledKnockout, CompiledRule, RuleSet
from samenwerking.rules.schema import (
    Citation,
    Knockout,
    Metadata,
    Rule,
    RuleFile,
    SampleSpec,
    Source,
    evidence_kinds,
    format_citations,
)
from samenwerking.rules.templates import check_templates
from samenwerking.rules.yaml_source import (
    Origin,
    PathKey,
    YamlDocument,
    load_rule_yaml,
    max_file_bytes,
)
from samenwerking.translations import catalogues

RULE_FILE_PATTERNS = ("*.yaml", "*.yml")


def default_rules_path() -> Path:
    """Where the default rules live: inside the installed package, or ``rules/`` in a checkout.

    Returns
    -------
    pathlib.Path
        The folder of the bundled default rule set.
    """
    bundled = resources.files("samenwerking") / "_rules"
    if bundled.is_dir():
        return Path(str(bundled))
    return Path(__file__).resolve().parents[3] / "rules"


def load_rules(path: str | Path | None = None) -> RuleSet:
    """Load and check the rule set in folder ``path`` (``None``: the bundled default rules).

    Parameters
    ----------
    path:
        The folder of the rule set; ``None`` for the bundled default rules.

    Returns
    -------
    RuleSet
        The checked, compiled rule set.

    Raises
    ------
    RuleSetError
        Listing every problem found, each at its file, line and field.

    Examples
    --------
    >>> rules = load_rules()
    >>> rules.form_ids
    ('merger', 'franchise', 'network', 'chain', 'social_network')
    """
    if path is None:
        return _default_rules()
    return _load(Path(path))


@lru_cache(maxsize=1)
def _default_rules() -> RuleSet:
    return _load(default_rules_path())


def rule_files(folder: Path) -> list[Path]:
    """The YAML files that make up the rule set in ``folder`` (rule tests live in ``tests/``)."""
    found = {p for pattern in RULE_FILE_PATTERNS for p in folder.glob(pattern) if p.is_file()}
    return sorted(found)


def outside_links(files: list[Path], folder: Path) -> list[Problem]:
    """Files that are links to somewhere outside ``folder``: refused, never read.

    A rule file's lines are echoed in error messages; a link to a file elsewhere on the
    machine would show that file's content to whoever sees the messages.
    """
    root = folder.resolve()
    problems = []
    for file in files:
        if file.is_symlink() and not file.resolve().is_relative_to(root):
            problems.append(
                Problem(
                    Location(display_path(file)),
                    msg("file_outside_link"),
                    hint=msg("file_outside_link_hint"),
                )
            )
    return problems


def content_hash(documents: Iterable[tuple[str, Any]]) -> str:
    """SHA-256 over each file's relative name and *content*: the same rules, the same hash.

    The content is the parsed data written canonically (sorted keys, no layout), so a
    comment, a blank line or another indentation leaves the fingerprint as it was, and any
    change to what a file says changes it.
    """
    digest = hashlib.sha256()
    for name, data in sorted(documents, key=lambda item: item[0]):
        digest.update(name.encode())
        digest.update(b"\0")
        canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
        digest.update(canonical.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _load(folder: Path) -> RuleSet:
    shown = display_path(folder)
    if not folder.is_dir():
        raise RuleSetError([Problem(Location(shown), msg("folder_missing"))])
    files = rule_files(folder)
    if not files:
        raise RuleSetError(
            [
                Problem(
                    Location(shown),
                    msg("folder_empty"),
                    hint=msg("folder_empty_hint"),
                )
            ]
        )
    problems: list[Problem] = outside_links(files, folder)
    if problems:
        raise RuleSetError(problems)
    broken: dict[str, set[str]] = {}
    parsed: list[tuple[YamlDocument, RuleFile]] = []
    documents: list[YamlDocument] = []
    lost: set[str] = set()
    for file in files:
        document, syntax = load_rule_yaml(file, display_path(file))
        problems.extend(syntax)
        if document is None:
            lost |= declared_sections(file)
            continue
        documents.append(document)
        found: list[Problem] = []
        model = _validate_file(document, found, broken)
        problems.extend(p for p in found if not _follows_from_dropped(p, document))
        if model is not None:
            parsed.append((document, model))
    problems.extend(duplicate_ids(documents))
    # Every other file is still checked in full. Only what would follow from the unreadable
    # file's sections being unknown (its forms, factors or sources reported as 'unknown'
    # elsewhere, a cascade) is left out until that file can be read.
    assembled: list[Problem] = []
    ruleset = _assemble(folder, files, parsed, assembled, broken, build=not problems)
    problems.extend(p for p in assembled if not follows_from_lost(p, lost))
    if problems or ruleset is None:
        raise RuleSetError(problems)
    return ruleset


def declared_names(folder: str | Path) -> dict[str, set[str]]:
    """The form, factor and theme ids the readable rule files declare, as written.

    For checking the tests in the same run as a rule set that does not load: a kind whose
    file cannot be read comes back empty, and is then not checked.
    """
    names: dict[str, set[str]] = {"form": set(), "factor": set(), "theme": set()}
    for file in rule_files(Path(folder)):
        document, _ = load_rule_yaml(file, display_path(file))
        data = document.data if document is not None else None
        if not isinstance(data, dict):
            continue
        for kind in names:
            items = data.get(f"{kind}s")
            for item in items if isinstance(items, list) else []:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    names[kind].add(item["id"])
    return names


_TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*:", re.MULTILINE)
#: Per section, the messages that only mean "declared in a file that could not be read".
LOST_SECTION_MESSAGES = {
    "forms": {"unknown_form"},
    "themes": {"unknown_theme"},
    "factors": {"unknown_factor"},
    "sources": {"unknown_source"},
    "partner_kinds": {"unknown_partner_kind"},
    "relations": {"unknown_relation"},
    "stages": {"unknown_stage"},
    "moves": {"unknown_move"},
    "network_templates": {"unknown_governance"},
    "answer_scale": {"questions_without_scale"},
    "ruleset": {"ruleset_missing"},
}


def declared_sections(file: Path) -> set[str]:
    """The top-level sections a file appears to declare, read as plain text.

    A file with a YAML syntax error cannot be parsed, but its unindented ``name:`` lines
    still say which sections it holds (``forms:``), and so which later errors only echo it.
    """
    try:
        if file.stat().st_size > max_file_bytes():
            return set()  # refused unread: what it holds is not looked at either
        text = file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return set()
    return set(_TOP_LEVEL_KEY.findall(text))


def _follows_from_dropped(problem: Problem, document: YamlDocument) -> bool:
    """A missing field in a file read past a syntax error: it may stand on the dropped line."""
    message = problem.message
    return bool(document.dropped_lines) and (
        isinstance(message, Message) and message.key in {"missing", "pydantic_missing"}
    )


def follows_from_lost(problem: Problem, lost: set[str]) -> bool:
    """Whether ``problem`` only says that something of an unreadable file is unknown."""
    message = problem.message
    if not lost or not isinstance(message, Message):
        return False
    if message.key in {"section_missing", "section_file_missing"}:
        return dict(message.values).get("section") in lost
    return any(message.key in LOST_SECTION_MESSAGES.get(section, ()) for section in lost)


def _validate_file(
    document: YamlDocument, problems: list[Problem], broken: dict[str, set[str]]
) -> RuleFile | None:
    """Validate a file section by section and item by item.

    A broken item is reported and left out, and its id is remembered in ``broken`` so that
    rules referring to it are not reported again: one mistake gives one error, not a cascade.
    """
    data = document.data
    if data is None:
        return RuleFile()
    if not isinstance(data, dict):
        problems.append(
            Problem(
                Location(document.file, 1, 1),
                msg("file_not_sections"),
            )
        )
        return None
    sections: dict[str, Any] = {}
    for key, value in data.items():
        info = RuleFile.model_fields.get(key)
        if info is None:
            problems.append(
                Problem(
                    document.locate((key,)),
                    msg("unknown_section", name=key),
                    field=key,
                    hint=did_you_mean(key, RuleFile.model_fields),
                )
            )
            continue
        if typing.get_origin(info.annotation) is not list:
            sections[key] = _validated(info.annotation, value, document, (key,), problems)
            continue
        if not isinstance(value, list):
            problems.append(
                Problem(
                    document.locate((key,)),
                    msg("section_not_list", name=key),
                    field=key,
                    hint=msg("list_item_hint"),
                )
            )
            continue
        item_type = typing.get_args(info.annotation)[0]
        items = [
            _validated(item_type, item, document, (key, i), problems)
            for i, item in enumerate(value)
        ]
        for item, raw in zip(items, value, strict=True):
            if item is None and isinstance(raw, dict):
                name = raw.get("id", raw.get("key"))
                if isinstance(name, str):
                    broken.setdefault(key, set()).add(name)
        sections[key] = [item for item in items if item is not None]
    return RuleFile.model_construct(**sections)


def _validated(
    annotation: Any, value: Any, document: YamlDocument, path: PathKey, problems: list[Problem]
) -> Any:
    try:
        return _adapter(annotation).validate_python(value)
    except ValidationError as e:
        problems.extend(validation_problems(e, document, _inner_model(annotation), path))
        return None


@cache
def _adapter(annotation: Any) -> TypeAdapter[Any]:
    """A cached validator per annotation: building one costs far more than using it."""
    return TypeAdapter(annotation)


_TYPE_TAGS = {"str", "float", "int", "bool", "list", "dict", "tuple"}


def validation_problems(
    error: ValidationError,
    document: YamlDocument,
    root: type[BaseModel] | None,
    prefix: PathKey = (),
) -> Iterator[Problem]:
    """Translate pydantic's errors into problems at the YAML line, with a readable message."""
    for item in error.errors(include_url=False):
        inner = tuple(
            part
            for part in item["loc"]
            if not (isinstance(part, str) and (part in _TYPE_TAGS or "[" in part))
        )
        path = (*prefix, *inner)
        field = field_name(document, path)
        message: Message = validation_message(item)
        hint: Message | str = ""
        if item["type"] == "extra_forbidden":
            key = str(path[-1]) if path else "?"
            allowed = _allowed_keys(root, inner[:-1])
            message = msg("unknown_key", name=key)
            hint = did_you_mean(key, allowed) if allowed else ""
            if path[:1] == ("knockouts",) and key in {"theme", "effect"}:
                hint = msg("rule_under_knockouts")
        elif item["type"] == "missing" and path and path[-1] in BUILT_IN_LANGUAGES:
            message = msg(f"text_missing_{path[-1]}")
            hint = msg("text_missing_hint")
        yield Problem(document.locate(path), message, field=field, hint=hint)


def field_name(document: YamlDocument, path: PathKey) -> str:
    """A field as the adviser knows it: items by their id, not by their place in a list.

    ``rules.10.when`` counts from 0 and says nothing; ``chain_centres_on_the_client.when``
    names the rule. Items without an id keep their section and number (counted from 1).

    Examples
    --------
    >>> doc = YamlDocument("r.yaml", {"rules": [{"id": "a"}, {"id": "b", "when": None}]})
    >>> field_name(doc, ("rules", 1, "when")), field_name(doc, ("rules",))
    ('b.when', 'rules')
    """
    parts: list[str] = []
    node: Any = document.data
    for part in path:
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            node = node[part]
            name = node.get("id", node.get("key")) if isinstance(node, dict) else None
            if isinstance(name, str) and name:
                parts[-1:] = [name]
            else:
                parts.append(str(part + 1))
            continue
        parts.append(str(part))
        node = node.get(part) if isinstance(node, dict) else None
    return ".".join(parts)


def validation_message(item: Any) -> Message:
    """Pydantic's complaint in the catalogue's words, with pydantic's English as a fallback.

    Our own validators raise ``PydanticCustomError`` with a catalogue key as the error type;
    pydantic's built-in types (``missing``, ``float_parsing``, ...) have ``pydantic_<type>``
    entries. A type the catalogue does not know keeps pydantic's (English) sentence.
    """
    context = {name: _shown(value) for name, value in (item.get("ctx") or {}).items()}
    for key in (item["type"], f"pydantic_{item['type']}"):
        if key in known_messages():
            return msg(key, value=_shown(item.get("input")), **context)
    return msg("pydantic_other", problem=item["msg"].removeprefix("Value error, "))


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


@cache
def known_messages() -> frozenset[str]:
    """The catalogue keys there are (Dutch is complete by definition)."""
    return frozenset(catalogues()[DEFAULT_LANGUAGE])


def _allowed_keys(model: type[BaseModel] | None, path: PathKey) -> list[str]:
    """The keys allowed at ``path`` below ``model``, for "did you mean" hints."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    """The pydantic model inside ``list[M]``, ``M | None`` and the like, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, tuple, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


def _sections(
    parsed: list[tuple[YamlDocument, RuleFile]], section: str
) -> list[tuple[Any, Origin]]:
    items = []
    for document, model in parsed:
        for index, item in enumerate(getattr(model, section)):
            items.append((item, Origin(document, (section, index))))
    return items


def _unique(items: list[tuple[Any, Origin]]) -> list[tuple[Any, Origin]]:
    """Keep the first item of each id (:func:`duplicate_ids` reports the later ones)."""
    seen: set[str] = set()
    kept = []
    for item, origin in items:
        name = item.key if isinstance(item, Source) else item.id
        if name not in seen:
            seen.add(name)
            kept.append((item, origin))
    return kept


#: Sections whose items need an id of their own, by what such an item is called; rules and
#: knock-outs share one name space (a test or a rule book names either by id).
UNIQUE_SECTIONS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("theme", ("themes",), "id"),
    ("factor", ("factors",), "id"),
    ("form", ("forms",), "id"),
    ("question", ("questions",), "id"),
    ("rule", ("rules", "knockouts"), "id"),
    ("source", ("sources",), "key"),
    ("partner_kind", ("partner_kinds",), "id"),
    ("relation", ("relations",), "id"),
    ("stage", ("stages",), "id"),
    ("move", ("moves",), "id"),
)


def duplicate_ids(documents: list[YamlDocument]) -> list[Problem]:
    """Every id used twice, each later use at its own line, read from the files as written.

    Read before validation, so an item that is broken in another way (a missing ``en``)
    still counts: otherwise its duplicate would come to light only after that was fixed.
    """
    problems = []
    for what, sections, field in UNIQUE_SECTIONS:
        first_seen: dict[str, Location] = {}
        for document in documents:
            if not isinstance(document.data, dict):
                continue
            for section in sections:
                items = document.data.get(section)
                for index, item in enumerate(items if isinstance(items, list) else []):
                    name = item.get(field) if isinstance(item, dict) else None
                    if not isinstance(name, str):
                        continue
                    where = document.locate((section, index, field))
                    if name in first_seen:
                        problems.append(
                            Problem(
                                where,
                                msg("duplicate_id", what=msg(f"thing_{what}"), name=name),
                                field=field,
                                hint=msg("duplicate_id_hint", first=first_seen[name]),
                            )
                        )
                    else:
                        first_seen[name] = where
    return problems


def _assemble(
    folder: Path,
    files: list[Path],
    parsed: list[tuple[YamlDocument, RuleFile]],
    problems: list[Problem],
    broken: dict[str, set[str]],
    *,
    build: bool = True,
) -> RuleSet | None:
    """Check everything across the files; the rule set, if nothing is wrong and ``build``."""
    metadata = _single_metadata(parsed, files, problems)
    scales = [(m.answer_scale, d) for d, m in parsed if m.answer_scale is not None]
    for _scale, document in scales[1:]:
        problems.append(
            Problem(
                document.locate(("answer_scale",)),
                msg("defined_twice", section="answer_scale"),
            )
        )
    themes = _unique(_sections(parsed, "themes"))
    factors = _unique(_sections(parsed, "factors"))
    forms = _unique(_sections(parsed, "forms"))
    questions = _unique(_sections(parsed, "questions"))
    scored = _unique(_sections(parsed, "rules") + _sections(parsed, "knockouts"))
    sources = _unique(_sections(parsed, "sources"))
    bibliography = {entry.key: entry for entry, _ in sources}
    _check_citations(parsed, set(bibliography) | broken.get("sources", set()), problems)
    first_file = Location(display_path(files[0]), 1, 1)
    for section, items in (("themes", themes), ("factors", factors), ("forms", forms)):
        if not items and not broken.get(section):
            problems.append(_missing_section(folder, section, first_file))
    factor_ids = {f.id for f, _ in factors}
    broken_factors = broken.get("factors", set())
    # Without any factor (factors.yaml lost), every reference would be 'unknown': one
    # message about the missing section says it all.
    factors_known = bool(factor_ids | broken_factors)
    for question, origin in questions:
        if question.factor is None:
            continue
        if factors_known and question.factor not in factor_ids | broken_factors:
            problems.append(
                Problem(
                    origin.at("factor"),
                    msg("unknown_factor", name=question.factor),
                    field="factor",
                    hint=did_you_mean(question.factor, factor_ids),
                )
            )
    if questions and not scales:
        problems.append(Problem(first_file, msg("questions_without_scale")))
    ranges = {f.id: (f.minimum, f.maximum) for f, _ in factors}
    known = {
        "form": {f.id for f, _ in forms} | broken.get("forms", set()),
        "theme": {t.id for t, _ in themes} | broken.get("themes", set()),
    }
    sample = _single_sample(parsed, set(ranges) | broken_factors, problems)
    compiled = [
        _compile(item, origin, ranges, known, problems, bibliography)
        for item, origin in scored
        if factors_known and not _mentions(item, broken_factors)
    ]
    kinds = _unique(_sections(parsed, "partner_kinds"))
    relations = _unique(_sections(parsed, "relations"))
    templates, service_conditions = check_templates(
        _sections(parsed, "network_templates"),
        forms=known["form"],
        kinds={k.id for k, _ in kinds} | broken.get("partner_kinds", set()),
        relations={r.id for r, _ in relations} | broken.get("relations", set()),
        ranges=ranges,
        problems=problems,
    )
    routes = check_routes(
        _unique(_sections(parsed, "stages")),
        _unique(_sections(parsed, "moves")),
        _sections(parsed, "form_routes"),
        forms=known["form"],
        governance_modes=_governance_modes(templates),
        ranges=ranges,
        problems=problems,
    )
    if metadata is None or problems or not build:
        return None
    return RuleSet(
        metadata=metadata,
        themes=tuple(t for t, _ in themes),
        factors=tuple(f for f, _ in factors),
        answer_scale=scales[0][0] if scales else None,
        questions=tuple(q for q, _ in questions),
        forms=tuple(f for f, _ in forms),
        rules=tuple(
            sorted((c for c in compiled if isinstance(c, CompiledRule)), key=lambda r: r.id)
        ),
        knockouts=tuple(
            sorted((c for c in compiled if isinstance(c, CompiledKnockout)), key=lambda k: k.id)
        ),
        partner_kinds=tuple(k for k, _ in kinds),
        relations=tuple(r for r, _ in relations),
        templates=templates,
        service_conditions=service_conditions,
        path=folder.resolve(),
        content_hash=content_hash(
            (file.relative_to(folder).as_posix(), document.data)
            for file, (document, _) in zip(files, parsed, strict=True)
        ),
        files=tuple(display_path(f) for f in files),
        locations={
            f"{kind}:{item.id}": origin.at()
            for kind, items in (
                ("theme", themes),
                ("factor", factors),
                ("form", forms),
                ("question", questions),
            )
            for item, origin in items
        },
        bibliography=bibliography,
        sample=sample,
        routes=routes,
    )


def _governance_modes(templates: Mapping[str, Any]) -> set[str]:
    """The governance modes the network templates declare (the stages of a route may name one)."""
    return {
        mode.id
        for template in templates.values()
        for mode in getattr(template, "governance_modes", ())
    }


#: Where the default rule set keeps each required section: a rule set copied from it that lacks
#: the section has most likely lost that file.
USUAL_FILES = {"themes": "ruleset.yaml", "factors": "factors.yaml", "forms": "forms.yaml"}


def _missing_section(folder: Path, section: str, first_file: Location) -> Problem:
    """The rule set lacks a required section: name the missing file when that is the cause.

    A missing ``forms.yaml`` would otherwise show as "unknown form 'merger'" at every rule
    that names a form; one message that the file is gone says what happened. The rules that
    name a form are then not checked against an empty list (see :func:`_compile`).
    """
    usual = USUAL_FILES[section]
    if not (folder / usual).exists():
        return Problem(
            Location(display_path(folder / usual)),
            msg("section_file_missing", file=usual, section=section),
            hint=msg("section_file_missing_hint", file=usual),
        )
    return Problem(
        first_file,
        msg("section_missing", section=section),
        hint=msg("add_section_hint", section=section),
    )


def _check_citations(
    parsed: list[tuple[YamlDocument, RuleFile]], keys: set[str], problems: list[Problem]
) -> None:
    """Every citation anywhere in the rule files must name an entry of the bibliography."""
    for document, model in parsed:
        for path, citation in _citations(model, ()):
            if citation.key not in keys:
                problems.append(
                    Problem(
                        document.locate(path),
                        msg("unknown_source", name=citation.key),
                        field="sources",
                        hint=did_you_mean(citation.key, keys) if keys else msg("add_source_hint"),
                    )
                )


def _citations(value: Any, path: PathKey) -> Iterator[tuple[PathKey, Citation]]:
    """Every citation inside ``value`` (models, lists, dicts), with its path in the file."""
    if isinstance(value, Citation):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _citations(getattr(value, name, None), (*path, name))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _citations(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _citations(item, (*path, str(key)))


def _single_sample(
    parsed: list[tuple[YamlDocument, RuleFile]], factors: set[str], problems: list[Problem]
) -> SampleSpec | None:
    """The one declared realistic sample, its factors checked against the rule set."""
    found = [(m.sample, d) for d, m in parsed if m.sample is not None]
    for _sample, document in found[1:]:
        problems.append(
            Problem(document.locate(("sample",)), msg("defined_twice", section="sample"))
        )
    if not found:
        return None
    sample, document = found[0]
    for factor in sample.factors:
        if factors and factor not in factors:
            problems.append(
                Problem(
                    document.locate(("sample", "factors", factor)),
                    msg("unknown_factor", name=factor),
                    field="sample",
                    hint=did_you_mean(factor, factors),
                )
            )
    return sample


def _mentions(item: Rule | Knockout, names: set[str]) -> bool:
    """Whether a rule's expressions use any of ``names`` (factors already reported broken)."""
    text = f"{item.when or ''} {getattr(item, 'effect', '')}"
    return any(re.search(rf"\b{re.escape(name)}\b", text) for name in names)


def _single_metadata(
    parsed: list[tuple[YamlDocument, RuleFile]], files: list[Path], problems: list[Problem]
) -> Metadata | None:
    found = [(m.ruleset, d) for d, m in parsed if m.ruleset is not None]
    for _meta, document in found[1:]:
        problems.append(
            Problem(
                document.locate(("ruleset",)),
                msg("defined_twice", section="ruleset"),
                hint=msg("keep_one_in", file=found[0][1].file),
            )
        )
    if not found:
        if len(parsed) == len(files):
            problems.append(
                Problem(
                    Location(display_path(files[0]), 1, 1),
                    msg("ruleset_missing"),
                )
            )
        return None
    return found[0][0]


#: Points one rule may give at most, either way: a form's whole score range (0-100). More
#: would shrink every other rule to a fraction of a point once scores are scaled.
MAX_EFFECT_POINTS = 100.0


def _compile(
    item: Rule | Knockout,
    origin: Origin,
    ranges: dict[str, tuple[float, float]],
    known: dict[str, set[str]],
    problems: list[Problem],
    bibliography: dict[str, Source],
) -> CompiledRule | CompiledKnockout | None:
    before = len(problems)
    for kind in ("form", "theme"):
        value = getattr(item, kind, None)
        if value is not None and known[kind] and value not in known[kind]:
            problems.append(
                Problem(
                    origin.at(kind),
                    msg(f"unknown_{kind}", name=value),
                    field=kind,
                    hint=did_you_mean(value, known[kind]),
                )
            )
    when = _expression(item.when, "boolean", origin, "when", ranges, problems, item.id)
    citations = tuple(item.sources)
    source = format_citations(citations, bibliography)
    evidence = evidence_kinds(citations, bibliography)
    if isinstance(item, Knockout):
        if len(problems) > before or when is None:
            return None
        return CompiledKnockout(
            item.id,
            item.form,
            when,
            item.reason,
            source,
            origin.at(),
            citations,
            evidence,
            title=item.title,
        )
    effect = _expression(item.effect, "number", origin, "effect", ranges, problems, item.id)
    if effect is not None and max(abs(bound) for bound in effect.bounds) > MAX_EFFECT_POINTS:
        problems.append(
            Problem(
                origin.at("effect"),
                msg(
                    "effect_beyond_range",
                    points=f"{max(abs(b) for b in effect.bounds):g}",
                    most=f"{MAX_EFFECT_POINTS:g}",
                ),
                field=f"{item.id}.effect",
                hint=msg("effect_beyond_range_hint"),
            )
        )
    if len(problems) > before or effect is None:
        return None
    return CompiledRule(
        item.id,
        item.form,
        item.theme,
        when,
        effect,
        item.reason,
        source,
        origin.at(),
        citations,
        evidence,
        title=item.title,
    )


def _expression(
    text: str | float | None,
    kind: str,
    origin: Origin,
    field: str,
    ranges: dict[str, tuple[float, float]],
    problems: list[Problem],
    owner: str = "",
) -> Any:
    if text is None:
        return None
    source = text if isinstance(text, str) else repr(float(text))
    try:
        return parse_expression(source, ranges, kind)  # type: ignore[arg-type]
    except ExpressionSyntaxError as first:
        # Every mistake in one condition at once: a Dutch 'en' and a misspelt factor beside
        # it are two errors, not one now and one after the fix.
        for e in expression_errors(source, ranges, kind) or [first]:  # type: ignore[arg-type]
            location = origin.document.locate_in_value((*origin.path, field), e.line, e.column)
            named = f"{owner}.{field}" if owner else field
            problems.append(Problem(location, e.message, field=named, hint=e.hint))
        return None
