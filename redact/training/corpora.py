"""Readers for the shared NER corpora, mapped to the model's three labels.

Every reader yields :class:`Sample` objects (text + character spans, end exclusive) so the
training and evaluation code never sees the corpora's four different formats. Splits are
deterministic (seeded or position-based) so a re-run of the recipe trains and scores on exactly
the same sentences.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

LABELS: tuple[str, ...] = ("PERSON", "LOC", "ORG")

MSRA_MAP = {"PER": "PERSON", "LOC": "LOC", "ORG": "ORG"}
CLUENER_MAP = {
    "name": "PERSON",
    "address": "LOC",
    "organization": "ORG",
    "company": "ORG",
    "government": "ORG",
}
CAIL2021_MAP = {"NHCS": "PERSON", "NHVI": "PERSON", "NS": "LOC", "NO": "ORG"}
CAIL2022_MAP = {"Nh": "PERSON", "Ns": "LOC"}
# Synthetic decisions carry the redactor's entity types; only the three NER labels are learned.
SYNTH_MAP = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "NAME": "PERSON",
    "PERSON_NAME": "PERSON",
    "LOC": "LOC",
    "LOCATION": "LOC",
    "ADDRESS": "LOC",
    "ADDR": "LOC",
    "GPE": "LOC",
    "ORG": "ORG",
    "ORGANIZATION": "ORG",
    "ORGANISATION": "ORG",
    "AUTHORITY": "ORG",
    "COMPANY": "ORG",
    # sunshine.synth gold export buckets (keep / neutral)
    "OFFICIAL_NAME": "PERSON",
    "ADDRESS_PREFIX": "LOC",
    "PLACE": "LOC",
    "ORG_ADDRESS": "LOC",
    "ORG_NAME": "ORG",
}

MSRA_DEV_FRACTION = 0.05
CAIL2021_HELDOUT_FRACTION = 0.2


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str


@dataclass
class Sample:
    """One sentence/paragraph. ``missing`` marks character ranges whose labels are unknown."""

    text: str
    spans: list[Span]
    missing: list[tuple[int, int]] = field(default_factory=list)


def _bio_to_spans(chars: list[str], tags: list[str]) -> list[Span]:
    spans: list[Span] = []
    start: int | None = None
    label = ""
    for i, tag in enumerate([*tags, "O"]):
        inside = tag.startswith("I-") and start is not None and tag[2:] == label
        if start is not None and not inside:
            spans.append(Span(start, i, MSRA_MAP[label]))
            start = None
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start, label = i, tag[2:]
    return spans


def read_msra(path: Path) -> list[Sample]:
    """MSRA BIO, one ``char<TAB>tag`` per line, blank line between sentences."""
    samples: list[Sample] = []
    chars: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\n").rstrip("\r")
            if not line.strip():
                if chars:
                    samples.append(Sample("".join(chars), _bio_to_spans(chars, tags)))
                    chars, tags = [], []
                continue
            char, _, tag = line.rpartition("\t")
            chars.append(char or " ")
            tags.append(tag.strip())
    if chars:
        samples.append(Sample("".join(chars), _bio_to_spans(chars, tags)))
    return samples


def msra_splits(root: Path) -> tuple[list[Sample], list[Sample], list[Sample]]:
    """(train, dev, test): dev is the last 5% of the official train, a contiguous block.

    MSRA ships no dev split and its sentences are in article order, so a random 5% would share
    articles (and their names) with train and score far above the test split; a contiguous block
    is held out at article level, like the test split.
    """
    train = read_msra(root / "msra" / "msra_train_bio.txt")
    test = read_msra(root / "msra" / "msra_test_bio.txt")
    n_dev = int(len(train) * MSRA_DEV_FRACTION)
    return train[:-n_dev], train[-n_dev:], test


def read_cluener(path: Path) -> list[Sample]:
    """CLUENER JSONL; its span ends are inclusive, so +1 here."""
    samples: list[Sample] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            text = rec["text"]
            spans: list[Span] = []
            for ctype, surfaces in rec.get("label", {}).items():
                label = CLUENER_MAP.get(ctype)
                if label is None:
                    continue
                for surface, positions in surfaces.items():
                    for start, end_incl in positions:
                        end = end_incl + 1
                        if text[start:end] == surface:
                            spans.append(Span(start, end, label))
            samples.append(_drop_overlaps(Sample(text, spans)))
    return samples


def _drop_overlaps(sample: Sample) -> Sample:
    """Keep the longest of overlapping same-level spans (CLUENER has one such record)."""
    kept: list[Span] = []
    for span in sorted(sample.spans, key=lambda s: (-(s.end - s.start), s.start)):
        if all(span.end <= k.start or k.end <= span.start for k in kept):
            kept.append(span)
    return Sample(sample.text, sorted(kept, key=lambda s: s.start), sample.missing)


def _resolve_nested(text: str, spans: list[Span]) -> Sample:
    """Persons win: an outer LOC/ORG that contains a person becomes 'unknown' except the person.

    CAIL2021 nests victims inside places ("…路许某某经营的…服装店"). For redaction the person is
    what matters; marking the rest of the outer span as missing (instead of O) keeps the model
    from learning that those address characters are not an entity.
    """
    persons = [s for s in spans if s.label == "PERSON"]
    others = [s for s in spans if s.label != "PERSON"]
    persons = _drop_overlaps(Sample(text, persons)).spans
    kept: list[Span] = list(persons)
    missing: list[tuple[int, int]] = []
    for span in sorted(others, key=lambda s: (-(s.end - s.start), s.start)):
        inner = [p for p in persons if p.start < span.end and span.start < p.end]
        if inner:
            cursor = span.start
            for p in sorted(inner, key=lambda s: s.start):
                if cursor < p.start:
                    missing.append((cursor, p.start))
                cursor = max(cursor, p.end)
            if cursor < span.end:
                missing.append((cursor, span.end))
            continue
        if all(span.end <= k.start or k.end <= span.start for k in kept) and all(
            span.end <= m0 or m1 <= span.start for m0, m1 in missing
        ):
            kept.append(span)
        else:
            missing.append((span.start, span.end))
    # A missing range must not cover a kept span.
    cleaned: list[tuple[int, int]] = []
    for m0, m1 in missing:
        cuts = sorted((k.start, k.end) for k in kept if k.start < m1 and m0 < k.end)
        cursor = m0
        for k0, k1 in cuts:
            if cursor < k0:
                cleaned.append((cursor, k0))
            cursor = max(cursor, k1)
        if cursor < m1:
            cleaned.append((cursor, m1))
    return Sample(text, sorted(kept, key=lambda s: s.start), cleaned)


_GENERIC_MASKED = re.compile(r"^.{1,2}某+[甲乙丙丁戊己庚辛壬癸]?$")


def _cail2021_records(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _cail2021_sample(rec: dict) -> Sample:
    text = rec["context"]
    spans: list[Span] = []
    for ent in rec["entities"]:
        label = CAIL2021_MAP.get(ent["label"])
        if label is None:
            continue
        for s in ent["span"]:
            a, b = (int(x) for x in s.split(";"))
            spans.append(Span(a, b, label))
    return _resolve_nested(text, spans)


def _cail2021_keys(rec: dict) -> set[str]:
    """Surfaces specific enough to identify the source document (places, unmasked names)."""
    keys: set[str] = set()
    text = rec["context"]
    for ent in rec["entities"]:
        for s in ent["span"]:
            a, b = (int(x) for x in s.split(";"))
            surface = text[a:b]
            if (ent["label"] == "NS" and len(surface) >= 6) or (
                ent["label"] in ("NHCS", "NHVI") and not _GENERIC_MASKED.match(surface)
            ):
                keys.add(f"{ent['label']}:{surface}")
    return keys


def cail2021_splits(root: Path) -> tuple[list[Sample], list[Sample]]:
    """(train, held-out) without document leakage.

    Stage-1 records have ids md5("0"), md5("10"), … in document order, so the held-out set is the
    last 20% of them as one contiguous block; any other record that shares a specific place or
    unmasked name with the held-out block is dropped from train (same 起诉意见书).
    """
    recs = _cail2021_records(root / "cail2021_xxcq" / "xxcq_mid.json")
    position = {hashlib.md5(str(i).encode()).hexdigest(): i for i in range(0, 100_000, 10)}
    stage1 = sorted((r for r in recs if r["id"] in position), key=lambda r: position[r["id"]])
    n_held = int(len(stage1) * CAIL2021_HELDOUT_FRACTION)
    held = stage1[len(stage1) - n_held :]
    held_ids = {r["id"] for r in held}
    held_keys: set[str] = set().union(*(_cail2021_keys(r) for r in held)) if held else set()
    held_texts = {r["context"] for r in held}
    train = [
        r
        for r in recs
        if r["id"] not in held_ids and r["context"] not in held_texts and not (_cail2021_keys(r) & held_keys)
    ]
    return [_cail2021_sample(r) for r in train], [_cail2021_sample(r) for r in held]


def _read_cail2022(path: Path) -> list[Sample]:
    samples: list[Sample] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            spans = [
                Span(m["start"], m["end"], CAIL2022_MAP[m["label"]])
                for m in rec["entityMentions"]
                if m["label"] in CAIL2022_MAP
            ]
            samples.append(_drop_overlaps(Sample(rec["sentText"], spans)))
    return samples


def cail2022_splits(root: Path) -> tuple[list[Sample], list[Sample]]:
    """(train, test); train paragraphs whose text also occurs in test are dropped (15 of them)."""
    train = _read_cail2022(root / "cail2022_xxcq" / "train.json")
    test = _read_cail2022(root / "cail2022_xxcq" / "test.json")
    test_texts = {s.text for s in test}
    return [s for s in train if s.text not in test_texts], test


def _merge_adjacent_loc(spans: list[Span]) -> list[Span]:
    """An address printed as county prefix + street part is one LOC for the model."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.label == "LOC" and merged[-1].label == "LOC" and merged[-1].end == span.start:
            merged[-1] = Span(merged[-1].start, span.end, "LOC")
        else:
            merged.append(span)
    return merged


