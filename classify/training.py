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
from classify.features import KNN_BLOCKS, KNN_TRAIN_BLOCKS
from classify.metrics import evaluate, score
from classify.model import (
    TEXT_INPUT,
    TFIDF_DEFAULTS,
    ModelClassifier,
    build_nlp,
    combine,
    fit_temperature,
    lexicon_matrix,
    predict_proba,
)
from classify.taxonomy import KEYS
from domain.errors import UsageError

log = logging.getLogger(__name__)


def _examples(nlp: Any, rows: list[dict], opts: dict[str, Any]) -> list[Any]:
    from spacy.training import Example

    from classify.model import _docs

    docs = _docs(nlp, [r["text"] for r in rows], opts)
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


def run_training(
    data_path: Path,
    out_dir: Path,
    corrections: list[dict],
    *,
    epochs: int = 6,
    seed: int = 0,
    length: int = 2**17,
    ngram_size: int = 1,
    lexicon_per_dept: int = 30,
    glossary_rows: int = 2000,
    betas: tuple[float, ...] = (0.0, 0.02, 0.05, 0.1, 0.2),
    time_limit_s: float = 540.0,
    bigrams: bool = False,
    char: tuple[int, int] = (4, 4),
    binary: bool = True,
    noise_copies: float = 1.0,
    noise_rate: float = 0.03,
    noise_langs: tuple[str, ...] = ("hi",),
    min_class_rows: int = 0,
    hi_repeat: int = 1,
    batch_size: int = 32,
    learn_rate: float | None = None,
    l2: float = 0.0,
    arch: str = "tfidf",
    tfidf: dict[str, Any] | None = None,
    refit: bool = True,
    runs: int = 3,
    knn_ks: tuple[int, ...] = (3, 5, 10),
    knn_weights: tuple[float, ...] = (0.0, 0.1, 0.2, 0.3),
    knn_max_df: float = 0.2,
    knn_blocks: tuple[int, ...] = KNN_TRAIN_BLOCKS,
) -> dict[str, Any]:
    """See docs/adr/0005. ``glossary_rows``: that many Hindi pseudo-documents made from the English
    rows with the hand-written glossary (classify.dataset.glossary_rows). ``noise_copies``: share of train rows added again with simulated OCR damage
    (``noise_rate`` of characters); ``min_class_rows``: rows of smaller classes are repeated up to
    about this many (class weighting by oversampling); ``hi_repeat``: each Hindi train row (data, own
    sentences, lexicon pseudo-documents) is seen this many times per epoch. ``arch`` "tfidf" (default):
    options of the textcat in ``tfidf`` (classify.model.TFIDF_DEFAULTS), trained with Adam
    (``learn_rate`` default 0.003, decoupled weight decay ``l2``) and parameter averaging; other
    ``arch`` values use feature-token docs with ``bigrams``/``char``/``binary``. ``refit``: after the
    choices on dev (epochs, blend weight, temperature), train again on train + dev with them and ship
    that model (docs/adr/0005). ``runs``: text-reading models are trained that many times (different
    example orders) and their weights averaged (see ``_fit``). ``knn_*``: with the textcat's ``knn`` option
    (default) the training rows become its neighbour memory (columns in more than ``knn_max_df`` of the
    rows left out) and the neighbour count and mixing weight are chosen on dev from ``knn_ks`` x
    ``knn_weights`` (classify/spacy_arch.py)."""
    from spacy.util import fix_random_seed

    t0 = time.perf_counter()
    fix_random_seed(seed)
    all_rows = dataset.load_rows(data_path)
    rows = dataset.check_rows(all_rows)
    bad_corr = [c for c in corrections if c not in dataset.check_rows([c])]
    if bad_corr:
        raise UsageError(
            f"{len(bad_corr)} correction(s) lack a text or a valid department key; valid: {KEYS}"
        )
    parts = dataset.split_rows(rows)
    extra = dataset.handwritten_rows() + dataset.lexicon_rows(lexicon_per_dept, seed=seed + 13)

    def augmented(base: list[dict]) -> list[dict]:
        out = base + extra + dataset.glossary_rows(base, glossary_rows, seed=seed + 17) + list(corrections)
        out += [r for r in out if dataset.row_lang(r) == "hi"] * max(0, hi_repeat - 1)
        out += _oversample(out, min_class_rows, random.Random(seed + 1))
        out += _noisy_copies(out, noise_copies, noise_rate, random.Random(seed + 2), tuple(noise_langs))
        return out

    train_rows = augmented(parts["train"])
    text_input = arch == "tfidf"
    fopts = TEXT_INPUT if text_input else {"bigrams": bool(bigrams), "char": [int(char[0]), int(char[1])],
                                           "binary": bool(binary)}
    dev_rows, test_rows = parts["dev"], parts["test"]
    if not train_rows or not dev_rows:
        raise UsageError(f"not enough labelled rows in {data_path} to train (train={len(train_rows)})")
    fit = partial(_fit, arch=arch, fopts=fopts, length=length, ngram_size=ngram_size, tfidf=tfidf, seed=seed,
                  batch_size=batch_size, learn_rate=learn_rate, l2=l2, runs=runs)

    # 1. Selection model on the train part: best epoch (dev), then blend weight and temperature (dev).
    nlp, best_epoch, history = fit(train_rows, epochs, dev_rows=dev_rows, t_end=t0 + time_limit_s)
    dev_texts = [r["text"] for r in dev_rows]
    dev_gold = [r["department"] for r in dev_rows]
    lex, _ = lexicon_matrix(dev_texts)
    gold_idx = np.array([KEYS.index(g) for g in dev_gold])
    knn = (_choose_knn(nlp, train_rows, dev_rows, fopts, gold_idx, knn_ks, knn_weights, knn_max_df, knn_blocks)
           if text_input else None)
    proba = predict_proba(nlp, dev_texts, opts=fopts)
    beta_scores = {
        b: _lang_macro(dev_rows, [KEYS[i] for i in combine(proba, lex, 1.0, b).argmax(axis=1)]) for b in betas
    }
    beta = max(betas, key=lambda b: (beta_scores[b], -b))
    temperature = fit_temperature(proba, lex, gold_idx, beta)
    selection = ModelClassifier(nlp, {"temperature": temperature, "beta": beta, "features": _kind(text_input, nlp),
                                      "options": {"features": fopts}}, min_confidence=0.0)
    dev_metrics = evaluate(selection, dev_rows)

    # 2. Refit on train + dev with the chosen epoch count (same options, same blend and temperature),
    #    when the time box allows it: phase 1's time per epoch (its dev scoring and choices included)
    #    times the refit's epochs (``runs`` x ``best_epoch``), scaled by its share of more rows.
    first_seconds = time.perf_counter() - t0
    refit_done = False
    refit_rows = augmented(parts["train"] + dev_rows) if refit else []
    refit_seconds = refit_estimate(first_seconds, len(history), best_epoch, runs if text_input else 1,
                                   len(refit_rows), len(train_rows))
    if refit and time.perf_counter() + refit_seconds < t0 + time_limit_s:
        nlp, _, _ = fit(refit_rows, best_epoch, dev_rows=None, t_end=None)
        if knn is not None:
            _set_knn(nlp, refit_rows, knn)
        refit_done = True
    elif refit:
        log.warning("no time left to refit on train + dev (about %.0f s more, %.0f s left of %.0f): "
                    "shipping the selection model", refit_seconds, t0 + time_limit_s - time.perf_counter(),
                    time_limit_s)
    train_seconds = time.perf_counter() - t0

    manifest = {
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "features": _kind(text_input, nlp),
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
        "options": {
            "epochs": epochs,
            "best_epoch": best_epoch,
            "seed": seed,
            "length": length,
            "ngram_size": ngram_size,
            "lexicon_per_dept": lexicon_per_dept,
            "glossary_rows": glossary_rows,
            "features": fopts,
            "noise_copies": noise_copies,
            "noise_rate": noise_rate,
            "noise_langs": list(noise_langs),
            "min_class_rows": min_class_rows,
            "hi_repeat": hi_repeat,
            "batch_size": batch_size,
            "arch": arch,
            "learn_rate": learn_rate,
            "l2": l2,
            "runs": runs,
            "tfidf": {**TFIDF_DEFAULTS, **(tfidf or {})} if text_input else None,
            "knn": knn,
        },
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


def _kind(text_input: bool, nlp: Any = None) -> str:
    if not text_input:
        return artifact.V2_FEATURES
    from classify.spacy_arch import find_knn_layer

    return artifact.FEATURES if nlp is None or find_knn_layer(nlp) is not None else artifact.V3_FEATURES


def _set_knn(nlp: Any, rows: list[dict], knn: dict[str, Any]) -> None:
    """Fill the neighbour memory with ``rows`` and set the chosen mix (``knn`` as in the manifest)."""
    from classify.spacy_arch import set_knn_memory, set_knn_mix

    labels = nlp.get_pipe("textcat").labels
    set_knn_memory(nlp, [r["text"] for r in rows], [labels.index(r["department"]) for r in rows], knn["max_df"],
                   tuple(knn.get("blocks") or KNN_BLOCKS))
    set_knn_mix(nlp, knn["k"], knn["weight"], knn["t_lin"])


def _choose_knn(nlp: Any, rows: list[dict], dev_rows: list[dict], fopts: dict[str, Any], gold_idx: np.ndarray,
                ks: tuple[int, ...], weights: tuple[float, ...], max_df: float,
                blocks: tuple[int, ...] = KNN_TRAIN_BLOCKS) -> dict[str, Any] | None:
    """Neighbour memory of ``rows`` and the (k, weight) with the best pooled dev macro-F1 (ties: the
    smaller weight, then the smaller k); the linear part's temperature ``t_lin`` is fitted on dev (NLL).
    None when the textcat has no memory (``knn`` option off)."""
    from classify.spacy_arch import find_knn_layer, set_knn_mix

    if find_knn_layer(nlp) is None:
        return None
    texts = [r["text"] for r in dev_rows]
    zero = np.zeros((len(texts), len(KEYS)))
    knn: dict[str, Any] = {"k": ks[0], "weight": 0.0, "t_lin": 1.0, "max_df": max_df, "blocks": list(blocks)}
    _set_knn(nlp, rows, knn)
    p_lin = predict_proba(nlp, texts, opts=fopts)  # weight 0: the linear model alone
    t_lin = fit_temperature(p_lin, zero, gold_idx, 0.0)
    p_cal = combine(p_lin, zero, t_lin, 0.0)
    scores: dict[str, float] = {}
    best = (-1.0, 0.0, 0)
    for k in ks:
        set_knn_mix(nlp, k, 1.0, t_lin)
        votes = predict_proba(nlp, texts, opts=fopts)  # the neighbours' votes (p_cal where there are none)
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


def _fit(
    rows: list[dict],
    epochs: int,
    *,
    dev_rows: list[dict] | None,
    t_end: float | None,
    arch: str,
    fopts: dict[str, Any],
    length: int,
    ngram_size: int,
    tfidf: dict[str, Any] | None,
    seed: int,
    batch_size: int,
    learn_rate: float | None,
    l2: float,
    runs: int = 1,
) -> tuple[Any, int, list[dict]]:
    """Train a fresh pipeline on ``rows``. With ``dev_rows``: score dev after every epoch and keep the
    best epoch's parameters (stop early at ``t_end``); without: keep the last epoch's. Returns
    (nlp, epoch kept, history). Text-reading models use Adam with parameter averaging (the averaged
    parameters are the ones scored and kept); with ``runs`` > 1 they are trained that many times from
    zero weights with different example orders (later runs for the epoch count the first one chose) and
    the runs' weights are averaged: one linear model of the same size, with less of the variance of a
    single SGD run."""
    from spacy.util import compounding, fix_random_seed, minibatch
    from thinc.api import Adam

    fix_random_seed(seed)
    text_input = fopts is TEXT_INPUT
    nlp = build_nlp(length=length, ngram_size=ngram_size, arch=arch, tfidf=tfidf)
    examples = _examples(nlp, rows, fopts)
    optimizer = nlp.initialize(lambda: examples[:500])
    featurizer = None
    if text_input:
        from classify.spacy_arch import find_tfidf_layer, set_idf

        featurizer = find_tfidf_layer(nlp).attrs["featurizer"]
        featurizer.memo = {}  # each training text is featurised once, not once per epoch
        set_idf(nlp, [r["text"] for r in rows])
        optimizer = Adam(learn_rate if learn_rate is not None else 0.003, L2=l2, grad_clip=0.0, use_averages=True)
    elif learn_rate is not None:
        optimizer.learn_rate = learn_rate
    best: tuple[float, bytes, int] = (-1.0, b"", 0)
    history: list[dict] = []
    soup: list[tuple[Any, Any]] = []
    runs = max(1, runs) if text_input else 1
    try:
        for run in range(runs):
            rng = random.Random(seed + 1000 * run)
            if run:  # another run from zero weights with another example order (see ``runs``)
                linear = nlp.get_pipe("textcat").model.get_ref("output_layer")
                linear.set_param("W", linear.ops.alloc(linear.get_param("W").shape, dtype="f"))
                linear.set_param("b", linear.ops.alloc(linear.get_param("b").shape, dtype="f"))
                optimizer = Adam(learn_rate if learn_rate is not None else 0.003, L2=l2, grad_clip=0.0,
                                 use_averages=True)
            run_epochs = epochs if run == 0 or dev_rows is None else best[2]
            for epoch in range(run_epochs):
                rng.shuffle(examples)
                losses: dict[str, float] = {}
                sizes = batch_size if text_input else compounding(8.0, float(batch_size), 1.2)
                for batch in minibatch(examples, size=sizes):
                    nlp.update(batch, sgd=optimizer, losses=losses, drop=0.0)
                with _averaged(nlp, optimizer, text_input):
                    if dev_rows is None or run > 0:
                        if epoch == run_epochs - 1:
                            best = (best[0], nlp.get_pipe("textcat").to_bytes(), run_epochs)
                        continue
                    proba = predict_proba(nlp, [r["text"] for r in dev_rows], opts=fopts)
                    pred = [KEYS[i] for i in proba.argmax(axis=1)]
                    # epochs are chosen on all dev rows pooled: the 14 or so Hindi dev rows alone would
                    # decide a per-language mean by one or two titles
                    f1 = score([r["department"] for r in dev_rows], pred)["macro_f1"]
                    history.append({"epoch": epoch + 1, "loss": round(losses.get("textcat", 0.0), 4),
                                    "dev_macro_f1": round(f1, 4),
                                    "dev_lang_macro_f1": round(_lang_macro(dev_rows, pred), 4)})
                    log.info("epoch %d loss %.3f dev %.4f", epoch + 1, losses.get("textcat", 0.0), f1)
                    if f1 > best[0]:
                        best = (f1, nlp.get_pipe("textcat").to_bytes(), epoch + 1)
                if run == 0 and t_end is not None and time.perf_counter() > t_end:
                    break
            if runs > 1:
                nlp.get_pipe("textcat").from_bytes(best[1])
                linear = nlp.get_pipe("textcat").model.get_ref("output_layer")
                soup.append((linear.get_param("W").copy(), linear.get_param("b").copy()))
                log.info("run %d of %d done", run + 1, runs)
            if t_end is not None and time.perf_counter() > t_end:
                break
    finally:
        if featurizer is not None:
            featurizer.memo = None
    nlp.get_pipe("textcat").from_bytes(best[1])
    if len(soup) > 1:  # the mean of the runs' weights: one linear model of the same size
        linear = nlp.get_pipe("textcat").model.get_ref("output_layer")
        linear.set_param("W", sum(w for w, _ in soup) / len(soup))
        linear.set_param("b", sum(b for _, b in soup) / len(soup))
    if text_input:
        # option repair_words: the clean training texts' Devanagari words, read from here on (training
        # itself saw the texts as they are, the OCR-damaged copies included)
        from classify.spacy_arch import set_vocab

        set_vocab(nlp, [r["text"] for r in rows if r.get("source") != "noise"])
    return nlp, best[2], history


@contextlib.contextmanager
def _averaged(nlp: Any, optimizer: Any, use: bool) -> Iterator[None]:
    """The averaged parameters (Polyak averaging of the optimizer) while inside, when ``use``."""
    if use and optimizer.averages:
        with nlp.use_params(optimizer.averages):
            yield
    else:
        yield


def _oversample(rows: list[dict], min_rows: int, rng: random.Random) -> list[dict]:
    """Extra copies of the rows of classes with fewer than ``min_rows`` rows (at most 4x)."""
    if min_rows <= 0:
        return []
    by: dict[str, list[dict]] = {}
    for r in rows:
        by.setdefault(r["department"], []).append(r)
    out: list[dict] = []
    for items in by.values():
        want = min(min_rows, 4 * len(items)) - len(items)
        if want > 0:
            out += [items[i % len(items)] for i in range(want)]
    rng.shuffle(out)
    return out


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
