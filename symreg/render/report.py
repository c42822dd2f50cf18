"""The report: the catalogue's derivations, conventions, figures and listings, in one file.

:func:`write_report` chooses the format from the file's extension:

``.tex``
    a complete LaTeX document; its PDF figures go to ``<stem>-figures/`` next
    to it and are referenced relatively;
``.md``
    Markdown with ``$$`` math; SVG figures in ``<stem>-figures/``;
``.pdf``
    the LaTeX document built with pdflatex (figures embedded).

Each derivation is verified before anything is written: a false step stops
the build with :class:`~symreg.errors.VerificationError` naming the step, and
so does a reference implementation that disagrees with its symbolic result.
The catalogue, matplotlib and latexify are imported only when a report is
written.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from symreg.errors import InvalidParameterError

__all__ = ["EXTENSIONS", "figure_directory", "write_report"]

#: The report formats, by file extension.
EXTENSIONS: tuple[str, ...] = (".tex", ".md", ".pdf")

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def figure_directory(path: Path) -> str:
    """The name of the directory, next to ``path``, that holds the report's figures.

    Characters LaTeX would trip over are replaced, so the name is safe in
    ``\\includegraphics`` and in a Markdown link.

    >>> figure_directory(Path("out/my report.tex"))
    'my_report-figures'
    """
    return f"{_UNSAFE.sub('_', Path(path).stem) or 'report'}-figures"


def write_report(path: Path | str) -> Path:
    """Write the report to ``path`` in the format its extension names; return the path.

    Args:
        path: the output file, ending in ``.tex``, ``.md`` or ``.pdf`` (its
            directory is created if needed).

    Raises:
        InvalidParameterError: any other extension.
        VerificationError: a derivation or a reference implementation fails
            its check (nothing is written).
        RenderError: the PDF cannot be built (no pdflatex, a LaTeX error, an
            overfull box).

    >>> try:
    ...     write_report("report.docx")
    ... except InvalidParameterError as exc:
    ...     print(exc)
    cannot write a report to 'report.docx': the extension must be .tex, .md or .pdf
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in EXTENSIONS:
        raise InvalidParameterError(
            f"cannot write a report to {path.name!r}: the extension must be "
            f"{', '.join(EXTENSIONS[:-1])} or {EXTENSIONS[-1]}"
        )
    from symreg import catalogue
    from symreg.render import document, markdown, pdf
    from symreg.render.figures import make_figures
    from symreg.render.listings import listings

    if suffix == ".pdf":
        pdf.require_pdflatex()
    derivations = tuple(d.verify() for d in catalogue.derivations())
    conventions = tuple(catalogue.conventions_table())
    checked = listings()
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".pdf":
        with tempfile.TemporaryDirectory(prefix="symreg-report-") as tmp:
            figures_dir = Path(tmp) / "figures"
            figures = make_figures(figures_dir, fmt="pdf")
            source = document.document(
                derivations=derivations, conventions=conventions, listings=checked,
                figures=figures, figure_dir="figures")
            return pdf.build_pdf(source, path, assets={"figures": figures_dir})
    directory = figure_directory(path)
    if suffix == ".tex":
        figures = make_figures(path.parent / directory, fmt="pdf")
        source = document.document(
            derivations=derivations, conventions=conventions, listings=checked,
            figures=figures, figure_dir=directory)
    else:
        figures = make_figures(path.parent / directory, fmt="svg")
        source = markdown.document(
            derivations=derivations, conventions=conventions, listings=checked,
            figures=figures, figure_dir=directory)
    path.write_text(source, encoding="utf-8", newline="\n")
    return path
