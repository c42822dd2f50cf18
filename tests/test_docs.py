"""The documentation: its examples run, and the site builds offline without warnings.

The hand-written pages under ``docs/`` follow three rules, checked here:

* ```` ```pycon ```` blocks are doctests: the blocks of one page run in order in
  one namespace, and their output must match what the page shows;
* ```` ```console ```` blocks are run when every command in them is ``symreg``
  (or ``echo $?``, which prints the previous exit code): their output must
  match; other shell blocks (``sh``) are only shown, never run;
* ```` ```python ```` blocks must at least compile.

The build test runs ``sphinx-build -W`` (warnings are errors) into a temporary
directory and checks that every catalogue entry has its page and that no page,
stylesheet or script loads anything from a network host.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
GENERATED = DOCS / "catalogue" / "generated"

_FENCE = re.compile(r"^(?P<fence>`{3,})(?P<lang>[\w-]*)[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$",
                    re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Block:
    """One fenced code block of a page: its language, text and first line (1-based)."""

    path: Path
    lang: str
    body: str
    line: int


def _pages() -> list[Path]:
    """The hand-written MyST pages (generated ones are checked by the build)."""
    return sorted(p for p in DOCS.rglob("*.md")
                  if "_build" not in p.parts and GENERATED not in p.parents)


def _blocks(path: Path, lang: str) -> list[Block]:
    text = path.read_text(encoding="utf-8")
    return [Block(path, m["lang"], m["body"], text.count("\n", 0, m.start("body")) + 1)
            for m in _FENCE.finditer(text) if m["lang"] == lang]


def _pages_with(lang: str) -> list[Path]:
    return [p for p in _pages() if _blocks(p, lang)]


def _id(path: Path) -> str:
    return str(path.relative_to(DOCS))


# ---------------------------------------------------------------------------
# examples on the pages


def test_pages_have_examples():
    """The guides show runnable examples; guard against the parser finding none."""
    assert _pages_with("pycon"), "no ```pycon blocks found under docs/"
    assert _pages_with("console"), "no ```console blocks found under docs/"


# Pages whose examples draw every figure or build whole documents: slow (see the
# marker), the others run in the edit loop.
_SLOW_PAGES = {"guides/papers.md"}


@pytest.mark.parametrize("page", [
    pytest.param(p, marks=[pytest.mark.slow] if _id(p) in _SLOW_PAGES else [])
    for p in _pages_with("pycon")], ids=_id)
def test_pycon_examples(page: Path):
    parser = doctest.DocTestParser()
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    runner = doctest.DocTestRunner(optionflags=flags)
    globs: dict[str, object] = {"__name__": "__docs__"}
    for block in _blocks(page, "pycon"):
        test = parser.get_doctest(block.body, globs, f"{_id(page)}:{block.line}",
                                  str(page), block.line - 1)
        test.globs = globs  # DocTest copies its globals; the page shares one namespace
        report = _Collector()
        runner.run(test, out=report, clear_globs=False)
        assert not runner.failures, f"{_id(page)}, block at line {block.line}:\n{report.text}"


class _Collector:
    """Collects doctest's report instead of printing it."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def __call__(self, text: str) -> None:
        self.parts.append(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)


@pytest.mark.parametrize("page", _pages_with("python"), ids=_id)
def test_python_blocks_compile(page: Path):
    for block in _blocks(page, "python"):
        compile(block.body, f"{_id(page)}:{block.line}", "exec")


def _commands(block: Block) -> list[tuple[str, list[str]]]:
    """``(command, expected output lines)`` pairs of a console block."""
    pairs: list[tuple[str, list[str]]] = []
    for line in block.body.splitlines():
        if line.startswith("$ "):
            pairs.append((line[2:], []))
        elif pairs:
            pairs[-1][1].append(line)
        else:
            raise AssertionError(f"{_id(block.path)}:{block.line}: output before a command")
    return pairs


def _runnable(block: Block) -> bool:
    return all(cmd.startswith("symreg ") or cmd == "echo $?" for cmd, _ in _commands(block))


def _console_blocks() -> list[Block]:
    return [b for p in _pages() for b in _blocks(p, "console") if _runnable(b)]


def _normal(lines: list[str] | str) -> str:
    text = lines if isinstance(lines, str) else "\n".join(lines)
    return "\n".join(" ".join(line.split()) for line in text.strip().splitlines())


