"""The shipped textcat architecture ``sanchika.TextCatTfidf.v1`` (classify/spacy_arch.py): feature
blocks computed from the text, Devanagari skeletons robust to OCR damage, a real spaCy pipeline."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from classify import artifact, dataset
from classify.model import ModelClassifier, load_classifier, train
from classify.noise import ocr_noise
from classify.options import Options
from classify.spacy_arch import BLOCKS, Featurizer, acronym, latin_key, romanize, skeleton
from domain.text import normalize


def test_skeleton_ignores_dropped_matras_and_lookalike_letters() -> None:
    assert skeleton("किसान") == skeleton("कसान") == skeleton("किसन")  # dropped vowel signs
    assert skeleton("विकास") == skeleton("बिकास")  # ब / व
    assert skeleton("महिला") == skeleton("भहिला")  # म / भ
    assert skeleton("शिक्षा") == skeleton("शिकषा")  # virama dropped
    assert skeleton("खसरा") == skeleton("रवसरा")  # ख read as र + व
    assert skeleton("पटवारी") != skeleton("तहसील")
    assert skeleton("school") == "school"


def test_skeleton_block_survives_simulated_ocr_noise() -> None:
    fz = Featurizer()
    text = "हल्का पटवारी द्वारा खसरा नंबर 112 का नामांतरण एवं सीमांकन प्रतिवेदन प्रस्तुत करें"

    def block(t: str, name: str) -> set[int]:
        k, _, b = fz(t)
        return set(k[b == BLOCKS.index(name)].tolist())

    rng = random.Random(3)
    matras_dropped = "".join(ch for ch in text if not ("\u093e" <= ch <= "\u094d" and rng.random() < 0.3))
    assert matras_dropped != text
    assert block(matras_dropped, "s") == block(text, "s")  # the skeleton does not see dropped matras
    assert block(matras_dropped, "c") != block(text, "c")
    noisy = ocr_noise(text, 0.05, random.Random(3))
    clean_s, noisy_s = block(text, "s"), block(noisy, "s")
    assert noisy != text and len(clean_s & noisy_s) >= 0.6 * len(clean_s)


@pytest.mark.parametrize(
    ("hindi", "english"),
    [("पोखरियाल", "Pokhriyal"), ("जावड़ेकर", "Javadekar"), ("कलेक्टर", "collector"), ("हॉस्पिटल", "hospital"),
     ("आंगनवाड़ी", "anganwadi"), ("पंचायत", "panchayat"), ("इंटर्नशिप", "internship"), ("सिविल", "civil")],
)
def test_romanised_hindi_meets_english_spelling(hindi: str, english: str) -> None:
    assert latin_key(romanize(normalize(hindi))) == latin_key(english)


def test_devanagari_acronyms() -> None:
    assert acronym(normalize("एनसीईआरटी")) == "ncert"
    assert acronym(normalize("आईआईटी")) == "iit"
    assert acronym(normalize("ईएसआईसी")) == "esic"
    for word in ("के", "आई", "जीवन", "टीका", "पटवारी"):  # one letter name, or ordinary words
        assert acronym(normalize(word)) == ""
    fz = Featurizer()
    assert set(fz("आईआईटी की बैठक")[0].tolist()) & set(fz("IIT meeting")[0].tolist())


def test_featurizer_blocks() -> None:
    fz = Featurizer()
    k, c, b = fz("School teachers and the school")
    assert k.dtype == np.uint64 and len(k) == len(c) == len(b) and len(set(k.tolist())) == len(k)
    assert set(b.tolist()) == {0, 1, 3, 4}  # words, characters, lexicon, phonetic keys; no skeleton
    assert c.max() >= 2  # "school" twice: counted
    k2, _, b2 = fz("प्राथमिक शाला के शिक्षक")
    assert BLOCKS.index("s") in set(b2.tolist())
    assert [len(x) for x in fz("")] == [0, 0, 0]
    fz.memo = {}
    assert fz("a school") is fz("a school")


@pytest.fixture(scope="module")
def tfidf_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = dataset.lexicon_rows(per_dept=10, seed=5, langs=("hi", "en"))
    data = tmp_path_factory.mktemp("tfidf") / "d.jsonl"
    data.write_text("".join(json.dumps({**r, "id": f"x:{i}"}, ensure_ascii=False) + "\n" for i, r in enumerate(rows)),
                    encoding="utf-8")
    out = data.parent / "m"
    train(data, out, epochs=2, length=2**12, lexicon_per_dept=2, idf_length=2**12)
    return out


def test_tfidf_model_is_a_spacy_pipeline_reading_text(tfidf_model: Path) -> None:
    manifest = json.loads((tfidf_model / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["features"] == artifact.FEATURES
    assert manifest["refit_on_train_and_dev"] is True
    knn = manifest["options"]["knn"]  # chosen on dev: neighbour count, mixing weight, linear temperature
    assert knn["k"] in (3, 5, 10) and knn["weight"] in (0.0, 0.1, 0.2, 0.3) and knn["t_lin"] > 0
    clf = load_classifier(tfidf_model)
    assert isinstance(clf, ModelClassifier)
    doc = clf.nlp("पटवारी द्वारा खसरा का नामांतरण")  # the plain spaCy way works too
    assert abs(sum(doc.cats.values()) - 1.0) < 1e-4
    n_strings = len(clf.nlp.vocab.strings)
    r = clf.classify("पटवारी खसरा नामांतरण तहसील")
    assert r.method == "model" and abs(sum(r.scores.values()) - 1.0) < 1e-3
    clf.classify_many(["xqzv unseen wordforms " + str(i) for i in range(50)])
    assert len(clf.nlp.vocab.strings) - n_strings < 200  # features are hashed, not interned


def test_neighbour_memory_mixes_votes_and_survives_a_round_trip(tmp_path: Path) -> None:
    import spacy
    from spacy.training import Example

    from classify.model import build_nlp
    from classify.spacy_arch import find_knn_layer, set_idf, set_knn_memory, set_knn_mix
    from classify.taxonomy import KEYS

    rows = [("vaccination at the district hospital", "health"), ("school teachers and scholarships", "education"),
            ("पटवारी द्वारा खसरा का नामांतरण", "revenue"), ("police station FIR and arrest", "police"),
            ("hospital beds and doctors", "health"), ("primary school enrolment", "education")]
    nlp = build_nlp(Options.of(length=2**12, idf_length=2**12))
    assert find_knn_layer(nlp) is not None  # on by default
    examples = [Example.from_dict(nlp.make_doc(t), {"cats": {k: float(k == d) for k in KEYS}}) for t, d in rows]
    opt = nlp.initialize(lambda: examples)
    set_idf(nlp, [t for t, _ in rows])
    nlp.update(examples, sgd=opt)
    before = nlp("doctors at the hospital").cats
    labels = nlp.get_pipe("textcat").labels
    set_knn_memory(nlp, [t for t, _ in rows], [labels.index(d) for _, d in rows], max_df=0.5)
    set_knn_mix(nlp, 1, 0.0, 1.0)
    assert nlp("doctors at the hospital").cats == before  # weight 0: the linear model alone
    set_knn_mix(nlp, 2, 0.5, 1.0)
    after = nlp("doctors at the hospital").cats
    assert after["health"] > before["health"] and abs(sum(after.values()) - 1.0) < 1e-4
    assert abs(sum(nlp("xqzv").cats.values()) - 1.0) < 1e-4  # no shared feature: linear part only
    nlp.to_disk(tmp_path / "p")
    again = spacy.load(tmp_path / "p")("doctors at the hospital").cats
    assert all(abs(again[k] - after[k]) < 1e-6 for k in KEYS)


def test_model_without_memory_trains_and_loads(tmp_path: Path) -> None:
    rows = dataset.lexicon_rows(per_dept=4, seed=3, langs=("hi", "en"))
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps({**r, "id": f"z:{i}"}, ensure_ascii=False) + "\n" for i, r in enumerate(rows)),
                    encoding="utf-8")
    train(data, tmp_path / "m", epochs=1, length=2**12, lexicon_per_dept=2, idf_length=2**12, knn=False, runs=1)
    manifest = json.loads((tmp_path / "m" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["options"]["knn"] is None
    clf = load_classifier(tmp_path / "m")
    assert isinstance(clf, ModelClassifier)
    assert abs(sum(clf.classify("पटवारी खसरा").scores.values()) - 1.0) < 1e-3


@pytest.mark.parametrize("features", ["term_tokens+lex/v1", "term_tokens+lex/v2", "text+tfidf-blocks/v3"])
def test_a_model_of_older_code_is_refused_with_a_clear_error(tfidf_model: Path, tmp_path: Path, features: str) -> None:
    import shutil

    from domain.errors import DependencyError

    old = tmp_path / "old"
    shutil.copytree(tfidf_model, old)
    manifest = json.loads((old / "manifest.json").read_text(encoding="utf-8"))
    manifest["features"] = features
    (old / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(DependencyError, match="retrain with `sanchika classify train`") as err:
        load_classifier(old)
    assert err.value.code == "dependency.model_outdated"
    from sanchika.retrain import _load  # `classify train` has no old model to score, and says why

    clf, notes = _load(old)
    assert clf is None and "retrain with" in notes[0]


def test_a_config_without_todays_options_is_refused_as_outdated(tfidf_model: Path, tmp_path: Path) -> None:
    """A v4 model written before an option existed (its config lacks the key) is older code's model."""
    import shutil

    from domain.errors import DependencyError

    old = tmp_path / "old"
    shutil.copytree(tfidf_model, old)
    cfg = old / "pipeline" / "config.cfg"
    cfg.write_text("".join(line for line in cfg.read_text(encoding="utf-8").splitlines(keepends=True)
                           if not line.startswith("repair_words")), encoding="utf-8")
    with pytest.raises(DependencyError) as err:
        load_classifier(old)
    assert err.value.code == "dependency.model_outdated"


