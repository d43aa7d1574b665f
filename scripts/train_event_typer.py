"""Train the protest/riot sub-type model shipped as ``src/sitroom/data/event_typer.npz``.

Trains ONLY on the ACLED Bangladesh training export (``shared/data/train/...``): event notes ->
sub-event type. The dev/ files are never read here. The result is deterministic (fixed solver,
no random state involved), so re-running rebuilds the same artefact.

    python scripts/train_event_typer.py [--train FILE] [--out FILE] [--cv]
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from sitroom.evaluation.paths import shared_path
from sitroom.extract._event_types import PROTEST_GROUP, model_tokens, tfidf_rows

DEFAULT_TRAIN = ("data", "train", "acled_bangladesh_2022-12_2024-08.csv")
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "src" / "sitroom" / "data" / "event_typer.npz"
MAX_FEATURES = 6000
MIN_DF = 3
C = 4.0


def load_notes(path: Path) -> tuple[list[str], list[str]]:
    """One (note, sub-event type) per ACLED event (the export has one row per actor)."""
    notes, labels, seen = [], [], set()
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["event_id_cnty"] in seen or row["sub_event_type"] not in PROTEST_GROUP:
                continue
            seen.add(row["event_id_cnty"])
            notes.append(row["notes"])
            labels.append(row["sub_event_type"])
    return notes, labels


def vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=model_tokens, sublinear_tf=True, min_df=MIN_DF,
                           max_features=MAX_FEATURES, dtype=np.float32)


def classifier() -> LogisticRegression:
    return LogisticRegression(C=C, class_weight="balanced", max_iter=2000, solver="lbfgs")


def cross_validate(notes: list[str], labels: list[str]) -> None:
    features = vectorizer().fit_transform(notes)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    predicted = cross_val_predict(classifier(), features, labels, cv=folds)
    print(f"5-fold CV on train: accuracy {accuracy_score(labels, predicted):.3f} "
          f"macro-F1 {f1_score(labels, predicted, average='macro'):.3f}")


def train(notes: list[str], labels: list[str], out: Path) -> None:
    vec = vectorizer()
    features = vec.fit_transform(notes)
    model = classifier().fit(features, labels)
    vocabulary = np.array(sorted(vec.vocabulary_, key=vec.vocabulary_.get))
    check = tfidf_rows(notes[:50], {w: i for i, w in enumerate(vocabulary)}, vec.idf_.astype(np.float32))
    assert np.allclose(check, features[:50].toarray(), atol=1e-5), "inference features differ from training"
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out, vocabulary=vocabulary, idf=vec.idf_.astype(np.float32),
        coef=model.coef_.astype(np.float32), intercept=model.intercept_.astype(np.float32),
        classes=np.array(model.classes_),
    )
    print(f"trained on {len(notes)} notes, {len(vocabulary)} features -> {out} ({out.stat().st_size} bytes)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--cv", action="store_true", help="also report 5-fold CV on the training set")
    args = parser.parse_args(argv)
    path = args.train or shared_path(*DEFAULT_TRAIN)
    if "dev" in path.parts:
        print("refusing to train on a dev/ file", file=sys.stderr)
        return 2
    notes, labels = load_notes(path)
    if args.cv:
        cross_validate(notes, labels)
    train(notes, labels, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
