"""Analyse a synthetic portfolio of 300 housing corporations with samenwerking.

Run: python examples/portfolio.py [--out examples/output]

Writes to the output folder:
- portfolio.csv             the 300 situations with their scores, ranks and top form
- advised_forms.html        the distribution of advised forms
- drivers.html              which factors drive each advised form (mean factor value per form)
- firmness.html             how firm each advice is (share of sampled weightings agreeing)
- example_acceptability.html, example_flips.html   the sensitivity of one corporation
and prints a short summary. The portfolio is synthetic: factors are drawn with plausible
correlations (small corporations carry a heavier administrative burden, cross-sector
problems come with more diverse partners), seeded so every run is the same.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from samenwerking import load_rules
from samenwerking.batch import score_many
from samenwerking.figures import acceptability_figure, flip_figure
from samenwerking.sensitivity import flip_points, rank_acceptability

HERE = Path(__file__).resolve().parent


def synthetic_portfolio(n: int = 300, seed: int = 2026) -> pd.DataFrame:
    """``n`` plausible corporations: sizes log-normal, factors on 1-5 with some correlation."""
    rng = np.random.default_rng(seed)

    def scale(mean: np.ndarray | float, sd: float = 0.8) -> np.ndarray:
        return np.clip(np.round(rng.normal(mean, sd, n) * 4) / 4, 1, 5)

    dwellings = np.clip(np.round(rng.lognormal(np.log(3000), 0.8, n)), 300, 60000).astype(int)
    small = dwellings < 2500
    complexity = scale(3.0, 1.0)
    partners = np.clip(rng.poisson(2 + complexity * 1.5), 0, 40)
    # Fewer of the partners are corporations as the task spans more sectors.
    corporations = np.minimum(partners, rng.binomial(partners, np.clip(1.2 - complexity / 4, 0, 1)))
    partner_dwellings = np.where(
        corporations > 0,
        np.round(corporations * rng.lognormal(np.log(2500), 0.7, n)),
        0,
    ).astype(int)
    return pd.DataFrame(
        {
            "corporation": [f"Corporatie {i + 1:03d}" for i in range(n)],
            "administrative_burden": scale(np.where(small, 4.0, 2.8)),
            "social_complexity": complexity,
            "required_autonomy": scale(np.where(small, 3.4, 2.8)),
            "financial_pressure": scale(3.0),
            "partner_diversity": scale(1.5 + 0.5 * complexity),
            "trust": scale(3.2),
            "goal_consensus": scale(3.0),
            "network_competencies": scale(2.0 + 0.3 * complexity),
            "partner_count": partners,
            "partner_corporations": corporations,
            "partner_dwellings": np.minimum(partner_dwellings, 400_000),
            "failed_talks": scale(2.2),
            "tenant_value": scale(3.8, 0.7),
            "urgency": scale(3.0),
            "dwellings": dwellings,
            # Small corporations more often cannot carry their task alone (AEF 2012).
            "continuity_risk": scale(np.where(small, 3.0, 2.0)),
            "client_path": scale(1.5 + 0.4 * complexity),
            "neighbourhood_focus": scale(2.8),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "output")
    parser.add_argument("--lang", choices=["nl", "en"], default="en")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rules = load_rules()
    lang = args.lang
    portfolio = synthetic_portfolio()
    results = score_many(portfolio, rules)
    table = pd.concat([portfolio, results], axis=1)
    table.to_csv(args.out / "portfolio.csv", index=False)

    labels = {f: rules.label("form", f, lang) for f in rules.form_ids}
    counts = results["top"].value_counts().reindex(rules.form_ids, fill_value=0)
    figure = go.Figure(
        go.Bar(
            x=[labels[f] for f in counts.index],
            y=counts.to_numpy(),
            marker_color="#332288",
            text=counts.to_numpy(),
        )
    )
    figure.update_layout(title=f"Advised form for {len(table)} corporations", plot_bgcolor="white")
    figure.write_html(args.out / "advised_forms.html", include_plotlyjs="directory")

    # Drivers: mean of each factor (scaled to 0-1 over its range) among corporations per form.
    factors = [f for f in rules.factors]
    scaled = pd.DataFrame(
        {f.id: (table[f.id] - f.minimum) / (f.maximum - f.minimum) for f in factors}
    )
    if "dwellings" in scaled:
        scaled["dwellings"] = np.log(table["dwellings"]) / np.log(100_000)
    means = scaled.groupby(table["top"], observed=True).mean().reindex(rules.form_ids)
    drivers = go.Figure(
        go.Heatmap(
            z=means.to_numpy(),
            x=[f.label(lang) for f in factors],
            y=[labels[f] for f in means.index],
            colorscale="Cividis",
            zmin=0,
            zmax=1,
            colorbar={"title": "mean (0-1)"},
        )
    )
    drivers.update_layout(title="What drives each advised form (mean factor, 0 = min, 1 = max)")
    drivers.write_html(args.out / "drivers.html", include_plotlyjs="directory")

    # Firmness: for each corporation, the share of sampled weightings that keep its top form.
    agreement = []
    for index, row in portfolio.iterrows():
        situation = row[list(rules.factor_ids)].to_dict()
        acceptability = rank_acceptability(situation, rules, n=2000, spread=0.5, seed=index)
        agreement.append(acceptability.first[results.loc[index, "top"]])
    table["firmness"] = agreement
    firmness = go.Figure(go.Histogram(x=table["firmness"], nbinsx=20, marker_color="#117733"))
    firmness.update_layout(
        title="How firm is each advice? (share of sampled weightings that keep the top form)",
        xaxis_title="firmness",
        bargap=0.05,
        plot_bgcolor="white",
    )
    firmness.write_html(args.out / "firmness.html", include_plotlyjs="directory")
    table.to_csv(args.out / "portfolio.csv", index=False)

    shaky = table.sort_values("firmness").iloc[0]
    situation = shaky[list(rules.factor_ids)].to_dict()
    acceptability_figure(rank_acceptability(situation, rules, spread=0.5), rules, lang).write_html(
        args.out / "example_acceptability.html", include_plotlyjs="directory"
    )
    flip_figure(flip_points(situation, rules), rules, shaky["top"], lang).write_html(
        args.out / "example_flips.html", include_plotlyjs="directory"
    )

    print(f"{len(table)} corporations scored with {rules.info}")
    for form, count in counts.items():
        print(f"  {labels[form]:<24}{count:>4}  ({count / len(table):.0%})")
    print(
        f"median firmness {table['firmness'].median():.2f}; "
        f"{(table['firmness'] < 0.6).sum()} corporations below 0.6"
    )
    print(
        f"least firm: {shaky['corporation']} ({labels[shaky['top']]}, "
        f"firmness {shaky['firmness']:.2f})"
    )
    print(f"figures and table written to {args.out}")


if __name__ == "__main__":
    main()
