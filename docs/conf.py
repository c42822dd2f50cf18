"""Sphinx configuration of the symreg documentation.

Build with ``make docs`` (``sphinx-build -W --keep-going -b html docs docs/_build/html``).
The catalogue pages, the conventions table and the figures are generated from the
installed package at build time by the local extension ``_ext/symreg_pages.py``;
MathJax is served from the site itself (``sphinx-mathjax-offline``), so the built
pages load nothing from any network host.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

import symreg  # noqa: E402

project = "symreg"
author = "the symreg developers"
copyright = "the symreg developers"
release = symreg.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    # Ships MathJax 3 into _static/mathjax and points mathjax_path at it. The
    # distribution's import name is spelled with hyphens.
    "sphinx-mathjax-offline",
    "symreg_pages",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "**/*.inc.md", "Thumbs.db", ".DS_Store"]
templates_path: list[str] = []

# -- MyST --------------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

# -- MathJax (local copy; see sphinx-mathjax-offline) --------------------------
# Set here as well as by the extension, so that a change of extension order can
# never bring back the CDN default of sphinx.ext.mathjax.
mathjax_path = "mathjax/tex-chtml.js"

# -- autodoc / napoleon --------------------------------------------------------
autosummary_generate = False
autodoc_default_options = {
    "members": True,
    "member-order": "bysource",
    "show-inheritance": True,
}
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_preserve_defaults = True
# A subclass that only overrides a property (L1.expr) shows the class docstring,
# not the base's text again.
autodoc_inherit_docstrings = False
# Keep the sidebar to pages and sections; objects are listed on the pages.
toc_object_entries = False
napoleon_google_docstring = True
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_attr_annotations = True

# -- HTML ------------------------------------------------------------------------
html_theme = "alabaster"
html_static_path = ["_static"]
html_css_files = ["symreg.css"]
html_title = f"symreg {release}"
html_theme_options = {
    "description": "Machine-checked derivations about L1 and L2 regularization",
    "fixed_sidebar": True,
    "page_width": "1180px",
    "sidebar_width": "240px",
    "body_max_width": "none",
    # Local font stacks only: the site loads no web fonts.
    "font_family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    "head_font_family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    "code_font_family": "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace",
}
html_show_sourcelink = False
html_copy_source = False