def _run_symreg(argv: list[str], where: Path) -> tuple[int, str]:
    """Exit code and output (stdout, then stderr) of ``symreg ARGV`` run in ``where``.

    The command line's own entry point, :func:`symreg.cli.main`, runs in this
    process (``tests/test_cli.py`` starts the installed script itself); this
    keeps one SymPy import and one pool of checking workers for every example.
    """
    from symreg.cli import main

    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    os.chdir(where)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as stop:  # argparse refusing a command line
                code = stop.code if isinstance(stop.code, int) else 2
    finally:
        os.chdir(previous)
    return code, out.getvalue() + err.getvalue()


@pytest.mark.parametrize("block", _console_blocks(),
                         ids=lambda b: f"{_id(b.path)}:{b.line}")
def test_console_examples(block: Block, tmp_path: Path):
    """Each shown ``symreg`` command prints what the page says (whitespace-normalised).

    A block that shows no output for a command only checks that it succeeds. The
    commands run in a temporary directory, so files they write stay out of the tree.
    """
    last = 0
    for command, expected in _commands(block):
        if command == "echo $?":
            got = str(last)
        else:
            last, got = _run_symreg(shlex.split(command)[1:], tmp_path)
            if not expected:
                assert last == 0, f"{command!r} failed ({last}):\n{got}"
                continue
        assert _normal(got) == _normal(expected), (
            f"{_id(block.path)}:{block.line}: {command!r} printed\n{got}\nbut the page shows\n"
            + "\n".join(expected))


# ---------------------------------------------------------------------------
# the build

