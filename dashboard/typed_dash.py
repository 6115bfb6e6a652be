"""Dash's untyped corners behind typed functions: the one place that meets its missing types.

Dash publishes types for its components but not for ``clientside_callback``, the download
helpers or ``get_relative_path``, and dash-bootstrap-components publishes none; calling them
from code checked by ``mypy --strict`` would need an ignore at every call. Each is given its
real signature here once, so the pages stay fully typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

from dash import ClientsideFunction, Dash, ctx
from dash.dcc import express

Download = dict[str, Any]

_send_bytes = cast(Callable[..., Download], express.send_bytes)
_send_string = cast(Callable[..., Download], express.send_string)


def send_bytes(content: bytes, filename: str) -> Download:
    """What a ``dcc.Download`` needs to save ``content`` as ``filename``."""
    return _send_bytes(content, filename)


def send_string(content: str, filename: str) -> Download:
    """What a ``dcc.Download`` needs to save the text ``content`` as ``filename``."""
    return _send_string(content, filename)


def clientside_callback(
    app: Dash, script: str | ClientsideFunction, *dependencies: Any, **options: Any
) -> None:
    """Register a callback that runs in the browser (``script`` is JavaScript)."""
    register = cast(Callable[..., None], app.clientside_callback)
    register(script, *dependencies, **options)


def relative_path(app: Dash, path: str) -> str:
    """``path`` under the prefix the app is served at (``/`` or a proxy's sub-path)."""
    relative = cast(Callable[[str], str], app.get_relative_path)
    return relative(path)


def dash_options(**values: Any) -> dict[str, Any]:
    """Options Dash accepts that its signature types otherwise (``update_title=None``)."""
    return values


def untyped_method(method: object) -> Callable[..., Any]:
    """A method of Dash's that publishes no types (``interpolate_index``), callable as such."""
    return cast(Callable[..., Any], method)


def html_attributes(values: Mapping[str, object]) -> dict[str, Any]:
    """Attributes whose names are no Python names (``aria-label``, ``data-*``) for ``**``.

    Dash's typed components accept them at run time but their signatures do not name them.
    """
    return dict(values)


def clicked() -> bool:
    """Whether the control that triggered was really clicked (not just rendered)."""
    triggered = cast(list[dict[str, Any]], ctx.triggered)
    return bool(triggered and triggered[0].get("value"))