def test_manifest_features_must_be_known(tfidf_model: Path, tmp_path: Path) -> None:
    import shutil

    bad = tmp_path / "bad"
    shutil.copytree(tfidf_model, bad)
    manifest = json.loads((bad / "manifest.json").read_text(encoding="utf-8"))
    manifest["features"] = "something/else"
    (bad / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.warns(RuntimeWarning, match="falling back"):
        assert not isinstance(load_classifier(bad), ModelClassifier)


def test_noisy_copies_per_language_and_share() -> None:
    from classify.training import _noisy_copies

    rows = [{"text": "पटवारी द्वारा खसरा का नामांतरण", "lang": "hi", "department": "revenue"},
            {"text": "Vaccination at the PHC", "lang": "en", "department": "health"}]
    out = _noisy_copies(rows * 10, 2.0, 0.1, random.Random(1), ("hi",))
    assert len(out) == 20 and all(r["lang"] == "hi" and r["source"] == "noise" for r in out)
    assert _noisy_copies(rows, 0.0, 0.1, random.Random(1)) == []


def test_single_run_without_refit(tmp_path: Path) -> None:
    rows = dataset.lexicon_rows(per_dept=6, seed=7, langs=("hi", "en"))
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps({**r, "id": f"y:{i}"}, ensure_ascii=False) + "\n" for i, r in enumerate(rows)),
                    encoding="utf-8")
    train(data, tmp_path / "m", epochs=1, length=2**12, lexicon_per_dept=2, idf_length=2**12,
          refit=False, runs=1)
    manifest = json.loads((tmp_path / "m" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["refit_on_train_and_dev"] is False and manifest["options"]["runs"] == 1
    assert isinstance(load_classifier(tmp_path / "m"), ModelClassifier)


def test_memory_of_chosen_blocks_is_kept_and_served_without_spacy(tmp_path: Path) -> None:
    """``knn_blocks``: a memory with the skeleton block too; the blocks go with the model, and the
    numpy forward pass (classify/inference.py) reads them and gives spaCy's probabilities."""
    from classify.features import KNN_BLOCKS
    from classify.inference import TfidfInference
    from classify.model import predict_proba
    from classify.spacy_arch import find_knn_layer

    rows = dataset.lexicon_rows(per_dept=6, seed=11, langs=("hi", "en"))
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps({**r, "id": f"k:{i}"}, ensure_ascii=False) + "\n" for i, r in enumerate(rows)),
                    encoding="utf-8")
    out = {}
    for name, blocks in (("default", KNN_BLOCKS), ("skeleton", (0, 2, 3))):
        # without the word repair, which would mend the damaged Hindi texts back to training texts
        train(data, tmp_path / name, epochs=1, length=2**12, lexicon_per_dept=2,
              idf_length=2**12, repair_words=False,
              refit=False, runs=1, knn_blocks=blocks, knn_weights=(0.5,), glossary_rows=0)
        manifest = json.loads((tmp_path / name / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["options"]["knn"]["blocks"] == list(blocks)
        nlp, _ = artifact.load(tmp_path / name)
        knn = find_knn_layer(nlp)
        assert knn.attrs["knn"].get("blocks", list(KNN_BLOCKS)) == list(blocks)  # survived to_disk / load
        texts = [r["text"] for r in rows[:40]] + [ocr_noise(r["text"], 0.1, random.Random(i)) for i, r in enumerate(rows[:40])]
        fast = TfidfInference(tmp_path / name / artifact.PIPELINE)
        order = [fast.labels.index(k) for k in nlp.get_pipe("textcat").labels]
        slow = predict_proba(nlp, texts)
        assert np.abs(fast.predict(texts)[:, order] - slow).max() < 1e-4
        out[name] = slow
    hindi = [i for i, r in enumerate(rows[:40] * 2) if r["lang"] == "hi"]
    assert hindi  # the skeleton block is Devanagari only: Hindi texts find other neighbours
    assert np.abs(out["default"][hindi] - out["skeleton"][hindi]).max() > 1e-3


def test_refit_estimate_counts_every_run_and_the_extra_rows() -> None:
    """The time box's guess of the refit: 3 runs of the chosen epochs on 22 % more rows. (It used to
    be 0.8 x one run's share, and a refit it allowed overran the 10-minute training target.)"""
    from classify.training import refit_estimate

    # phase 1: 6 epochs in run 1, then 3 in each of runs 2 and 3 -> 12 epochs in 360 s
    assert refit_estimate(360.0, 6, 3, 3, 1220, 1000) == pytest.approx(360.0 * 9 / 12 * 1.22)
    assert refit_estimate(360.0, 6, 6, 1, 1000, 1000) == pytest.approx(360.0)  # one run: the same epochs again
    assert refit_estimate(100.0, 0, 0, 3, 10, 0) == 0.0  # degenerate input does not divide by zero


def test_seen_filter_is_a_bloom_filter_of_the_given_keys() -> None:
    from classify.features import SEEN_BITS, keep_seen, seen_filter

    rng = np.random.default_rng(4)
    keys = rng.integers(0, 2**63, 50_000, dtype=np.uint64)
    bits = seen_filter(keys)
    assert bits.dtype == np.uint8 and len(bits) * 8 == SEEN_BITS
    ones = np.ones(len(keys), np.float32)
    kept, counts, blocks = keep_seen(bits, keys, ones, np.arange(len(keys)).astype(np.int8))
    assert (kept == keys).all() and len(counts) == len(blocks) == len(keys)  # no false "unseen"
    other = rng.integers(0, 2**63, 200_000, dtype=np.uint64)
    assert len(keep_seen(bits, other, np.ones(len(other), np.float32), np.zeros(len(other), np.int8))[0]) < 20
    assert keep_seen(None, other, other, other)[0] is other  # no filter: everything kept
    assert len(seen_filter(np.zeros(0, np.uint64))) * 8 == SEEN_BITS


def test_seen_filter_drops_unseen_features_in_both_prediction_paths(tmp_path: Path) -> None:
    """``seen_filter``: features no training text had are left out before the IDF and the blocks'
    unit length, in training's dev scoring, in spaCy and in the numpy forward pass alike; a damaged
    word no longer takes weight from the words the model knows."""
    from classify.features import keep_seen
    from classify.inference import TfidfInference
    from classify.model import predict_proba
    from classify.spacy_arch import find_tfidf_layer

    rows = dataset.lexicon_rows(per_dept=6, seed=11, langs=("hi", "en"))
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps({**r, "id": f"k:{i}"}, ensure_ascii=False) + "\n" for i, r in enumerate(rows)),
                    encoding="utf-8")
    probs, weights = {}, {}
    for name, on in (("off", False), ("on", True)):
        train(data, tmp_path / name, epochs=1, length=2**12, lexicon_per_dept=2,
              idf_length=2**12, seen_filter=on, refit=False, runs=1, glossary_rows=0)
        nlp, _ = artifact.load(tmp_path / name)
        feats = find_tfidf_layer(nlp)
        assert feats.attrs["seen_filter"] is on and bool(feats.has_param("seen")) is on  # kept by to_disk
        fz = feats.attrs["featurizer"]
        texts = [r["text"] for r in rows[:30]] + [ocr_noise(r["text"], 0.1, random.Random(i)) for i, r in enumerate(rows[:30])]
        texts += ["खसरा xqzvw नामांतरण qqqzzz", "xqzvw"]
        fast = TfidfInference(tmp_path / name / artifact.PIPELINE)
        order = [fast.labels.index(k) for k in nlp.get_pipe("textcat").labels]
        slow = predict_proba(nlp, texts)
        assert np.abs(fast.predict(texts)[:, order] - slow).max() < 1e-4
        probs[name] = slow
        if on:
            seen = feats.get_param("seen")
            k, c, b = fz("खसरा xqzvw नामांतरण qqqzzz")
            kept = keep_seen(seen, k, c, b)[0]
            assert 0 < len(kept) < len(k)  # the made-up words' features go, the known words' stay
            assert len(keep_seen(seen, *fz(rows[0]["text"]))[0]) == len(fz(rows[0]["text"])[0])  # a training text keeps all
        weights[name] = nlp.get_pipe("textcat").model.get_ref("output_layer").get_param("W")
    # the filter holds every training feature, so training learnt the same weights; the temperatures
    # are fitted on dev, which the filter does change, so the probabilities of every text may move
    assert np.array_equal(weights["on"], weights["off"])
    assert np.abs(probs["on"][-2] - probs["off"][-2]).max() > 1e-3


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        ("किसान", "किसान", "same"),
        ("कसान", "किसान", "sign"),  # a matra dropped
        ("किसान", "कसान", "sign"),
        ("निधी", "निधि", "sign"),  # a matra confused
        ("एसआईसी", "ईएसआईसी", "letter"),  # a letter dropped
        ("बिभाग", "विभाग", "letter"),  # a look-alike letter
        ("इंटरनेट", "ईंटरनेट", "letter"),  # the short and long independent vowel
        ("विभगा", "विभाग", "letter"),  # two neighbours swapped
        ("सत्र", "पत्र", None),  # unlike letters: two words
        ("कि", "क", "sign"),
        ("कि", "कप", None),  # a sign replaced by a letter
        ("वभग", "विभाग", None),  # two matras dropped
        ("अ", "अआइ", None),
    ],
)
def test_one_edit_names_the_kind_of_ocr_edit(a: str, b: str, kind: str | None) -> None:
    from classify.features import one_edit

    assert one_edit(a, b) == kind
    assert one_edit(b, a) == kind


