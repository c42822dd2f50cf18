"""Tests of symreg.render.references: the cited works, and where each is cited."""

from __future__ import annotations

import re

import pytest

from symreg import catalogue
from symreg.render import references as rf
from symreg.render.document import definitions

# author surname and year of each work the report must cite
_REQUIRED = {
    ("Tibshirani", "1996"), ("Hoerl", "1970"), ("Zou", "2005"), ("Donoho", "1994"),
    ("Park", "2008"), ("Hastie", "2009"), ("Parikh", "2014"), ("Rockafellar", "1970"),
}


def test_every_required_work_is_there():
    found = {(r.field("author").split(",")[0], r.field("year")) for r in rf.REFERENCES}
    assert found == _REQUIRED


def test_every_work_is_cited_somewhere_and_every_citation_exists():
    cited = {key for keys in rf.CITATIONS.values() for key in keys}
    cited |= {rf.TABLE_CITATION[0], rf.ELASTIC_NET_CITATION}
    cited |= {key for _, _, keys in definitions() for key in keys}
    assert cited == {r.key for r in rf.REFERENCES}
    assert set(rf.CITATIONS) <= set(catalogue.names())


def test_the_bibtex_file_has_one_well_formed_entry_per_work():
    bib = rf.bibtex()
    entries = re.findall(r"^@(article|book)\{([^,]+),\n(.*?)\n\}$", bib, re.MULTILINE | re.DOTALL)
    assert [key for _, key, _ in entries] == [r.key for r in rf.REFERENCES]
    for kind, _, body in entries:
        names = re.findall(r"^  (\w+) = \{", body, re.MULTILINE)
        needed = {"author", "title", "year"} | (
            {"journal", "volume", "pages"} if kind == "article" else {"publisher"})
        assert needed <= set(names)
    assert bib.count("{") == bib.count("}")


@pytest.mark.parametrize("ref", rf.REFERENCES, ids=lambda r: r.key)
def test_plain_text_names_author_year_and_title(ref):
    line = rf.plain(ref)
    assert line.startswith(f"{ref.field('author')} ({ref.field('year')}). ")
    assert "{" not in line
    assert "--" not in line


def test_an_unknown_key_is_a_key_error():
    with pytest.raises(KeyError, match=r"^'nobody2020'$"):
        rf.by_key("nobody2020")
