"""samenwerking: which form of collaboration fits a Dutch housing corporation, and why.

The library scores a corporation's :class:`Situation` against a rule set (YAML files that
advisers edit) and returns an :class:`Advice`: the five forms ranked 0-100, every point traced
to a rule, a reason and a source.

Examples
--------
>>> import samenwerking
>>> advice = samenwerking.score(samenwerking.Situation.example())
>>> sorted(advice.ranking)
['chain', 'franchise', 'merger', 'network', 'social_network']
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from samenwerking.assessment import Assessment, assess
    from samenwerking.batch import check_rows, score_many
    from samenwerking.decisive import QuestionValue, advice_settled, decisive_questions
    from samenwerking.errors import (
        CarefulReadingNeededError,
        ConfigurationError,
        DatabaseUnavailableError,
        DivisionByZeroError,
        DossierError,
        ExpressionError,
        ExpressionSyntaxError,
        GroupError,
        Location,
        OutputError,
        PartnerError,
        Problem,
        RuleSetError,
        SamenwerkingError,
        ScenarioClippedWarning,
        ScenarioError,
        SessionError,
        SituationError,
        TableError,
        WeightsError,
        WeightsFileError,
    )
    from samenwerking.group import GroupAdvice
    from samenwerking.network import NetworkProposal, propose_network
    from samenwerking.paths import Path as Path
    from samenwerking.paths import PathStep as PathStep
    from samenwerking.paths import path
    from samenwerking.portfolio import what_if
    from samenwerking.rules.loader import default_rules_path, load_rules
    from samenwerking.rules.ruleset import RuleSet, RuleSetInfo
    from samenwerking.scoring import Advice, Contribution, Knockout, score
    from samenwerking.sensitivity import (
        FlipPoint,
        RankAcceptability,
        flip_points,
        rank_acceptability,
    )
    from samenwerking.situation import Situation
    from samenwerking.uncertainty import FactorConfidence
    from samenwerking.unknown import DONT_KNOW

#: Where each public name lives. ``import samenwerking`` loads none of them: numpy, pandas,
#: networkx and the catalogues load when a name is first used (PEP 562), so a command or a
#: notebook that needs only part of the library does not wait for the rest.
_PUBLIC = {
    "Advice": "samenwerking.scoring",
    "Assessment": "samenwerking.assessment",
    "DONT_KNOW": "samenwerking.unknown",
    "FactorConfidence": "samenwerking.uncertainty",
    "QuestionValue": "samenwerking.decisive",
    "advice_settled": "samenwerking.decisive",
    "assess": "samenwerking.assessment",
    "decisive_questions": "samenwerking.decisive",
    "Contribution": "samenwerking.scoring",
    "ConfigurationError": "samenwerking.errors",
    "CarefulReadingNeededError": "samenwerking.errors",
    "WeightsFileError": "samenwerking.errors",
    "DatabaseUnavailableError": "samenwerking.errors",
    "DivisionByZeroError": "samenwerking.errors",
    "DossierError": "samenwerking.errors",
    "ExpressionSyntaxError": "samenwerking.errors",
    "GroupError": "samenwerking.errors",
    "PartnerError": "samenwerking.errors",
    "SessionError": "samenwerking.errors",
    "TableError": "samenwerking.errors",
    "ExpressionError": "samenwerking.errors",
    "Knockout": "samenwerking.scoring",
    "Location": "samenwerking.errors",
    "OutputError": "samenwerking.errors",
    "Path": "samenwerking.paths",
    "PathStep": "samenwerking.paths",
    "Problem": "samenwerking.errors",
    "RuleSet": "samenwerking.rules.ruleset",
    "RuleSetError": "samenwerking.errors",
    "RuleSetInfo": "samenwerking.rules.ruleset",
    "SamenwerkingError": "samenwerking.errors",
    "ScenarioClippedWarning": "samenwerking.errors",
    "ScenarioError": "samenwerking.errors",
    "Situation": "samenwerking.situation",
    "SituationError": "samenwerking.errors",
    "WeightsError": "samenwerking.errors",
    "check_rows": "samenwerking.batch",
    "default_rules_path": "samenwerking.rules.loader",
    "flip_points": "samenwerking.sensitivity",
    "FlipPoint": "samenwerking.sensitivity",
    "RankAcceptability": "samenwerking.sensitivity",
    "NetworkProposal": "samenwerking.network",
    "GroupAdvice": "samenwerking.group",
    "load_rules": "samenwerking.rules.loader",
    "path": "samenwerking.paths",
    "propose_network": "samenwerking.network",
    "rank_acceptability": "samenwerking.sensitivity",
    "score": "samenwerking.scoring",
    "score_many": "samenwerking.batch",
    "what_if": "samenwerking.portfolio",
}


def __getattr__(name: str) -> Any:
    """Load a public name's module on first use and keep the name here."""
    if name not in _PUBLIC:
        raise AttributeError(f"module 'samenwerking' has no attribute {name!r}")
    value = getattr(importlib.import_module(_PUBLIC[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])


# ``Path`` and ``PathStep`` (the route, ``sw.path``) are public but left out of ``*``: a star
# import would otherwise shadow ``pathlib.Path`` in the importing module.
__all__ = [
    "DONT_KNOW",
    "Advice",
    "Assessment",
    "CarefulReadingNeededError",
    "ConfigurationError",
    "Contribution",
    "DatabaseUnavailableError",
    "DivisionByZeroError",
    "DossierError",
    "ExpressionError",
    "ExpressionSyntaxError",
    "FactorConfidence",
    "FlipPoint",
    "GroupAdvice",
    "GroupError",
    "Knockout",
    "Location",
    "NetworkProposal",
    "OutputError",
    "PartnerError",
    "Problem",
    "QuestionValue",
    "RankAcceptability",
    "RuleSet",
    "RuleSetError",
    "RuleSetInfo",
    "SamenwerkingError",
    "ScenarioClippedWarning",
    "ScenarioError",
    "SessionError",
    "Situation",
    "SituationError",
    "TableError",
    "WeightsError",
    "WeightsFileError",
    "advice_settled",
    "assess",
    "check_rows",
    "decisive_questions",
    "default_rules_path",
    "flip_points",
    "load_rules",
    "path",
    "propose_network",
    "rank_acceptability",
    "score",
    "score_many",
    "what_if",
]

try:
    __version__ = version("samenwerking")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"
