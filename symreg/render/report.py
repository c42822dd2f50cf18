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
built. A report identical to one built by an earlier run (the same source
code, versions, format, names and notation) is taken whole from the cache and
written without building anything (:mod:`symreg.render._reportcache`); the
bytes are the same either way.

Nothing is left half-written: the target is checked before the work starts
(its directory exists and is writable, it is not a directory, and the figures
folder is not a file), the report and its figures are written to a temporary
folder next to the target and renamed into place at the end, and the temporary
folder is removed whatever happens. A place that cannot be written raises
:class:`~symreg.errors.RenderError` with one line saying why.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from symreg import printing
from symreg.errors import InvalidParameterError, RenderError

if TYPE_CHECKING:
    from symreg.catalogue._elsewhere import Building
    from symreg.render._reportcache import Kept
    from symreg.render.figures import FigureFormat

__all__ = ["EXTENSIONS", "IN_A_WORKER", "bibliography_name", "figure_directory",
           "write_report"]

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


def bibliography_name(path: Path) -> str:
    """The name (without ``.bib``) of the BibTeX file written next to a ``.tex`` report.

    >>> bibliography_name(Path("out/my report.tex"))
    'my_report-references'
    """
    return f"{_UNSAFE.sub('_', Path(path).stem) or 'report'}-references"


def _check_target(path: Path, figures: Path | None) -> None:
    """Refuse, before any work, a place the report cannot be written to."""
    parent = path.parent
    if not parent.is_dir():
        why = "is not a directory" if parent.exists() else "does not exist"
        raise RenderError(f"cannot write {path}: the directory {parent} {why}")
    if path.is_dir():
        raise RenderError(f"cannot write {path}: it is a directory")
    if figures is not None and figures.exists() and not figures.is_dir():
        raise RenderError(
            f"cannot write {path}: its figures go to {figures}, which is not a directory")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise RenderError(f"cannot write {path}: the directory {parent} is not writable")


def _install(staged: Path, target: Path) -> None:
    """Move the staged figures to the folder ``target``, replacing files of the same name.

    The ``.tex`` and ``.md`` reports of one stem share the folder (PDF and SVG figures).
    """
    if not target.is_dir():
        staged.rename(target)
        return
    for item in sorted(staged.iterdir()):
        os.replace(item, target / item.name)


