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
from redact.names import (
    given_name,
    is_common_word,
    lexicon_words,
    looks_like_name,
    minority_name_len,
    minority_parts_of,
    surname_len,
    word_tag,
    words2,
)
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
# A name guessed by the NER model and followed by a shop word is a brand (吴裕泰茶庄); the owner of
# a 个体工商户 found by a rule (经营者刘桂芳 → 刘桂芳副食店) is still masked there.
_SHOP_AFTER = re.compile(
    r"(?:茶庄|茶行|茶楼|商店|商行|超市|饭店|餐馆|餐厅|酒楼|酒家|药店|药房|大药房|诊所|门市部|经营部|批发部|副食店|"
    r"便利店|粥铺|面馆|小吃|烧烤|理发|美发|足浴|网吧|宾馆|旅馆|酒店|民宿|农家乐|养殖场|加工厂|作坊|百货|五金|"
    r"建材|食品|烟酒|水果|服装|鞋业|汽修|修理|维修|装饰|家具|布艺|眼镜|钟表|珠宝|金店|书店|药业|医药|牌)"
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
_WEAK_PERSON_RULES = ("name.cue", "ner.", "mention.", "name.nickname")


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


_LIST_ITEM = re.compile(r"[\u3400-\u9fff]{2,4}|[\u3400-\u9fff]{1,8}(?:·[\u3400-\u9fff]{1,8})+")
_ITEM_END = set('、，,。；;:：(（)）」”"\n 等的')
_ITEM_START = set('、，,。；;:：(（「“"\n ')


# What may follow the last member of a list of persons: 普国荣、段建明、者秀英到场.
_LIST_TAIL = re.compile(
    r"[一二三四五六七八九十两]人|证实|称|到场|在场|正在|及|和|与|均|都|分别|一同|共同|先后|承认|陈述|等|的|于|在|将|被|已|因|$"
)


_NOTE = re.compile(r"[(（][^()（）\n]{1,20}[)）]")


def _list_item_after(text: str, end: int) -> tuple[int, int] | None:
    note = _NOTE.match(text, end)  # 韦小燕（14周岁，初二学生）、于浩然
    if note:
        end = note.end()
    if text[end : end + 1] != "、":
        return None
    items = [m for m in _LIST_ITEM.finditer(text[: end + 6], end + 1) if m.start() == end + 1]
    for m in sorted(items, key=lambda m: -len(m.group(0)))[:1]:
        for stop in range(m.start() + 2, m.end() + 1):  # shortest first: 甘露|等人, 者秀英|到场
            if (
                stop < len(text)
                and text[stop] not in _ITEM_END
                and not _LIST_TAIL.match(text, stop)
                and not (
                    stop - m.start() == 3 and words2().get(text[stop : stop + 2], 0) >= 300
                )  # 张金水|铺设
            ):
                continue
            return _name_item(text, m.start(), stop)
    return None


def _list_item_before(text: str, start: int) -> tuple[int, int] | None:
    if start < 1 or text[start - 1] != "、":
        return None
    a = start - 1
    while a > 0 and a > start - 10 and text[a - 1] not in _ITEM_START:
        a -= 1
    if a > 0 and text[a - 1] not in _ITEM_START:
        return None
    if _LIST_ITEM.fullmatch(text, a, start - 1) is None:
        return None
    return _name_item(text, a, start - 1)


def _name_item(text: str, a: int, b: int) -> tuple[int, int] | None:
    value = text[a:b]
    if "·" in value or minority_name_len(value) == len(value):
        return a, b
    if "某" in value or value[-1] in _PLACE_FINAL_LIST:
        return None
    if not surname_len(value) and (len(value) != 3 or lexicon_words().get(value[:2]) is not None):
        return None  # 者秀英 (a rare surname) yes; 现场照片 no
    if word_tag(value) in _NEVER_NAME_TAGS:
        return None  # 殴打、辱骂: verbs listed together, not persons
    return a, b


_NEVER_NAME_TAGS = frozenset({"v", "vn", "vd", "d", "p", "c", "u", "uj", "m", "mq", "q", "r", "f"})


_PLACE_FINAL_LIST = set("街路村镇乡区县市省州旗盟巷弄桥庄寺店厂局所队馆院部司站组科处室")


def _is_word(form: str) -> str:
    """ "word" for an everyday word (程序, 高峰), "name" for a lexicon person word (于海洋, 向东:
    jieba tags both as names), "" otherwise."""
    from redact.models.lexicon import PERSON_CLASS, load_lexicon

    cls = load_lexicon().words.get(form)
    if cls == PERSON_CLASS:
        return "name"
    return "word" if cls is not None or is_common_word(form) else ""


def _embedded_in_word(text: str, s: int, e: int, *, boundary: bool = True) -> bool:
    """A mention inside a longer lexicon word (简易|程序, 由西|向东) or, with ``boundary``, glued to
    its neighbour by a frequent word across the boundary (向|前移|动, 加|大马|力)."""
    from redact.models.lexicon import load_lexicon

    words = load_lexicon().words
    for a in range(max(0, s - 3), s + 1):
        for b in range(e, min(len(text), e + 3) + 1):
            if (a, b) != (s, e) and text[a:b] in words:
                return True
    if not boundary:
        return False
    w2 = words2()
    if w2.get(text[s - 1 : s + 1], 0) >= 300 or w2.get(text[e - 1 : e + 1], 0) >= 300:
        return True
    # an adjective right before it makes it the noun it modifies (普通|程序, 简易|程序)
    return word_tag(text[max(0, s - 2) : s]) in ("a", "b", "ad")


_BEFORE_NAME = frozenset('、，,。；;：:（(“"\n 与和及对向让叫被把给跟替由经见是称为致')
_AFTER_NAME = re.compile(
    r"[、，,。；;：:）)”\"\n ]|称|说|的|等|在|于|将|把|被|也|已|未|向|对|与|和|及|承认|证实|陈述|本人|到|因|是|系|"
    r"驾驶|使用|负责|帮|替|给|让|叫|一时|当|接到|又|再|就|便|即|均|都|你|我|他|她|先|后来|还|"
    r"喝多|喝醉|骂|推|踢|动手|出手|冲过来|冲上|$"
)


def _name_context(text: str, s: int, e: int) -> bool:
    """A mention of a given name that is also a word (金华, 国庆) counts where a name can stand:
    after a boundary or a word that takes a person, or before punctuation or a predicate."""
    return (
        s == 0
        or text[s - 1] in _BEFORE_NAME
        or text[max(0, s - 2) : s] in _DID_TO
        or (text[s - 1 : s] == "家" and text[s - 2 : s - 1] in "们我你他她")  # 我们家国庆
        or bool(_AFTER_NAME.match(text, e))
    )


_KIN_AFTER = re.compile(
    r"的?(?:妹妹|弟弟|哥哥|姐姐|外甥|外甥女|儿子|女儿|妻子|丈夫|父亲|母亲|侄子|侄女|表弟|表哥|表妹|表姐|堂弟|堂哥|叔叔|舅舅)"
)


# 打了国庆一耳光: after a verb done to a person
_DID_TO = frozenset(
    {"打了", "骂了", "推了", "踢了", "找了", "叫了", "拉了", "咬了", "捅了", "砍了", "赔偿", "退还", "致使"}
)


def _inside_minority_run(text: str, s: int, e: int) -> bool:
    """顿珠 inside 扎西顿珠 (another person): a known name part touches the mention on either side."""
    if minority_name_len(text[s : s + 12]) > e - s:
        return True
    return any(minority_name_len(text[a:s]) == s - a for a in range(max(0, s - 4), s - 1))


_PROPAGATED_IDENTIFIERS = frozenset(
    {"CN_RESIDENT_ID", "PASSPORT", "CN_TRAVEL_PERMIT", "ID_DOCUMENT", "PHONE_NUMBER", "BANK_ACCOUNT",
     "EMAIL_ADDRESS", "IM_ACCOUNT", "VEHICLE_PLATE", "PROPERTY_CERT"}
)  # fmt: skip


def _glued_alnum(text: str, s: int, e: int) -> bool:
    """A digit or letter run continuing across the match is another, longer identifier."""
    before, after = text[s - 1 : s], text[e : e + 1]
    return bool(
        (before.isascii() and before.isalnum() and text[s].isascii() and text[s].isalnum())
        or (after.isascii() and after.isalnum() and text[e - 1].isascii() and text[e - 1].isalnum())
    )


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
    def _protected(self, c: Candidate, *, owner_known: bool = False) -> bool:
        """Inside protected text. ``owner_known``: the full name of a person a label or the party
        fields name; it is masked even inside an organisation's name (南岗区刘桂芳副食店)."""
        if c.entity_type != "PERSON" and c.rule.split("+")[0] in _OVERRIDES_KEEP:
            return False
        # keep spans are sorted by start; only those starting before c.end can touch it
        hi = bisect.bisect_left(self._keep_starts, c.end)
        for k in self.keep[:hi]:
            if k.end <= c.start:
                continue
            if owner_known and k.kind == "organisation":
                continue
            if _inside(c, k):
                return True
            if c.entity_type == "ADDRESS" and k.kind == "authority":
                return True  # 送达地点：…公安局爱辉分局…办公室: an address running into an authority is its office
            if (
                c.entity_type == "PERSON"
                and c.rule.startswith(_WEAK_PERSON_RULES)
                and _overlaps(c.start, c.end, k.start, k.end)
            ):
                return True
        return False

    def _public_word(self, c: Candidate, *, owner_known: bool = False) -> bool:
        if c.entity_type != "PERSON":
            return False
        if not c.rule.startswith(("name.labelled",)) and (
            _PLACE_AFTER.match(self.text, c.end)
            or (
                not owner_known
                and (
                    (
                        self.text[c.start - 1 : c.start] in _PLACE_BEFORE
                        and self.text[c.start - 2 : c.start] not in ("老乡", "同乡", "家乡")
                    )
                    or self.text[max(0, c.start - 2) : c.start] in _PROVINCES_BEFORE
                )
            )
        ):
            return True
        if c.rule.startswith("ner.") and _SHOP_AFTER.match(self.text, c.end):
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
        cands = cands + self._identifier_mentions(cands)
        return self._select(cands)

    def _identifier_mentions(self, cands: list[Candidate]) -> list[Candidate]:
        """数据小王子 said once after 网名为 and once bare: every occurrence of a detected identifier."""
        taken = bytearray(len(self.text) + 1)
        for c in cands:
            taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        out: list[Candidate] = []
        seen: set[str] = set()
        for c in cands:
            value = self.text[c.start : c.end]
            if (
                c.entity_type not in _PROPAGATED_IDENTIFIERS
                or c.strength < 1
                or len(value) < 4
                or value in seen
            ):
                continue
            seen.add(value)
            for s in _find_all(self.text, value):
                e = s + len(value)
                if any(taken[s:e]) or _glued_alnum(self.text, s, e):
                    continue
                mention = Candidate(s, e, c.entity_type, c.score, "MentionPropagation", "mention.identifier",
                                    c.role, f"another occurrence of a detected identifier ({c.rule})")  # fmt: skip
                if self._protected(mention):
                    continue
                out.append(mention)
                taken[s:e] = b"\x01" * (e - s)
        return out

    # -- persons -------------------------------------------------------------------------------
    def _persons(self, cands: list[Candidate]) -> list[Candidate]:
        cands = self._drop_prefix_names(cands)
        out = self._propagate(cands)
        mates = self._list_mates(out)
        return self._propagate(cands + mates) if mates else out

    def _propagate(self, cands: list[Candidate]) -> list[Candidate]:
        """Identities of the detected persons, and every further mention of each."""
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
        for ident, best in sorted(identities.items(), key=lambda kv: -len(kv[0])):  # 艾力·吐尔逊 before 艾力
            if self.policy.action("PERSON", best.role) is Action.keep:
                continue
            forms = [(ident, "mention.full", 0.95)]
            g = given_name(ident)
            parts = minority_parts_of(ident)
            if len(g) >= 2 and looks_like_name(ident):
                forms.append((g, "mention.given", 0.8))
            elif (
                "·" in ident or "." in ident
            ):  # 约翰·史密斯 → 约翰, 买买提·阿不都 → 买买提: the personal name
                first = re.split(r"[·.]", ident, maxsplit=1)[0]
                if len(first) >= 2 and not is_common_word(first):
                    forms.append((first, "mention.given", 0.8))
            elif parts:  # 扎西顿珠 → 顿珠: each part of a Tibetan or Mongolian name is used alone
                forms.extend((p, "mention.part", 0.8) for p in parts if len(p) >= 2)
            for form, rule, score in forms:
                wordlike = _is_word(form)
                verbal_given = rule == "mention.given" and word_tag(form) in _NEVER_NAME_TAGS
                for s, e in _find_broken(self.text, form):
                    if verbal_given and not _KIN_AFTER.match(self.text, e):
                        continue  # 建设, 或者: a given name that is a verb only stands alone before 的妹妹
                    if self.text[s - 1 : s] in "*×＊" and s > 0:
                        continue  # *文彬: already masked in the source
                    if rule != "mention.full" and any(
                        self.text[a:e] != ident
                        and (self.text[a:e] in identities or self.text[a:e] in self.officials)
                        for a in (s - 1, s - 2)
                        if a >= 0
                    ):
                        continue  # 红梅 of 李红梅 inside 张红梅, another person (or an official)
                    if rule == "mention.given" and wordlike == "word" and not _name_context(self.text, s, e):
                        continue  # 过了金华高速口, 国庆前: the word, not 方金华's given name
                    if wordlike and _embedded_in_word(self.text, s, e, boundary=wordlike == "word"):
                        continue  # 简易程序, 由西向东: the word, not the person called 程序 or 向东
                    if rule == "mention.part" and _inside_minority_run(self.text, s, e):
                        continue  # 顿珠 inside another person's 扎西顿珠
                    replaced: list[Candidate] = []
                    if (s, e) in exact:  # already detected as such (keep its own explanation)
                        same = [o for o in cands if (o.start, o.end) == (s, e) and o.entity_type == "PERSON"]
                        if not same or best.strength == 0 or any(o.strength > 0 for o in same):
                            taken[s:e] = b"\x01" * (e - s)
                            continue
                        # only an NER guess names it: the known person's mention replaces the guess,
                        # so a weaker rule cutting the name short (隗建|平和) cannot win over it
                        replaced = same
                    if any(taken[s:e]):
                        # 对诸葛明远处…: a weaker rule cut the name short (诸葛明|远处); the known
                        # full name replaces spans lying wholly inside it, nothing else.
                        overlapping = [o for o in cands if o.start < e and s < o.end and id(o) not in dropped]
                        inside = [
                            o
                            for o in overlapping
                            if o.entity_type == "PERSON" and s <= o.start and o.end <= e
                        ]
                        if rule != "mention.full" or not inside or len(inside) < len(overlapping):
                            continue
                        replaced = inside
                    if best.strength == 0 and _SHOP_AFTER.match(self.text, e):
                        continue  # an NER-only "person" before a shop word is a brand name
                    c = Candidate(s, e, "PERSON", score, "MentionPropagation", rule, best.role,
                                  f"another mention of a detected person ({best.rule})", identity=ident)  # fmt: skip
                    known = rule == "mention.full" and best.strength >= 2 and len(ident) >= 3
                    if self._protected(c, owner_known=known) or self._public_word(c, owner_known=known):
                        continue
                    dropped.update(id(o) for o in replaced)
                    extra.append(c)
                    taken[s:e] = b"\x01" * (e - s)
        return [c for c in cands if id(c) not in dropped] + extra

    def _list_mates(self, cands: list[Candidate]) -> list[Candidate]:
        """询问笔录（禤嘉敏、佘志强、韦小宁）: the other members of a 、-list holding a known person.

        Lists in decisions are lists of one kind; once one member is certainly a person, a
        neighbour of name shape is one too, whatever its surname or word-likeness. Officials'
        lists are protected text and never reach here as persons.
        """
        known = {(c.start, c.end) for c in cands if c.entity_type == "PERSON" and c.strength >= 1}
        out: list[Candidate] = []
        frontier = sorted(known)
        while frontier:
            nxt: list[tuple[int, int]] = []
            for s, e in frontier:
                for span in (_list_item_after(self.text, e), _list_item_before(self.text, s)):
                    if span is None or span in known:
                        continue
                    c = Candidate(span[0], span[1], "PERSON", 0.7, "ListMateRecognizer", "name.list",
                                  "other_person", "listed with a detected person")  # fmt: skip
                    if self._protected(c) or self._public_word(c):
                        continue
                    known.add(span)
                    nxt.append(span)
                    out.append(c)
            frontier = nxt
        starts = {s for s, _ in known}
        for _s, e in sorted(known):  # 黄德芬、甘露、龙正学: between two persons a word is a name too
            j = self.text.find("、", e + 1, e + 6)
            if self.text[e : e + 1] != "、" or j < 0 or j + 1 not in starts:
                continue
            span = (e + 1, j)
            value = self.text[e + 1 : j]
            if span in known or not re.fullmatch(r"[\u3400-\u9fff]{2,4}", value) or "某" in value:
                continue
            if value[-1] in _PLACE_FINAL_LIST:
                continue
            c = Candidate(span[0], span[1], "PERSON", 0.7, "ListMateRecognizer", "name.list",
                          "other_person", "listed between two detected persons")  # fmt: skip
            if not (self._protected(c) or self._public_word(c)):
                out.append(c)
        return out

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
