"""The samenwerking dashboard: a thin Dash layer over the ``samenwerking`` library.

Build it with :func:`samenwerking.dashboard.app.build_app`; serve it with ``samenwerking
dashboard`` or, in production, ``gunicorn samenwerking.dashboard.wsgi:server``. The code lives
in the repository's ``dashboard/`` folder and installs as ``samenwerking.dashboard``.
"""
