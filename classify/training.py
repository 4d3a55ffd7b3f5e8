"""Training the department model (docs/adr/0005-department-classifier.md).

    from classify.training import train
    train(Path(".../train.jsonl"), Path("out/"), epochs=3)   # -> metrics; writes out/ atomically

Two phases. (1) A *selection model* on the train part makes every choice on dev: the epoch count
(classify/fit.py), the neighbour memory's ``k``, weight and linear temperature ``t_lin``, and the
calibration temperature ``T``. (2) When the time box (``time_limit_s`` CPU seconds of the training
process, not wall-clock time) allows, the model is
trained again on train + dev with those choices and ships (``refit_on_train_and_dev``). Every score
goes through the model's one forward pass (:meth:`classify.textmodel.TextModel.proba`).
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from classify import artifact, dataset
from classify.fit import train_linear
from classify.metrics import evaluate, score
from classify.model import ModelClassifier, calibrated, fit_temperature
from classify.options import DEFAULTS, Options
from classify.taxonomy import KEYS
from classify.textmodel import Doc, TextModel
from domain.errors import UsageError

log = logging.getLogger(__name__)


def train(data_path: Path, out_dir: Path, corrections: Sequence[dict] = (), **options: Any) -> dict[str, Any]:
    """Train on ``data_path`` (JSON Lines) plus ``corrections`` rows ({"text", "department"}), write the
    artifact to ``out_dir`` atomically and return its metrics (dev and held-out "test" splits).
    ``options``: changes to the defaults of :class:`classify.options.Options`."""
    return run_training(Path(data_path), Path(out_dir), list(corrections), Options.of(**options))


@dataclass
class Selection:
    """Phase 1's model and the choices it made on dev."""

    model: TextModel
    best_epoch: int
    history: list[dict]
    knn: dict[str, Any] | None
    temperature: float
    dev_metrics: dict[str, Any] = field(default_factory=dict)


def run_training(data_path: Path, out_dir: Path, corrections: list[dict], opts: Options = DEFAULTS) -> dict[str, Any]:
    """Train with ``opts`` (:class:`classify.options.Options`), write the artifact to ``out_dir`` and
    return its metrics (see module doc)."""
    t0, cpu0 = time.perf_counter(), time.process_time()
    all_rows = dataset.load_rows(data_path)
    rows = dataset.check_rows(all_rows)
    if any(c not in dataset.check_rows([c]) for c in corrections):
        raise UsageError(f"correction(s) lack a text or a valid department key; valid: {KEYS}")
    parts = dataset.split_rows(rows)
    extra = dataset.handwritten_rows() + dataset.lexicon_rows(opts.lexicon_per_dept, seed=opts.seed + 13)
    train_rows = augment(parts["train"], extra, corrections, opts)
    dev_rows, test_rows = parts["dev"], parts["test"]
    if not train_rows or not dev_rows:
        raise UsageError(f"not enough labelled rows in {data_path} to train (train={len(train_rows)})")
    sel = select(train_rows, dev_rows, opts, cpu0 + opts.time_limit_s)
    model, refit_done = refit(sel, augment(parts["train"] + dev_rows, extra, corrections, opts) if opts.refit else [],
                              len(train_rows), cpu0, opts)
    train_seconds, train_cpu_seconds = time.perf_counter() - t0, time.process_time() - cpu0
    manifest: dict[str, Any] = {
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "training_data": data_path.name,
        "training_data_sha256": dataset.sha256_file(data_path),
        "training_rows": {
            "train": len(parts["train"]), "dev": len(dev_rows), "test": len(test_rows),
            "handwritten_and_lexicon": len(extra), "glossary": sum(r.get("source") == "glossary" for r in train_rows),
            "corrections": len(corrections), "augmented_total": len(train_rows),
            "skipped_invalid": len(all_rows) - len(rows),
        },
        "split": "sha256(id)[:8] % 100: <70 train, <85 dev, else test",
        "refit_on_train_and_dev": refit_done,
        "metrics_note": "dev: the selection model (trained on the train part only); test: the shipped model"
        + (" (refit on train + dev)" if refit_done else ""),
        "temperature": round(sel.temperature, 4),
        "options": opts.to_json(),
        "best_epoch": sel.best_epoch,
        "knn": sel.knn,
        "history": sel.history,
        "train_seconds": round(train_seconds, 1),
        "train_cpu_seconds": round(train_cpu_seconds, 1),
    }
    manifest["metrics"] = {"dev": sel.dev_metrics,
                           "test": evaluate(ModelClassifier(model, manifest, min_confidence=0.0), test_rows)}
    artifact.save(model, manifest, Path(out_dir))
    return {"train_seconds": round(train_seconds, 1), "train_cpu_seconds": round(train_cpu_seconds, 1),
            "temperature": manifest["temperature"],
            **manifest["metrics"]}


