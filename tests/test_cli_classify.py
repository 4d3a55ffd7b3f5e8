"""`sanchika classify | classify train | classify eval | review | review set-department` as a user runs
them (real subprocesses, a temporary SANCHIKA_HOME)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from classify import dataset
from classify.taxonomy import KEYS

REPO = Path(__file__).resolve().parent.parent
HI_REVENUE = "तहसीलदार न्यायालय में ग्राम बरखेड़ा के खसरा नंबर 112 का नामांतरण प्रकरण विचाराधीन है।"


def sanchika(home: Path, *args: str, check: bool = True, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SANCHIKA_HOME": str(home), "OMP_NUM_THREADS": "1"}
    env.pop("SANCHIKA_MODEL_DIR", None)
    proc = subprocess.run([sys.executable, "-m", "sanchika", *args], env=env, capture_output=True, text=True,
                          cwd=cwd, timeout=300)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def test_classify_text_json(tmp_path: Path) -> None:
    out = json.loads(sanchika(tmp_path, "classify", "--text", HI_REVENUE, "--json").stdout)
    assert out["department"] == "revenue" and 0.35 <= out["confidence"] <= 1.0
    assert [t["department"] for t in out["top"]][0] == "revenue" and len(out["top"]) == 3
    assert out["method"] == "model"
    words = [w["word"] for w in out["words"]]
    assert {"खसरा", "नामांतरण"} & set(words)


def test_classify_names_what_an_ocr_damaged_word_was_read_as(tmp_path: Path) -> None:
    """The shipped model's word repair (ADR 0005, sixth round): a damaged word that drove the decision
    is printed with the word it was read as; words read as they are carry no ``read_as``."""
    text = "केद्रीय मेत्री ने जलबायु परिवर्तन सम्मेलन का उदघाटन किया"  # केंद्रीय, मंत्री, जलवायु damaged
    out = json.loads(sanchika(tmp_path, "classify", "--text", text, "--json").stdout)
    read = {w["word"]: w.get("read_as") for w in out["words"]}
    assert read.get("जलबायु") == "जलवायु"
    assert all(r is None for w, r in read.items() if w in ("ने", "किया", "परिवर्तन"))
    human = sanchika(tmp_path, "classify", "--text", text).stdout
    assert "जलबायु (read as जलवायु, +" in human


def test_classify_file_and_human_output(tmp_path: Path) -> None:
    f = tmp_path / "letter.txt"
    f.write_text("Office of the District Education Officer. Subject: attendance of teachers in government "
                 "schools and the mid-day meal of students.", encoding="utf-8")
    proc = sanchika(tmp_path, "classify", str(f))
    assert "department: education" in proc.stdout and "top three:" in proc.stdout and "words:" in proc.stdout


def test_classify_image_is_ocred(tmp_path: Path) -> None:
    from . import pagegen
    from .scans import REVENUE_LINES, page

    img = tmp_path / "p1.png"
    img.write_bytes(pagegen.image_bytes(page(REVENUE_LINES, 3), "PNG", dpi=200))
    out = json.loads(sanchika(tmp_path, "classify", str(img), "--json").stdout)
    assert out["department"] == "revenue"


def test_classify_usage_errors(tmp_path: Path) -> None:
    proc = sanchika(tmp_path, "classify", "--json", check=False)
    assert proc.returncode == 2 and "error [usage]" in proc.stderr
    proc = sanchika(tmp_path, "classify", str(tmp_path / "missing.txt"), check=False)
    assert proc.returncode == 2 and "error [usage]" in proc.stderr


def _jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_eval_json_shape_and_unknown_labels(tmp_path: Path) -> None:
    rows = [
        {"text": HI_REVENUE, "lang": "hi", "department": "revenue"},
        {"text": "Vaccination coverage at the primary health centre and district hospital", "lang": "en",
         "department": "health"},
        {"text": "Recruitment rules of the state civil service", "lang": "en", "department": "finance"},
        {"text": "", "lang": "en", "department": "police"},
    ]
    res = json.loads(sanchika(tmp_path, "classify", "eval", "--data", str(_jsonl(tmp_path / "e.jsonl", rows)),
                              "--json").stdout)
    assert set(res) >= {"n", "macro_f1", "accuracy", "per_language", "per_class", "confusion"}
    assert res["n"] == 4 and set(res["per_language"]) == {"hi", "en"}
    assert set(res["per_language"]["en"]) == {"n", "macro_f1", "accuracy"} and res["per_language"]["en"]["n"] == 3
    assert set(res["per_class"]["revenue"]) == {"precision", "recall", "f1", "support"}
    assert res["per_class"]["finance"]["recall"] == 0.0 and res["unknown_labels"] == ["finance"]
    assert res["accuracy"] <= 0.5
    m = res["confusion"]
    assert sum(map(sum, m["matrix"])) == 4 and "finance" in m["labels"]
    human = sanchika(tmp_path, "classify", "eval", "--data", str(tmp_path / "e.jsonl")).stdout
    assert "confusion" in human and "revenue" in human


def test_eval_bad_input_codes(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    proc = sanchika(tmp_path, "classify", "eval", "--data", str(empty), check=False)
    assert proc.returncode == 2 and "error [input.eval_data]" in proc.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "department": "police"}\nnot json\n[1, 2]\n', encoding="utf-8")
    proc = sanchika(tmp_path, "classify", "eval", "--data", str(bad), check=False)
    assert proc.returncode == 2 and "error [input.eval_data]" in proc.stderr and "line 2" in proc.stderr


def _document(home: Path, text: str, department: str, confidence: float, failed_page: bool = False) -> str:
    """A finished document in the home's database (as the pipeline would leave it)."""
    from domain.types import Classification, Entities, PageText, TextSource
    from sanchika.settings import Settings
    from storage.catalog import Catalog
    from storage.db import init_schema, open_engine

    home.mkdir(parents=True, exist_ok=True)
    engine = open_engine(Settings(home=home).db_url)
    init_schema(engine)
    cat = Catalog(engine)
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    batch = cat.create_batch("t", "asha")
    cat.record_source(sha, "png", 10, "p.png")
    doc = cat.create_document(sha, batch, "p.png", "", "png", 2 if failed_page else 1)
    cat.save_page(doc, PageText(1, text, TextSource.OCR, 0.9))
    if failed_page:
        from domain.errors import InputError

        cat.fail_page(doc, 2, InputError("page 2 could not be read; rescan it.", code="page.unreadable"))
    cat.finish_document(doc, Classification(department, confidence, {"revenue": 0.3, "forest": 0.2}), Entities(), None)
    engine.dispose()
    return doc


