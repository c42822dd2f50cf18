"""PDF build: pdflatex without shell escape, in a temporary directory, reproducibly.

:func:`build_pdf` writes the source and its assets to a fresh temporary
directory, runs ``pdflatex -no-shell-escape -halt-on-error
-interaction=nonstopmode`` as few times as the cross references need
(a pass is repeated only when BibTeX ran or the log asks for it), refuses a result
with an overfull box wider than :data:`OVERFULL_LIMIT_PT`, and copies the PDF
out. ``SOURCE_DATE_EPOCH`` is fixed so that the PDF is byte-identical from run
to run (together with ``\\pdfinfoomitdate`` and ``\\pdftrailerid{}`` in the
preamble of :func:`symreg.render.document.document`).

Examples
--------
>>> isinstance(have_pdflatex(), bool)
True
>>> overfull_boxes("Overfull \\\\hbox (12.5pt too wide) detected at line 7")
(OverfullBox(kind='hbox', points=12.5, where='detected at line 7', line=7),)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from symreg.errors import RenderError

__all__ = [
    "DEBIAN_PACKAGES",
    "MAX_PASSES",
    "OVERFULL_LIMIT_PT",
    "OverfullBox",
    "build_pdf",
    "have_pdflatex",
    "overfull_boxes",
    "require_pdflatex",
]

#: The Debian packages that provide everything the report needs.
DEBIAN_PACKAGES = (
    "texlive-latex-base",
    "texlive-latex-recommended",
    "texlive-fonts-recommended",
    "lmodern",
)

#: Overfull boxes up to this many points are tolerated (hardly visible).
OVERFULL_LIMIT_PT = 10.0

#: The most pdflatex passes a build may take to settle its cross references.
MAX_PASSES = 4

# A fixed date (2024-01-01T00:00:00Z) for everything TeX would take from the clock.
_SOURCE_DATE_EPOCH = "1704067200"
_TIMEOUT_S = 180
_JOB = "report"
# What a log says when another pass would change the output (LaTeX's labels,
# hyperref's outlines and page labels, longtable's column widths).
_RERUN = re.compile(r"Rerun to get|Label\(s\) may have changed|Rerun LaTeX|Please rerun LaTeX")
# The lines of the .aux file that BibTeX reads.
_BIB_INPUTS = re.compile(r"^\\(?:citation|bibdata|bibstyle)\{.*$", re.MULTILINE)
_UNDEFINED = re.compile(r"(?:Reference|Citation) `([^']*)' on page \d+ undefined")
_OVERFULL = re.compile(
    r"^Overfull \\([hv]box) \((\d+(?:\.\d+)?)pt too (?:wide|high)\) (.*?)$", re.MULTILINE
)
_LINE = re.compile(r"lines? (\d+)")


@dataclass(frozen=True, slots=True, kw_only=True)
class OverfullBox:
    """An overfull box reported in a pdflatex log.

    Attributes:
        kind: ``"hbox"`` or ``"vbox"``.
        points: by how much it is too wide (or too high), in pt.
        where: the log's description of its place (``"in paragraph at lines 3--4"``).
        line: the first source line it names, or None.
    """

    kind: str
    points: float
    where: str
    line: int | None


def have_pdflatex() -> bool:
    """Whether ``pdflatex`` is on ``PATH``.

    >>> have_pdflatex() in (True, False)
    True
    """
    return shutil.which("pdflatex") is not None


def require_pdflatex() -> str:
    """The path of ``pdflatex``, or a :class:`~symreg.errors.RenderError` naming what to install.

    >>> import os
    >>> path = os.environ.get("PATH", "")
    >>> os.environ["PATH"] = ""
    >>> try:
    ...     require_pdflatex()
    ... except RenderError as exc:
    ...     print(str(exc).split(";")[0])
    ... finally:
    ...     os.environ["PATH"] = path
    pdflatex was not found on PATH, so no PDF can be built
    """
    found = shutil.which("pdflatex")
    if found is None:
        packages = " ".join(DEBIAN_PACKAGES)
        raise RenderError(
            f"pdflatex was not found on PATH, so no PDF can be built; install it with "
            f"'apt-get install {packages}', or write the report as .tex or .md"
        )
    return found


def overfull_boxes(log: str) -> tuple[OverfullBox, ...]:
    r"""The overfull boxes a pdflatex log reports, in order.

    >>> log = "Overfull \\hbox (3.1pt too wide) in paragraph at lines 12--13"
    >>> overfull_boxes(log)[0].line
    12
    """
    found = []
    for match in _OVERFULL.finditer(log):
        line = _LINE.search(match.group(3))
        found.append(OverfullBox(
            kind=match.group(1),
            points=float(match.group(2)),
            where=match.group(3).strip(),
            line=int(line.group(1)) if line else None,
        ))
    return tuple(found)


def _copy_assets(assets: Mapping[str, Path] | Path | None, workdir: Path) -> None:
    if assets is None:
        return
    if isinstance(assets, Path | str):
        source = Path(assets)
        if not source.is_dir():
            raise RenderError(f"asset directory {source} does not exist")
        shutil.copytree(source, workdir / source.name)
        return
    for name, source in sorted(assets.items()):
        target = workdir / name
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise RenderError(f"asset name {name!r} must be a relative path inside the build")
        source = Path(source)
        if source.is_dir():
            shutil.copytree(source, target)
        elif source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        else:
            raise RenderError(f"asset {name!r} not found at {source}")


def _first_error(log: str) -> str:
    lines = log.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("!") or re.match(r"^[^:\s]+:\d+: ", line):
            context = [line.strip()]
            context += [ln.strip() for ln in lines[index + 1:index + 4]
                        if ln.strip().startswith("l.")]
            return " ".join(context)
    tail = [ln for ln in lines if ln.strip()][-3:]
    return " ".join(ln.strip() for ln in tail) or "no log was written"


def _run(pdflatex: str, workdir: Path, tex_name: str, env: Mapping[str, str]) -> str:
    command = [pdflatex, "-no-shell-escape", "-halt-on-error", "-interaction=nonstopmode",
               "-file-line-error", f"-jobname={_JOB}", tex_name]
    try:
        done = subprocess.run(command, cwd=workdir, env=dict(env), capture_output=True,
                              stdin=subprocess.DEVNULL, timeout=_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as exc:
        raise RenderError(f"pdflatex did not finish within {_TIMEOUT_S} s") from exc
    log_path = workdir / f"{_JOB}.log"
    log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
    if done.returncode != 0:
        raise RenderError(f"pdflatex failed: {_first_error(log)}")
    return log


def _bib_inputs(workdir: Path) -> tuple[str, ...]:
    """What BibTeX would read from the job's .aux file (citations, database, style)."""
    aux = workdir / f"{_JOB}.aux"
    if not aux.exists():
        return ()
    return tuple(_BIB_INPUTS.findall(aux.read_text(encoding="utf-8", errors="replace")))


