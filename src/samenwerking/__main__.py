"""``python -m samenwerking``: the same as the ``samenwerking`` command."""

from samenwerking.cli import main

main()
