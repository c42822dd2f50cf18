"""``python -m symreg``: the command line."""

from symreg.cli import run

run()
