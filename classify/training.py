"""Training procedure behind :func:`classify.model.train` (see docs/adr/0005-department-classifier.md)."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import random
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from classify import artifact, dataset
from classify.features import KNN_BLOCKS
from classify.metrics import evaluate, score
from classify.model import (
    ModelClassifier,
    build_nlp,
    combine,
    fit_temperature,
    lexicon_matrix,
    predict_proba,
)
from classify.options import DEFAULTS, Options
from classify.taxonomy import KEYS
from domain.errors import UsageError

log = logging.getLogger(__name__)


def _examples(nlp: Any, rows: list[dict]) -> list[Any]:
    from spacy.training import Example

    docs = [nlp.make_doc(r["text"]) for r in rows]
    return [
        Example.from_dict(doc, {"cats": {k: float(k == r["department"]) for k in KEYS}})
        for doc, r in zip(docs, rows, strict=True)
    ]


def _lang_macro(rows: list[dict], pred: list[str]) -> float:
    """Mean of the per-language macro-F1 (so the small Hindi slice counts as much as English)."""
    vals = []
    for lang in ("en", "hi"):
        idx = [i for i, r in enumerate(rows) if dataset.row_lang(r) == lang]
        if idx:
            vals.append(score([rows[i]["department"] for i in idx], [pred[i] for i in idx])["macro_f1"])
    return float(np.mean(vals)) if vals else 0.0


def run_training(data_path: Path, out_dir: Path, corrections: list[dict], opts: Options = DEFAULTS) -> dict[str, Any]:
    """Train with ``opts`` (:class:`classify.options.Options`; docs/adr/0005), write the artifact to
    ``out_dir`` and return its metrics. Two phases: a selection model on the train part makes the
    choices on dev (epochs, neighbour memory mix, lexicon blend ``beta``, temperature); then, when the
    time box allows, the model is trained again on train + dev with those choices and ships."""
    from spacy.util import fix_random_seed

    t0 = time.perf_counter()
    fix_random_seed(opts.seed)
    all_rows = dataset.load_rows(data_path)
    rows = dataset.check_rows(all_rows)
    bad_corr = [c for c in corrections if c not in dataset.check_rows([c])]
    if bad_corr:
        raise UsageError(
            f"{len(bad_corr)} correction(s) lack a text or a valid department key; valid: {KEYS}"
        )
    parts = dataset.split_rows(rows)
    extra = dataset.handwritten_rows() + dataset.lexicon_rows(opts.lexicon_per_dept, seed=opts.seed + 13)

    def augmented(base: list[dict]) -> list[dict]:
        out = base + extra + dataset.glossary_rows(base, opts.glossary_rows, seed=opts.seed + 17) + list(corrections)
        out += _noisy_copies(out, opts.noise_copies, opts.noise_rate, random.Random(opts.seed + 2), opts.noise_langs)
        return out

    train_rows = augmented(parts["train"])
    dev_rows, test_rows = parts["dev"], parts["test"]
    if not train_rows or not dev_rows:
        raise UsageError(f"not enough labelled rows in {data_path} to train (train={len(train_rows)})")
    fit = partial(_fit, opts=opts)

    # 1. Selection model on the train part: best epoch (dev), then blend weight and temperature (dev).
    nlp, best_epoch, history = fit(train_rows, opts.epochs, dev_rows=dev_rows, t_end=t0 + opts.time_limit_s)
    dev_texts = [r["text"] for r in dev_rows]
    dev_gold = [r["department"] for r in dev_rows]
    lex, _ = lexicon_matrix(dev_texts)
    gold_idx = np.array([KEYS.index(g) for g in dev_gold])
    knn = _choose_knn(nlp, train_rows, dev_rows, gold_idx, opts) if opts.knn else None
    proba = predict_proba(nlp, dev_texts)
    beta_scores = {
        b: _lang_macro(dev_rows, [KEYS[i] for i in combine(proba, lex, 1.0, b).argmax(axis=1)]) for b in opts.betas
    }
    beta = max(opts.betas, key=lambda b: (beta_scores[b], -b))
    temperature = fit_temperature(proba, lex, gold_idx, beta)
    selection = ModelClassifier(nlp, {"temperature": temperature, "beta": beta}, min_confidence=0.0)
    dev_metrics = evaluate(selection, dev_rows)

    # 2. Refit on train + dev with the chosen epoch count (same options, same blend and temperature),
    #    when the time box allows it: phase 1's time per epoch (its dev scoring and choices included)
    #    times the refit's epochs (``runs`` x ``best_epoch``), scaled by its share of more rows.
    first_seconds = time.perf_counter() - t0
    refit_done = False
    refit_rows = augmented(parts["train"] + dev_rows) if opts.refit else []
    refit_seconds = refit_estimate(first_seconds, len(history), best_epoch, opts.runs, len(refit_rows), len(train_rows))
    if opts.refit and time.perf_counter() + refit_seconds < t0 + opts.time_limit_s:
        nlp, _, _ = fit(refit_rows, best_epoch, dev_rows=None, t_end=None)
        if knn is not None:
            _set_knn(nlp, refit_rows, knn)
        refit_done = True
    elif opts.refit:
        log.warning("no time left to refit on train + dev (about %.0f s more, %.0f s left of %.0f): "
                    "shipping the selection model", refit_seconds, t0 + opts.time_limit_s - time.perf_counter(),
                    opts.time_limit_s)
    train_seconds = time.perf_counter() - t0

    manifest = {
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "training_data": data_path.name,
        "training_data_sha256": dataset.sha256_file(data_path),
        "training_rows": {
            "train": len(parts["train"]),
            "dev": len(dev_rows),
            "test": len(test_rows),
            "handwritten_and_lexicon": len(extra),
            "glossary": sum(r.get("source") == "glossary" for r in train_rows),
            "corrections": len(corrections),
            "augmented_total": len(train_rows),
            "skipped_invalid": len(all_rows) - len(rows),
        },
        "split": "sha256(id)[:8] % 100: <70 train, <85 dev, else test",
        "refit_on_train_and_dev": refit_done,
        "metrics_note": "dev: the selection model (trained on the train part only); test: the shipped model"
        + (" (refit on train + dev)" if refit_done else ""),
        "temperature": round(temperature, 4),
        "beta": beta,
        "options": {**opts.to_json(), "best_epoch": best_epoch, "knn": knn},
        "history": history,
        "beta_dev_scores": {str(b): round(s, 4) for b, s in beta_scores.items()},
        "train_seconds": round(train_seconds, 1),
        "spacy_version": __import__("spacy").__version__,
    }
    clf = ModelClassifier(nlp, manifest, min_confidence=0.0)
    manifest["metrics"] = {"dev": dev_metrics, "test": evaluate(clf, test_rows)}
    artifact.save(nlp, manifest, Path(out_dir))
    return {
        "train_seconds": round(train_seconds, 1),
        "beta": beta,
        "temperature": manifest["temperature"],
        **manifest["metrics"],
    }


def refit_estimate(first_seconds: float, history_epochs: int, best_epoch: int, runs: int, refit_rows: int,
                   train_rows: int) -> float:
    """Seconds the refit on train + dev will take: phase 1's time per epoch (its dev scoring and
    choices included, so on the safe side) times the refit's epochs, scaled by its rows. Phase 1
    trained ``history_epochs`` in its first run and ``best_epoch`` in each later one; the refit trains
    ``best_epoch`` in every run."""
    runs = max(1, runs)
    phase1_epochs = history_epochs + (runs - 1) * best_epoch
    return first_seconds * runs * best_epoch / max(phase1_epochs, 1) * refit_rows / max(train_rows, 1)


def _set_knn(nlp: Any, rows: list[dict], knn: dict[str, Any]) -> None:
    """Fill the neighbour memory with ``rows`` and set the chosen mix (``knn`` as in the manifest)."""
    from classify.spacy_arch import set_knn_memory, set_knn_mix

    labels = nlp.get_pipe("textcat").labels
    set_knn_memory(nlp, [r["text"] for r in rows], [labels.index(r["department"]) for r in rows], knn["max_df"],
                   tuple(knn.get("blocks") or KNN_BLOCKS))
    set_knn_mix(nlp, knn["k"], knn["weight"], knn["t_lin"])


def _choose_knn(nlp: Any, rows: list[dict], dev_rows: list[dict], gold_idx: np.ndarray,
                opts: Options) -> dict[str, Any] | None:
    """Neighbour memory of ``rows`` and the (k, weight) with the best pooled dev macro-F1 (ties: the
    smaller weight, then the smaller k); the linear part's temperature ``t_lin`` is fitted on dev (NLL).
    None when the textcat has no memory (``knn`` option off)."""
    from classify.spacy_arch import find_knn_layer, set_knn_mix

    if find_knn_layer(nlp) is None:
        return None
    texts = [r["text"] for r in dev_rows]
    zero = np.zeros((len(texts), len(KEYS)))
    ks, weights = opts.knn_ks, opts.knn_weights
    knn: dict[str, Any] = {"k": ks[0], "weight": 0.0, "t_lin": 1.0, "max_df": opts.knn_max_df,
                           "blocks": list(opts.knn_blocks)}
    _set_knn(nlp, rows, knn)
    p_lin = predict_proba(nlp, texts)  # weight 0: the linear model alone
    t_lin = fit_temperature(p_lin, zero, gold_idx, 0.0)
    p_cal = combine(p_lin, zero, t_lin, 0.0)
    scores: dict[str, float] = {}
    best = (-1.0, 0.0, 0)
    for k in ks:
        set_knn_mix(nlp, k, 1.0, t_lin)
        votes = predict_proba(nlp, texts)  # the neighbours' votes (p_cal where there are none)
        for w in weights:
            pred = [KEYS[i] for i in ((1.0 - w) * p_cal + w * votes).argmax(axis=1)]
            f1 = score([r["department"] for r in dev_rows], pred)["macro_f1"]
            scores[f"k{k}_w{w}"] = round(f1, 4)
            if (f1, -w, -k) > (best[0], -best[1], -best[2]):
                best = (f1, w, k)
    knn = {**knn, "k": best[2], "weight": best[1], "t_lin": round(t_lin, 4), "dev_macro_f1": scores}
    set_knn_mix(nlp, knn["k"], knn["weight"], knn["t_lin"])
    log.info("neighbour memory: k %d, weight %.2f (dev %.4f)", best[2], best[1], best[0])
    return knn


def _fit(rows: list[dict], epochs: int, *, dev_rows: list[dict] | None, t_end: float | None,
         opts: Options) -> tuple[Any, int, list[dict]]:
    """Train a fresh pipeline on ``rows``. With ``dev_rows``: score dev after every epoch and keep the
    best epoch's parameters (stop early at ``t_end``); without: keep the last epoch's. Returns
    (nlp, epoch kept, history). Adam with parameter averaging (the averaged parameters are the ones
    scored and kept); with ``opts.runs`` > 1 the model is trained that many times from zero weights with
    different example orders (later runs for the epoch count the first one chose) and the runs'
    weights are averaged: one linear model of the same size, with less of the variance of one run."""
    from spacy.util import fix_random_seed

    from classify.spacy_arch import find_tfidf_layer, set_idf, set_vocab

    fix_random_seed(opts.seed)
    nlp = build_nlp(opts)
    examples = _examples(nlp, rows)
    nlp.initialize(lambda: examples[:500])
    featurizer = find_tfidf_layer(nlp).attrs["featurizer"]
    featurizer.memo = {}  # each training text is featurised once, not once per epoch
    set_idf(nlp, [r["text"] for r in rows])
    best: tuple[float, bytes, int] = (-1.0, b"", 0)
    history: list[dict] = []
    soup: list[tuple[Any, Any]] = []
    runs = max(1, opts.runs)
    try:
        for run in range(runs):
            run_epochs = epochs if run == 0 or dev_rows is None else best[2]
            best = _one_run(nlp, examples, run, run_epochs, best, history, dev_rows if run == 0 else None,
                            t_end if run == 0 else None, opts)
            if runs > 1:
                nlp.get_pipe("textcat").from_bytes(best[1])
                linear = nlp.get_pipe("textcat").model.get_ref("output_layer")
                soup.append((linear.get_param("W").copy(), linear.get_param("b").copy()))
                log.info("run %d of %d done", run + 1, runs)
            if t_end is not None and time.perf_counter() > t_end:
                break
    finally:
        featurizer.memo = None
    nlp.get_pipe("textcat").from_bytes(best[1])
    if len(soup) > 1:  # the mean of the runs' weights: one linear model of the same size
        linear = nlp.get_pipe("textcat").model.get_ref("output_layer")
        linear.set_param("W", sum(w for w, _ in soup) / len(soup))
        linear.set_param("b", sum(b for _, b in soup) / len(soup))
    # option repair_words: the clean training texts' Devanagari words, read from here on (training
    # itself saw the texts as they are, the OCR-damaged copies included)
    set_vocab(nlp, [r["text"] for r in rows if r.get("source") != "noise"])
    return nlp, best[2], history


def _one_run(nlp: Any, examples: list[Any], run: int, epochs: int, best: tuple[float, bytes, int],
             history: list[dict], dev_rows: list[dict] | None, t_end: float | None,
             opts: Options) -> tuple[float, bytes, int]:
    """One run of ``epochs`` from zero weights (example order of ``opts.seed + 1000 * run``): with
    ``dev_rows`` the best epoch on dev so far (history appended), else the last epoch."""
    from spacy.util import minibatch
    from thinc.api import Adam

    rng = random.Random(opts.seed + 1000 * run)
    if run:  # another run from zero weights with another example order
        linear = nlp.get_pipe("textcat").model.get_ref("output_layer")
        linear.set_param("W", linear.ops.alloc(linear.get_param("W").shape, dtype="f"))
        linear.set_param("b", linear.ops.alloc(linear.get_param("b").shape, dtype="f"))
    optimizer = Adam(opts.learn_rate, L2=opts.l2, grad_clip=0.0, use_averages=True)
    for epoch in range(epochs):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=opts.batch_size):
            nlp.update(batch, sgd=optimizer, losses=losses, drop=0.0)
        with _averaged(nlp, optimizer):
            if dev_rows is None:
                if epoch == epochs - 1:
                    best = (best[0], nlp.get_pipe("textcat").to_bytes(), epochs)
                continue
            pred = [KEYS[i] for i in predict_proba(nlp, [r["text"] for r in dev_rows]).argmax(axis=1)]
            # epochs are chosen on all dev rows pooled: the 14 or so Hindi dev rows alone would decide a
            # per-language mean by one or two titles
            f1 = score([r["department"] for r in dev_rows], pred)["macro_f1"]
            history.append({"epoch": epoch + 1, "loss": round(losses.get("textcat", 0.0), 4),
                            "dev_macro_f1": round(f1, 4), "dev_lang_macro_f1": round(_lang_macro(dev_rows, pred), 4)})
            log.info("epoch %d loss %.3f dev %.4f", epoch + 1, losses.get("textcat", 0.0), f1)
            if f1 > best[0]:
                best = (f1, nlp.get_pipe("textcat").to_bytes(), epoch + 1)
        if t_end is not None and time.perf_counter() > t_end:
            break
    return best


@contextlib.contextmanager
def _averaged(nlp: Any, optimizer: Any) -> Iterator[None]:
    """The averaged parameters (Polyak averaging of the optimizer) while inside."""
    if optimizer.averages:
        with nlp.use_params(optimizer.averages):
            yield
    else:
        yield


def _noisy_copies(
    rows: list[dict], share: float, rate: float, rng: random.Random, langs: tuple[str, ...] = ("hi", "en")
) -> list[dict]:
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