def augment(base: list[dict], extra: list[dict], corrections: Sequence[dict], opts: Options) -> list[dict]:
    """The training rows of ``base``: plus own sentences and lexicon rows (``extra``), glossary rows,
    corrections, and OCR-damaged copies of the rows of ``opts.noise_langs``."""
    out = base + extra + dataset.glossary_rows(base, opts.glossary_rows, seed=opts.seed + 17) + list(corrections)
    out += noisy_copies(out, opts.noise_copies, opts.noise_rate, random.Random(opts.seed + 2), opts.noise_langs)
    return out


def select(train_rows: list[dict], dev_rows: list[dict], opts: Options, t_end: float | None) -> Selection:
    """Phase 1: the selection model and its choices on dev (see module doc)."""
    model, best_epoch, history = fit(train_rows, opts.epochs, opts, dev_rows=dev_rows, t_end=t_end)
    gold_idx = np.array([KEYS.index(r["department"]) for r in dev_rows])
    dev_docs = [model.doc(r["text"]) for r in dev_rows]  # with the word repair, as served
    knn = choose_knn(model, train_rows, dev_rows, dev_docs, gold_idx, opts) if opts.knn else None
    temperature = calibrate(model, dev_rows, dev_docs)
    clf = ModelClassifier(model, {"temperature": temperature}, min_confidence=0.0)
    return Selection(model, best_epoch, history, knn, temperature, evaluate(clf, dev_rows))


def calibrate(model: TextModel, dev_rows: list[dict], dev_docs: Sequence[Doc]) -> float:
    """The temperature ``T`` that minimises the negative log-likelihood of the dev rows."""
    gold_idx = np.array([KEYS.index(r["department"]) for r in dev_rows])
    return fit_temperature(model.proba([], docs=dev_docs), gold_idx)


def refit(sel: Selection, refit_rows: list[dict], n_train: int, cpu0: float, opts: Options) -> tuple[TextModel, bool]:
    """Phase 2: the model trained again on train + dev (``refit_rows``) with phase 1's choices, when
    the time box allows it (:func:`refit_estimate`); else the selection model. ``cpu0``: this process's
    CPU time (``time.process_time()``) when training started; the box counts CPU seconds, so other work
    on a shared machine does not cut the training."""
    if not refit_rows:
        return sel.model, False
    used = time.process_time() - cpu0
    estimate = refit_estimate(used, len(sel.history), sel.best_epoch, opts.runs, len(refit_rows), n_train)
    if used + estimate >= opts.time_limit_s:
        log.warning("no time left to refit on train + dev (about %.0f CPU-s more, %.0f left of %.0f): "
                    "shipping the selection model", estimate, opts.time_limit_s - used, opts.time_limit_s)
        return sel.model, False
    model, _, _ = fit(refit_rows, sel.best_epoch, opts, dev_rows=None, t_end=None)
    if sel.knn is not None:
        set_knn(model, refit_rows, sel.knn)
    return model, True


def refit_estimate(first_seconds: float, history_epochs: int, best_epoch: int, runs: int, refit_rows: int,
                   train_rows: int) -> float:
    """CPU seconds the refit on train + dev will take: phase 1's CPU time per epoch (its dev scoring and
    choices included, so on the safe side) times the refit's epochs, scaled by its rows. Phase 1
    trained ``history_epochs`` in its first run and ``best_epoch`` in each later one; the refit trains
    ``best_epoch`` in every run."""
    runs = max(1, runs)
    phase1_epochs = history_epochs + (runs - 1) * best_epoch
    return first_seconds * runs * best_epoch / max(phase1_epochs, 1) * refit_rows / max(train_rows, 1)


