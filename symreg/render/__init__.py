"""Renderers: LaTeX, Markdown, figures, code listings and the PDF build."""
