"""The one model (classify/textmodel.py): trained (classify/fit.py, classify/training.py), saved,
loaded and served through one numpy forward pass; older artifacts refused with a clear error."""

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
from classify.fit import loss_gradient
from classify.model import DEFAULT_MODEL_DIR, ModelClassifier, load_classifier
from classify.noise import ocr_noise
from classify.rules import RulesClassifier
from classify.taxonomy import KEYS
from classify.training import train
from domain.errors import DependencyError

REPO = Path(__file__).resolve().parents[2]
SMALL = {"epochs": 1, "length": 2**12, "idf_length": 2**12, "lexicon_per_dept": 2, "refit": False, "runs": 1,
         "glossary_rows": 0}


def _data(tmp_path: Path, seed: int = 11, per_dept: int = 6) -> tuple[Path, list[dict]]:
    rows = dataset.lexicon_rows(per_dept=per_dept, seed=seed, langs=("hi", "en"))
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps({**r, "id": f"k:{i}"}, ensure_ascii=False) + "\n" for i, r in enumerate(rows)),
                    encoding="utf-8")
    return data, rows


@pytest.fixture(scope="module")
def small_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data, _ = _data(tmp_path_factory.mktemp("tm"), seed=5, per_dept=10)
    out = data.parent / "m"
    train(data, out, epochs=2, length=2**12, idf_length=2**12, lexicon_per_dept=2)
    return out


