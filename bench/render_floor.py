"""How fast can any Dash page show a ranking and one plotly chart here? The render floor.

Run: python bench/render_floor.py [--runs 7]

The dashboard's rendered-advice-page target is 1.0 s (headless Chromium, a fresh browser
context, the page opened directly with the answers in local storage). This script measures,
alternately and in the same minutes, two pages served by the same gunicorn recipe:

- **floor**: the least a Dash page can be for that view: the dashboard's own bundles (Dash 4,
  dash-bootstrap-components, the bootstrap CSS, the plotly.js finance bundle), one store, and
  one callback that answers the real ranking and trade-off chart (``dashboard.views``);
- **dashboard**: the real ``/advies`` page.

Both are timed the way ``bench/dashboard_load.py`` times the advice page: from navigation
until the first ranking row and the trade-off chart's SVG are there. If the floor alone is
near the target, the target measures the machine and the framework, not the page.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
from pathlib import Path
from typing import Any

import dashboard_load
from samenwerking import load_rules

BENCH = Path(__file__).resolve().parent


def floor_app() -> Any:
    """The WSGI app of the floor page (gunicorn ``render_floor:floor_app()``)."""
    import dash_bootstrap_components  # noqa: F401  (its bundle is on the page, as on ours)
    from dash import Dash, Input, Output, State, dcc, html

    from samenwerking.dashboard import views
    from samenwerking.dashboard.app import ASSETS, use_standard_json
    from samenwerking.dashboard.state import normalised

    rules = load_rules()
    use_standard_json()
    app = Dash(__name__, assets_folder=str(ASSETS), update_title=None)
    app.layout = html.Div(
        [
            dcc.Store(id="state-store", storage_type="local"),
            html.Div(id="ranking"),
            html.Div(id="tradeoff-box"),
        ]
    )

    @app.callback(
        Output("ranking", "children"),
        Output("tradeoff-box", "children"),
        Input("state-store", "modified_timestamp"),
        State("state-store", "data"),
    )
    def show(_written: Any, stored: Any) -> tuple[Any, Any]:
        advice = views.current_advice(rules, normalised(stored, rules))
        if advice is None:
            return "", None
        figure = views.tradeoff_view(rules, advice, "nl")
        return views.ranking_view(rules, advice, "nl"), views.chart("tradeoff-graph", figure)

    app.server.test_client().get("/")  # Dash's one-time set-up before serving (dash#3971)
    return app.server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    script = dashboard_load.returning_user_script()
    ports = {"floor": dashboard_load.free_port(), "dashboard": dashboard_load.free_port()}
    servers = [
        dashboard_load.start_gunicorn(ports["floor"], "render_floor:floor_app()", BENCH, "/"),
        dashboard_load.start_gunicorn(ports["dashboard"]),
    ]
    paths = {"floor": "/", "dashboard": "/advies"}
    times: dict[str, list[float]] = {"floor": [], "dashboard": []}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"), args=dashboard_load.CHROMIUM_ARGS
            )
            for _ in range(args.runs):
                for name in ("floor", "dashboard"):
                    url = f"http://{dashboard_load.HOST}:{ports[name]}{paths[name]}"
                    page, rendered = dashboard_load.open_advice_page(browser, url, script)
                    times[name].append(rendered)
                    page.context.close()
            browser.close()
    finally:
        for server in servers:
            server.terminate()
            server.wait()
    floor, real = (statistics.median(times[n]) for n in ("floor", "dashboard"))
    for name, values in times.items():
        print(
            f"{name}: median {statistics.median(values):.2f} s over {len(values)} "
            f"(min {min(values):.2f}, max {max(values):.2f}): "
            + ", ".join(f"{v:.2f}" for v in values)
        )
    print(f"dashboard / floor: {real / floor:.2f}; target for the dashboard <= 1.0 s")


if __name__ == "__main__":
    main()
