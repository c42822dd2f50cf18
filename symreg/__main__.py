"""``python -m symreg``: the command line."""

import sys

from symreg.cli import main

sys.exit(main())
