"""The model artifact on disk: ``<dir>/manifest.json`` + ``<dir>/pipeline/`` (spaCy ``nlp.to_disk``).

Manifest keys: ``format_version``, ``features`` (``FEATURES``: what the textcat reads), ``labels``
(taxonomy keys, in order),
``training_data_sha256``, ``training_rows``, ``temperature``, ``beta``, ``metrics``, ``created_at``,
``spacy_version``. Writing goes to a temporary sibling directory that is renamed into place, so a
reader never sees a half-written model. Loading checks format version, feature set and labels and
raises ``ValueError`` on any mismatch (the caller falls back to the rules classifier). A model that
older code wrote (another ``features``, or a textcat config without every option of
:class:`classify.options.Options`) is refused with ``dependency.model_outdated``: retrain it.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

from classify.options import TEXTCAT_FIELDS
from classify.taxonomy import KEYS
from domain.errors import DependencyError

FORMAT_VERSION = 1
FEATURES = "text+tfidf-blocks+knn/v4"  # the textcat reads the text itself (sanchika.TextCatTfidf.v1) + memory
OUTDATED = ("term_tokens+lex/v1", "term_tokens+lex/v2", "text+tfidf-blocks/v3")  # written by older code
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


def outdated(model_dir: Path, what: str) -> DependencyError:
    return DependencyError(
        f"the department model at {model_dir} was written by an older Sanchika ({what}) and can no longer be "
        "read: retrain with `sanchika classify train` (or remove it to use the shipped model).",
        code="dependency.model_outdated")


def read_manifest(model_dir: Path) -> dict[str, Any]:
    with (Path(model_dir) / MANIFEST).open(encoding="utf-8") as fh:
        manifest: dict[str, Any] = json.load(fh)
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"format_version {manifest.get('format_version')!r} != {FORMAT_VERSION}")
    if manifest.get("features") in OUTDATED:
        raise outdated(model_dir, f"features {manifest['features']}")
    if manifest.get("features") != FEATURES:
        raise ValueError(f"features {manifest.get('features')!r} != {FEATURES!r}")
    if manifest.get("labels") != list(KEYS):
        raise ValueError("model labels differ from the taxonomy keys")
    return manifest


def check_config(model_dir: Path) -> None:
    """A textcat config without every option of :class:`classify.options.Options` is older code's."""
    import configparser

    cfg = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    cfg.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    if not cfg.read(Path(model_dir) / PIPELINE / "config.cfg", encoding="utf-8"):
        raise ValueError("pipeline/config.cfg missing")
    section = "components.textcat.model"
    missing = set(TEXTCAT_FIELDS) - set(cfg[section]) if cfg.has_section(section) else set(TEXTCAT_FIELDS)
    if missing:
        raise outdated(model_dir, f"textcat options {sorted(missing)} missing")


def load_inference(model_dir: Path) -> tuple[Any, dict[str, Any]] | None:
    """(:class:`classify.inference.TfidfInference`, manifest) without importing spaCy, or None when the
    pipeline is not one it runs (then :func:`load`). Raises ``ValueError`` like :func:`load` on a
    manifest or pipeline that does not match the taxonomy."""
    from classify.inference import TfidfInference, Unsupported

    manifest = read_manifest(model_dir)
    check_config(model_dir)
    try:
        inference = TfidfInference(Path(model_dir) / PIPELINE)
    except Unsupported:
        return None
    if set(inference.labels) != set(KEYS):
        raise ValueError("pipeline has no textcat with the taxonomy labels")
    return inference, manifest


def load(model_dir: Path) -> tuple[Any, dict[str, Any]]:
    import spacy

    import classify.spacy_arch  # noqa: F401  (our architectures must be registered before spacy.load)

    manifest = read_manifest(model_dir)
    check_config(model_dir)
    try:
        nlp = spacy.load(Path(model_dir) / PIPELINE)
    except Exception as exc:  # spaCy raises many kinds (IOError, ValueError, config errors)
        raise ValueError(f"cannot load spaCy pipeline: {exc}") from exc
    textcat: Any = nlp.get_pipe("textcat") if "textcat" in nlp.pipe_names else None
    if textcat is None or set(textcat.labels) != set(KEYS):
        raise ValueError("pipeline has no textcat with the taxonomy labels")
    names = {node.name for node in textcat.model.walk()}
    if "tfidf_features" not in names:
        raise ValueError(f"manifest features {manifest['features']!r} do not match the pipeline's textcat")
    return nlp, manifest