def _bibtex(workdir: Path, env: Mapping[str, str]) -> bool:
    """Run BibTeX when the job asks for a bibliography; return whether it ran."""
    if not any(line.startswith("\\bibdata{") for line in _bib_inputs(workdir)):
        return False
    bibtex = shutil.which("bibtex")
    if bibtex is None:
        raise RenderError("the report cites its sources, which needs bibtex: install it with "
                          "'apt-get install texlive-binaries' (it comes with TeX Live)")
    try:
        done = subprocess.run([bibtex, _JOB], cwd=workdir, env=dict(env), capture_output=True,
                              stdin=subprocess.DEVNULL, timeout=_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as exc:
        raise RenderError(f"bibtex did not finish within {_TIMEOUT_S} s") from exc
    blg = workdir / f"{_JOB}.blg"
    messages = blg.read_text(encoding="utf-8", errors="replace") if blg.exists() else ""
    problem = re.search(r"^(?:Warning--|I couldn't|.*---line \d+ of file).*$", messages,
                        re.MULTILINE)
    if done.returncode != 0 or problem:
        raise RenderError(f"bibtex failed: {problem.group(0) if problem else 'no log'}")
    return True


def _passes(pdflatex: str, workdir: Path, tex_name: str, env: Mapping[str, str]) -> str:
    """Run pdflatex (and BibTeX) as few times as the output needs; return the last log.

    As latexmk does: after a pass, run BibTeX when what it reads from the .aux
    file changed since it last ran, and pass again only when BibTeX ran or the
    log asks for it. A document without cross references takes one pass.
    """
    read_by_bibtex: tuple[str, ...] | None = None
    for _ in range(MAX_PASSES):
        log = _run(pdflatex, workdir, tex_name, env)
        wanted = _bib_inputs(workdir)
        ran = wanted != read_by_bibtex and _bibtex(workdir, env)
        read_by_bibtex = wanted
        if not ran and not _RERUN.search(log):
            return log
    raise RenderError(f"the cross references did not settle after {MAX_PASSES} pdflatex passes")


def _source_line(tex_source: str, number: int | None) -> str:
    lines = tex_source.splitlines()
    if number is None or not 1 <= number <= len(lines):
        return ""
    line = lines[number - 1].strip()
    return line if len(line) <= 80 else line[:77] + "..."


def build_pdf(
    tex_source: str,
    out: Path,
    *,
    assets: Mapping[str, Path] | Path | None = None,
    overfull_limit: float = OVERFULL_LIMIT_PT,
) -> Path:
    r"""Compile ``tex_source`` to the PDF file ``out`` and return ``out``.

    Args:
        tex_source: a complete LaTeX document.
        out: where to write the PDF (its directory is created).
        assets: files the document includes: a mapping from the name used in
            the source (a relative path) to the file or directory to copy
            there, or one directory, copied under its own name.
        overfull_limit: the widest overfull box tolerated, in pt.

    Returns:
        ``out``.

    Raises:
        RenderError: no pdflatex on ``PATH`` (naming the Debian packages to
            install), a LaTeX error (with the first error of the log), or an
            overfull box wider than ``overfull_limit`` (naming it and its line).

    >>> from pathlib import Path
    >>> import tempfile
    >>> if have_pdflatex():  # doctest: +SKIP
    ...     with tempfile.TemporaryDirectory() as tmp:
    ...         src = "\\documentclass{article}\\begin{document}Hi\\end{document}"
    ...         build_pdf(src, Path(tmp) / "hi.pdf").stat().st_size > 0
    True
    """
    pdflatex = require_pdflatex()
    env = dict(os.environ)
    env.update(SOURCE_DATE_EPOCH=_SOURCE_DATE_EPOCH, FORCE_SOURCE_DATE="1", TZ="UTC")
    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="symreg-pdf-") as tmp:
        workdir = Path(tmp)
        _copy_assets(assets, workdir)
        tex_name = f"{_JOB}.tex"
        (workdir / tex_name).write_text(tex_source, encoding="utf-8", newline="\n")
        log = _passes(pdflatex, workdir, tex_name, env)
        undefined = _UNDEFINED.search(log)
        if undefined:
            raise RenderError(f"undefined reference {undefined.group(1)!r} in the document")
        too_wide = [box for box in overfull_boxes(log) if box.points > overfull_limit]
        if too_wide:
            box = too_wide[0]
            source = _source_line(tex_source, box.line)
            more = f" (and {len(too_wide) - 1} more)" if len(too_wide) > 1 else ""
            raise RenderError(
                f"overfull \\{box.kind} ({box.points:g}pt too "
                f"{'wide' if box.kind == 'hbox' else 'high'}) {box.where}"
                + (f": {source}" if source else "") + more
            )
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            # Copied next to ``out`` and renamed, so that ``out`` is whole or untouched.
            partial = out.parent / f".{out.name}.{os.getpid()}.partial"
            try:
                shutil.copyfile(workdir / f"{_JOB}.pdf", partial)
                os.replace(partial, out)
            finally:
                if os.path.exists(partial):
                    os.unlink(partial)
        except OSError as exc:
            raise RenderError(f"cannot write {out}: {exc.strerror or exc}") from None
    return out
