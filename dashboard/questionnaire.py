"""The questionnaire's pages: a factor's questions each, then the conditions.

Layout and views both need the grouping (the layout to draw it, the views to count the
answers per group), so it lives here, apart from either.
"""

from __future__ import annotations

from dataclasses import dataclass

from samenwerking import RuleSet
from samenwerking.dashboard.texts import text
from samenwerking.rules.schema import Factor, Question

#: The group of the conditions (questions of kind 'context'), after the factors' groups.
CONTEXT_GROUP = "context"


@dataclass(frozen=True)
class QuestionGroup:
    """One page of the questionnaire: a factor's questions, or the conditions."""

    id: str
    factor: Factor | None
    questions: tuple[Question, ...]

    def label(self, lang: str) -> str:
        """The group's heading: the factor's label, or 'Voorwaarden en proces'."""
        return self.factor.label(lang) if self.factor else text("context_group", lang)

    def help(self, lang: str) -> str:
        """What the group asks about."""
        return self.factor.help(lang) if self.factor else text("context_group_help", lang)


def question_groups(rules: RuleSet) -> list[QuestionGroup]:
    """The factors that have questions, then the conditions, in the questionnaire's order."""
    groups = [
        QuestionGroup(f.id, f, tuple(q for q in rules.questions if q.factor == f.id))
        for f in rules.factors
    ]
    context = tuple(q for q in rules.questions if q.factor is None)
    groups.append(QuestionGroup(CONTEXT_GROUP, None, context))
    return [g for g in groups if g.questions]


def group_of(question: Question) -> str:
    """The id of the questionnaire group ``question`` is shown in."""
    return question.factor or CONTEXT_GROUP
