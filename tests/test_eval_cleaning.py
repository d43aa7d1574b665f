import pytest

from sitroom.evaluation import cleaning
from sitroom.evaluation.cleaning import TokenScore, expected_text, macro_average, token_prf


@pytest.fixture(autouse=True)
def no_date_inference(monkeypatch):
    import sitroom.clean._published as published
    monkeypatch.setattr(published, "infer_published", lambda body: published.PublishedGuess(None, "test stub"))


def test_perfect_answer_scores_one():
    assert token_prf("Six soldiers were wounded.", "six soldiers were wounded") == TokenScore(1.0, 1.0, 1.0)


def test_empty_answer_scores_zero():
    assert token_prf("", "six soldiers were wounded") == TokenScore(0.0, 0.0, 0.0)


def test_partial_answer_precision_and_recall():
    s = token_prf("six soldiers share this", "six soldiers were wounded")
    assert s.precision == pytest.approx(0.5)
    assert s.recall == pytest.approx(0.5)
    assert s.f1 == pytest.approx(0.5)


def test_macro_average_weights_pages_equally():
    avg = macro_average([TokenScore(1.0, 1.0, 1.0), TokenScore(0.0, 0.0, 0.0)])
    assert avg == TokenScore(0.5, 0.5, 0.5)
    assert macro_average([]) == TokenScore(0.0, 0.0, 0.0)


def test_expected_text_separates_blocks():
    text = expected_text("<div><p>First para.</p><p>Second para.</p></div>")
    assert "First para." in text and "Second para." in text
    assert "para.Second" not in text


PAGE = """<html><head><title>Clashes Resume Near the Border</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Clashes Resume Near the Border</h1>
<p>Fighting resumed near the border on Tuesday, the defence ministry said in a statement issued late in the evening.</p>
<p>Three soldiers were wounded in the shelling, and two villages lost power for several hours, officials added.</p>
<p>Talks between the two sides are expected to continue next week in the capital, according to diplomats.</p>
</article><footer>Copyright 2020 Example News. All rights reserved.</footer></body></html>"""
EXPECTED = """<div><p>Fighting resumed near the border on Tuesday, the defence ministry said in a statement issued late in the evening.</p>
<p>Three soldiers were wounded in the shelling, and two villages lost power for several hours, officials added.</p>
<p>Talks between the two sides are expected to continue next week in the capital, according to diplomats.</p></div>"""


def test_score_on_a_folder_of_pages(tmp_path):
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "source.html").write_text(PAGE, encoding="utf-8")
        (tmp_path / name / "expected.html").write_text(EXPECTED, encoding="utf-8")
    result = cleaning.score(tmp_path)
    assert result.n == 2
    assert set(result.as_dict()) >= {"precision", "recall", "f1", "trafilatura_f1", "n"}
    assert result.metrics["f1"] > 0.9
    assert result.metrics["rejected"] == 0


@pytest.mark.slow  # cleans all 62 Readability pages twice
def test_score_on_readability_pages_is_not_worse_than_trafilatura(shared):
    if not (shared / "data" / "dev" / "html").is_dir():
        pytest.skip("no dev/html pages")
    result = cleaning.score()
    assert result.n == 62
    assert result.metrics["f1"] >= result.metrics["trafilatura_f1"]
    assert result.metrics["f1"] > 0.9