def test_word_repair_reads_a_damaged_devanagari_word_as_a_known_one() -> None:
    from classify.features import WordRepair

    texts = ["शहरी विकास शहरी योजना शहरी निकाय", "श्री किसान सम्मान निधि", "ईएसआईसी अस्पताल", "किसान"]
    words = WordRepair.vocabulary(texts)
    assert words[:2] == ["शहरी", "किसान"]  # most frequent first, then alphabetical
    rep = WordRepair(words, keep=["सत्र", "किसान"])
    assert rep.keep == ["सत्र"]  # the known words are not kept twice
    assert rep.word("कसान") == "किसान"  # a matra dropped
    assert rep.word("एसआईसी") == "ईएसआईसी"  # a letter dropped
    assert rep.word("निधी") == "निधि"  # a matra confused
    # शरी is one edit from श्री (a virama) and from the more frequent शहरी (a letter): the sign goes first
    assert rep.word("शरी") == "श्री"
    assert rep.word("किसान") == "किसान" and rep.word("सड़क") == "सड़क"  # known, or nothing within one edit
    assert rep.word("कस") == "कस"  # too short to guess
    garbage = "कि" * 20_000  # OCR garbage without spaces: left as it is, at once
    assert rep.text(garbage) == garbage
    assert rep.word("सत्र") == "सत्र"  # a real word the training texts lack stays (not read as पत्र)
    assert WordRepair(["पत्र"]).word("सत्र") == "सत्र"  # unlike letters are never read as each other
    assert WordRepair(["विभाग"]).word("बिभाग") == "विभाग"  # look-alikes are
    assert rep.text("कसान सम्मन निधि १२") == "किसान सम्मान निधि 12"  # normalised when repaired
    assert rep.text("सड़क १२") == "सड़क १२"  # untouched when nothing is repaired
    assert rep.text("the farmer kisan") == "the farmer kisan"
    again = WordRepair.decode(rep.encode())
    assert again.words == words and again.keep == ["सत्र"] and again.word("सत्र") == "सत्र"
    assert WordRepair.decode(WordRepair([]).encode()).words == []