def fit(rows: list[dict], epochs: int, opts: Options, *, dev_rows: list[dict] | None,
        t_end: float | None) -> tuple[TextModel, int, list[dict]]:
    """A model trained on ``rows``: IDF from their texts, the linear layer fitted (classify/fit.py; best
    epoch on ``dev_rows`` when given), then the word repair's known words from the clean rows.
    Returns (model, epochs kept, history)."""
    model = TextModel(opts)
    texts = [r["text"] for r in rows]
    own_memo = model.featurizer.memo is None
    if own_memo:
        model.featurizer.memo = {}  # each training text is featurised once
    try:
        model.set_idf(texts)
        docs = [model.doc(t) for t in texts]
        dev = None if dev_rows is None else ([model.doc(r["text"]) for r in dev_rows], [r["department"] for r in dev_rows])
        best_epoch, history = train_linear(model, docs, [KEYS.index(r["department"]) for r in rows], epochs, opts,
                                           dev, t_end)
    finally:
        if own_memo:
            model.featurizer.memo = None
    # the clean training texts' Devanagari words, read from here on (training itself saw the texts as
    # they are, the OCR-damaged copies included)
    model.set_vocab([r["text"] for r in rows if r.get("source") != "noise"])
    return model, best_epoch, history


def set_knn(model: TextModel, rows: list[dict], knn: dict[str, Any]) -> None:
    """Fill the neighbour memory with ``rows`` and set the chosen mix (``knn`` as in the manifest)."""
    model.set_memory([r["text"] for r in rows], [KEYS.index(r["department"]) for r in rows], knn["max_df"],
                     knn["blocks"])
    model.knn = {"k": knn["k"], "weight": knn["weight"], "t_lin": knn["t_lin"], "blocks": list(knn["blocks"])}


def choose_knn(model: TextModel, rows: list[dict], dev_rows: list[dict], dev_docs: Sequence[Doc],
               gold_idx: np.ndarray, opts: Options) -> dict[str, Any]:
    """Neighbour memory of ``rows`` and the (k, weight) with the best pooled dev macro-F1 (ties: the
    smaller weight, then the smaller k); the linear part's temperature ``t_lin`` is fitted on dev (NLL)."""
    ks, weights = opts.knn_ks, opts.knn_weights
    knn: dict[str, Any] = {"k": ks[0], "weight": 0.0, "t_lin": 1.0, "max_df": opts.knn_max_df,
                           "blocks": list(opts.knn_blocks)}
    set_knn(model, rows, knn)
    p_lin = model.proba([], docs=dev_docs)  # weight 0: the linear model alone
    t_lin = fit_temperature(p_lin, gold_idx)
    p_cal = calibrated(p_lin, t_lin)
    gold = [r["department"] for r in dev_rows]
    scores: dict[str, float] = {}
    best = (-1.0, 0.0, 0)
    for k in ks:
        model.knn = {**model.knn, "k": k, "weight": 1.0, "t_lin": t_lin}
        votes = model.proba([], docs=dev_docs)  # the neighbours' votes (p_cal where there are none)
        for w in weights:
            f1 = score(gold, [KEYS[i] for i in ((1.0 - w) * p_cal + w * votes).argmax(axis=1)])["macro_f1"]
            scores[f"k{k}_w{w}"] = round(f1, 4)
            if (f1, -w, -k) > (best[0], -best[1], -best[2]):
                best = (f1, w, k)
    knn = {**knn, "k": best[2], "weight": best[1], "t_lin": round(t_lin, 4), "dev_macro_f1": scores}
    model.knn = {"k": knn["k"], "weight": knn["weight"], "t_lin": knn["t_lin"], "blocks": knn["blocks"]}
    log.info("neighbour memory: k %d, weight %.2f (dev %.4f)", best[2], best[1], best[0])
    return knn


def noisy_copies(rows: list[dict], share: float, rate: float, rng: random.Random,
                 langs: tuple[str, ...] = ("hi", "en")) -> list[dict]:
    """OCR-damaged copies of the rows in ``langs`` (damage rate uniform in 0.5..1.5 x ``rate``): ``share``
    copies per row on average (0.5: a random half of the rows once; 2: every row twice)."""
    from classify.noise import ocr_noise

    if share <= 0 or rate <= 0:
        return []
    out = []
    for r in rows:
        if dataset.row_lang(r) not in langs:
            continue
        n = int(share) + (rng.random() < share - int(share))
        out += [{**r, "text": ocr_noise(r["text"], rate * rng.uniform(0.5, 1.5), rng), "source": "noise"}
                for _ in range(n)]
    return out
