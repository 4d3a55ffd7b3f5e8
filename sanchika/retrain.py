"""Retraining the department model from the base data plus operators' corrections, and evaluating
any model on labelled rows (the library behind `sanchika classify train | eval`).

Corrections come from the ``corrections`` table (``field = 'department'``; the newest correction of a
document wins; a correction to ``unknown`` or to a document without text is skipped). The text of a
corrected document is the text of its pages that were read. A retrained model is written to a
staging folder next to the target, both models are scored on the held-out part of the base data
(the "test" part of the fixed split, docs/adr/0005), and the new one is switched in (atomic rename)
only when its held-out macro-F1 is not lower, or when forced.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import uuid
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from classify import dataset
from classify.metrics import confusion, evaluate, evaluate_predictions
from classify.taxonomy import KEYS
from domain.errors import DependencyError, InputError, UsageError

DEFAULT_DATA = Path("..") / "shared" / "data" / "departments" / "train.jsonl"


def default_data_path(cwd: Path | None = None) -> Path:
    """``../shared/data/departments/train.jsonl`` relative to the working directory, when present."""
    path = (cwd or Path.cwd()) / DEFAULT_DATA
    if not path.is_file():
        raise UsageError(f"no --data given and {DEFAULT_DATA} does not exist here: pass --data PATH "
                         "(JSON Lines rows {\"text\", \"lang\", \"department\", \"id\"}).")
    return path


def correction_rows(engine: Engine) -> list[dict[str, Any]]:
    """Training rows from department corrections: {"text", "lang", "department", "id", "source",
    "corrected_by", "corrected_at"}; the newest correction per document."""
    from storage.corrections import corrected_departments

    out = []
    for doc in corrected_departments(engine):
        if doc.department not in KEYS or not doc.text.strip():
            continue
        out.append({"text": doc.text, "lang": dataset.row_lang({"text": doc.text}), "department": doc.department,
                    "id": f"correction:{doc.document_id}", "source": "correction", "corrected_by": doc.user_name,
                    "corrected_at": doc.at.isoformat() if doc.at else None})
    return out


def _summary(res: dict[str, Any]) -> dict[str, Any]:
    return {"n": res["n"], "macro_f1": res["macro_f1"], "accuracy": res["accuracy"],
            "per_language": res["per_language"]}


def _load(model_dir: Path | None) -> Any:
    from classify.model import load_classifier

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            clf = load_classifier(model_dir, min_confidence=0.0)
        except DependencyError as exc:  # dependency.model_outdated: older code's model, nothing to compare
            return None, [str(exc)]
    return clf, [str(w.message) for w in caught]


def install(staging: Path, out_dir: Path) -> None:
    """Rename ``staging`` into ``out_dir`` (the old folder is renamed away first, then removed)."""
    old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    if out_dir.exists():
        out_dir.rename(old)
    staging.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)


@dataclass
class RetrainResult:
    data: str
    data_sha256: str
    corrections: int
    old_model: str
    old: dict[str, Any]
    new: dict[str, Any]
    switched: bool
    reason: str
    model_dir: str
    train_seconds: float
    warnings: list[str] = field(default_factory=list)
    train_cpu_seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """Every field; ``old`` / ``new`` are ``null`` (not ``{}``) when there is no score to show (an
        outdated old model, no held-out rows), with the reason in ``warnings``."""
        out = dataclasses.asdict(self)
        for side in ("old", "new"):
            out[side] = out[side] or None
        return out


def retrain(data: Path, out_dir: Path, current_model: Path | None, corrections: list[dict[str, Any]],
            force: bool = False, **options: Any) -> RetrainResult:
    """Train on ``data`` + ``corrections`` into a staging folder beside ``out_dir``, score old and new on
    the held-out part of ``data``, and switch the new one into ``out_dir`` unless it is worse."""
    from classify.model import DEFAULT_MODEL_DIR
    from classify.training import train

    data = Path(data)
    if not data.is_file():
        raise UsageError(f"training data {data} does not exist.")
    out_dir = Path(out_dir).resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    try:
        base_rows = dataset.load_rows(data)
    except (ValueError, UnicodeDecodeError) as exc:  # json.JSONDecodeError is a ValueError
        raise InputError(f"{data} is not JSON Lines of labelled rows ({exc}).", code="input.training_data") from None
    test_rows = dataset.split_rows(dataset.check_rows(base_rows))["test"]
    old_clf, notes = _load(current_model)
    old = _summary(evaluate(old_clf, test_rows)) if test_rows and old_clf is not None else {}
    old_name = f"{current_model or DEFAULT_MODEL_DIR} ({getattr(old_clf, 'method', 'outdated')})"
    staging = out_dir.parent / f".{out_dir.name}.new-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        metrics = train(data, staging, corrections=corrections, **options)
        new_clf, more = _load(staging)
        notes += more
        new = _summary(evaluate(new_clf, test_rows)) if test_rows else {}
        worse = bool(old) and new.get("macro_f1", 0.0) < old.get("macro_f1", 0.0)
        if worse and not force:
            switched, reason = False, "the new model scores lower on the held-out part: kept the old one (--force switches anyway)"
        else:
            install(staging, out_dir)
            switched = True
            reason = "forced" if worse else "not worse on the held-out part"
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return RetrainResult(str(data), dataset.sha256_file(data), len(corrections), old_name, old, new, switched,
                         reason, str(out_dir), float(metrics.get("train_seconds", 0.0)), notes,
                         float(metrics.get("train_cpu_seconds", 0.0)))


def read_eval_rows(path: Path) -> list[dict[str, Any]]:
    """Rows {"text", "lang"?, "department"} of a JSON Lines file. A line that is not a JSON object with
    a string ``text`` and a string ``department`` is an error (code ``input.eval_data``); labels the
    model does not know are kept (they count as errors)."""
    if not Path(path).is_file():
        raise UsageError(f"{path} is not a file.")
    rows, bad = [], []
    with Path(path).open(encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                bad.append(n)
                continue
            if not (isinstance(row, dict) and isinstance(row.get("text"), str)
                    and isinstance(row.get("department"), str)):
                bad.append(n)
                continue
            rows.append(row)
    if bad:
        raise InputError(f"{path}: {len(bad)} line(s) are not JSON objects with string \"text\" and \"department\" "
                         f"(first: line {', '.join(map(str, bad[:5]))}); fix or remove them.", code="input.eval_data")
    if not rows:
        raise InputError(f"{path} holds no rows: expected JSON Lines {{\"text\", \"lang\", \"department\"}}.",
                         code="input.eval_data")
    return rows


def evaluate_file(path: Path, classifier: Any) -> dict[str, Any]:
    """`sanchika classify eval`: every row classified in this process; evaluate() shape + confusion."""
    from classify.metrics import predict_all

    rows = read_eval_rows(path)
    preds = predict_all(classifier, [r["text"] for r in rows])
    result = evaluate_predictions(rows, preds)
    result["confusion"] = confusion([r["department"] for r in rows], preds)
    result["unknown_labels"] = sorted({r["department"] for r in rows} - set(KEYS))
    result["model"] = getattr(classifier, "method", "?")
    return result

