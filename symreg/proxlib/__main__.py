"""``python -m symreg.proxlib DIRECTORY``: write the catalogue's documentation pages."""

from __future__ import annotations

import sys

from symreg.proxlib import write_pages

if __name__ == "__main__":  # pragma: no cover - a command
    names = write_pages(sys.argv[1] if len(sys.argv) > 1 else "docs/catalogue/prox")
    sys.stdout.write(f"wrote {len(names)} pages: {', '.join(names)}\n")
