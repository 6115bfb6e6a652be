"""The dashboard's pages, one module each: its content (``build_*``) and its callbacks.

:data:`PAGE_MODULES` is the one list the app registers callbacks from
(``dashboard.callbacks.register_callbacks``); the frame (menu, language switch, the page
switch and the relay into the user's store) stays in ``dashboard.layout`` and
``dashboard.callbacks``.
"""

from __future__ import annotations

from types import ModuleType

from samenwerking.dashboard.pages import advice, assessment, network, scenarios, share, together

#: In menu order; each has ``PATH`` and ``register(app, rules)``.
PAGE_MODULES: tuple[ModuleType, ...] = (assessment, advice, network, scenarios, share, together)
