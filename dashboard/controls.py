"""Controls the pages share, built one way: the row of action buttons under a panel.

A module of its own because both the layout and the session page use it, and the layout
imports the session page.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc


def action_button(label: str, button_id: str, color: str = "secondary") -> dbc.Button:
    """A button in a row of actions: spaced from the next, counting clicks from 0."""
    return dbc.Button(label, id=button_id, color=color, className="me-2 mb-2", n_clicks=0)