def test_word_repair_on_the_office_words() -> None:
    """शिक्षा, कृषि, महिला, जिला, कार्यालय: each is one word to the repair's tokens (conjuncts, virama and
    matras inside), read back from its usual OCR damage, and left alone when it is right."""
    from classify.features import _DEVA_WORD_RE, WordRepair

    office = ["शिक्षा", "कृषि", "महिला", "जिला", "कार्यालय"]
    assert _DEVA_WORD_RE.findall("जिला शिक्षा अधिकारी कार्यालय, कृषि/महिला १२३।") == [
        "जिला", "शिक्षा", "अधिकारी", "कार्यालय", "कृषि", "महिला"]
    rep = WordRepair(office)
    damaged = {"शक्षा": "शिक्षा", "कृष": "कृषि", "महला": "महिला", "जला": "जिला", "कार्यलय": "कार्यालय",
               "शीक्षा": "शिक्षा", "कार्यालथ": "कार्यालय"}  # dropped or confused matras; a look-alike letter
    assert {w: rep.word(w) for w in damaged} == damaged
    assert rep.word("शिक्षा") == "शिक्षा" and rep.text("जिला शिक्षा कार्यालय") == "जिला शिक्षा कार्यालय"
    assert rep.word("शक्शा") == "शक्शा"  # two edits: not guessed
    assert WordRepair(office, keep=["जला"]).word("जला") == "जला"  # a real word stays