def _split_lines(sample: Sample) -> list[Sample]:
    """Whole decisions become one sample per line (spans crossing a line break are dropped)."""
    if "\n" not in sample.text:
        return [sample]
    out: list[Sample] = []
    offset = 0
    for line in sample.text.split("\n"):
        end = offset + len(line)
        if line.strip():
            spans = [
                Span(s.start - offset, s.end - offset, s.label)
                for s in sample.spans
                if offset <= s.start and s.end <= end
            ]
            missing = [(a - offset, b - offset) for a, b in sample.missing if offset <= a and b <= end]
            out.append(Sample(line, spans, missing))
        offset = end + 1
    return out


def read_synthetic(path: Path) -> list[Sample]:
    """Synthetic decisions: ``{"text", "entities": [{"start", "end", "label"}]}`` per line.

    Also reads the generator's full gold export (``python -m sunshine.synth --gold-jsonl``), whose
    ``keep``/``neutral`` buckets hold officials' names, authorities and address prefixes: those are
    entities for NER even though the masking policy keeps them, so they are mapped too (leaving
    them ``O`` would teach the model that officials are not persons).
    """
    samples: list[Sample] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            text = rec["text"]
            spans = [
                Span(int(e["start"]), int(e["end"]), SYNTH_MAP[str(e["label"]).upper()])
                for bucket in ("entities", "keep", "neutral")
                for e in rec.get(bucket, [])
                if str(e["label"]).upper() in SYNTH_MAP and 0 <= int(e["start"]) < int(e["end"]) <= len(text)
            ]
            samples.extend(_split_lines(_resolve_nested(text, _merge_adjacent_loc(spans))))
    return samples


