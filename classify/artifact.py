"""The model artifact on disk: ``<dir>/manifest.json`` + ``<dir>/pipeline/`` (spaCy ``nlp.to_disk``).

Manifest keys: ``format_version``, ``features`` (``FEATURES``: what the textcat reads), ``labels``
(taxonomy keys, in order),
``training_data_sha256``, ``training_rows``, ``temperature``, ``beta``, ``metrics``, ``created_at``,
``spacy_version``. Writing goes to a temporary sibling directory that is renamed into place, so a
reader never sees a half-written model. Loading checks format version, feature set and labels and
raises ``ValueError`` on any mismatch (the caller falls back to the rules classifier).
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

from classify.taxonomy import KEYS

FORMAT_VERSION = 1
FEATURES = "text+tfidf-blocks+knn/v4"
V3_FEATURES = "text+tfidf-blocks/v3"
V2_FEATURES = "term_tokens+lex/v2"
# v1: docs of word tokens + lexicon tokens; v2: the same plus the options in manifest["options"]["features"]
# (bigrams, character n-grams, binary); v3: docs of the text itself, the textcat
# (sanchika.TextCatTfidf.v1, classify/spacy_arch.py) computes its features, options in its config.
# v4: v3 plus a nearest-neighbour memory of the training documents inside the textcat (knn_mix).
# This code reads all four; older code rejects v4 (rules fallback).
TEXT_FEATURES = (V3_FEATURES, FEATURES)  # the textcat reads the text itself
READABLE_FEATURES = ("term_tokens+lex/v1", V2_FEATURES, V3_FEATURES, FEATURES)
MANIFEST = "manifest.json"
PIPELINE = "pipeline"


def save(nlp: Any, manifest: dict[str, Any], out_dir: Path) -> Path:
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tag = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
    tmp = out_dir.parent / f".{out_dir.name}.tmp-{tag}"
    old = out_dir.parent / f".{out_dir.name}.old-{tag}"
    try:
        tmp.mkdir()
        nlp.to_disk(tmp / PIPELINE)
        full = {"format_version": FORMAT_VERSION, "features": FEATURES, "labels": list(KEYS), **manifest}
        with (tmp / MANIFEST).open("w", encoding="utf-8") as fh:
            json.dump(full, fh, ensure_ascii=False, indent=2, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        if out_dir.exists():
            out_dir.rename(old)
        tmp.rename(out_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    return out_dir


def read_manifest(model_dir: Path) -> dict[str, Any]:
    with (Path(model_dir) / MANIFEST).open(encoding="utf-8") as fh:
        manifest: dict[str, Any] = json.load(fh)
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"format_version {manifest.get('format_version')!r} != {FORMAT_VERSION}")
    if manifest.get("features") not in READABLE_FEATURES:
        raise ValueError(f"features {manifest.get('features')!r} not in {READABLE_FEATURES}")
    fopts = (manifest.get("options") or {}).get("features")
    if manifest["features"] == V2_FEATURES and not (isinstance(fopts, dict) and {"bigrams", "char", "binary"} <= set(fopts)):
        raise ValueError("manifest options.features (bigrams, char, binary) missing")
    if manifest.get("labels") != list(KEYS):
        raise ValueError("model labels differ from the taxonomy keys")
    return manifest


def load_inference(model_dir: Path) -> tuple[Any, dict[str, Any]] | None:
    """(:class:`classify.inference.TfidfInference`, manifest) without importing spaCy, or None when the
    pipeline is not one it runs (then :func:`load`). Raises ``ValueError`` like :func:`load` on a
    manifest or pipeline that does not match the taxonomy."""
    from classify.inference import TfidfInference, Unsupported

    manifest = read_manifest(model_dir)
    if manifest["features"] not in TEXT_FEATURES:
        return None
    try:
        inference = TfidfInference(Path(model_dir) / PIPELINE)
    except Unsupported:
        return None
    if set(inference.labels) != set(KEYS):
        raise ValueError("pipeline has no textcat with the taxonomy labels")
    if inference.has_knn != (manifest["features"] == FEATURES):
        raise ValueError(f"manifest features {manifest['features']!r} do not match the pipeline's textcat")
    return inference, manifest


def load(model_dir: Path) -> tuple[Any, dict[str, Any]]:
    import spacy

    import classify.spacy_arch  # noqa: F401  (our architectures must be registered before spacy.load)

    manifest = read_manifest(model_dir)
    try:
        nlp = spacy.load(Path(model_dir) / PIPELINE)
    except Exception as exc:  # spaCy raises many kinds (IOError, ValueError, config errors)
        raise ValueError(f"cannot load spaCy pipeline: {exc}") from exc
    textcat: Any = nlp.get_pipe("textcat") if "textcat" in nlp.pipe_names else None
    if textcat is None or set(textcat.labels) != set(KEYS):
        raise ValueError("pipeline has no textcat with the taxonomy labels")
    names = {node.name for node in textcat.model.walk()}
    reads_text, has_knn = "tfidf_features" in names, "knn_mix" in names
    if reads_text != (manifest["features"] in TEXT_FEATURES) or has_knn != (manifest["features"] == FEATURES):
        raise ValueError(f"manifest features {manifest['features']!r} do not match the pipeline's textcat")
    return nlp, manifest