@pytest.fixture(scope="module")
def tiny_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = dataset.lexicon_rows(per_dept=14, seed=1, langs=("hi", "en"))
    path = tmp_path_factory.mktemp("data") / "train.jsonl"
    return _jsonl(path, [{**r, "id": f"t:{i}"} for i, r in enumerate(rows)])


def test_review_correction_train_round_trip(tmp_path: Path, tiny_data: Path) -> None:
    home = tmp_path / "home"
    doc = _document(home, "ग्राम पंचायत भवन में पटवारी द्वारा सीमांकन", "unknown", 0.2)
    sure = _document(home, "Vaccination at the PHC", "health", 0.95, failed_page=True)
    listed = json.loads(sanchika(home, "review", "--json").stdout)
    ids = [d["document_id"] for d in listed["documents"]]
    assert doc in ids and sure not in ids and listed["documents"][0]["reason"] == "unknown"
    assert [(p["document_id"], p["page"], p["reason"]) for p in listed["pages"]] == [(sure, 2, "needs_rescan")]

    proc = sanchika(home, "review", "set-department", doc, "राजस्व", "--user", "asha", "--json")
    corr = json.loads(proc.stdout)
    assert corr["new"] == "revenue" and corr["old"] == "unknown" and corr["user"] == "asha" and corr["at"]
    assert doc not in [d["document_id"] for d in json.loads(sanchika(home, "review", "--json").stdout)["documents"]]
    bad = sanchika(home, "review", "set-department", doc, "finance", check=False)
    assert bad.returncode == 2 and "error [usage]" in bad.stderr
    missing = sanchika(home, "review", "set-department", "nope", "revenue", check=False)
    assert missing.returncode == 6 and "error [not_found]" in missing.stderr

    from sanchika.settings import Settings
    from storage.db import open_engine
    from storage.library import Library

    engine = open_engine(Settings(home=home).db_url)
    stored = Library(engine, None).corrections_of(doc)
    assert stored[-1]["user_name"] == "asha" and stored[-1]["at"] is not None
    from sanchika.retrain import correction_rows

    rows = correction_rows(engine)
    assert [(r["department"], r["corrected_by"]) for r in rows] == [("revenue", "asha")] and "पटवारी" in rows[0]["text"]
    engine.dispose()

    res = json.loads(sanchika(home, "classify", "train", "--data", str(tiny_data), "--epochs", "2",
                              "--hash-buckets", "4096", "--force", "--json").stdout)
    assert res["corrections"] == 1 and res["switched"] is True
    assert set(res["old"]) >= {"macro_f1", "per_language"} and set(res["new"]) >= {"macro_f1", "per_language"}
    manifest = json.loads((home / "model" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["training_rows"]["corrections"] == 1
    assert manifest["training_data_sha256"] == dataset.sha256_file(tiny_data)
    assert not [p for p in home.iterdir() if p.name.startswith(".model")]  # no staging folders left

    # classification now uses $SANCHIKA_HOME/model; a corrupt manifest falls back to rules with a warning
    (home / "model" / "manifest.json").write_text("{not json", encoding="utf-8")
    proc = sanchika(home, "classify", "--text", HI_REVENUE, "--json")
    assert json.loads(proc.stdout)["method"] == "rules" and "falling back" in proc.stderr


def test_train_needs_data_outside_the_repo_layout(tmp_path: Path) -> None:
    proc = sanchika(tmp_path, "classify", "train", "--json", check=False, cwd=tmp_path)
    assert proc.returncode == 2 and "--data" in proc.stderr
    assert KEYS  # the taxonomy is importable in the test process too
