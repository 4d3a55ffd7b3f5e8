"""The shipped model served without spaCy (classify/inference.py, ADR 0016) gives spaCy's numbers."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from classify import artifact, dataset
from classify.features import hash_string
from classify.inference import TfidfInference, Unsupported
from classify.model import DEFAULT_MODEL_DIR, ModelClassifier, load_classifier, predict_proba
from classify.noise import ocr_noise
from classify.rules import RulesClassifier

REPO = Path(__file__).resolve().parents[2]


def _texts() -> list[str]:
    """Real-looking rows of both scripts, the same rows OCR-damaged, mixed lines and edge cases."""
    rows = dataset.handwritten_rows() + dataset.lexicon_rows(per_dept=4, seed=5, langs=("hi", "en"))
    with (REPO / "bench" / "data" / "no_data_classes.jsonl").open(encoding="utf-8") as fh:
        rows += [json.loads(line) for line in fh if line.strip()]
    texts = [r["text"] for r in rows]
    rng = random.Random(7)
    texts += [ocr_noise(t, 0.05, rng) for t in texts]
    texts += ["", " ", "12345", "PWD लो.नि.वि. sadak nirman", "मनरेगा MGNREGA job card जॉब कार्ड", "x" * 3000]
    return texts


@pytest.fixture(scope="module")
def spacy_model() -> tuple[object, dict]:
    return artifact.load(DEFAULT_MODEL_DIR)


def test_string_hash_is_spacys() -> None:
    from spacy.strings import hash_string as spacy_hash

    rng = random.Random(3)
    alphabet = [chr(c) for c in range(0x0900, 0x0980)] + list("abcxyz \x1f#") + ["😀", "\u200d"]
    words = ["", "a", "पटवारी", "l\x1frevenue", "x" * 500] + [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14))) for _ in range(3000)
    ]
    assert [hash_string(w) for w in words] == [spacy_hash(w) for w in words]


def test_probabilities_equal_spacys(spacy_model: tuple[object, dict]) -> None:
    nlp, _ = spacy_model
    inference = TfidfInference(DEFAULT_MODEL_DIR / artifact.PIPELINE)
    texts = _texts()
    ours = np.vstack([inference.predict(texts[i : i + 64]) for i in range(0, len(texts), 64)])
    order = [inference.labels.index(k) for k in nlp.get_pipe("textcat").labels]  # type: ignore[attr-defined]
    theirs = predict_proba(nlp, texts, batch_size=64)
    assert ours.shape == theirs.shape == (len(texts), 15)
    assert np.abs(ours[:, order] - theirs).max() < 1e-4
    assert (ours[:, order].argmax(axis=1) == theirs.argmax(axis=1)).all()
    assert inference.has_knn and inference.memory  # the neighbour memory took part
    # like spaCy: a batch of nothing but empty texts gives zeros; an empty text among others does not
    assert not inference.predict(["", ""]).any()
    assert inference.predict(["", "खसरा नामांतरण"])[0].sum() == pytest.approx(1.0, abs=1e-5)


def test_loaded_classifier_uses_it_and_agrees_with_spacy(spacy_model: tuple[object, dict]) -> None:
    nlp, manifest = spacy_model
    fast = load_classifier()
    assert isinstance(fast, ModelClassifier) and fast.inference is not None
    slow = ModelClassifier(nlp, manifest)
    texts = _texts()
    a, b = fast.classify_many(texts), slow.classify_many(texts)
    assert [c.department for c in a] == [c.department for c in b]
    assert max(abs(x.confidence - y.confidence) for x, y in zip(a, b, strict=True)) < 1e-3
    assert fast.explain(texts[0])[:3] == slow.explain(texts[0])[:3]
    assert fast.nlp is load_classifier().nlp  # the spaCy pipeline on demand, loaded once


def test_classifying_does_not_import_spacy() -> None:
    code = (
        "import sys\n"
        "from classify.model import load_classifier\n"
        "c = load_classifier()\n"
        "print(type(c).__name__, c.classify('हल्का पटवारी द्वारा खसरा का नामांतरण').department, 'spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["ModelClassifier", "revenue", "False"]


def test_other_pipelines_are_left_to_spacy(tmp_path: Path) -> None:
    bad = tmp_path / "m"
    shutil.copytree(DEFAULT_MODEL_DIR, bad)
    cfg = bad / artifact.PIPELINE / "config.cfg"
    cfg.write_text(cfg.read_text().replace('"sanchika.TextCatTfidf.v1"', '"sanchika.TextCatBOWNorm.v1"'))
    with pytest.raises(Unsupported):
        TfidfInference(bad / artifact.PIPELINE)
    assert artifact.load_inference(bad) is None


def test_corrupt_weights_fall_back_to_rules(tmp_path: Path) -> None:
    bad = tmp_path / "m"
    shutil.copytree(DEFAULT_MODEL_DIR, bad)
    model = bad / artifact.PIPELINE / "textcat" / "model"
    model.write_bytes(model.read_bytes()[:5000])
    with pytest.raises(Unsupported):
        TfidfInference(bad / artifact.PIPELINE)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        clf = load_classifier(bad)
    assert isinstance(clf, RulesClassifier)
    assert any("falling back" in str(w.message) for w in caught)
