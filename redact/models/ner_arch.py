"""Character-bigram embedding used by the bundled ``zh_sunshine_ner`` pipeline.

spaCy's ``MultiHashEmbed`` can only embed built-in token attributes; with one token per character
the most useful extra signal for Chinese NER is the pair of neighbouring characters (surname +
given name, 省/市/区 suffixes, 公安局…). This module registers ``sunshine.CharBigramEmbed.v1``, so it
must be imported before the pipeline is loaded (``redact.models.load_ner_model`` does that).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import numpy
from spacy.attrs import IDX, ORTH, SHAPE
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, list2ragged, ragged2list, with_array
from thinc.types import Floats2d, Ints2d

from redact.models.lexicon import load_lexicon

_MUL_LEFT = numpy.uint64(0x9E3779B97F4A7C15)
_MUL_RIGHT = numpy.uint64(0xC2B2AE3D27D4EB4F)
_BOUNDARY = numpy.uint64(0x5BD1E995)


def _features(doc: Doc) -> numpy.ndarray:
    """Columns: ORTH, SHAPE, bigram(prev, this), bigram(this, next) as uint64 keys."""
    base = doc.to_array([ORTH, SHAPE]).astype("uint64").reshape((-1, 2))
    orth = base[:, 0]
    prev = numpy.concatenate([numpy.array([_BOUNDARY], dtype="uint64"), orth[:-1]])
    nxt = numpy.concatenate([orth[1:], numpy.array([_BOUNDARY], dtype="uint64")])
    with numpy.errstate(over="ignore"):
        left = prev * _MUL_LEFT ^ orth
        right = orth * _MUL_RIGHT ^ nxt
    return numpy.ascontiguousarray(numpy.stack([orth, base[:, 1], left, right], axis=1))


def _extract_forward(model: Model, docs: list[Doc], is_train: bool) -> tuple[list[Ints2d], Callable]:
    feats = [model.ops.asarray2i(cast(Ints2d, _features(doc)), dtype="uint64") for doc in docs]
    return feats, lambda d_features: []


@registry.architectures("sunshine.CharBigramEmbed.v1")
def char_bigram_embed(width: int, rows: list[int]) -> Model[list[Doc], list[Floats2d]]:
    """HashEmbed tables for [ORTH, SHAPE, left bigram, right bigram], reduced by one Maxout."""
    if len(rows) != 4:
        raise ValueError("rows must give 4 table sizes: ORTH, SHAPE, left bigram, right bigram")
    return _hashed_columns(Model("char_bigram_features", _extract_forward), width, rows)


def _hashed_columns(
    extract: Model[list[Doc], list[Ints2d]], width: int, rows: list[int]
) -> Model[list[Doc], list[Floats2d]]:
    """One HashEmbed table per feature column, concatenated and reduced to ``width`` by a Maxout."""
    embeddings: list[Model[Ints2d, Floats2d]] = [
        HashEmbed(width, r, column=i, seed=8 + i, dropout=0.0) for i, r in enumerate(rows)
    ]
    model: Any = chain(
        extract,
        list2ragged(),
        with_array(concatenate(*embeddings)),
        with_array(Maxout(width, width * len(rows), nP=3, dropout=0.0, normalize=True)),
        ragged2list(),
    )
    return model


def _feature_model(name: str, featurize: Callable[[Doc], numpy.ndarray]) -> Model[list[Doc], list[Ints2d]]:
    """A parameter-free layer turning each doc into its uint64 feature columns (no gradient)."""

    def forward(model: Model, docs: list[Doc], is_train: bool) -> tuple[list[Ints2d], Callable]:
        feats = [model.ops.asarray2i(cast(Ints2d, featurize(doc)), dtype="uint64") for doc in docs]
        return feats, lambda d_features: []

    return Model(name, forward)


def _lexicon_features(doc: Doc, lexicon_sha256: str) -> numpy.ndarray:
    """The four bigram columns plus the lexicon bitmask of each token's first character."""
    lex = load_lexicon(expect_sha256=lexicon_sha256)
    bits = lex.features(doc.text)
    idx = doc.to_array([IDX]).astype("int64").reshape(-1)
    lex_col = bits[idx] if len(bits) else numpy.zeros((0,), dtype="uint64")
    return numpy.ascontiguousarray(numpy.column_stack([_features(doc), lex_col.astype("uint64")]))


@registry.architectures("sunshine.CharLexiconEmbed.v1")
def char_lexicon_embed(width: int, rows: list[int], lexicon_sha256: str) -> Model[list[Doc], list[Floats2d]]:
    """``CharBigramEmbed`` plus a fifth table for the lexicon bitmask (``redact.models.lexicon``).

    ``lexicon_sha256`` pins the dictionary the model was trained with; loading the model with any
    other dictionary raises instead of feeding the network features it never saw.
    """
    if len(rows) != 5:
        raise ValueError("rows must give 5 table sizes: ORTH, SHAPE, left bigram, right bigram, lexicon")
    load_lexicon(expect_sha256=lexicon_sha256)
    extract = _feature_model("char_lexicon_features", lambda doc: _lexicon_features(doc, lexicon_sha256))
    return _hashed_columns(extract, width, rows)


def _trigram_features(doc: Doc, lexicon_sha256: str) -> numpy.ndarray:
    """v1 columns plus the left (c-2 c-1 c) and right (c c+1 c+2) character trigrams."""
    base = _lexicon_features(doc, lexicon_sha256)
    orth = base[:, 0]
    pad = numpy.array([_BOUNDARY], dtype="uint64")
    p1 = numpy.concatenate([pad, orth[:-1]])
    p2 = numpy.concatenate([pad, pad, orth[:-2]])[: len(orth)]
    n1 = numpy.concatenate([orth[1:], pad])
    n2 = numpy.concatenate([orth[2:], pad, pad])[: len(orth)]
    with numpy.errstate(over="ignore"):
        left = (p2 * _MUL_LEFT ^ p1) * _MUL_RIGHT ^ orth
        right = (orth * _MUL_LEFT ^ n1) * _MUL_RIGHT ^ n2
    return numpy.ascontiguousarray(numpy.column_stack([base, left, right]))


@registry.architectures("sunshine.CharLexiconEmbed.v2")
def char_lexicon_embed_v2(
    width: int, rows: list[int], lexicon_sha256: str
) -> Model[list[Doc], list[Floats2d]]:
    """``CharLexiconEmbed.v1`` plus two character-trigram tables (rows: 7 sizes).

    Two-character bigrams cannot see that 斯基 in 林斯基 ends a transliteration while 斯 in 斯文
    starts one; trigrams carry one more character of evidence at the cost of two hash tables.
    """
    if len(rows) != 7:
        raise ValueError("rows must give 7 table sizes: v1's five, left trigram, right trigram")
    load_lexicon(expect_sha256=lexicon_sha256)
    extract = _feature_model(
        "char_trigram_lexicon_features", lambda doc: _trigram_features(doc, lexicon_sha256)
    )
    return _hashed_columns(extract, width, rows)


@registry.scorers("sunshine.ner_person_scorer.v1")
def ner_person_scorer() -> Callable[..., dict[str, Any]]:
    """spaCy's NER scores plus a flat ``ents_person_f``, so training can keep the checkpoint that
    is best at what redaction needs (persons) rather than at all three labels together."""
    from spacy.scorer import get_ner_prf

    def score(examples: Any, **kwargs: Any) -> dict[str, Any]:
        scores = get_ner_prf(examples)
        person = (scores.get("ents_per_type") or {}).get("PERSON") or {}
        scores["ents_person_f"] = person.get("f", 0.0)
        return scores

    return score