# Resource loads from a network host: scripts, images, frames, stylesheets,
# fonts and CSS imports. Plain hyperlinks (<a href="https://...">) are allowed.
_REMOTE_IN_HTML = (
    re.compile(r"""<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\ssrc\s*=\s*["']?"""
               r"""(?:https?:)?//""", re.IGNORECASE),
    re.compile(r"""<link\b[^>]*\shref\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE),
)
_REMOTE_IN_CSS = (
    re.compile(r"""@import\s+(?:url\()?\s*["']?(?:https?:)?//""", re.IGNORECASE),
    re.compile(r"""url\(\s*["']?(?:https?:)?//""", re.IGNORECASE),
)
_CDN_HOSTS = re.compile(r"fonts\.googleapis|fonts\.gstatic|cdn\.jsdelivr|cdnjs\.|unpkg\.com|"
                        r"polyfill\.io", re.IGNORECASE)
# MathJax's own bundle names CDN fallbacks that it uses only on Internet Explorer
# (wicked-good-xpath, sre-mathmaps-ie) or when asked for the "latest" version
# (latest.js, which nothing here loads); its speech data path is local
# ([mathjax]/sre/mathmaps). So that vendored tree is checked for what the pages
# load from it, not scanned for strings.
_VENDORED = ("_static/mathjax/",)


def _remote_loads(text: str, suffix: str) -> list[str]:
    """The resource loads from a network host in ``text`` (a file with ``suffix``)."""
    patterns = _REMOTE_IN_HTML if suffix == ".html" else ()
    patterns += _REMOTE_IN_CSS if suffix in {".css", ".html"} else ()
    found = [m.group(0) for pattern in patterns for m in pattern.finditer(text)]
    return found + [m.group(0) for m in _CDN_HOSTS.finditer(text)]


@pytest.mark.parametrize(("text", "suffix"), [
    ('<script src="https://cdn.example.org/mathjax.js"></script>', ".html"),
    ("<script defer src='//example.org/x.js'></script>", ".html"),
    ('<link rel="stylesheet" href="https://example.org/theme.css">', ".html"),
    ('<img alt="plot" src="http://example.org/plot.svg">', ".html"),
    ("@import url(https://fonts.googleapis.com/css?family=Lato);", ".css"),
    ("src: url('https://example.org/font.woff2') format('woff2');", ".css"),
    ('fetch("https://cdn.jsdelivr.net/npm/x")', ".js"),
])
def test_remote_loads_are_detected(text: str, suffix: str):
    assert _remote_loads(text, suffix)


@pytest.mark.parametrize(("text", "suffix"), [
    ('<a href="https://www.sphinx-doc.org/">Sphinx</a>', ".html"),
    ('<script src="../_static/mathjax/tex-chtml.js"></script>', ".html"),
    ('<link rel="stylesheet" href="_static/basic.css">', ".html"),
    ("/* see https://github.com/sphinx-doc/sphinx/commit/ef60dbf */", ".css"),
])
def test_local_resources_and_plain_links_are_allowed(text: str, suffix: str):
    assert not _remote_loads(text, suffix)


def _build(source: Path, outdir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    env.pop("SYMREG_DOCS_SKIP_GENERATE", None)
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         str(source), str(outdir)],
        capture_output=True, text=True, timeout=900, cwd=source, env=env, check=False)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built from a copy of ``docs/`` so that nothing is written into the tree."""
    source = tmp_path_factory.mktemp("docs") / "docs"
    shutil.copytree(DOCS, source, ignore=shutil.ignore_patterns("_build", "generated"))
    outdir = tmp_path_factory.mktemp("html")
    done = _build(source, outdir)
    assert done.returncode == 0, (
        f"sphinx-build -W failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    assert "WARNING" not in done.stderr, done.stderr
    return outdir


@pytest.mark.slow
def test_every_catalogue_entry_has_a_page(site: Path):
    from symreg import catalogue

    index = (site / "catalogue" / "index.html").read_text(encoding="utf-8")
    for name in catalogue.names():
        page = site / "catalogue" / "generated" / f"{name}.html"
        assert page.is_file(), f"no page for catalogue entry {name!r}"
        html = page.read_text(encoding="utf-8")
        assert catalogue.title(name).split(",")[0] in html
        assert "aligned" in html, f"the page of {name!r} shows no steps"
        assert f"generated/{name}.html" in index, f"{name!r} is not in the catalogue index"


@pytest.mark.slow
def test_figures_are_on_the_site(site: Path):
    from symreg.render.figures import make_figures

    figures = site / "catalogue" / "generated" / "figures.html"
    html = figures.read_text(encoding="utf-8")
    names = [f.file for f in make_figures(site / "_check", fmt="svg")]
    for name in names:
        assert (site / "_images" / name).is_file(), f"figure {name} was not copied"
        assert f"_images/{name}" in html, f"figure {name} is not on the figures page"


@pytest.mark.slow
def test_conventions_and_api_pages(site: Path):
    conventions = (site / "conventions.html").read_text(encoding="utf-8")
    assert "ridge strength from a Gaussian prior" in conventions
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    import symreg

    for name in symreg.__all__:
        if not name.startswith("_"):
            assert f">{name}<" in api, f"public name {name} missing from the API index"


def _documented(site: Path) -> set[str]:
    """Every object name in the site's inventory (objects.inv)."""
    from sphinx.util.inventory import InventoryFile

    with (site / "objects.inv").open("rb") as stream:
        inventory = InventoryFile.load(stream, "", lambda base, uri: uri)
    data = inventory.data if hasattr(inventory, "data") else inventory
    return {name for entries in data.values() for name in entries}


@pytest.mark.slow
def test_every_public_name_is_documented(site: Path):
    """Each name in the ``__all__`` of every public module has an API entry."""
    import importlib
    import pkgutil

    import symreg

    documented = _documented(site)
    missing = []
    for name in symreg.__all__:
        if not name.startswith("_"):
            where = getattr(symreg, name).__module__
            if f"{where}.{name}" not in documented:
                missing.append(f"symreg.{name} (defined in {where})")
    for info in pkgutil.walk_packages(symreg.__path__, "symreg."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        module = importlib.import_module(info.name)
        assert info.name in documented, f"module {info.name} has no API page"
        missing += [f"{info.name}.{n}" for n in getattr(module, "__all__", ())
                    if f"{info.name}.{n}" not in documented]
    assert not missing, "public names missing from the API reference:\n" + "\n".join(missing)


@pytest.mark.slow
def test_mathjax_is_served_locally(site: Path):
    script = site / "_static" / "mathjax" / "tex-chtml.js"
    assert script.is_file(), "MathJax was not copied into _static"
    assert (site / "_static" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").is_dir()
    page = (site / "catalogue" / "generated" / "prox.html").read_text(encoding="utf-8")
    assert re.search(r"""<script[^>]*src="[./]*_static/mathjax/tex-chtml\.js""", page), (
        "the catalogue page does not load the local MathJax")


@pytest.mark.slow
def test_no_resource_loads_from_the_network(site: Path):
    offenders: list[str] = []
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if not path.is_file() or path.suffix not in {".html", ".css", ".js"}:
            continue
        if relative.startswith(_VENDORED):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        offenders += [f"{relative}: {load!r}" for load in _remote_loads(text, path.suffix)]
    assert not offenders, "resources loaded from the network:\n" + "\n".join(offenders)
