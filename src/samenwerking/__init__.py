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

from samenwerking.batch import check_rows, score_many
from samenwerking.errors import (
    ExpressionError,
    Location,
    Problem,
    RuleSetError,
    SamenwerkingError,
    SituationError,
    WeightsError,
)
from samenwerking.network import propose_network
from samenwerking.rules.loader import default_rules_path, load_rules
from samenwerking.rules.ruleset import RuleSet, RuleSetInfo
from samenwerking.scoring import Advice, Contribution, Knockout, score
from samenwerking.sensitivity import flip_points, rank_acceptability
from samenwerking.situation import Situation

__all__ = [
    "Advice",
    "Contribution",
    "ExpressionError",
    "Knockout",
    "Location",
    "Problem",
    "RuleSet",
    "RuleSetError",
    "RuleSetInfo",
    "SamenwerkingError",
    "Situation",
    "SituationError",
    "WeightsError",
    "check_rows",
    "default_rules_path",
    "flip_points",
    "load_rules",
    "propose_network",
    "rank_acceptability",
    "score",
    "score_many",
]

__version__ = "0.1.0"
