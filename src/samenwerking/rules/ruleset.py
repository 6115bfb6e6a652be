"""A loaded, checked rule set: the data of the YAML files plus compiled expressions.

The engine (``samenwerking.scoring``) knows no rule, form or factor by name: everything it needs
is here, read from the files. A :class:`RuleSet` is immutable (its mappings are read-only, its
arrays not writeable), so one instance can be shared by every request of a server and every
row of a batch without one caller changing the advice of another. It pickles (compiled
expressions travel as their text and are parsed again), so it can be sent to worker
processes; two rule sets are equal when their files' content is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict

from samenwerking.errors import Location
from samenwerking.languages import DEFAULT_LANGUAGE
from samenwerking.rules.expressions import Expression, parse_expression
from samenwerking.rules.frozen import FrozenMapping
from samenwerking.rules.routes import Routes
from samenwerking.rules.schema import (
    AnswerScale,
    Citation,
    Factor,
    Form,
    Metadata,
    PartnerKind,
    Question,
    Relation,
    SampleSpec,
    Source,
    Text,
    Theme,
    evidence_kinds,
    format_citations,
)
from samenwerking.situation import Situation, situation_model


def _read_only(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


class RuleSetInfo(BaseModel):
    """Which rules made an advice: name, version, date and a hash of the rule files' content."""

    model_config = ConfigDict(frozen=True)

    name: str
    version: str
    date: str
    content_hash: str

    @property
    def short_hash(self) -> str:
        """The first 12 hex digits of the hash, enough to tell rule sets apart in a report."""
        return self.content_hash[:12]

    def __str__(self) -> str:
        return f"{self.name} {self.version} ({self.short_hash})"


