"""The bundled NER model loads offline by path, quickly, and finds persons.

The last test scores the whole MSRA test split (3,442 sentences, 1,973 PERSON mentions) when
``../shared`` is present. Its floor (PERSON F1 >= 0.90, recall >= 0.90) guards the shipped model
(0.9085 / 0.9062, see redact/models/MODEL_CARD.md); the project's 0.92 target is not met and the
test does not pretend it is.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from redact.models import NER_LABELS, NER_MODEL_PATH, load_ner_model

DATASETS = Path(__file__).resolve().parents[2].parent / "shared" / "datasets"


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    model = load_ner_model()
    elapsed = time.perf_counter() - t0
    assert elapsed < 5.0, f"model load took {elapsed:.2f}s"
    return model


def test_bundled_model_is_small_and_labelled(nlp) -> None:  # type: ignore[no-untyped-def]
    size = sum(p.stat().st_size for p in NER_MODEL_PATH.rglob("*") if p.is_file())
    assert size <= 30 * 1024 * 1024, f"model is {size / 2**20:.1f} MiB"
    assert set(nlp.get_pipe("ner").labels) == set(NER_LABELS)
    assert nlp.tokenizer.segmenter == "char"  # no pkuseg/jieba model needed


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("违法行为人王建国，男，1985年3月2日出生，住浙江省台州市椒江区白云街道。", "王建国"),
        ("经查，2023年6月5日，李晓明在某小区门口与他人发生纠纷并动手殴打对方。", "李晓明"),
        ("被侵害人张某某报警称其手机被盗，民警随即赶到现场。", "张某某"),
        ("记者从公安部获悉，刘德华等人出席了昨天的发布会。", "刘德华"),
    ],
)
def test_finds_person(nlp, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    persons = [e.text for e in doc.ents if e.label_ == "PERSON"]
    assert name in persons, f"expected {name!r} among {persons!r}"


def test_public_words_are_not_persons(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("根据《中华人民共和国治安管理处罚法》第四十三条第一款之规定，决定给予罚款二百元。")
    assert not [e.text for e in doc.ents if e.label_ == "PERSON"]


@pytest.mark.shared
def test_person_f1_on_the_msra_test_split(nlp) -> None:  # type: ignore[no-untyped-def]
    if not (DATASETS / "msra" / "msra_test_bio.txt").is_file():
        pytest.skip(f"shared datasets not found at {DATASETS}")
    from redact.training.corpora import read_msra
    from redact.training.evaluate import score_samples

    test = read_msra(DATASETS / "msra" / "msra_test_bio.txt")
    scores = score_samples(nlp, test)
    person = scores["per_type"]["PERSON"]
    assert scores["gold_counts"]["PERSON"] == 1973
    assert person["f"] >= 0.90, person
    assert person["r"] >= 0.90, person


def test_model_is_pinned_to_the_installed_lexicon(nlp) -> None:  # type: ignore[no-untyped-def]
    """The lexicon feature reads jieba's dictionary; a different dictionary must fail loudly."""
    from redact.models.lexicon import load_lexicon

    embed = nlp.config["components"]["tok2vec"]["model"]["embed"]
    assert embed["@architectures"] == "sunshine.CharLexiconEmbed.v1"
    assert embed["lexicon_sha256"] == load_lexicon().sha256
    with pytest.raises(RuntimeError, match="different lexicon"):
        load_lexicon(expect_sha256="0" * 64)


def test_lexicon_features_mark_word_positions_and_classes() -> None:
    from redact.models.lexicon import load_lexicon

    lex = load_lexicon()
    bits = [int(b) for b in lex.features("江泽民说")]
    # 江泽民 is a person word of the lexicon: B, M, E bits of class PERSON (1) → bits 3, 4, 5
    assert bits[0] & (1 << 3) and bits[1] & (1 << 4) and bits[2] & (1 << 5)
    assert not bits[3] & (0b111 << 3)


@pytest.mark.parametrize("name", ["ner.cfg", "ner_trigram.cfg"])
def test_training_recipes_name_registered_layers(name: str) -> None:
    """Both recipes (the shipped model's and the trigram candidates') parse and refer only to
    layers and scorers this package registers."""
    from pathlib import Path

    import spacy
    from spacy.registrations import populate_registry

    populate_registry()  # spaCy fills its own registry (the NER scorer) lazily

    import redact.models.ner_arch  # noqa: F401  (registers the layers)

    cfg = spacy.util.load_config(Path(__file__).parents[2] / "redact" / "training" / name)
    embed = cfg["components"]["tok2vec"]["model"]["embed"]["@architectures"]
    assert spacy.registry.architectures.get(embed) is not None
    scorer = cfg["components"]["ner"]["scorer"]["@scorers"]
    assert spacy.registry.scorers.get(scorer) is not None