def test_repair_words_is_stored_and_served_by_both_prediction_paths(tmp_path: Path) -> None:
    """``repair_words``: the known Devanagari words of the clean training texts are stored in the
    model; a damaged word is read as its known word in spaCy and in the numpy forward pass alike."""
    from classify.features import WordRepair
    from classify.inference import TfidfInference
    from classify.model import predict_proba
    from classify.spacy_arch import find_tfidf_layer

    rows = dataset.lexicon_rows(per_dept=6, seed=11, langs=("hi", "en"))
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps({**r, "id": f"k:{i}"}, ensure_ascii=False) + "\n" for i, r in enumerate(rows)),
                    encoding="utf-8")
    train(data, tmp_path / "m", epochs=1, length=2**12, lexicon_per_dept=2,
          idf_length=2**12, repair_words=True, refit=False, runs=1, glossary_rows=0)
    nlp, manifest = artifact.load(tmp_path / "m")
    feats = find_tfidf_layer(nlp)
    fz = feats.attrs["featurizer"]
    hindi = [r["text"] for r in rows if dataset.row_lang(r) == "hi"]
    damaged = [ocr_noise(t, 0.15, random.Random(i)) for i, t in enumerate(hindi[:40])]
    slow = predict_proba(nlp, hindi[:40] + damaged)  # the layer reads its stored words
    assert fz.repair is not None and "नामांतरण" in fz.repair.known
    clean = rows + dataset.handwritten_rows() + dataset.lexicon_rows(2, seed=13)  # what training read, without its noisy copies
    assert set(fz.repair.words) <= set(WordRepair.vocabulary([r["text"] for r in clean]))
    fast = TfidfInference(tmp_path / "m" / artifact.PIPELINE)
    assert fast.featurizer.repair is not None and fast.featurizer.repair.words == fz.repair.words
    order = [fast.labels.index(k) for k in nlp.get_pipe("textcat").labels]
    assert np.abs(fast.predict(hindi[:40] + damaged)[:, order] - slow).max() < 1e-4
    repaired = sum(fz.repair.text(d) != d for d in damaged)
    assert repaired >= 10  # at 15 % damage most titles have a word within one edit of its original
    word = next(w for w in fz.repair.words if len(w) >= 6)
    assert fz.repair.word(word[:2] + word[3:]) in fz.repair.known  # a letter dropped: read as a known word
    assert fz(word[:2] + word[3:] + " xyz")[0].tolist() == fz(fz.repair.word(word[:2] + word[3:]) + " xyz")[0].tolist()
    # what the explanation prints: the same reading from the spaCy pipeline and the numpy pass
    damaged_word = word[:2] + word[3:]
    by_spacy, by_numpy = ModelClassifier(nlp, manifest), load_classifier(tmp_path / "m")
    assert by_numpy.inference is not None
    assert by_spacy.read_as(damaged_word) == by_numpy.read_as(damaged_word) == fz.repair.word(damaged_word)
    assert by_spacy.read_as(word) is None and by_numpy.read_as("xyz") is None
    fresh, _ = artifact.load(tmp_path / "m")  # no prediction yet: the repair is read from the pipeline
    assert ModelClassifier(fresh, manifest).read_as(damaged_word) == fz.repair.word(damaged_word)
    # the repair is set after training: the weights are those of a model without it
    train(data, tmp_path / "off", epochs=1, length=2**12, lexicon_per_dept=2,
          idf_length=2**12, repair_words=False, refit=False, runs=1, glossary_rows=0)
    off, _ = artifact.load(tmp_path / "off")
    assert not find_tfidf_layer(off).attrs["repair_words"]
    w_on, w_off = (p.get_pipe("textcat").model.get_ref("output_layer").get_param("W") for p in (nlp, off))
    assert np.array_equal(w_on, w_off)
