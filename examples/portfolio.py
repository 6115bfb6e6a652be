"""Analyse a synthetic portfolio of 300 housing corporations with samenwerking.

Run: python examples/portfolio.py [--out examples/output] [--lang en]

Writes to the output folder:
- portfolio.csv    the 300 situations with their scores, ranks, top form and firmness
- portfolio.html   one self-contained report to send (plotly.js inline once): the advised
                   forms, what drives them, how firm each advice is, what three policy
                   scenarios would change, and the least firm corporation in detail
and prints a short summary, in Dutch unless ``--lang en``. The portfolio is synthetic:
factors are drawn with plausible correlations (small corporations carry a heavier
administrative burden, cross-sector problems come with more diverse partners), seeded so
every run is the same.
"""

from __future__ import annotations

import argparse
import html
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from samenwerking import (
    ScenarioClippedWarning,
    flip_points,
    load_rules,
    rank_acceptability,
    score_many,
    what_if,
)
from samenwerking.figures import acceptability_figure, flip_figure, form_colours
from samenwerking.numbers import format_share
from samenwerking.translations import say

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


#: Policy scenarios for the what-if section: shifts are clipped to each factor's range.
SCENARIOS = {
    "lastendruk +1": {"administrative_burden": 1},
    "budgetkrimp": {"financial_pressure": {"set": 5}},
    "meer vertrouwen": {"trust": 1, "goal_consensus": 1},
}


def log_position(values: pd.Series, low: float, high: float) -> pd.Series:
    """Where counts stand between ``low`` and ``high`` on a log scale (0-1).

    3, 30 and 300 partners are equal steps, as a director reads them, instead of one dark
    column where a linear scale over 0-200 puts every real count near 0.
    """
    return np.log1p(values - low) / np.log1p(high - low)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "output")
    parser.add_argument("--lang", choices=["nl", "en"], default="nl")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rules = load_rules()
    lang = args.lang

    def t(key: str, **values: object) -> str:
        return say(f"portfolio_example.{key}", lang, **values)

    portfolio = synthetic_portfolio().set_index("corporation")
    results = score_many(portfolio, rules)
    table = pd.concat([portfolio, results], axis=1)
    labels = {f: rules.label("form", f, lang) for f in rules.form_ids}
    colours = form_colours(rules)

    counts = results["top"].value_counts().reindex(rules.form_ids, fill_value=0)
    advised = go.Figure(
        go.Bar(
            x=[labels[f] for f in counts.index],
            y=counts.to_numpy(),
            marker_color=[colours[f] for f in counts.index],
            text=counts.to_numpy(),
            name=t("corporations"),
        )
    )
    advised.update_layout(
        title=t("advised_title", count=len(table)),
        yaxis={"type": "log", "title": t("count_log")},
        plot_bgcolor="white",
    )

    # Drivers: where each factor stands (0 = its minimum, 1 = its maximum) among the
    # corporations advised each form; counts on a log scale.
    scaled = pd.DataFrame(
        {
            f.id: log_position(table[f.id], f.minimum, f.maximum)
            if f.integer
            else (table[f.id] - f.minimum) / (f.maximum - f.minimum)
            for f in rules.factors
        }
    )
    means = scaled.groupby(table["top"], observed=True).mean().reindex(rules.form_ids)
    drivers = go.Figure(
        go.Heatmap(
            z=means.to_numpy(),
            x=[f.label(lang) for f in rules.factors],
            y=[labels[f] for f in means.index],
            colorscale="Cividis",
            zmin=0,
            zmax=1,
            colorbar={"title": t("drivers_scale")},
        )
    )
    drivers.update_layout(title=t("drivers_title"))

    # Firmness: per corporation, the share of sampled weightings that keep its top form,
    # for the whole portfolio at once.
    shares = rank_acceptability(portfolio, rules, n=2000, spread=0.5, seed=1)
    first = shares[shares["rank"] == 1].set_index(["corporation", "form"])["share"]
    table["firmness"] = [
        first[(name, top)] for name, top in zip(table.index, table["top"], strict=True)
    ]
    firmness = go.Figure(
        go.Histogram(x=table["firmness"], nbinsx=20, marker_color="#117733", name=t("corporations"))
    )
    firmness.update_layout(
        title=t("firmness_title"),
        xaxis={"title": t("firmness_axis"), "tickformat": ".0%"},
        yaxis={"title": t("corporations")},
        bargap=0.05,
        plot_bgcolor="white",
    )

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ScenarioClippedWarning)  # said in the chart's note
        scenarios = what_if(portfolio, SCENARIOS, n=1000, seed=1, rules=rules)
    tops = scenarios[scenarios["top"]].groupby(["scenario", "form"], observed=False).size()
    what_if_figure = go.Figure(
        [
            go.Bar(
                name=labels[form],
                x=list(tops.index.levels[0]),
                y=[tops.get((scenario, form), 0) for scenario in tops.index.levels[0]],
                marker_color=colours[form],
            )
            for form in rules.form_ids
        ]
    )
    what_if_figure.update_layout(
        title=t("what_if_title"),
        barmode="stack",
        yaxis={"title": t("corporations")},
        legend={"title": t("advised_form")},
        plot_bgcolor="white",
    )

    shaky_name = table["firmness"].idxmin()
    shaky = table.loc[shaky_name]
    situation = shaky[list(rules.factor_ids)].to_dict()
    example = acceptability_figure(rank_acceptability(situation, rules, spread=0.5), rules, lang)
    example.update_layout(
        title=t("example_acceptability_title", name=shaky_name, form=labels[shaky["top"]]),
        legend={"title": t("rank_legend")},
        margin={"t": 60},
    )
    flips = flip_figure(flip_points(situation, rules), rules, shaky["top"], lang)
    for key, colour, symbol in (
        ("legend_now", "#332288", "circle"),
        ("legend_flip", "#CC6677", "diamond"),
        ("legend_no_flip", "#999999", "circle"),
    ):  # legend entries only: the chart's own traces are one per factor
        flips.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=t(key),
            marker={"color": colour, "symbol": symbol, "size": 10},
        )
    flips.update_layout(
        title=t("example_flips_title", name=shaky_name, form=labels[shaky["top"]]),
        margin={"t": 60},
        showlegend=True,
        legend={"orientation": "h", "y": -0.08},
    )

    sections = [advised, drivers, firmness, what_if_figure, example, flips]
    body = "".join(
        figure.to_html(full_html=False, include_plotlyjs=(i == 0))
        for i, figure in enumerate(sections)
    )
    title, intro = html.escape(t("report_title")), html.escape(t("report_intro", rules=rules.info))
    report = (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body><h1>{title}</h1><p>{intro}</p>{body}</body></html>"
    )
    (args.out / "portfolio.html").write_text(report, encoding="utf-8")
    table.reset_index().to_csv(args.out / "portfolio.csv", index=False)

    print(t("summary_scored", count=len(table), rules=str(rules.info)))
    for form, count in counts.items():
        print(f"  {labels[form]:<24}{count:>4}  ({format_share(count / len(table), lang, 0)})")
    print(
        t(
            "summary_firmness",
            median=format_share(table["firmness"].median(), lang, 0),
            below=int((table["firmness"] < 0.6).sum()),
        )
    )
    print(
        t(
            "summary_least_firm",
            name=shaky_name,
            form=labels[shaky["top"]],
            firmness=format_share(shaky["firmness"], lang, 0),
        )
    )
    print(t("summary_written", folder=args.out))


if __name__ == "__main__":
    main()
