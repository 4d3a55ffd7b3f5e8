"""Model features, OCR-noise simulation, explanations, confusion matrix, model selection by settings
and the worker's classifier (loaded once per process, rules fallback on a bad model)."""

from __future__ import annotations

import json
import random
import shutil
import warnings
from pathlib import Path

import pytest

from classify.metrics import confusion
from classify.model import DEFAULT_MODEL_DIR, ModelClassifier, load_classifier
from classify.noise import ocr_noise
from classify.rules import RulesClassifier

SHIPPED = pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "manifest.json").exists(), reason="no shipped model")


def test_ocr_noise_is_deterministic_and_damages_about_rate() -> None:
    text = "महिला एवं बाल विकास विभाग द्वारा आंगनवाड़ी केंद्रों का निरीक्षण " * 20
    a = ocr_noise(text, 0.03, random.Random(1))
    assert a == ocr_noise(text, 0.03, random.Random(1)) and a != text
    assert 0.9 * len(text) < len(a) <= len(text) + 20
    assert ocr_noise(text, 0.0, random.Random(1)) == text


def test_confusion_matrix() -> None:
    m = confusion(["a", "a", "b", "x"], ["a", "b", "b", "unknown"])
    assert m["labels"] == ["a", "b", "x", "unknown"]
    assert m["matrix"][0] == [1, 1, 0, 0] and m["matrix"][2] == [0, 0, 0, 1]


@SHIPPED
def test_explain_names_the_driving_words() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        clf = load_classifier()
    assert isinstance(clf, ModelClassifier)
    text = "हल्का पटवारी द्वारा खसरा नंबर 112 का नामांतरण एवं सीमांकन"
    r = clf.classify(text)
    assert r.department == "revenue"
    words = [w for w, _ in clf.explain(text)]
    assert words and {"खसरा", "नामांतरण", "पटवारी", "सीमांकन"} & set(words[:4])
    assert clf.explain("") == []


def test_settings_pick_the_trained_model(tmp_path: Path) -> None:
    from sanchika.settings import Settings

    s = Settings(home=tmp_path)
    assert s.classifier_model_dir() is None and s.worker_config().model_dir is None
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "manifest.json").write_text("{}")
    assert s.classifier_model_dir() == (tmp_path / "model").resolve()
    assert s.worker_config().model_dir == (tmp_path / "model").resolve()
    assert Settings(home=tmp_path, model_dir=tmp_path / "x").classifier_model_dir() == (tmp_path / "x").resolve()


@SHIPPED
def test_worker_loads_once_and_falls_back_on_mismatch(tmp_path: Path) -> None:
    from workers.config import WorkerConfig
    from workers.context import WorkerContext

    ctx = WorkerContext(WorkerConfig(database_url="sqlite://", store=None, model_dir=None))  # type: ignore[arg-type]
    assert ctx.classifier is ctx.classifier and isinstance(ctx.classifier, ModelClassifier)
    assert ctx.classifier.model is load_classifier().model  # type: ignore[attr-defined]

    bad = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL_DIR, bad)
    manifest = json.loads((bad / "manifest.json").read_text(encoding="utf-8"))
    manifest["format_version"] = 99
    (bad / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    ctx = WorkerContext(WorkerConfig(database_url="sqlite://", store=None, model_dir=bad))  # type: ignore[arg-type]
    with pytest.warns(RuntimeWarning, match="falling back"):
        clf = ctx.classifier
    assert isinstance(clf, RulesClassifier)
    assert clf.classify("पटवारी द्वारा खसरा का नामांतरण").department == "revenue"
    (bad / "manifest.json").write_text("{corrupt", encoding="utf-8")
    with pytest.warns(RuntimeWarning):
        assert isinstance(load_classifier(bad), RulesClassifier)
