"""Cleaning scorer: boilerplate removal on real article pages.

Data: ``dev/html/<page>/{source.html, expected.html}`` under the shared data folder (Mozilla
Readability test pages; ``expected.html`` is the curated article body), or any folder of that layout
given as ``path``. For each page, sitroom's cleaned body (``clean_document`` on ``source.html``) and
trafilatura alone (``trafilatura.extract`` with its default settings) are compared with the text of
``expected.html`` as bags of word tokens (``\\w+``, casefolded).

Scores are **macro-averaged**: precision, recall and F1 are computed per page and then averaged over
pages, so every page counts the same whatever its length. A page whose extraction fails scores 0.
Keys: ``precision``, ``recall``, ``f1`` (sitroom), ``trafilatura_precision``, ``trafilatura_recall``,
``trafilatura_f1`` (baseline), ``rejected`` (pages sitroom rejected), ``n`` (pages scored).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sitroom.clean import clean_document
from sitroom.core import RawDocument, Rejection
from sitroom.evaluation.paths import shared_path
from sitroom.evaluation.score import Score


@dataclass(frozen=True)
class TokenScore:
    precision: float
    recall: float
    f1: float


def tokens(text: str) -> list[str]:
    return re.findall(r"\w+", (text or "").casefold())


def token_prf(got: str, want: str) -> TokenScore:
    """Bag-of-tokens precision, recall and F1 of ``got`` against ``want`` (all 0 when nothing overlaps)."""
    g, w = Counter(tokens(got)), Counter(tokens(want))
    common = sum((g & w).values())
    if not common:
        return TokenScore(0.0, 0.0, 0.0)
    p, r = common / sum(g.values()), common / sum(w.values())
    return TokenScore(p, r, 2 * p * r / (p + r))


def macro_average(scores: list[TokenScore]) -> TokenScore:
    if not scores:
        return TokenScore(0.0, 0.0, 0.0)
    n = len(scores)
    return TokenScore(sum(s.precision for s in scores) / n, sum(s.recall for s in scores) / n,
                      sum(s.f1 for s in scores) / n)


def expected_text(html: str) -> str:
    """The visible text of an expected-output HTML fragment, one block a line."""
    import lxml.html

    if not html.strip():
        return ""
    root = lxml.html.fromstring(html)
    for block in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "blockquote"):
        block.tail = "\n" + (block.tail or "")
    return root.text_content()


def sitroom_text(html: str, source: str) -> str | None:
    article = clean_document(RawDocument(source=source, kind="html", html=html))
    return None if isinstance(article, Rejection) else article.body


def trafilatura_text(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


def page_dirs(root: Path) -> list[Path]:
    return sorted(d for d in root.iterdir() if (d / "source.html").is_file() and (d / "expected.html").is_file())


def score(path: Path | None = None, limit: int | None = None) -> Score:
    """Macro-averaged token P/R/F1 of sitroom's cleaned bodies and of trafilatura alone."""
    root = Path(path) if path else shared_path("data", "dev", "html")
    pages = page_dirs(root)[:limit] if limit else page_dirs(root)
    ours, baseline, rejected = [], [], 0
    for page in pages:
        html = (page / "source.html").read_text(encoding="utf-8", errors="replace")
        want = expected_text((page / "expected.html").read_text(encoding="utf-8", errors="replace"))
        body = sitroom_text(html, str(page / "source.html"))
        rejected += body is None
        ours.append(token_prf(body or "", want))
        baseline.append(token_prf(trafilatura_text(html), want))
    mine, theirs = macro_average(ours), macro_average(baseline)
    return Score(metrics={"precision": mine.precision, "recall": mine.recall, "f1": mine.f1,
                          "trafilatura_precision": theirs.precision, "trafilatura_recall": theirs.recall,
                          "trafilatura_f1": theirs.f1, "rejected": float(rejected)}, n=len(pages))
