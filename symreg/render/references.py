r"""The works the report cites, as BibTeX, and which result cites which.

A citation sits at the result it supports: the lasso and ridge at the MAP
theorem, soft thresholding and proximal operators at the proximal step,
subdifferentials at the subdifferential of the L1 penalty, the orthonormal-design
table of *The Elements of Statistical Learning* at the conventions table.
:func:`bibtex` writes the ``.bib`` file that the LaTeX report reads.

>>> [r.key for r in REFERENCES][:2]
['tibshirani1996lasso', 'hoerl1970ridge']
>>> CITATIONS["map"]
('tibshirani1996lasso', 'hoerl1970ridge', 'park2008bayesian')
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

__all__ = [
    "CITATIONS",
    "ELASTIC_NET_CITATION",
    "REFERENCES",
    "TABLE_CITATION",
    "Reference",
    "bibtex",
    "by_key",
    "plain",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Reference:
    """One cited work.

    Attributes:
        key: the BibTeX key.
        kind: the BibTeX entry type (``article``, ``book``).
        fields: the BibTeX fields, in the order they are written.
        short: how the Markdown report cites it, e.g. ``Tibshirani (1996)``.
    """

    key: str
    kind: str
    fields: tuple[tuple[str, str], ...]
    short: str

    def field(self, name: str) -> str:
        """The value of one field (empty if absent).

        >>> by_key("parikh2014proximal").field("year")
        '2014'
        """
        return dict(self.fields).get(name, "")


def _article(key: str, short: str, **fields: str) -> Reference:
    return Reference(key=key, kind="article", fields=tuple(fields.items()), short=short)


REFERENCES: tuple[Reference, ...] = (
    _article("tibshirani1996lasso", "Tibshirani (1996)",
             author="Tibshirani, Robert",
             title="Regression shrinkage and selection via the lasso",
             journal="Journal of the Royal Statistical Society: Series B (Methodological)",
             volume="58", number="1", pages="267--288", year="1996"),
    _article("hoerl1970ridge", "Hoerl and Kennard (1970)",
             author="Hoerl, Arthur E. and Kennard, Robert W.",
             title="Ridge regression: Biased estimation for nonorthogonal problems",
             journal="Technometrics", volume="12", number="1", pages="55--67", year="1970"),
    _article("zou2005elastic", "Zou and Hastie (2005)",
             author="Zou, Hui and Hastie, Trevor",
             title="Regularization and variable selection via the elastic net",
             journal="Journal of the Royal Statistical Society: Series B (Statistical "
                     "Methodology)",
             volume="67", number="2", pages="301--320", year="2005"),
    _article("donoho1994ideal", "Donoho and Johnstone (1994)",
             author="Donoho, David L. and Johnstone, Iain M.",
             title="Ideal spatial adaptation by wavelet shrinkage",
             journal="Biometrika", volume="81", number="3", pages="425--455", year="1994"),
    _article("park2008bayesian", "Park and Casella (2008)",
             author="Park, Trevor and Casella, George",
             title="The {B}ayesian lasso",
             journal="Journal of the American Statistical Association",
             volume="103", number="482", pages="681--686", year="2008"),
    Reference(key="hastie2009elements", kind="book", short="Hastie et al. (2009)",
              fields=(("author", "Hastie, Trevor and Tibshirani, Robert and Friedman, Jerome"),
                      ("title", "The Elements of Statistical Learning: Data Mining, "
                                "Inference, and Prediction"),
                      ("edition", "Second"), ("publisher", "Springer"),
                      ("address", "New York"), ("year", "2009"))),
    _article("parikh2014proximal", "Parikh and Boyd (2014)",
             author="Parikh, Neal and Boyd, Stephen",
             title="Proximal algorithms",
             journal="Foundations and Trends in Optimization",
             volume="1", number="3", pages="127--239", year="2014"),
    Reference(key="rockafellar1970convex", kind="book", short="Rockafellar (1970)",
              fields=(("author", "Rockafellar, R. Tyrrell"), ("title", "Convex Analysis"),
                      ("publisher", "Princeton University Press"),
                      ("address", "Princeton, NJ"), ("year", "1970"))),
)

_BY_KEY = MappingProxyType({r.key: r for r in REFERENCES})

#: The works each catalogue result draws on, by derivation name.
CITATIONS: MappingProxyType[str, tuple[str, ...]] = MappingProxyType({
    "subdifferential": ("rockafellar1970convex",),
    "prox": ("donoho1994ideal", "parikh2014proximal"),
    "descent": ("parikh2014proximal",),
    "map": ("tibshirani1996lasso", "hoerl1970ridge", "park2008bayesian"),
})

#: Where the conventions table comes from: the orthonormal-design table, Section 3.4.
TABLE_CITATION = ("hastie2009elements", "Section 3.4, Table 3.4")

#: The elastic net, cited where its implementation is listed.
ELASTIC_NET_CITATION = "zou2005elastic"


def by_key(key: str) -> Reference:
    """The reference with BibTeX key ``key``.

    >>> by_key("hoerl1970ridge").short
    'Hoerl and Kennard (1970)'
    """
    return _BY_KEY[key]


def plain(ref: Reference) -> str:
    """A reference as one line of plain text (for the Markdown report).

    >>> plain(by_key("donoho1994ideal"))[-45:]
    'wavelet shrinkage. Biometrika 81(3), 425-455.'
    >>> plain(by_key("rockafellar1970convex"))
    'Rockafellar, R. Tyrrell (1970). Convex Analysis. Princeton University Press.'
    """
    title = ref.field("title").replace("{", "").replace("}", "")
    head = f"{ref.field('author')} ({ref.field('year')}). {title}."
    if ref.kind == "book":
        return f"{head} {ref.field('publisher')}."
    issue = f"({ref.field('number')})" if ref.field("number") else ""
    pages = ref.field("pages").replace("--", "-")
    return f"{head} {ref.field('journal')} {ref.field('volume')}{issue}, {pages}."


def bibtex() -> str:
    """The ``.bib`` file of every reference, in a fixed order.

    >>> print(bibtex().splitlines()[0])
    @article{tibshirani1996lasso,
    """
    entries = []
    for ref in REFERENCES:
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in ref.fields)
        entries.append(f"@{ref.kind}{{{ref.key},\n{body}\n}}")
    return "\n\n".join(entries) + "\n"