def test_the_model_trains_saves_and_loads(small_model: Path) -> None:
    manifest = json.loads((small_model / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["features"] == artifact.FEATURES and manifest["format_version"] == artifact.FORMAT_VERSION
    assert manifest["refit_on_train_and_dev"] is True
    knn = manifest["knn"]  # chosen on dev: neighbour count, mixing weight, linear temperature
    assert knn["k"] in (3, 5, 10) and knn["weight"] in (0.0, 0.1, 0.2, 0.3) and knn["t_lin"] > 0
    assert sorted(p.name for p in small_model.iterdir()) == sorted([artifact.ARRAYS, artifact.MANIFEST])
    clf = load_classifier(small_model)
    assert isinstance(clf, ModelClassifier) and clf.model.opts.length == 2**12
    r = clf.classify("पटवारी खसरा नामांतरण तहसील")
    assert r.method == "model" and abs(sum(r.scores.values()) - 1.0) < 1e-3
    assert load_classifier(small_model).model is clf.model  # loaded once per process


def test_classifying_does_not_import_spacy() -> None:
    code = (
        "import sys\n"
        "from classify.model import load_classifier\n"
        "c = load_classifier()\n"
        "print(type(c).__name__, c.classify('हल्का पटवारी द्वारा खसरा का नामांतरण').department, 'spacy' in sys.modules,"
        " 'thinc' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["ModelClassifier", "revenue", "False", "False"]


def test_squared_hinge_and_cross_entropy_gradients_match_finite_differences() -> None:
    rng = np.random.default_rng(3)
    scores, gold = rng.normal(size=(4, 6)), np.array([0, 3, 5, 3])
    for loss in ("hinge2", "ce"):
        grad, value = loss_gradient(scores.copy(), gold, loss)
        eps, num = 1e-6, np.zeros_like(scores)
        for i in range(scores.shape[0]):
            for j in range(scores.shape[1]):
                up = scores.copy()
                up[i, j] += eps
                num[i, j] = (loss_gradient(up, gold, loss)[1] - value) / eps
        assert np.abs(grad - num).max() < 1e-4, loss


def test_the_time_box_counts_cpu_time_not_wall_clock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Other work on a shared machine makes the wall clock run ahead of this process's CPU time: the
    time box (``time_limit_s``) counts CPU seconds, so it still refits; CPU time past the box skips it."""
    import time as time_mod

    import classify.training

    data, _ = _data(tmp_path, seed=4, per_dept=4)
    opts = {**SMALL, "refit": True, "knn": False}
    real_wall = time_mod.perf_counter
    wall = iter(range(0, 10**9, 10**5))  # every reading of the wall clock 100,000 s later: a loaded machine
    monkeypatch.setattr(time_mod, "perf_counter", lambda: real_wall() + next(wall))
    got = classify.training.train(data, tmp_path / "loaded", **opts, time_limit_s=600.0)
    manifest = json.loads((tmp_path / "loaded" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["refit_on_train_and_dev"] is True and got["train_seconds"] > 600.0
    assert 0.0 < manifest["train_cpu_seconds"] < 600.0
    monkeypatch.setattr(time_mod, "perf_counter", real_wall)
    real_cpu = time_mod.process_time
    cpu = iter(range(0, 10**9, 10**5))  # every reading of the CPU clock 100,000 CPU-s later
    monkeypatch.setattr(time_mod, "process_time", lambda: real_cpu() + next(cpu))
    classify.training.train(data, tmp_path / "busy", **opts, time_limit_s=600.0)
    manifest = json.loads((tmp_path / "busy" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["refit_on_train_and_dev"] is False


def test_a_model_without_memory_trains_and_loads(tmp_path: Path) -> None:
    data, _ = _data(tmp_path, seed=3, per_dept=4)
    train(data, tmp_path / "m", **{**SMALL, "knn": False})
    manifest = json.loads((tmp_path / "m" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["knn"] is None and manifest["refit_on_train_and_dev"] is False and manifest["options"]["runs"] == 1
    clf = load_classifier(tmp_path / "m")
    assert isinstance(clf, ModelClassifier) and clf.model.memory is None
    assert abs(sum(clf.classify("पटवारी खसरा").scores.values()) - 1.0) < 1e-3


def test_an_older_model_is_refused_with_a_clear_error(small_model: Path, tmp_path: Path) -> None:
    """Format 1 (a spaCy pipeline folder), format 2 (with the Bloom filter and the lexicon blend),
    format 3 (with word bigrams) and format 4 (with the Devanagari skeleton block), whose options today's
    code no longer has, are older code's: ``dependency.model_outdated``."""
    old = tmp_path / "old"
    (old / "pipeline").mkdir(parents=True)
    (old / "manifest.json").write_text(json.dumps({"format_version": 1, "features": "text+tfidf-blocks+knn/v4",
                                                   "labels": list(KEYS)}), encoding="utf-8")
    with pytest.raises(DependencyError, match="retrain with `sanchika classify train`") as err:
        load_classifier(old)
    assert err.value.code == "dependency.model_outdated"
    two = tmp_path / "two"
    shutil.copytree(small_model, two)
    manifest = json.loads((two / "manifest.json").read_text(encoding="utf-8"))
    manifest["format_version"] = 2
    manifest["options"] = {**manifest["options"], "seen_filter": True}
    (two / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(DependencyError, match="retrain with `sanchika classify train`"):
        load_classifier(two)
    three = tmp_path / "three"  # what the code before the bigrams' removal wrote (and shipped)
    shutil.copytree(small_model, three)
    manifest = json.loads((three / "manifest.json").read_text(encoding="utf-8"))
    manifest.update(format_version=3, features="text+tfidf-blocks+knn/v5", options={**manifest["options"], "bigrams": True})
    (three / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(DependencyError, match="retrain with `sanchika classify train`") as err:
        load_classifier(three)
    assert err.value.code == "dependency.model_outdated" and "format_version 3" in str(err.value)
    four = tmp_path / "four"  # what the code before the skeletons' removal wrote (and shipped)
    shutil.copytree(small_model, four)
    manifest = json.loads((four / "manifest.json").read_text(encoding="utf-8"))
    manifest.update(format_version=4, features="text+tfidf-blocks+knn/v6",
                    options={**manifest["options"], "skel_lo": 2, "skel_hi": 4, "skel_scale": 0.5})
    (four / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(DependencyError, match="retrain with `sanchika classify train`") as err:
        load_classifier(four)
    assert err.value.code == "dependency.model_outdated" and "format_version 4" in str(err.value)
    from sanchika.retrain import _load, retrain  # `classify train` has no old model to score, and says why

    clf, notes = _load(old)
    assert clf is None and "retrain with" in notes[0]
    data, _ = _data(tmp_path, seed=6, per_dept=4)
    got = retrain(data, tmp_path / "new", old, [], **SMALL).to_json()
    assert json.loads(json.dumps(got)) == got and got["switched"] is True
    assert got["old"] is None and "retrain with" in got["warnings"][0]  # not {}: nothing to compare, and why
    assert got["new"] is None or set(got["new"]) >= {"macro_f1", "per_language"}
    assert {"data_sha256", "model_dir", "train_seconds", "train_cpu_seconds", "reason"} <= set(got)


def test_broken_models_fall_back_to_rules(small_model: Path, tmp_path: Path) -> None:
    for name, breakage in (("features", "features"), ("truncated", "truncated"), ("options", "options")):
        bad = tmp_path / name
        shutil.copytree(small_model, bad)
        manifest = json.loads((bad / "manifest.json").read_text(encoding="utf-8"))
        if breakage == "features":
            manifest["features"] = "something/else"
        elif breakage == "options":
            manifest["options"]["length"] = 2**13  # the arrays do not fit it
        else:
            arrays = bad / artifact.ARRAYS
            arrays.write_bytes(arrays.read_bytes()[:5000])
        (bad / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert isinstance(load_classifier(bad), RulesClassifier), name
        assert any("falling back" in str(w.message) for w in caught)


def test_a_manifest_lacking_an_option_is_read_with_its_default_only_where_that_is_how_it_was_trained(
        small_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A model saved before an option existed lacks it in its manifest: read with the option's
    default when that default reproduces how such models were trained (listed in
    classify.options.DEFAULT_WHEN_MISSING), the same model as before; refused as outdated
    (dependency.model_outdated, naming the option) when it is not listed, never read with a
    behaviour it was not trained for nor silently replaced by the rules."""
    older = tmp_path / "older"
    shutil.copytree(small_model, older)
    manifest = json.loads((older / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["options"].pop("time_limit_s") == 1200.0  # as if saved before the option was added
    (older / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(DependencyError, match="time_limit_s") as refused:
        load_classifier(older)
    assert refused.value.code == "dependency.model_outdated" and "retrain" in refused.value.message

    monkeypatch.setattr(artifact, "DEFAULT_WHEN_MISSING", frozenset({"time_limit_s"}))
    model, _ = artifact.load(older)
    same, _ = artifact.load(small_model)
    assert model.opts == same.opts
    texts = ["पटवारी द्वारा खसरा का नामांतरण", "school admission of the students", "टीकाकरण शिविर"]
    assert np.array_equal(model.proba(texts), same.proba(texts))
    assert isinstance(load_classifier(older), ModelClassifier)


def test_memory_blocks_go_with_the_model(tmp_path: Path) -> None:
    """``knn_blocks``: a memory of the words alone or with the character n-grams too; the blocks are
    saved with the model and change what damaged texts find."""
    data, rows = _data(tmp_path)
    texts = [r["text"] for r in rows[:40]] + [ocr_noise(r["text"], 0.1, random.Random(i)) for i, r in enumerate(rows[:40])]
    out = {}
    for name, blocks in (("words", (0, 2)), ("characters", (0, 1, 2))):
        # without the word repair, which would mend the damaged Hindi texts back to training texts
        train(data, tmp_path / name, **{**SMALL, "repair_words": False, "knn_blocks": blocks, "knn_weights": (0.5,)})
        model, manifest = artifact.load(tmp_path / name)
        assert manifest["knn"]["blocks"] == list(blocks) == model.knn["blocks"]
        out[name] = model.proba(texts)
    hindi = [i for i, r in enumerate(rows[:40] * 2) if r["lang"] == "hi"]
    assert hindi and np.abs(out["words"][hindi] - out["characters"][hindi]).max() > 1e-3


def test_word_repair_is_stored_and_read_after_training(tmp_path: Path) -> None:
    """``repair_words``: the known Devanagari words of the clean training texts go with the model; a
    damaged word is read as its known word; the weights are those of a model without the repair."""
    from classify.repair import WordRepair

    data, rows = _data(tmp_path)
    train(data, tmp_path / "m", **{**SMALL, "repair_words": True})
    model, manifest = artifact.load(tmp_path / "m")
    rep = model.repair
    assert rep is not None and "नामांतरण" in rep.known
    clean = rows + dataset.handwritten_rows() + dataset.lexicon_rows(2, seed=13)  # what training read, without noise
    assert set(rep.words) <= set(WordRepair.vocabulary([r["text"] for r in clean]))
    hindi = [r["text"] for r in rows if dataset.row_lang(r) == "hi"]
    damaged = [ocr_noise(t, 0.15, random.Random(i)) for i, t in enumerate(hindi[:40])]
    assert sum(rep.text(d) != d for d in damaged) >= 10
    word = next(w for w in rep.words if len(w) >= 6)
    broken = word[:2] + word[3:]  # a letter dropped
    assert rep.word(broken) in rep.known
    assert model.doc(broken + " xyz")[0].tolist() == model.doc(rep.word(broken) + " xyz")[0].tolist()
    clf = load_classifier(tmp_path / "m")
    assert clf.read_as(broken) == rep.word(broken) and clf.read_as(word) is None and clf.read_as("xyz") is None
    train(data, tmp_path / "off", **{**SMALL, "repair_words": False})
    off, _ = artifact.load(tmp_path / "off")
    assert off.repair is None and np.array_equal(model.W, off.W)


def test_removed_components_are_not_options(tmp_path: Path) -> None:
    """The Bloom filter, the lexicon blend and the Devanagari skeletons were removed (ADR 0005: none
    earned its place): asking for one is a usage error naming it."""
    from domain.errors import UsageError

    data, _ = _data(tmp_path, per_dept=2)
    for name, value in (("seen_filter", True), ("betas", [0.1]), ("skel_hi", 4)):
        with pytest.raises(UsageError, match=name):
            train(data, tmp_path / "m", **{name: value})


def test_unknown_options_are_a_usage_error(tmp_path: Path) -> None:
    from domain.errors import UsageError

    data, _ = _data(tmp_path, per_dept=2)
    with pytest.raises(UsageError, match="arch"):
        train(data, tmp_path / "m", arch="bow")


@pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "manifest.json").exists(), reason="no shipped model")
def test_the_shipped_model_is_todays_format() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        clf = load_classifier()
    assert isinstance(clf, ModelClassifier)
    assert clf.manifest["format_version"] == artifact.FORMAT_VERSION and clf.model.memory is not None
    assert clf.model.repair is not None


def test_options_have_one_set_of_defaults() -> None:
    from classify.options import DEFAULTS, Options
    from domain.errors import UsageError

    changed = Options.of(runs=1, knn_blocks=[0, 3])
    assert changed.runs == 1 and changed.knn_blocks == (0, 3) and changed.epochs == DEFAULTS.epochs
    assert Options.of(**changed.to_json()) == changed  # what a manifest stores reads back the same
    with pytest.raises(UsageError, match="bogus"):
        Options.of(bogus=1)
    with pytest.raises(UsageError):
        Options(loss="mse")
