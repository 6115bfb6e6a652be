"""The samenwerking dashboard: a thin Dash layer over the ``samenwerking`` library.

Build it with :func:`dashboard.app.build_app`; serve it with ``samenwerking dashboard`` or, in
production, ``gunicorn dashboard.wsgi:server``.
"""