def write_report(path: Path | str, *, md_flavor: str = "myst",
                 notation: Mapping[Any, str] | None = None, macros: bool = False) -> Path:
    """Write the report to ``path`` in the format its extension names; return the path.

    Args:
        path: the output file, ending in ``.tex``, ``.md`` or ``.pdf``, in an
            existing directory.
        md_flavor: the Markdown dialect of the math in a ``.md`` report:
            ``"myst"`` (``$``/``$$``) or ``"gfm"`` (GitHub's).
        notation: the reader's names for symbols, used in the math, the
            figures and the listings (see :func:`symreg.printing.notation`).
        macros: write ``\\abs``, ``\\sign`` and ``\\prox`` in the math of a
            ``.tex`` or ``.pdf`` report and define them in its preamble (see
            :func:`symreg.printing.macros`).

    Raises:
        InvalidParameterError: any other extension, an unknown Markdown flavor,
            or macros asked of a ``.md`` report (Markdown renderers do not
            read a preamble).
        VerificationError: a derivation or a reference implementation fails
            its check (nothing is written).
        RenderError: the PDF cannot be built (no pdflatex, a LaTeX error, an
            overfull box), or the report cannot be written where asked (a
            missing or unwritable directory, a directory in the way, a file
            where the figures folder goes); nothing is left behind.

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
    from symreg.render import markdown

    markdown.check_flavor(md_flavor)
    if not isinstance(macros, bool):
        raise InvalidParameterError(f"macros must be True or False, got {macros!r}")
    if macros and suffix == ".md":
        raise InvalidParameterError(
            f"cannot write {path.name!r} with macros: they are for a .tex or .pdf report")
    with printing.notation(notation):
        return _write(path, suffix, md_flavor, macros)


def _write(path: Path, suffix: str, md_flavor: str, macros: bool) -> Path:
    from symreg import _cache
    from symreg.render import _reportcache, pdf

    if suffix == ".pdf":
        pdf.require_pdflatex()
    directory = figure_directory(path)
    _check_target(path, None if suffix == ".pdf" else path.parent / directory)
    kind = suffix[1:]
    figure_dir = "figures" if kind == "pdf" else directory
    bibliography = {"pdf": "references", "tex": bibliography_name(path)}.get(kind, "")
    # An identical earlier report is taken whole from the cache (symreg.render._reportcache).
    parts = (_reportcache.report_key(kind, figure_dir=figure_dir, bibliography=bibliography,
                                     md_flavor=md_flavor if kind == "md" else "",
                                     macros=macros)
             if _cache.enabled() and _reportcache.genuine() else None)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    except OSError as exc:
        raise RenderError(f"cannot write {path}: {exc.strerror}") from None
    try:
        figures_dir = staging / figure_dir
        kept = _reportcache.load(parts, figures_dir) if parts is not None else None
        if kept is None:
            kept = _build(kind, figures_dir, figure_dir, bibliography, md_flavor, macros)
            if parts is not None:
                _reportcache.save(parts, kept, figures_dir)
        if kind == "pdf":
            bib = staging / "references.bib"
            bib.write_text(kept.bib, encoding="utf-8", newline="\n")
            return pdf.build_pdf(kept.source, path, assets={"figures": figures_dir,
                                                            "references.bib": bib})
        bib_target = None
        if kind == "tex":
            bib_target = (staging / f"{bibliography}.bib", path.parent / f"{bibliography}.bib")
            bib_target[0].write_text(kept.bib, encoding="utf-8", newline="\n")
        staged = staging / path.name
        staged.write_text(kept.source, encoding="utf-8", newline="\n")
        _install(staging / directory, path.parent / directory)
        if bib_target is not None:
            os.replace(*bib_target)
        os.replace(staged, path)
    except OSError as exc:
        raise RenderError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return path


#: The catalogue entries a report builds in a worker process while its own process derives
#: the figures' results and the other entries: those that share no derivation with the
#: figures (proxes, crossovers, descents are derived once, in the report's process). The
#: same worker then loads matplotlib and draws, so it takes what keeps the two processes
#: even: near-zero and the subdifferentials (with the Lp family, about 0.35 s, the
#: worker's part ended last; the subdifferentials also take the first use of limits).
IN_A_WORKER: tuple[str, ...] = ("near-zero", "subdifferential")


def _elsewhere() -> Building | None:
    """The entries of :data:`IN_A_WORKER` set building in a worker process, when that pays.

    It pays on more than one core, for the package's own catalogue (a caller that
    replaced it in this process builds with its own, here).
    """
    from symreg import catalogue
    from symreg.catalogue import _elsewhere, registry
    from symreg.render import _figworker, _reportcache

    own = (catalogue.derivations is registry.derivations and catalogue.get is registry.get
           and catalogue.names is registry.names)
    if not own or _figworker._cores() < 2 or not _reportcache.genuine():
        return None
    return _elsewhere.start(IN_A_WORKER)


def _build(kind: str, figures_dir: Path, figure_dir: str, bibliography: str,
           md_flavor: str, macros: bool) -> Kept:
    """Build the report of ``kind``: verify the catalogue, draw the figures, render the text.

    Returns the text, the bibliography and the figures drawn into ``figures_dir``.
    """
    from symreg import catalogue, prox
    from symreg.render import _figworker, _reportcache, document, markdown
    from symreg.render.layout import Later
    from symreg.render.listings import listings
    from symreg.render.references import bibtex

    fmt: FigureFormat = "svg" if kind == "md" else "pdf"
    # Entries that share no work with the figures are built in a worker meanwhile.
    elsewhere = _elsewhere()
    drawing = None
    try:
        # The figures are drawn in a worker process meanwhile, when that pays (_figworker).
        # After the entries, in the same worker: two processes, as many as the cores.
        drawing = _figworker.start(figures_dir, fmt,
                                   after=elsewhere.task if elsewhere is not None else None)
        # The catalogue's penalties are the package's own, whose derivations finish:
        # their proxes are derived here, not each in a worker of its own to be waited for.
        with prox.in_this_process():
            if elsewhere is not None:
                for name in catalogue.names():
                    if name not in IN_A_WORKER:
                        catalogue.get(name)
                elsewhere.adopt()
            derivations = tuple(d.verify() for d in catalogue.derivations())
            conventions = tuple(catalogue.conventions_table())
            checked = listings()
        # The text is rendered while the figures are being drawn: the document
        # reads them last, and only then waits for them.
        figures = Later(lambda: _figworker.finish(drawing, figures_dir, fmt))
        if kind == "md":
            source = markdown.document(
                derivations=derivations, conventions=conventions, listings=checked,
                figures=figures, figure_dir=figure_dir, flavor=md_flavor)
        else:
            source = document.document(
                derivations=derivations, conventions=conventions, listings=checked,
                figures=figures, figure_dir=figure_dir, bibliography=bibliography,
                macros=macros)
        drawn = tuple((f.name, f.file, f.caption) for f in figures)
    except BaseException:
        if drawing is not None:
            drawing.stop()
        if elsewhere is not None:
            elsewhere.stop()
        raise
    return _reportcache.Kept(source=source, bib=bibtex() if bibliography else "",
                             figures=drawn)
