"""Benchmark of the network proposal: propose_network + network_figure at 10 and 40 partners.

Run: python bench/network.py. Prints medians per form; target: under 50 ms at 40 partners.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from samenwerking import Situation, load_rules
from samenwerking.figures import network_figure
from samenwerking.network import propose_network

RULES_DIR = Path(__file__).resolve().parents[1] / "rules"
KINDS = (
    "municipality",
    "care",
    "welfare",
    "corporation",
    "police",
    "education",
    "tenants_association",
    "residents",
    "other",
)


def median_ms(action, repeat: int = 30) -> float:
    """Median wall time of ``action`` in milliseconds, after two warm-up runs."""
    for _ in range(2):
        action()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    rules = load_rules(RULES_DIR)
    situation = Situation.example(rules).replace(network_competencies=5, goal_consensus=4)
    print(f"{'form':<16}{'partners':>9}{'proposal ms':>13}{'+ figure ms':>13}")
    for count in (10, 40):
        partners = [(f"Partner {i}", KINDS[i % len(KINDS)]) for i in range(count)]
        for form in rules.form_ids:
            proposal_only = median_ms(
                lambda form=form, partners=partners: propose_network(
                    form, partners, situation, rules
                )
            )
            both = median_ms(
                lambda form=form, partners=partners: network_figure(
                    propose_network(form, partners, situation, rules), "nl"
                )
            )
            print(f"{form:<16}{count:>9}{proposal_only:>13.1f}{both:>13.1f}")


if __name__ == "__main__":
    main()
