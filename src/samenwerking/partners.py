"""The partners a corporation names for a network proposal, checked before anything is drawn."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from samenwerking.errors import (
    Location,
    Message,
    Problem,
    did_you_mean,
    display_path,
    msg,
)
from samenwerking.errors import (
    PartnerError as PartnerError,
)
from samenwerking.rules.loader import validation_message
from samenwerking.rules.ruleset import RuleSet
from samenwerking.rules.yaml_source import load_user_file
from samenwerking.situation import Situation

MAX_PARTNERS = 200
MAX_NAME_LENGTH = 120
#: Node ids of organisations a proposal creates start with this, so they never clash with names.
SYNTHETIC_PREFIX = "#"


class Partner(BaseModel):
    """A partner organisation: its name, its kind (from the rule set) and optionally its buurt."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=MAX_NAME_LENGTH)
    kind: str
    neighbourhood: str | None = Field(None, description="Buurt or wijk, for social networks.")
    trust: float | None = Field(
        None, ge=1, le=5, description="How much the other partners trust this one (1-5)."
    )
    resources: float | None = Field(
        None, ge=1, le=5, description="How much money, staff and mandate it brings (1-5)."
    )
    lead_candidate: bool = Field(
        False, description="The partners see this one as the lead organisation of a network."
    )
    dwellings: int | None = Field(
        None,
        ge=0,
        le=400_000,
        description="Rental units, for a partner corporation: the size after a merger is the "
        "own corporation's plus these.",
    )

    @field_validator("name", "neighbourhood")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        return value.strip() if isinstance(value, str) else value

    @field_validator("name", "neighbourhood")
    @classmethod
    def _text_only(cls, value: str | None) -> str | None:
        if value is not None and has_control_characters(value):
            raise PydanticCustomError("partner_name_control", "control characters")
        return value

    @field_validator("name")
    @classmethod
    def _not_synthetic(cls, value: str) -> str:
        # Organisations a proposal creates have ids starting with '#'; a partner named so
        # could take their place in the graph.
        if value.startswith(SYNTHETIC_PREFIX):
            raise PydanticCustomError("partner_name_hash", "starts with #")
        return value


def has_control_characters(text: str) -> bool:
    """Whether ``text`` holds control or format characters (ESC, NUL, bidi overrides).

    A name is text: such characters break the board pack's PDF, GraphML's XML and a
    terminal, or hide what a name says.
    """
    return any(unicodedata.category(character) in ("Cc", "Cf") for character in text)


def normal_name(name: str) -> str:
    """A name in one form: Unicode NFKC, spaces collapsed; every entry path stores names so.

    A full-width 'Ａｎｎａ' is then 'Anna', and cannot pose as another member.

    >>> normal_name("  Ａｎｎａ   de  Vries ")
    'Anna de Vries'
    """
    return " ".join(unicodedata.normalize("NFKC", name).split())


def name_key(name: str) -> str:
    """What makes two names the same name: the normal form, case folded ('ANNA' = 'anna').

    >>> name_key("Ａｎｎａ") == name_key("anna")
    True
    """
    return normal_name(name).casefold()


def name_problem(name: str) -> str | None:
    """What is wrong with a partner or corporation name, as a text key; None when it is fine.

    The one check every entry path uses (dashboard, dossier, partner files).

    Examples
    --------
    >>> name_problem("Gemeente Breda"), name_problem(""), name_problem("#nao")
    (None, 'partner_name_empty', 'partner_name_hash')
    >>> name_problem("Zorg" + chr(27) + "[31m")
    'partner_name_control'
    """
    clean = name.strip()
    if not clean:
        return "partner_name_empty"
    if has_control_characters(clean):
        return "partner_name_control"
    if len(clean) > MAX_NAME_LENGTH:
        return "partner_name_too_long"
    if clean.startswith(SYNTHETIC_PREFIX):
        return "partner_name_hash"
    return None


def parse_partners(
    entries: Sequence[Partner | Mapping[str, Any] | tuple[str, str]],
    rules: RuleSet,
    own_name: str,
    locations: Sequence[Location] | None = None,
) -> list[Partner]:
    """Check and normalise a partner list; raise :class:`PartnerError` naming every bad entry.

    Entries may be :class:`Partner`, mappings with ``name`` and ``kind``, or ``(name, kind)``.

    Examples
    --------
    >>> from samenwerking import load_rules
    >>> parse_partners([("Gemeente Breda", "municipality")], load_rules(), "Woonstichting")
    [Partner(name='Gemeente Breda', kind='municipality', neighbourhood=None, trust=None,
             resources=None, lead_candidate=False, dwellings=None)]
    """
    if len(entries) > MAX_PARTNERS:
        raise PartnerError(
            [
                Problem(
                    Location("partners"),
                    msg("partners_too_many", count=len(entries), limit=MAX_PARTNERS),
                    hint=msg("partners_too_many_hint"),
                )
            ]
        )
    kinds = rules.partner_kinds_by_id
    problems: list[Problem] = []
    partners: list[Partner] = []
    seen: dict[str, Message] = {own_name.strip().casefold(): msg("partner_own")}
    for index, entry in enumerate(entries):
        where = (
            locations[index]
            if locations
            else Location("", place=msg("partner_number", number=index + 1))
        )
        partner = _one_partner(entry, where, problems)
        if partner is None:
            continue
        if not partner.name:
            problems.append(Problem(where, msg("partner_name_empty"), field="name"))
            continue
        if partner.name.startswith(SYNTHETIC_PREFIX):
            problems.append(Problem(where, msg("partner_name_hash"), field="name"))
        if partner.kind not in kinds:
            problems.append(
                Problem(
                    where,
                    msg("unknown_partner_kind", name=partner.kind),
                    field="kind",
                    hint=did_you_mean(partner.kind, kinds),
                )
            )
        key = partner.name.casefold()
        if key in seen:
            problems.append(
                Problem(
                    where,
                    msg("partner_duplicate", name=partner.name),
                    field="name",
                    hint=msg("partner_duplicate_hint", other=seen[key]),
                )
            )
        seen.setdefault(key, msg("partner_number", number=index + 1))
        partners.append(partner)
    if not own_name.strip():
        problems.append(Problem(Location("own"), msg("partner_own_name_empty")))
    if problems:
        raise PartnerError(problems)
    return partners


