"""The schema of rule files: pydantic models that advisers' YAML must fit.

Each YAML file of a rule set may hold any of the sections of :class:`RuleFile`; the loader
merges them. ``extra="forbid"`` everywhere, so a misspelt key is an error at its line rather
than a silently ignored setting. The JSON Schema generated from these models
(``samenwerking rules schema``) gives editors completion and validation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from samenwerking.languages import Text as Text

Identifier = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]*$",
        description="Lower-case letters, digits and underscores, starting with a letter.",
        examples=["social_complexity"],
    ),
]


class StrictModel(BaseModel):
    """Base of every rule-file model: unknown keys are errors, values are immutable."""

    # allow_inf_nan=False: "inf" or ".nan" in a rule file is an error, not a silent infinity.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


EvidenceKind = Literal["literature", "law", "seed", "expert_judgement"]


class Citation(StrictModel):
    """A reference to an entry of the bibliography (``sources.yaml``), with an optional place.

    In YAML either a bare key (``- provan_kenis_2008``) or ``{key: ..., at: "p. 237"}``.
    """

    key: Identifier = Field(description="Key of an entry in the rule set's bibliography.")
    at: str | None = Field(None, description="Page, section or chapter cited.", examples=["p. 237"])

    @model_validator(mode="before")
    @classmethod
    def _bare_key(cls, value: object) -> object:
        return {"key": value} if isinstance(value, str) else value


_KEY_PATTERN = r"^[a-z][a-z0-9_]*$"
#: What an editor accepts for one citation: a bare key, or a mapping with key and place.
_CITATION_JSON_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": _KEY_PATTERN},
        {
            "type": "object",
            "properties": {
                "key": {"type": "string", "pattern": _KEY_PATTERN},
                "at": {"type": "string"},
            },
            "required": ["key"],
            "additionalProperties": False,
        },
    ]
}

Sources = Annotated[
    list[Annotated[Citation, WithJsonSchema(_CITATION_JSON_SCHEMA)]],
    Field(
        min_length=1,
        description="Bibliography keys (sources.yaml) that say what this item says; "
        "cite 'expert_judgement' where no source does, and give the reasoning in the reason.",
        examples=[["mkw_2019", {"key": "provan_kenis_2008", "at": "p. 237"}]],
    ),
]


class Source(StrictModel):
    """One entry of the bibliography: who said it, where, and what kind of evidence it is."""

    key: Identifier
    kind: EvidenceKind = Field(
        description="literature, law, seed (the MKW Platform posts) or expert_judgement."
    )
    authors: list[str] = Field(min_length=1, description="'Surname, Initials' or an organisation.")
    year: int | None = Field(None, ge=1800, le=2100)
    title: str = Field(min_length=3)
    published_in: str | None = Field(
        None, description="Journal (volume, pages) or publisher.", examples=["JPART 18(2)"]
    )
    pages: str | None = None
    url: str | None = None
    note: Text | None = Field(None, description="What the source says that the rules rely on.")

    @property
    def short(self) -> str:
        """Author-year form for reasons: 'Provan & Kenis (2008)', 'Veenstra et al. (2017)'."""
        names = [a.split(",")[0].strip() for a in self.authors]
        if len(names) == 1:
            who = names[0]
        elif len(names) == 2 and names[1] != "et al.":
            who = " & ".join(names)
        else:
            who = f"{names[0]} et al."
        return f"{who} ({self.year})" if self.year else who

    @property
    def full(self) -> str:
        """The whole reference, as the rule book prints it."""
        parts = [f"{'; '.join(self.authors)} ({self.year or 'z.j.'}). {self.title}."]
        if self.published_in:
            parts.append(f"{self.published_in}.")
        if self.pages:
            parts.append(f"{self.pages}.")
        return " ".join(parts)


def format_citations(citations: Sequence[Citation], bibliography: Mapping[str, Source]) -> str:
    """Author-year text of citations: 'Provan & Kenis (2008), p. 237; PBL (2013)'.

    A key the bibliography lacks is shown as the key itself (the loader reports it).
    """
    parts = []
    for citation in citations:
        entry = bibliography.get(citation.key)
        text = entry.short if entry is not None else citation.key
        parts.append(f"{text}, {citation.at}" if citation.at else text)
    return "; ".join(parts)


def evidence_kinds(
    citations: Sequence[Citation], bibliography: Mapping[str, Source]
) -> tuple[str, ...]:
    """The kinds of evidence behind ``citations`` (literature, law, ...), in order, no repeats."""
    kinds = [bibliography[c.key].kind for c in citations if c.key in bibliography]
    return tuple(dict.fromkeys(kinds))


class Metadata(StrictModel):
    """Who made the rule set, and which version it is: every advice carries this."""

    name: str = Field(min_length=1, examples=["samenwerking-standaard"])
    version: str = Field(min_length=1, examples=["1.0.0"])
    date: Annotated[
        dt.date,
        # YAML reads 2026-12-02 as a date, an editor as text: the schema accepts either.
        WithJsonSchema(
            {
                "description": "Datum van deze versie, JJJJ-MM-DD (date of this version).",
                "examples": ["2026-12-02"],
            }
        ),
    ]
    authors: list[str] = Field(min_length=1)
    description: Text | None = None
    base_score: float = Field(
        50.0, ge=0, le=100, description="Score of a form that no rule speaks for or against."
    )
    clear_margin: float = Field(
        0.0,
        ge=0,
        le=50,
        description="Score points under which the best forms fit about equally: no clear "
        "advice ('geen duidelijk advies'). 0 means every gap counts.",
    )


class Theme(StrictModel):
    """A theme groups rules so a director can weigh, e.g., efficiency against tenant value."""

    id: Identifier
    label: Text
    description: Text
    default_weight: float = Field(1.0, ge=0, le=10)


class Factor(StrictModel):
    """A property of the situation, on a scale or a count, with its valid range."""

    id: Identifier
    label: Text
    help: Text
    minimum: float
    maximum: float
    integer: bool = Field(False, description="Only whole numbers (counts such as partners).")
    example: float = Field(description="Value for the example situation (a small corporation).")
    low: Text | None = Field(None, description="What the minimum means.")
    high: Text | None = Field(None, description="What the maximum means.")
    meaningful_minimum: float | None = Field(
        None,
        description="The least value a suggested change may propose (flip points, "
        "tie-breaks): 0 partners is no collaboration at all, not an alternative.",
    )
    meaningful_maximum: float | None = Field(
        None, description="The most value a suggested change may propose."
    )
    neutral: float | None = Field(
        None,
        description="The value that says nothing either way (default: the middle of the "
        "range). Every rule gives 0 points there, so an all-neutral situation scores the base "
        "for every form ('neutraal is neutraal').",
    )
    derived_from: (
        Literal["partners.count", "partners.corporations", "partners.dwellings"] | None
    ) = Field(
        None,
        description="With a partner list, this factor is read from it, not from the "
        "answers: the number of partners, of partner corporations, or the partner "
        "corporations' dwellings together (when every one of them gives its size).",
    )

    @property
    def neutral_value(self) -> float:
        """The declared neutral value, or the middle of the range."""
        if self.neutral is not None:
            return self.neutral
        middle = (self.minimum + self.maximum) / 2
        return float(round(middle)) if self.integer else middle

    @property
    def meaningful_range(self) -> tuple[float, float]:
        """The values a suggested change may propose: the range, narrowed where declared."""
        low = self.minimum if self.meaningful_minimum is None else self.meaningful_minimum
        high = self.maximum if self.meaningful_maximum is None else self.meaningful_maximum
        return max(low, self.minimum), min(high, self.maximum)

    @model_validator(mode="after")
    def _range_holds_example(self) -> Factor:
        if self.minimum >= self.maximum:
            raise PydanticCustomError(
                "factor_minimum_above_maximum",
                "minimum ({low}) must be below maximum ({high})",
                {"low": f"{self.minimum:g}", "high": f"{self.maximum:g}"},
            )
        if not self.minimum <= self.example <= self.maximum:
            raise PydanticCustomError(
                "factor_example_outside",
                "example {example} is outside {low} to {high}",
                {
                    "example": f"{self.example:g}",
                    "low": f"{self.minimum:g}",
                    "high": f"{self.maximum:g}",
                },
            )
        return self


class AnswerScale(StrictModel):
    """The Likert scale of the questionnaire, with a label for each point."""

    minimum: int = 1
    maximum: int = 5
    labels: dict[int, Text]

    @model_validator(mode="after")
    def _labels_cover_scale(self) -> AnswerScale:
        expected = set(range(self.minimum, self.maximum + 1))
        if set(self.labels) != expected:
            raise PydanticCustomError(
                "scale_labels",
                "labels must be given for exactly {expected}",
                {"expected": ", ".join(f"{v:g}" for v in sorted(expected))},
            )
        return self


class Question(StrictModel):
    """One self-assessment question; its answers feed one factor, or describe a condition.

    A ``context`` question (a condition such as the board's mandate or a convenor) is answered
    on the answer scale but feeds no factor: no source ties it to one form, so it does not
    change the advice; the board pack lists it.
    """

    id: Identifier
    factor: Identifier | None = Field(
        None, description="The factor its answers feed (every kind but 'context')."
    )
    text: Text
    help: Text | None = None
    kind: Literal["scale", "number", "context"] = Field(
        "scale",
        description="'scale': an answer on the answer scale; 'number': a count; 'context': a "
        "condition on the answer scale that feeds no factor.",
    )
    reverse: bool = Field(
        False, description="Reverse-scored: agreeing means a LOWER value of the factor."
    )
    core: bool = Field(
        False, description="One of the core questions: together the short questionnaire."
    )
    sources: list[Annotated[Citation, WithJsonSchema(_CITATION_JSON_SCHEMA)]] = Field(
        default_factory=list,
        description="Where the item comes from (Wilder factor, Kaats & Opheij lens, law).",
    )

    @model_validator(mode="after")
    def _factor_unless_context(self) -> Question:
        if self.kind == "context" and (self.factor is not None or self.reverse):
            raise PydanticCustomError(
                "context_question", "a 'context' question feeds no factor and is not reversed"
            )
        if self.kind != "context" and self.factor is None:
            raise PydanticCustomError("question_factor", "give the factor this question feeds")
        return self

    @property
    def scored(self) -> bool:
        """Whether the answers feed a factor (every kind but 'context')."""
        return self.factor is not None


class FormProperties(StrictModel):
    """What a form asks of its members, on 0-1 scales, used to explain and draw it."""

    autonomy_retained: float = Field(ge=0, le=1, description="How much autonomy members keep.")
    reversibility: float = Field(ge=0, le=1, description="How easily the form can be undone.")
    integration: float = Field(ge=0, le=1, description="How tightly the members are joined.")


class Form(StrictModel):
    """A form of collaboration (fusie, franchise, ...)."""

    id: Identifier
    label: Text
    description: Text
    properties: FormProperties


class Rule(StrictModel):
    """When a condition holds, a form gains or loses points, because of a reason, per a source."""

    id: Identifier
    title: Text | None = Field(
        None,
        description="Korte titel voor het regelboek en de uitleg, in gewone woorden "
        "(a short title for the rule book, in plain words).",
    )
    form: Identifier
    theme: Identifier
    when: Annotated[
        str | None,
        # An editor refuses an empty 'when:' as rules check does; leave the key out instead.
        WithJsonSchema(
            {
                "type": "string",
                "minLength": 1,
                "pattern": "\\S",
                "description": "Voorwaarde op de situatie; laat 'when' weg als de regel altijd "
                "geldt (Condition on the situation; leave it out if the rule always applies).",
                "examples": ["social_complexity >= 4 and trust >= 3"],
            }
        ),
    ] = Field(None)
    effect: str | float = Field(
        description="Points for the form: a number or an expression.",
        examples=[5, "2 * (urgency - 3)"],
    )
    reason: Text
    sources: Sources

    @field_validator("effect", mode="before")
    @classmethod
    def _effect_not_yes_no(cls, value: object) -> object:
        # YAML reads 'effect: true' as a yes/no, which would count as 1 point, silently.
        if isinstance(value, bool):
            raise PydanticCustomError(
                "effect_yes_no",
                "an effect is a number or a formula, not yes/no",
            )
        return value

    @field_validator("when", mode="before")
    @classmethod
    def _when_not_empty(cls, value: object) -> object:
        # 'when:' with nothing after it reads as "always", silently; say so, at 'when:'.
        if value is None or (isinstance(value, str) and not value.strip()):
            raise PydanticCustomError(
                "when_empty", "'when' is empty; leave the key out if the rule always applies"
            )
        return value


class Knockout(StrictModel):
    """When a condition holds, a form is not advisable at all."""

    id: Identifier
    title: Text | None = Field(
        None,
        description="Korte titel voor het regelboek en de uitleg, in gewone woorden "
        "(a short title for the rule book, in plain words).",
    )
    form: Identifier
    when: str
    reason: Text
    sources: Sources


class PartnerKind(StrictModel):
    """A kind of partner organisation (gemeente, zorg, ...), used to place it in a proposal."""

    id: Identifier
    label: Text
    housing_corporation: bool = Field(
        False,
        description="A registered housing institution (toegelaten instelling): the only kind "
        "a corporation can merge with (art. 53 Woningwet), counted by partners.corporations.",
    )


class Relation(StrictModel):
    """A kind of tie in a proposed network, with how much upkeep it asks (0-1)."""

    id: Identifier
    label: Text
    strength: float = Field(ge=0, le=1, description="Upkeep of one such tie, 0 (none) to 1.")


class SharedService(StrictModel):
    """A shared service a franchise offers when its condition holds (a joint controller, ...)."""

    id: Identifier
    label: Text
    when: str | None = None
    reason: Text
    sources: Sources


class MergerTemplate(StrictModel):
    """How a merger is drawn: the corporations become one node; other partners stay around it."""

    structure: Literal["merged_organisation"]
    form: Identifier = Field(description="The form drawn with this structure.")

    merged_label: Text = Field(description="Name of the merged organisation; {own} is replaced.")
    member_kinds: list[Identifier] = Field(min_length=1)
    reason: Text
    sources: Sources


class FranchiseTemplate(StrictModel):
    """How a franchise is drawn: a formula owner, its members and the shared services."""

    structure: Literal["formula"]
    form: Identifier = Field(description="The form drawn with this structure.")

    formula_owner: Text
    member_kinds: list[Identifier] = Field(min_length=1)
    shared_services: list[SharedService] = Field(default_factory=list)
    reason: Text
    sources: Sources


class GovernanceMode(StrictModel):
    """A Provan & Kenis governance mode and the range of each factor in which it fits."""

    id: Literal["shared_governance", "lead_organisation", "network_administrative_organisation"]
    label: Text
    fits: dict[Identifier, tuple[float, float]] = Field(
        description="Per factor, the [low, high] range in which this mode fits."
    )
    required: list[Identifier] = Field(
        default_factory=list,
        description="Conditions (factors of 'fits') without which the mode is not an option.",
    )
    preferred_when: str | None = Field(
        None,
        description="Condition under which this mode goes first among the eligible ones "
        "(an NAO when network-level competencies are much needed).",
    )
    reason: Text
    tension: Text = Field(description="The tension this mode carries (Provan & Kenis).")
    sources: Sources


class NetworkTemplate(StrictModel):
    """How an organisation network is drawn, and how its governance mode is chosen."""

    structure: Literal["network_governance"]
    form: Identifier = Field(description="The form drawn with this structure.")

    lead_preference: list[Identifier] = Field(
        min_length=1, description="Kinds in order of preference for the lead organisation."
    )
    administrative_organisation: Text
    governance_modes: list[GovernanceMode] = Field(min_length=3, max_length=3)
    reason: Text
    sources: Sources


class ChainStep(StrictModel):
    """One step of a client path, done by the first member of one of ``kinds``."""

    id: Identifier
    label: Text
    kinds: list[Identifier] = Field(min_length=1)


class ChainPath(StrictModel):
    """A client path (for one problem) as a sequence of steps."""

    id: Identifier
    label: Text
    steps: list[ChainStep] = Field(min_length=2)


class ChainTemplate(StrictModel):
    """How a chain is drawn: a client path's steps assigned to partners, and a chain director."""

    structure: Literal["client_path"]
    form: Identifier = Field(description="The form drawn with this structure.")

    director: Text
    unfilled_step: Text = Field(description="Name of a step no partner does; {step} is replaced.")
    paths: list[ChainPath] = Field(min_length=1)
    reason: Text
    sources: Sources


class SocialNetworkTemplate(StrictModel):
    """How a social network is drawn: neighbourhood clusters with weak ties and a broker."""

    structure: Literal["neighbourhood_clusters"]
    form: Identifier = Field(description="The form drawn with this structure.")

    cluster_size: int = Field(ge=2, le=50)
    broker: Text
    residents: Text = Field(description="Name of a cluster's residents; {cluster} is replaced.")
    cluster: Text = Field(description="Name of a cluster without a neighbourhood; {n} is replaced.")
    reason: Text
    sources: Sources


class FactorDistribution(StrictModel):
    """How one factor is spread in a sample of situations."""

    distribution: Literal["whole_numbers", "uniform", "log_uniform"] = Field(
        description="whole_numbers: each whole number equally likely; uniform: any value; "
        "log_uniform: equally likely per order of magnitude (sizes, counts)."
    )
    low: float | None = Field(None, description="Lowest value (default: the factor's minimum).")
    high: float | None = Field(None, description="Highest value (default: the factor's maximum).")

    @model_validator(mode="after")
    def _ordered(self) -> FactorDistribution:
        if self.low is not None and self.high is not None and self.low > self.high:
            raise PydanticCustomError(
                "sample_low_above_high",
                "low ({low}) must not be above high ({high})",
                {"low": f"{self.low:g}", "high": f"{self.high:g}"},
            )
        if self.distribution == "log_uniform" and self.low is not None and self.low <= 0:
            raise PydanticCustomError(
                "sample_log_needs_positive", "a log_uniform distribution needs low > 0"
            )
        return self


class SampleSpec(StrictModel):
    """The realistic population of situations the rule set is calibrated on.

    Factors not listed are whole numbers over their range (scales) or log-uniform (counts).
    """

    description: Text
    factors: dict[Identifier, FactorDistribution] = Field(default_factory=dict)


AnyNetworkTemplate = Annotated[
    MergerTemplate | FranchiseTemplate | NetworkTemplate | ChainTemplate | SocialNetworkTemplate,
    Field(discriminator="structure"),
]


class PathStage(StrictModel):
    """A place on the way to a form (paths.yaml), with the conditions to take it now.

    It names the form, for a network its governance mode, and what to learn or arrange first.

    A board takes steps, not a form at once (Kaats & Opheij's phases; Provan & Kenis on how
    network governance evolves). A stage that is not ``stable`` is a first step only (a chain
    on one client path), never where a route ends.
    """

    id: Identifier
    form: Identifier
    governance: Identifier | None = Field(
        None, description="For a network: the governance mode (Provan & Kenis) of this stage."
    )
    stable: bool = Field(True, description="A collaboration can stay here; false: a first step.")
    label: Text
    description: Text
    when: list[str] = Field(
        default_factory=list,
        max_length=12,
        description="Conditions to take this step now, each in the rule language; all must hold.",
        examples=[["client_path >= 3", "trust >= 2.5"]],
    )
    prepare: Text = Field(description="What to learn or arrange before taking this step.")
    sources: Sources


class PathMove(StrictModel):
    """A move from one stage to the next, the conditions that make it due and its trigger."""

    id: Identifier
    from_stage: Identifier
    to_stage: Identifier
    when: list[str] = Field(
        default_factory=list,
        max_length=12,
        description="Conditions under which the move is due, each in the rule language.",
    )
    trigger: Text = Field(description="When to move on, in words ('zodra meer dan 8 partners').")
    sources: Sources


class StakeholderStep(StrictModel):
    """One step of a form's route past those who must agree, with its typical duration."""

    label: Text
    months: float = Field(ge=0, le=120, description="Typical duration in months.")


class FormRoute(StrictModel):
    """Per form: what undoing it costs, and who must agree on the way in, in what order."""

    form: Identifier
    exit_costs: Text
    stakeholders: list[StakeholderStep] = Field(default_factory=list, max_length=20)
    funding: Text | None = Field(None, description="Who pays for what the form needs.")
    sources: Sources


class RuleFile(StrictModel):
    """One YAML file of a rule set; every section is optional, the loader merges the files."""

    ruleset: Metadata | None = None
    themes: list[Theme] = Field(default_factory=list)
    factors: list[Factor] = Field(default_factory=list)
    answer_scale: AnswerScale | None = None
    questions: list[Question] = Field(default_factory=list)
    forms: list[Form] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    knockouts: list[Knockout] = Field(default_factory=list)
    partner_kinds: list[PartnerKind] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    network_templates: list[AnyNetworkTemplate] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    sample: SampleSpec | None = None
    stages: list[PathStage] = Field(default_factory=list)
    moves: list[PathMove] = Field(default_factory=list)
    form_routes: list[FormRoute] = Field(default_factory=list)


class Expectation(StrictModel):
    """What must hold of the advice in a rule test; every given item is checked."""

    top_in: list[Identifier] | None = Field(None, description="The top form is one of these.")
    top_not_in: list[Identifier] | None = Field(None, description="The top form is none of these.")
    advised_in: list[Identifier] | None = Field(
        None,
        description="The form the advice starts with is one of these: the top form, or of "
        "forms within the clear margin the lightest (Kaats & Opheij). Stronger than top_in: "
        "a form that leads by a hair loses the advice to a lighter one.",
    )
    advised_not_in: list[Identifier] | None = Field(
        None, description="The form the advice starts with is none of these."
    )
    ranks_above: list[tuple[Identifier, Identifier]] = Field(
        default_factory=list, description="Pairs [a, b]: form a ranks above form b."
    )
    knocked_out: list[Identifier] = Field(default_factory=list)
    not_knocked_out: list[Identifier] = Field(default_factory=list)
    rises: list[Identifier] = Field(
        default_factory=list,
        description="With the test's 'change' applied, these forms score higher (stijgt).",
    )
    falls: list[Identifier] = Field(
        default_factory=list,
        description="With the test's 'change' applied, these forms score lower (daalt).",
    )

    def named_forms(self) -> set[str]:
        """Every form id the expectation names, to check against the rule set's forms."""
        named = set(self.top_in or ()) | set(self.top_not_in or ())
        named |= set(self.advised_in or ()) | set(self.advised_not_in or ())
        named |= set(self.knocked_out) | set(self.not_knocked_out)
        named |= {form for pair in self.ranks_above for form in pair}
        return named | set(self.rises) | set(self.falls)


class WorkedCase(StrictModel):
    """What scenario and path tests share: an id, why (with sources) and the situation.

    The situation is written as the factors that differ from the example situation.
    """

    id: Identifier
    description: Text
    sources: Sources
    situation: dict[Identifier, float] = Field(
        default_factory=dict, description="Factor values that differ from the example situation."
    )
    weights: dict[Identifier, float] | None = None


class RuleTest(WorkedCase):
    """A worked case: a situation (changes to the example one) and what the advice must show."""

    change: dict[Identifier, float] | None = Field(
        None,
        description="A second situation: these factors changed from 'situation'. The "
        "expectations 'rises' and 'falls' compare the two; the others speak of the first.",
    )
    expect: Expectation

    @model_validator(mode="after")
    def _change_for_direction(self) -> RuleTest:
        if (self.expect.rises or self.expect.falls) and not self.change:
            raise PydanticCustomError(
                "test_direction_needs_change", "'rises' and 'falls' need a 'change' to compare with"
            )
        return self


class PopulationExpectation(StrictModel):
    """What share of a population must get one of ``top_in`` as its best form."""

    top_in: list[Identifier] = Field(min_length=1)
    at_least: float | None = Field(None, ge=0, le=1, description="Share, 0 to 1.")
    at_most: float | None = Field(None, ge=0, le=1, description="Share, 0 to 1.")

    @model_validator(mode="after")
    def _has_bound(self) -> PopulationExpectation:
        if self.at_least is None and self.at_most is None:
            raise PydanticCustomError(
                "population_needs_bound", "give 'at_least' or 'at_most' (a share from 0 to 1)"
            )
        return self


class PopulationTest(StrictModel):
    """An expectation about a named population of situations, drawn from a sample.

    The population is every situation of the sample (``realistic``: the rule set's declared
    sample; ``uniform``: every factor uniform over its range) for which ``when`` holds.
    """

    id: Identifier
    description: Text
    sources: Sources
    sample: Literal["realistic", "uniform"] = "realistic"
    when: str = Field(examples=["dwellings < 2500 and partner_diversity <= 1"])
    expect: PopulationExpectation


class PathExpectation(StrictModel):
    """What must hold of a route in a path test; every given item is checked."""

    first_step: Identifier | None = Field(None, description="The stage the route starts with.")
    end_form: Identifier | None = Field(
        None, description="The form of the route's end (its last step that is not an option)."
    )
    steps: list[Identifier] | None = Field(
        None, description="Every stage of the route in order, options included."
    )
    option_form: Identifier | None = Field(
        None, description="The heavier form the route keeps as an option."
    )


class PathTest(WorkedCase):
    """A worked route: a situation (changes to the example one) and the route it must give."""

    expect: PathExpectation


class RuleTestFile(StrictModel):
    """A YAML file under ``tests/`` of a rule set: scenario tests and population tests."""

    tests: list[RuleTest] = Field(default_factory=list)
    populations: list[PopulationTest] = Field(default_factory=list)
    paths: list[PathTest] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_empty(self) -> RuleTestFile:
        if not self.tests and not self.populations and not self.paths:
            raise PydanticCustomError(
                "test_file_empty", "a test file needs 'tests:', 'populations:' or 'paths:'"
            )
        return self
