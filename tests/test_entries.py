"""One model and one set of checks for everything a director enters."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from samenwerking.entries import Entries, entry_problems, repair_entries

from strategies import RULES

JSON = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
QUESTIONS = [q.id for q in RULES.questions]


@settings(max_examples=200, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "own": JSON,
            "answers": st.dictionaries(st.sampled_from(QUESTIONS) | st.text(max_size=8), JSON),
            "partners": st.lists(
                st.fixed_dictionaries(
                    {"name": JSON, "kind": st.sampled_from(["care", "welfare", "x"]) | JSON}
                )
                | JSON,
                max_size=5,
            ),
            "weights": st.dictionaries(st.sampled_from(list(RULES.theme_ids)) | st.text(), JSON),
            "scenarios": st.dictionaries(st.text(max_size=8), JSON, max_size=3),
        },
    )
    | JSON
)
def test_repair_never_fails_and_what_it_keeps_passes_every_check(data) -> None:
    entries, _ = repair_entries(data, RULES)
    assert isinstance(entries, Entries)
    assert entry_problems(entries.model_dump(mode="json", exclude_defaults=True), RULES) == []


def test_each_problem_names_field_value_and_reason_in_both_languages() -> None:
    problems = entry_problems(
        {
            "own": "#eigen",
            "answers": {"tr_rely": 9, "count_dwellings": 1e12, "onbekend": 3},
            "partners": [{"name": "Zorg", "kind": "zorg"}, {"name": "x" * 130, "kind": "care"}],
            "weights": {"autonomy": -1, "legitimacy": 1},
        },
        RULES,
    )
    found = {p.field: p for p in problems}
    assert set(found) == {
        "own",
        "answers.tr_rely",
        "answers.count_dwellings",
        "answers.onbekend",
        "partners.1.kind",
        "partners.2.name",
        "weights.autonomy",
        "weights.legitimacy",
    }
    dwellings = found["answers.count_dwellings"]
    assert dwellings.value == "1000000000000.0"
    assert dwellings.message("nl") == (
        "het antwoord op 'Hoeveel verhuureenheden heeft uw corporatie?' valt buiten wat mogelijk is"
    )
    assert dwellings.message("en").startswith("the answer to 'How many rental units")
    assert (
        found["partners.1.kind"]
        .message("nl")
        .startswith(
            "de regelset kent de soort partner 'zorg' niet (wel: corporation, municipality, care"
        )
    )
