"""From raw recognizer results to the final, non-overlapping span list.

Order of decisions: policy thresholds → protected (keep) spans → public-word guard for names →
person identities and every further mention (full name and given name) → overlap resolution.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from presidio_analyzer import RecognizerResult

from redact.keep import KeepSpan, is_soft
from redact.names import given_name, is_common_word, looks_like_name
from redact.policy import Action, Policy
from redact.recognizers.base import NOTE_KEY, ROLE_KEY, RULE_KEY

# When two detections cover the same text, the more specific type names the span.
ENTITY_PRIORITY = {
    "CN_RESIDENT_ID": 0,
    "PASSPORT": 1,
    "CN_TRAVEL_PERMIT": 2,
    "PHONE_NUMBER": 3,
    "BANK_ACCOUNT": 4,
    "EMAIL_ADDRESS": 5,
    "IM_ACCOUNT": 6,
    "VEHICLE_PLATE": 7,
    "PROPERTY_CERT": 8,
    "ID_DOCUMENT": 9,
    "BIRTH_DATE": 10,
    "PERSON": 11,
    "ADDRESS": 12,
}
# Identifier detections strong enough to override a protected span (a valid ID is never "kept").
_OVERRIDES_KEEP = (
    "id18.checksum",
    "mobile.format",
    "hint.id_number",
    "hint.phone",
    # a labelled certificate number looks like a 文号 (…字（2012）第0000123号) but is the person's
    "property.labelled",
    "property.rights-cert-zi",
    "property.rights-cert-code",
)
# A name directly followed by one of these is part of a place or body name (张杨路, 王家村).
_PLACE_AFTER = re.compile(
    r"(?:[东西南北中]?(?:路|街|大街|大道|巷)|弄|村|镇|乡|桥|庄|寺|市|省|县|区|州|新区|小区|派出所|公安|分局|社区|公司|集团|"
    r"中学|小学|大学|医院|法院|铁路|第)"
)
_PLACE_BEFORE = {"省", "市", "县", "区", "镇", "乡"}  # 上海市|浦东新区: the name is part of a place
# 浙江金华成泰农村商业银行: a name right after a province is a city inside an organisation's name.
_PROVINCES_BEFORE = frozenset(
    [
        "河北",
        "山西",
        "辽宁",
        "吉林",
        "江苏",
        "浙江",
        "安徽",
        "福建",
        "江西",
        "山东",
        "河南",
        "湖北",
        "湖南",
        "广东",
        "海南",
        "四川",
        "贵州",
        "云南",
        "陕西",
        "甘肃",
        "青海",
        "台湾",
        "广西",
        "西藏",
        "宁夏",
        "新疆",
        "北京",
        "天津",
        "上海",
        "重庆",
    ]
)
# A longer "name" that only adds one of these is the name plus what follows it (金华|男, 张|某).
_NOT_NAME_TAIL = frozenset("某×男女")
_WEAK_PERSON_RULES = ("name.cue", "ner.", "mention.")


@dataclass
class Candidate:
    start: int
    end: int
    entity_type: str
    score: float
    recognizer: str
    rule: str
    role: str = ""
    note: str = ""
    identity: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def strength(self) -> int:
        if self.rule.startswith("hint."):
            return 3 if self.entity_type == "PERSON" else 2
        if self.score >= 0.85:
            return 2
        return 1 if not self.rule.startswith("ner.") else 0


def from_results(results: Sequence[RecognizerResult]) -> list[Candidate]:
    out = []
    for r in results:
        meta = r.recognition_metadata or {}
        out.append(
            Candidate(
                start=r.start,
                end=r.end,
                entity_type=r.entity_type,
                score=round(float(r.score), 4),
                recognizer=str(meta.get(RecognizerResult.RECOGNIZER_NAME_KEY, "")),
                rule=str(meta.get(RULE_KEY, "")),
                role=str(meta.get(ROLE_KEY, "")),
                note=str(meta.get(NOTE_KEY, "")),
            )
        )
    return out


def _find_broken(text: str, value: str) -> list[tuple[int, int]]:
    """Every occurrence of ``value``, also broken by one space or line break between characters.

    OCR and PDF text print 刘 梓 涵 or wrap 刘\n梓涵; a person found once must be masked in every
    such form.
    """
    if len(value) < 2 or not value.strip():
        return [(s, s + len(value)) for s in _find_all(text, value)]
    pattern = r"[ \n]?".join(re.escape(ch) for ch in value.replace(" ", ""))
    return [m.span() for m in re.finditer(pattern, text)]


def _find_all(text: str, value: str) -> list[int]:
    out = []
    i = text.find(value)
    while i >= 0:
        out.append(i)
        i = text.find(value, i + 1)
    return out


def _inside(c: Candidate, k: KeepSpan) -> bool:
    return k.start <= c.start and c.end <= k.end


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


class Resolver:
    def __init__(self, text: str, policy: Policy, keep: Sequence[KeepSpan]) -> None:
        self.text = text
        self.policy = policy
        self.keep = sorted((k for k in keep if not is_soft(k.kind)), key=lambda k: k.start)
        self._keep_starts = [k.start for k in self.keep]
        self.officials = {text[k.start : k.end] for k in keep if k.kind == "official"}

    # -- filters -------------------------------------------------------------------------------
    def _protected(self, c: Candidate) -> bool:
        if c.entity_type != "PERSON" and c.rule.split("+")[0] in _OVERRIDES_KEEP:
            return False
        # keep spans are sorted by start; only those starting before c.end can touch it
        hi = bisect.bisect_left(self._keep_starts, c.end)
        for k in self.keep[:hi]:
            if k.end <= c.start:
                continue
            if _inside(c, k):
                return True
            if (
                c.entity_type == "PERSON"
                and c.rule.startswith(_WEAK_PERSON_RULES)
                and _overlaps(c.start, c.end, k.start, k.end)
            ):
                return True
        return False

    def _public_word(self, c: Candidate) -> bool:
        if c.entity_type != "PERSON":
            return False
        if not c.rule.startswith(("name.labelled",)) and (
            _PLACE_AFTER.match(self.text, c.end)
            or self.text[c.start - 1 : c.start] in _PLACE_BEFORE
            or self.text[max(0, c.start - 2) : c.start] in _PROVINCES_BEFORE
        ):
            return True
        value = self.text[c.start : c.end]
        if any(ch in value for ch in "某×*＊"):
            return True
        return value in self.officials and not c.rule.startswith("hint.")

    def resolve(self, candidates: list[Candidate]) -> list[Candidate]:
        cands = [
            c
            for c in candidates
            if c.score >= self.policy.threshold(c.entity_type)
            and not self._protected(c)
            and not self._public_word(c)
        ]
        cands = self._persons(cands)
        return self._select(cands)

    # -- persons -------------------------------------------------------------------------------
    def _persons(self, cands: list[Candidate]) -> list[Candidate]:
        cands = self._drop_prefix_names(cands)
        persons = sorted(
            (c for c in cands if c.entity_type == "PERSON"), key=lambda c: (-c.strength, c.start)
        )
        identities: dict[str, Candidate] = {}  # full name -> the strongest candidate naming it
        for c in persons:
            value = re.sub(r"[ \n]", "", self.text[c.start : c.end])  # 范 伟, 范\n伟 and 范伟 are one person
            owner = next((f for f in identities if value != f and given_name(f) == value), None)
            ident = owner or value
            c.identity = ident
            identities.setdefault(ident, c)
        for c in persons:  # role of an identity is that of its strongest mention
            best = identities[c.identity]
            if best.role and c.role in ("", "other_person", "party"):
                c.role = best.role
        extra: list[Candidate] = []
        dropped: set[int] = set()
        taken = bytearray(len(self.text) + 1)  # occupancy mask: linear, not quadratic, in spans
        exact = {(c.start, c.end) for c in cands}
        for c in cands:
            if c.strength > 0:  # NER guesses do not block a known person's mention (谭昊|诗 vs 谭昊诗)
                taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        for ident, best in identities.items():
            if self.policy.action("PERSON", best.role) is Action.keep:
                continue
            forms = [(ident, "mention.full", 0.95)]
            g = given_name(ident)
            if len(g) >= 2 and looks_like_name(ident):
                forms.append((g, "mention.given", 0.8))
            elif "·" in ident:  # 约翰·史密斯 → 约翰, 买买提·阿不都 → 买买提: the personal name
                first = ident.split("·", 1)[0]
                if len(first) >= 2 and not is_common_word(first):
                    forms.append((first, "mention.given", 0.8))
            for form, rule, score in forms:
                for s, e in _find_broken(self.text, form):
                    if (s, e) in exact:  # already detected as such (keep its own explanation)
                        taken[s:e] = b"\x01" * (e - s)
                        continue
                    if any(taken[s:e]):
                        # 对诸葛明远处…: a weaker rule cut the name short (诸葛明|远处); the known
                        # full name replaces spans lying wholly inside it, nothing else.
                        inside = [
                            o for o in cands if o.entity_type == "PERSON" and s <= o.start and o.end <= e
                        ]
                        others = [o for o in cands if o not in inside and o.start < e and s < o.end]
                        if rule != "mention.full" or not inside or others:
                            continue
                        dropped.update(id(o) for o in inside)
                    c = Candidate(s, e, "PERSON", score, "MentionPropagation", rule, best.role,
                                  f"another mention of a detected person ({best.rule})", identity=ident)  # fmt: skip
                    if self._protected(c) or self._public_word(c):
                        continue
                    extra.append(c)
                    taken[s:e] = b"\x01" * (e - s)
        return [c for c in cands if id(c) not in dropped] + extra

    def _drop_prefix_names(self, cands: list[Candidate]) -> list[Candidate]:
        """张伟 inside 张伟伟: a rule found the longer name, so the shorter match is only its prefix.

        Masking the prefix alone would print 张某伟 and tie the cousin to the party; the longer name
        becomes a person of its own. NER spans do not count as the longer name (they overrun:
        艾笑那), only rule detections do.
        """
        longer = {
            (c.start, c.end)
            for c in cands
            if c.entity_type == "PERSON" and c.rule.startswith(("name.", "hint.")) and c.end - c.start >= 3
        }
        if not longer:
            return cands
        out = []
        for c in cands:
            if c.entity_type == "PERSON" and any(
                s == c.start and e > c.end and self.text[c.end : c.end + 1] not in _NOT_NAME_TAIL
                for s, e in longer
            ):
                continue
            out.append(c)
        return out

    # -- overlaps ------------------------------------------------------------------------------
    def _select(self, cands: list[Candidate]) -> list[Candidate]:
        order = sorted(
            cands,
            key=lambda c: (
                -c.strength,
                -c.score,
                ENTITY_PRIORITY.get(c.entity_type, 99),
                -(c.end - c.start),
                c.start,
            ),
        )
        chosen: list[Candidate] = []
        owner = [-1] * (len(self.text) + 1)  # index into chosen of the span covering each char
        for c in order:
            hit_ids = {owner[i] for i in range(c.start, min(c.end, len(owner))) if owner[i] >= 0}
            if not hit_ids:
                for i in range(c.start, c.end):
                    owner[i] = len(chosen)
                chosen.append(c)
                continue
            hit = [chosen[i] for i in hit_ids]
            # Two identifier detections that overlap partly describe one value (a labelled prefix
            # and a half-masked whole): mask the union rather than leave digits in clear.
            if c.entity_type != "PERSON" and all(o.entity_type != "PERSON" for o in hit):
                for i, o in zip(hit_ids, hit, strict=True):
                    o.start, o.end = min(o.start, c.start), max(o.end, c.end)
                    for j in range(o.start, o.end):
                        if owner[j] < 0:
                            owner[j] = i
        chosen.sort(key=lambda c: c.start)
        merged: list[Candidate] = []
        for c in chosen:  # unions may now touch each other
            if merged and c.start < merged[-1].end:
                merged[-1].end = max(merged[-1].end, c.end)
                continue
            merged.append(c)
        chosen = merged
        return [c for c in chosen if self.policy.action(c.entity_type, c.role) is not Action.keep]
