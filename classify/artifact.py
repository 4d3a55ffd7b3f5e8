"""The model artifact on disk: ``<dir>/manifest.json`` + ``<dir>/model.npz`` (the arrays of
:class:`classify.textmodel.TextModel`).

Manifest keys: ``format_version``, ``features`` (``FEATURES``: what the model reads), ``labels``
(taxonomy keys, in order), ``options`` (every field of :class:`classify.options.Options`), ``knn``
(the neighbour memory's mix), ``temperature``, ``beta``, ``training_data_sha256``, ``training_rows``,
``metrics``, ``created_at``. Writing goes to a temporary sibling directory that is renamed into place,
so a reader never sees a half-written model. Loading checks format version, feature set and labels and
raises ``ValueError`` on any mismatch (the caller falls back to the rules classifier). A manifest
lacking an option reads it as its default only where the default reproduces how older models were
trained (``classify.options.DEFAULT_WHEN_MISSING``); lacking any other, it is outdated. A model that
older code wrote (``format_version`` 1: a spaCy pipeline folder; 2: with the Bloom filter of the
training features and the lexicon blend; 3: with word bigrams in the ``w`` block; 4: with the
Devanagari skeleton block ``s``; all since removed) is refused with ``dependency.model_outdated``: retrain it.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

from classify.options import DEFAULT_WHEN_MISSING, Options
from classify.taxonomy import KEYS
from domain.errors import DependencyError

FORMAT_VERSION = 5
FEATURES = "text+tfidf-blocks+knn/v7"
MANIFEST = "manifest.json"
ARRAYS = "model.npz"


def save(model: Any, manifest: dict[str, Any], out_dir: Path) -> Path:
    """Write ``model`` (a :class:`TextModel`) and ``manifest`` to ``out_dir`` atomically."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tag = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
    tmp = out_dir.parent / f".{out_dir.name}.tmp-{tag}"
    old = out_dir.parent / f".{out_dir.name}.old-{tag}"
    try:
        tmp.mkdir()
        model.save(tmp / ARRAYS)
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


def outdated(model_dir: Path, what: str) -> DependencyError:
    return DependencyError(
        f"the department model at {model_dir} was written by an older Sanchika ({what}) and can no longer be "
        "read: retrain with `sanchika classify train` (or remove it to use the shipped model).",
        code="dependency.model_outdated")


def read_manifest(model_dir: Path) -> dict[str, Any]:
    with (Path(model_dir) / MANIFEST).open(encoding="utf-8") as fh:
        manifest: dict[str, Any] = json.load(fh)
    version = manifest.get("format_version")
    if isinstance(version, int) and version < FORMAT_VERSION:
        raise outdated(model_dir, f"format_version {version}, features {manifest.get('features')}")
    if version != FORMAT_VERSION:
        raise ValueError(f"format_version {version!r} != {FORMAT_VERSION}")
    if manifest.get("features") != FEATURES:
        raise ValueError(f"features {manifest.get('features')!r} != {FEATURES!r}")
    if manifest.get("labels") != list(KEYS):
        raise ValueError("model labels differ from the taxonomy keys")
    return manifest


def options_of(manifest: dict[str, Any], model_dir: Path | None = None) -> Options:
    """The model's options as saved. An option the manifest lacks (a model saved before it was
    added) takes its default when its default reproduces how such models were trained
    (``classify.options.DEFAULT_WHEN_MISSING``); any other missing option makes the model outdated
    (``dependency.model_outdated``: retrain)."""
    saved = manifest.get("options") or {}
    names = {f.name for f in dataclasses.fields(Options)}
    unknown = sorted(names - set(saved) - DEFAULT_WHEN_MISSING)
    if unknown:
        raise outdated(model_dir or Path("."), f"its manifest has no option {', '.join(unknown)}")
    return Options.of(**{k: saved[k] for k in names if k in saved})


def load(model_dir: Path) -> tuple[Any, dict[str, Any]]:
    """(:class:`classify.textmodel.TextModel`, manifest). ``ValueError``/``OSError`` on a broken model."""
    from classify.textmodel import TextModel

    manifest = read_manifest(model_dir)
    opts = options_of(manifest, Path(model_dir))
    knn = manifest.get("knn") or {}
    model = TextModel.load(Path(model_dir) / ARRAYS, opts, {k: knn[k] for k in ("k", "weight", "t_lin", "blocks")
                                                           if k in knn})
    return model, manifest