@dataclass(frozen=True)
class CompiledRule:
    """A scoring rule with its condition and effect parsed; ``location`` is where it is written."""

    id: str
    form: str
    theme: str
    when: Expression | None
    effect: Expression
    reason: Text
    source: str
    location: Location
    citations: tuple[Citation, ...] = ()
    evidence: tuple[str, ...] = ()
    title: Text | None = None

    def named(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """Its title in ``lang`` (a rule book's words), else its id."""
        return self.title(lang) if self.title is not None else self.id

    @property
    def bounds(self) -> tuple[float, float]:
        """The least and most points the rule can give (0 included when it may not fire)."""
        low, high = self.effect.bounds or (0.0, 0.0)
        if self.when is not None:
            low, high = min(low, 0.0), max(high, 0.0)
        return low, high


@dataclass(frozen=True)
class CompiledKnockout:
    """A knock-out with its condition parsed."""

    id: str
    form: str
    when: Expression
    reason: Text
    source: str
    location: Location
    citations: tuple[Citation, ...] = ()
    evidence: tuple[str, ...] = ()
    title: Text | None = None

    def named(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """Its title in ``lang`` (a rule book's words), else its id."""
        return self.title(lang) if self.title is not None else self.id


@dataclass(frozen=True, eq=False)
class RuleSet:
    """Everything a rule set declares, validated and compiled. Build it with ``load_rules``."""

    metadata: Metadata
    themes: tuple[Theme, ...]
    factors: tuple[Factor, ...]
    answer_scale: AnswerScale | None
    questions: tuple[Question, ...]
    forms: tuple[Form, ...]
    rules: tuple[CompiledRule, ...]
    knockouts: tuple[CompiledKnockout, ...]
    partner_kinds: tuple[PartnerKind, ...]
    relations: tuple[Relation, ...]
    templates: Mapping[str, Any]
    service_conditions: Mapping[str, Expression]
    path: Path
    content_hash: str
    files: tuple[str, ...] = field(default=())
    #: Where each theme, factor, form and question is written ("factor:trust" -> location).
    locations: Mapping[str, Location] = field(default_factory=dict)
    #: The bibliography (sources.yaml) by key, in file order.
    bibliography: Mapping[str, Source] = field(default_factory=dict)
    #: The realistic sample the rule set is calibrated on (``None``: the built-in default).
    sample: SampleSpec | None = None
    #: How to get to each form (paths.yaml); empty when the rule set has no routes.
    routes: Routes = field(default_factory=Routes)

    def __post_init__(self) -> None:
        for name in ("templates", "service_conditions", "locations", "bibliography"):
            object.__setattr__(self, name, FrozenMapping(getattr(self, name)))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RuleSet) and self.content_hash == other.content_hash

    def __hash__(self) -> int:
        return hash(self.content_hash)

    def __getstate__(self) -> dict[str, Any]:
        """The declared fields only.

        Derived values (the situation model above all, a class made at run time) are
        computed again after unpickling.
        """
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    @cached_property
    def situation_model(self) -> type[Situation]:
        """The model of a situation under these rules: one range-checked field per factor."""
        return situation_model(self)

    def __repr__(self) -> str:
        return (
            f"<RuleSet {self.metadata.name} {self.metadata.version} ({self.content_hash[:12]}): "
            f"{len(self.forms)} forms, {len(self.factors)} factors, {len(self.rules)} rules, "
            f"{len(self.knockouts)} knock-outs>"
        )

    @cached_property
    def info(self) -> RuleSetInfo:
        """Name, version, date and hash, as carried by every advice."""
        return RuleSetInfo(
            name=self.metadata.name,
            version=self.metadata.version,
            date=self.metadata.date.isoformat(),
            content_hash=self.content_hash,
        )

    @cached_property
    def form_ids(self) -> tuple[str, ...]:
        """Form ids in the order the rule set lists them (the tie-break order of the ranking)."""
        return tuple(f.id for f in self.forms)

    @cached_property
    def theme_ids(self) -> tuple[str, ...]:
        """Theme ids in rule-set order."""
        return tuple(t.id for t in self.themes)

    @cached_property
    def factor_ids(self) -> tuple[str, ...]:
        """Factor ids in rule-set order."""
        return tuple(f.id for f in self.factors)

    @cached_property
    def factor_ranges(self) -> Mapping[str, tuple[float, float]]:
        """Each factor's (minimum, maximum): what the expression parser checks against."""
        return FrozenMapping({f.id: (f.minimum, f.maximum) for f in self.factors})

    def parse_condition(self, text: str) -> Expression:
        """A condition on this rule set's factors (a population's ``when``, ``--when``).

        Raises :class:`~samenwerking.errors.ExpressionSyntaxError` when the rule
        language does not accept it.
        """
        return parse_expression(text, self.factor_ranges, "boolean")

    @cached_property
    def factors_by_id(self) -> Mapping[str, Factor]:
        """Factor declarations by id."""
        return FrozenMapping({f.id: f for f in self.factors})

    @cached_property
    def forms_by_id(self) -> Mapping[str, Form]:
        """Form declarations by id."""
        return FrozenMapping({f.id: f for f in self.forms})

    @cached_property
    def themes_by_id(self) -> Mapping[str, Theme]:
        """Theme declarations by id."""
        return FrozenMapping({t.id: t for t in self.themes})

    @cached_property
    def default_weights(self) -> Mapping[str, float]:
        """Each theme's default weight, as the rule set declares it."""
        return FrozenMapping({t.id: t.default_weight for t in self.themes})

    @cached_property
    def point_bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Most points gained and lost per (form, theme), at weight 1, over every situation.

        The scale of the scores follows from these: a form reaches 100 only when every rule for
        it fires at its maximum under the given weights (see ``samenwerking.scoring``).
        """
        gain = np.zeros((len(self.forms), len(self.themes)))
        loss = np.zeros_like(gain)
        form_index = {f: i for i, f in enumerate(self.form_ids)}
        theme_index = {t: i for i, t in enumerate(self.theme_ids)}
        for rule in self.rules:
            low, high = rule.bounds
            position = form_index[rule.form], theme_index[rule.theme]
            gain[position] += max(high, 0.0)
            loss[position] += max(-low, 0.0)
        return _read_only(gain), _read_only(loss)

    @cached_property
    def relations_by_id(self) -> Mapping[str, Relation]:
        """Relation declarations (label, upkeep) by id."""
        return FrozenMapping({r.id: r for r in self.relations})

    @cached_property
    def partner_kinds_by_id(self) -> Mapping[str, PartnerKind]:
        """Partner kinds by id."""
        return FrozenMapping({k.id: k for k in self.partner_kinds})

    def cite(self, citations: tuple[Citation, ...] | list[Citation]) -> str:
        """The citations in author-year form: 'Provan & Kenis (2008), p. 237; PBL (2013)'."""
        return format_citations(citations, self.bibliography)

    def evidence(self, citations: tuple[Citation, ...] | list[Citation]) -> tuple[str, ...]:
        """The kinds of evidence behind ``citations`` (literature, law, seed, ...), no repeats."""
        return evidence_kinds(citations, self.bibliography)

    def label(self, kind: str, item_id: str, lang: str = DEFAULT_LANGUAGE) -> str:
        """The user-facing label of a form, factor, theme, partner kind or relation."""
        table: dict[str, Mapping[str, Any]] = {
            "form": self.forms_by_id,
            "factor": self.factors_by_id,
            "theme": self.themes_by_id,
            "partner_kind": self.partner_kinds_by_id,
            "relation": self.relations_by_id,
        }
        return str(table[kind][item_id].label(lang))