def count_labels(samples: Iterable[Sample]) -> dict[str, int]:
    counts = dict.fromkeys(LABELS, 0)
    for s in samples:
        for span in s.spans:
            counts[span.label] += 1
    return counts


def iter_eval_sets(root: Path) -> Iterator[tuple[str, list[Sample]]]:
    """The held-out sets the model card reports, in a fixed order."""
    test = read_msra(root / "msra" / "msra_test_bio.txt")
    yield "msra_test", test
    # One 2,427-character record (邓小平同志治丧委员会名单) is a run-together list holding 617 of the
    # 1,973 PERSON mentions; scores without it show how the model does on ordinary sentences.
    yield "msra_test_nolist", [s for s in test if len(s.text) < 2000]
    yield "cluener_dev", read_cluener(root / "cluener2020" / "dev.json")
    yield "cail2022_test", cail2022_splits(root)[1]
    yield "cail2021_heldout", cail2021_splits(root)[1]


_LIST_HEADS = ("", "名单：", "委员：", "成员：", "出席会议的有", "主席团成员", "他们是", "获奖者：")
_LIST_NOTES = ("（女）", "（女）", "（回族）", "（满族）", "（蒙古族）", "（藏族）", "（壮族）")


def name_list_augmentation(samples: list[Sample], n_lists: int, seed: int = 13) -> list[Sample]:
    """Run-together name lists ("李鹏乔石李瑞环…") built from *training* person names.

    News corpora print committee and team lists without separators; a character model only learns
    to cut such lists from examples, and MSRA train has few. Names come from the given samples
    (the training split), never from evaluation data.
    """
    names = sorted(
        {
            s.text[p.start : p.end]
            for s in samples
            for p in s.spans
            if p.label == "PERSON" and 2 <= p.end - p.start <= 4 and "某" not in s.text[p.start : p.end]
        }
    )
    if not names:
        return []
    rng = random.Random(seed)
    out: list[Sample] = []
    for _ in range(n_lists):
        text = rng.choice(_LIST_HEADS)
        spans: list[Span] = []
        for _ in range(rng.randint(8, 60)):
            name = rng.choice(names)
            spans.append(Span(len(text), len(text) + len(name), "PERSON"))
            text += name
            if rng.random() < 0.06:
                text += rng.choice(_LIST_NOTES)
        if rng.random() < 0.5:
            text += "。"
        out.append(Sample(text, spans))
    return out