def _one_partner(entry: Any, where: Location, problems: list[Problem]) -> Partner | None:
    if isinstance(entry, Partner):
        return entry
    if isinstance(entry, tuple) and len(entry) == 2:
        entry = {"name": entry[0], "kind": entry[1]}
    if not isinstance(entry, Mapping):
        problems.append(
            Problem(where, msg("partner_needs_name_and_kind"), hint=msg("partner_entry_hint"))
        )
        return None
    try:
        return Partner.model_validate(entry)
    except ValidationError as e:
        for error in e.errors(include_url=False):
            field = ".".join(str(p) for p in error["loc"])
            problems.append(Problem(where, _partner_message(error), field=field))
        return None


def _partner_message(error: Any) -> Message:
    """A pydantic error on a partner entry in the reader's words (our own checks by key)."""
    if error["type"] == "string_too_short":
        return msg("partner_name_empty")
    if error["type"] in ("partner_name_control", "partner_name_hash"):
        return msg(error["type"])
    return validation_message(error)


def load_partners(
    path: Path, default_own: str = "Eigen corporatie"
) -> tuple[str, list[Any], list[Location]]:
    """Read a partners file: the own corporation's name and the entries, each with its line.

    The file reads ``own: Name`` and ``partners:`` with a list of ``{name: ..., kind: ...}``
    (or just the list). It goes through the library's one YAML reader: size-limited, no
    aliases. The entries are checked by :func:`parse_partners`.
    """
    shown = display_path(path)
    document = load_user_file(path)
    if isinstance(document, Problem):
        raise PartnerError([document])
    data = document.data
    if isinstance(data, list):
        data = {"partners": data}
    if not isinstance(data, dict) or not isinstance(data.get("partners", []), list):
        raise PartnerError(
            [
                Problem(
                    Location(shown, 1, 1),
                    msg("partners_file_shape"),
                )
            ]
        )
    entries = data.get("partners") or []
    locations = [document.locate(("partners", i)) for i in range(len(entries))]
    return str(data.get("own") or default_own), entries, locations


def partner_facts(
    partners: Sequence[Partner | Mapping[str, Any]], rules: RuleSet
) -> dict[str, int]:
    """What a partner list says of the factors the rule set derives from it.

    The one place the dashboard, the command line, the board pack and the network read a
    partner list as factor values, so the same partners give the same advice everywhere:
    the number of partners, of partner corporations, and the partner corporations'
    dwellings together (only when every one of them gives its size).

    Examples
    --------
    >>> from samenwerking import load_rules
    >>> partner_facts([("Gemeente Breda", "municipality"),
    ...                {"name": "Wonen Zuid", "kind": "corporation", "dwellings": 2100}],
    ...               load_rules())
    {'partner_count': 2, 'partner_corporations': 1, 'partner_dwellings': 2100}
    """
    problems: list[Problem] = []
    checked = [_one_partner(entry, Location(""), problems) for entry in partners]
    if problems:
        raise PartnerError(problems)
    listed = [p for p in checked if p is not None]
    corporate = {k.id for k in rules.partner_kinds if k.housing_corporation}
    corporations = [p for p in listed if p.kind in corporate]
    sizes = [p.dwellings for p in corporations]
    found: dict[str, int | None] = {
        "partners.count": len(listed),
        "partners.corporations": len(corporations),
        "partners.dwellings": sum(s for s in sizes if s is not None)
        if all(s is not None for s in sizes)
        else None,
    }
    facts = {}
    for factor in rules.factors:
        value = found.get(factor.derived_from or "")
        if value is not None:
            facts[factor.id] = int(min(max(value, factor.minimum), factor.maximum))
    return facts


def with_partners(
    situation: Situation, partners: Sequence[Partner | Mapping[str, Any]], rules: RuleSet
) -> Situation:
    """``situation`` with the factors a non-empty partner list decides taken from that list."""
    if not partners:
        return situation
    return situation.replace(**partner_facts(partners, rules))