def name_substitution(samples: list[Sample], n_samples: int, seed: int = 17) -> list[Sample]:
    """Copies of training sentences whose person names are replaced by newly composed ones.

    Half of the training names are words of the lexicon feature, so the model learns to lean on
    it; private parties in decisions (and half of the MSRA test names) are not in any lexicon.
    Swapping each name for a composed one — a surname from the training names' surnames and a
    given name built from their given-name characters, or a transliteration rebuilt from
    transliteration syllables — keeps the context and takes the lexicon away, so the model learns
    to recognise a name by its shape and its place in the sentence. All characters come from the
    given (training) samples.
    """
    from redact.models.lexicon import PERSON_CLASS, load_lexicon
    from redact.names import surname_len

    rng = random.Random(seed)
    lexicon = load_lexicon().words
    surnames: list[str] = []
    given_chars: list[str] = []
    foreign: list[str] = []
    for s in samples:
        for p in s.spans:
            name = s.text[p.start : p.end]
            if p.label != "PERSON" or "某" in name or not 2 <= len(name) <= 8:
                continue
            n = surname_len(name)
            if n and len(name) - n in (1, 2):
                surnames.append(name[:n])
                given_chars.extend(name[n:])
            elif not n and len(name) >= 3 and "·" not in name:
                foreign.append(name)
    syllables = [f[i : i + 2] for f in foreign for i in range(0, len(f) - 1, 2)]
    if not surnames or not given_chars:
        return []

    def compose(original: str) -> str:
        for _ in range(20):
            if not surname_len(original) and len(original) >= 3 and syllables:
                name = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3)))[: rng.randint(3, 5)]
            else:
                given = "".join(rng.choice(given_chars) for _ in range(rng.choice((1, 2, 2, 2))))
                name = rng.choice(surnames) + given
            if lexicon.get(name) != PERSON_CLASS:
                return name
        return name

    with_persons = [s for s in samples if any(p.label == "PERSON" for p in s.spans)]
    out: list[Sample] = []
    for s in rng.sample(with_persons, min(n_samples, len(with_persons))):
        text, spans, pos = "", [], 0
        replaced: dict[str, str] = {}
        for p in sorted(s.spans, key=lambda p: p.start):
            text += s.text[pos : p.start]
            value = s.text[p.start : p.end]
            if p.label == "PERSON" and "某" not in value and len(value) >= 2:  # 姓张的: a surname alone stays
                value = replaced.setdefault(value, compose(value))
            spans.append(Span(len(text), len(text) + len(value), p.label))
            text += value
            pos = p.end
        text += s.text[pos:]
        shift = len(text) - len(s.text)
        if abs(shift) < 200 and not s.missing:
            out.append(Sample(text, spans))
    return out
