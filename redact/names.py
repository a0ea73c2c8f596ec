"""Shape of Chinese person names: surnames, where a name ends, minority/transliterated names.

Labelled fields often run the name into what follows (违法行为人张三男，证人王五证实…), so the end of a
name is decided by what comes after it: punctuation is a strong end, a verb or particle a weak one.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_STRONG_FOLLOW = set("，,。；;、:：()（）\n\r\t 　“”\"'|｜│=")
# Characters that commonly start the word after a name in narrative text.
_WEAK_FOLLOW = set(
    "男女系于在因的将被与和及之协家已到向对从曾也又现均所是为称述说供证承交辩殴打驾持酒饮盗窃偷骑陈"
    "拒未不无等所并便就还去来回拿用把给让叫找跟同经由携带私非以使停头面部被说讲问答坐站走跑喝吃骂拉推抢拦扔砸签目看听离进出报逃躲藏偷驾骑行"
)
_NOT_NAME_WORDS = frozenset(
    {
        "陈述", "申辩", "证言", "证实", "证据", "罚款", "拘留", "公安", "派出", "违法", "行为", "本人",
        "当事", "以上", "现场", "车辆", "其他", "有关", "相关", "人员", "民警", "单位", "公司", "法定",
        "代表", "经营", "住址", "户籍", "身份", "出生", "性别", "年龄", "联系", "电话", "文化", "职业",
        "工作", "民族", "汉族", "姓名", "名称", "地址", "住所", "国籍", "籍贯", "方式", "同意", "事实",
        "决定", "处罚", "根据", "依据", "依照", "按照", "经查", "查明", "江某", "上述", "司机",
        "管理", "于是", "常住", "曾用", "别名",
        "查获", "查处", "查看", "查验", "查询", "查实", "查封", "查扣", "将其", "向其", "和解", "强制", "谈话", "解除", "解释", "安排", "平时", "严重", "陈某", "施救", "于某", "上前", "包括",
        "万元", "千元", "百元", "元整", "常务", "时许", "时间", "方向", "方面", "对方", "双方", "车主",
        "余人", "余元", "左右", "左侧", "右侧", "前往", "后经", "计算", "全部", "全体", "任何", "何时", "何人",
        "孔某", "申请", "申某", "华东", "华南", "华北", "嘉兴",
        "章程", "程序", "关于", "关系", "关闭", "公共", "公开", "公民",
        "应当", "应予", "齐全", "祝某", "贺某", "江苏",
        "路口", "路段", "路边", "路上", "路面", "刘某", "董事", "牛某",
        "单独", "原告", "原因", "原价", "原籍", "时任", "时某", "许某", "车牌", "车内", "车上",
    }
)  # fmt: skip
_CJK_RUN = re.compile(f"[{CJK}]+")
_CJK_CHAR = re.compile(f"[{CJK}]")
_SPACED_NAME = re.compile(f"[{CJK}] {{1,2}}[{CJK}]{{1,2}}(?=\\s*(?:[，,。；;、:：()\\n]|$)| {{2}})")
_CJK_2_4 = re.compile(f"[{CJK}]{{2,4}}")
_PAREN_NOTE = re.compile(r"\([^()\n]{1,24}\)")
# Printed forms separate names by runs of spaces (执法人员：李建华（…）  孙明（…）).
_LIST_SEP = re.compile(r"、\n|(?:[、,，和及与]|以及)[ \t]{0,2}|[ \t]{1,4}(?=[\u3400-\u9fff])")
_ORG_AHEAD = re.compile(
    r"[^，,。；;:：\s在于的了将被与及是为向对从把给让称说等受已都也又还就才并而或但因到其]{0,24}?(?:公司|厂|店|中心|馆|经营部|门市部|旅行社|合作社|事务所|研究所|诊所|招待所|会所|医院|学院|院|商行|酒店|宾馆|旅馆|网吧|会所|超市|商场|工作室|协会|学校|医院|银行)"
)
_PLACE_UNITS = set("区县市省镇乡村路街")  # 平区文 (和平区文三路) is not a name
_PLACE_FINAL = set("街路村镇乡区县市省州旗盟巷弄桥庄寺店厂局所队馆院")
_FAMILY_NAME_SUFFIX = re.compile(r"(?:先生|女士|小姐|师傅|老板|同志)$")


@functools.cache
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    raw = resources.files("redact").joinpath("data/surnames.txt").read_text(encoding="utf-8")
    singles: set[str] = set()
    compounds: set[str] = set()
    for line in raw.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if len(line) == 2:
            compounds.add(line)
        else:
            singles.update(line)
    return frozenset(singles), frozenset(compounds)


@functools.cache
def _minority_parts() -> dict[str, tuple[str, ...]]:
    """Components by first character, longest first."""
    raw = resources.files("redact").joinpath("data/minority_name_parts.txt").read_text(encoding="utf-8")
    parts = {w for line in raw.splitlines() if not line.startswith("#") for w in line.split()}
    index: dict[str, list[str]] = {}
    for p in sorted(parts, key=len, reverse=True):
        index.setdefault(p[0], []).append(p)
    return {k: tuple(v) for k, v in index.items()}


def minority_name_len(text: str) -> int:
    """Length of a run of 1-3 minority-name components at the start of ``text`` (0 if none)."""
    index = _minority_parts()
    pos = 0
    for _ in range(3):
        part = next((p for p in index.get(text[pos : pos + 1], ()) if text.startswith(p, pos)), None)
        if part is None:
            break
        pos += len(part)
        if len(part) >= 3 and text[pos : pos + 1] == "江" and part[-1] != "江":
            pos += 1  # 买买提江, 艾力江: the Uyghur -jan ending
    return pos


@functools.cache
def common_words() -> frozenset[str]:
    """2-3 character everyday words that start with a surname (商品, 信息, 居住), from jieba's dictionary.

    Built offline by ``data/build_common_words.py``; a weakly-cued candidate that is one of these
    is not a name.
    """
    raw = resources.files("redact").joinpath("data/common_words.txt").read_text(encoding="utf-8")
    return frozenset(w for w in raw.split("\n") if w)


def is_common_word(value: str) -> bool:
    return value in common_words()


def warm_up() -> None:
    """Load the word lists now (at model-load time) rather than on the first decision."""
    _surnames()
    _minority_parts()
    common_words()
    words2()


def surname_len(name: str) -> int:
    """Length of the surname at the start of ``name`` (0 if it does not start with one)."""
    singles, compounds = _surnames()
    if name[:2] in compounds and len(name) >= 3:
        return 2
    if name[:1] in singles:
        return 1
    return 0


def is_transliterated(name: str) -> bool:
    return (
        "·" in name
        or (len(name) >= 4 and surname_len(name) == 0)
        or len(name) >= 5
        or minority_name_len(name) == len(name)
        or ("A" <= name[:1] <= "Z" or "a" <= name[:1] <= "z")
    )


def surname_of(name: str) -> str:
    """The character(s) kept in a pseudonym: the surname, or the first character of a minority name."""
    if is_transliterated(name):
        return name[:1]
    n = surname_len(name)
    return name[: n or 1]


def given_name(name: str) -> str:
    if is_transliterated(name):
        return ""
    return name[surname_len(name) or 1 :]


def looks_like_name(value: str, *, lenient: bool = False) -> bool:
    """``lenient``: right after a party label a name may look like a place (秦蒋村, 武汉)."""
    if not value or any(ch in value for ch in "某×*＊Xx") or value in _NOT_NAME_WORDS:
        return False
    if minority_name_len(value) == len(value) and len(value) >= 3:
        return True
    if "·" in value:
        parts = value.split("·")
        return all(1 <= len(p) <= 8 for p in parts) and all(_CJK_RUN.fullmatch(p) for p in parts)
    if not _CJK_2_4.fullmatch(value):
        return False
    if not lenient and (value[:2] in _NOT_NAME_WORDS or value[-2:] in _NOT_NAME_WORDS):
        return False
    if not lenient and (value[-1] in _PLACE_FINAL or any(ch in _PLACE_UNITS for ch in value[1:-1])):
        return False
    return surname_len(value) > 0


def name_at(
    text: str, pos: int, *, allow_unknown_surname: bool = False, fallback: bool = False, in_list: bool = False
) -> tuple[int, int] | None:
    """Find a person name starting exactly at ``pos``; return its span or None.

    Tries a strong ending (punctuation) for every plausible length first; otherwise decides
    between surname+1 and surname+2 by where the next word starts (王五|殴打, 周润发|二人).
    """
    first = text[pos : pos + 1]
    if not first or not _CJK_CHAR.match(first):
        return None
    m = _DOTTED.match(text, pos)
    if m and _plausible_first_part(
        re.split(r"[·.]", m.group(0), maxsplit=1)[0], full_stop="·" not in m.group(0)
    ):
        end = _dotted_end(text, m)
        dot = min(i for i in (text.find("·", pos, end), text.find(".", pos, end)) if i >= 0)
        joint = re.search(
            r"[与和及同跟]", text[dot + 2 : end]
        )  # 阿不都热合曼·买买提与买买提江·艾山: two persons
        if joint and joint.start() >= 1:
            end = dot + 2 + joint.start()
        return pos, end
    n = minority_name_len(text[pos : pos + 12])
    if n >= 3 or (
        n == 2 and (text[pos + 2 : pos + 3] in _STRONG_FOLLOW or text[pos + 2 : pos + 3] in _WEAK_FOLLOW)
    ):
        end = pos + n
        return pos, end
    sl = surname_len(text[pos : pos + 3])
    if sl == 0 and not allow_unknown_surname:
        return None
    sl = sl or 1
    spaced = _SPACED_NAME.match(text, pos)
    if (fallback or allow_unknown_surname) and spaced and surname_len(text[pos : pos + 1]):
        return pos, spaced.end()  # 范　伟 in printed forms (the ideographic space is normalised to " ")
    candidates = [sl + g for g in (1, 2)]
    if sl == 1 and allow_unknown_surname:
        candidates.append(4)
    for length in sorted(candidates, reverse=True):
        end = pos + length
        value = text[pos:end]
        if len(value) < length or (
            not looks_like_name(value, lenient=fallback)
            and not (allow_unknown_surname and _CJK_2_4.fullmatch(value))
        ):
            continue
        nxt = text[end : end + 2]
        gender = (
            fallback
            and nxt[:1] != ""
            and nxt[:1] in "男女"
            and (len(nxt) == 1 or nxt[1] in _STRONG_FOLLOW or nxt[1] in "民出性年")
        )
        if end >= len(text) or nxt[:1] in _STRONG_FOLLOW or nxt in ("性别",) or gender:
            if value in _NOT_NAME_WORDS or (length > 2 and value[-1] in _NEVER_NAME_FINAL):
                continue
            if fallback and length > 2 and value[-1] in "男女":
                continue  # 金华男\n: the name, then the sex — not a three-character name
            return pos, end
    if _ORG_AHEAD.match(text, pos):
        return None  # 杭州嘉禾网络科技有限公司: an organisation, not a person
    boundary_end = _word_boundary_end(text, pos, sl)
    if boundary_end is not None and (in_list or fallback or not is_common_word(text[pos:boundary_end])):
        return pos, boundary_end
    if fallback and not is_common_word(text[pos : pos + 2]):
        # A label says a name is here but nothing marks its end: most names are surname + 2.
        guess = pos + sl + 2
        if looks_like_name(text[pos:guess]):
            return pos, guess
    return None


# Characters that practically never end a given name but often follow one.
_NEVER_NAME_FINAL = set(
    "在于的了着将被与和及是为向对从把给让称说等受已都也又还就并而或但因所到伙拟饮另欲须该曾均亦即遂乃竟仍处打后"
)


_NUMERALS = set("一二三四五六七八九十两几数")


@functools.cache
def words2() -> dict[str, int]:
    """Frequent two-character words with their jieba frequency (built by data/build_common_words.py)."""
    raw = resources.files("redact").joinpath("data/words2.txt").read_text(encoding="utf-8")
    out: dict[str, int] = {}
    for line in raw.split("\n"):
        word, _, freq = line.partition(" ")
        if word:
            out[word] = int(freq or 1)
    return out


def _word_boundary_end(text: str, pos: int, sl: int) -> int | None:
    """End of a name of surname+1 or surname+2 characters, judged by the word that follows.

    With given-name characters g1 g2 and the next character n: if ``g2 n`` is a word more frequent
    than the word starting at n (殴打 vs 打他), the name is surname+g1 (王五|殴打); otherwise a word
    starting at n ends a three-character name (邹晨生|发生, 龚宏晨|报警, 周润发|二人).
    """
    words = words2()
    two, three = pos + sl + 1, pos + sl + 2
    g2 = text[two : two + 1]
    nxt = text[three : three + 1]
    left = words.get(text[two : two + 2], 0)
    if g2 and g2 not in _NEVER_NAME_FINAL and nxt and looks_like_name(text[pos:three]):
        right = words.get(text[three : three + 2], 0)
        starts_word = nxt in _WEAK_FOLLOW or nxt in _NUMERALS or nxt in _NEVER_NAME_FINAL or right > 0
        if (starts_word and right >= left) or nxt == "等":  # 谭晗一|等三百余人
            return three
    boundary = g2 in _NEVER_NAME_FINAL or g2 in _WEAK_FOLLOW or left > 0
    if g2 and boundary and looks_like_name(text[pos:two]):
        return two
    return None


# 热合曼·艾则孜; exports also write an ASCII dot (努尔兰.哈布都拉) and PDF text wraps inside a part.
_DOTTED = re.compile(f"[{CJK}]{{1,8}}(?:[·.]\\n?[{CJK}]{{1,8}}(?:\\n[{CJK}]{{1,7}})?)+")


def _plausible_first_part(part: str, *, full_stop: bool = False) -> bool:
    """阿依古丽 yes; 依法传唤吐尔逊 (verbs run into the name) no.

    With ``full_stop`` the separator is an ASCII period, which also ends sentences in text typed
    with ASCII punctuation (拦下检查.经查询): then no part may hold an everyday word."""
    if minority_name_len(part) == len(part):
        return True
    # transliterations use verb-like characters freely (阿卜杜拉): only function words disqualify
    if len(part) > 6 or any(ch in _DOTTED_CUT and ch not in "男女之" for ch in part):
        return False
    words = words2()
    frequent = any(words.get(part[i : i + 2], 0) >= 300 for i in range(len(part) - 1))
    return not frequent if full_stop else len(part) < 5 or not frequent


# Characters that end the last part of a transliterated name when they follow it: function
# words and sex (努尔·艾山|的证言, …艾山|男). 都 is not among them: 阿不都拉 is one part.
_DOTTED_CUT = frozenset("在的了着将被把向对从和与及是为于等称说男女之")


def _dotted_end(text: str, m: re.Match[str]) -> int:
    """End of a transliterated name: the last part runs to punctuation or stops before a verb."""
    group = m.group(0)
    last_dot = max(group.rfind("·"), group.rfind(".")) + m.start() + 1
    if text[last_dot : last_dot + 1] == "\n":
        last_dot += 1
    cut = m.end()
    for end in range(last_dot + 1, m.end()):
        head = text[end : end + 2]
        everyday = words2().get(head, 0) >= 100 or (
            lexicon_words().get(head) == 0 and word_tag(head) in _VERBISH_TAGS
        )
        if text[end] in _DOTTED_CUT or (end - last_dot >= 2 and everyday):
            cut = end  # 热依拉·阿不都|陈述, 古丽娜尔·阿不都拉|在场
            break
    known = minority_name_len(text[last_dot : last_dot + 12])
    if known and last_dot + known < cut and cut - (last_dot + known) > 2:
        return last_dot + known  # a known part, then more than a syllable or two: stop at the part
    if cut < m.end() or cut >= len(text) or text[cut] in _STRONG_FOLLOW:
        return cut
    # the run goes on without punctuation: the last part is at most five characters
    for end in range(last_dot + 1, min(m.end(), last_dot + 6) + 1):
        if end < len(text) and (text[end] in _WEAK_FOLLOW or text[end : end + 2] in words2()):
            return end
    return min(m.end(), last_dot + 2)


def names_in_list(
    text: str, pos: int, *, allow_unknown_surname: bool = False, fallback: bool = False, in_list: bool = False
) -> list[tuple[int, int]]:
    """Parse ``张三、李四和王五`` starting at ``pos``.

    After the first name, list members may be everyday words too (甘露, 金华): the list context
    already says they are names.
    """
    spans: list[tuple[int, int]] = []
    while True:
        span = name_at(
            text,
            pos,
            allow_unknown_surname=allow_unknown_surname,
            fallback=fallback,
            in_list=in_list or bool(spans),
        )
        if span is None:
            return spans
        spans.append(span)
        pos = span[1]
        note = _PAREN_NOTE.match(text, pos)  # 李军桂（警号：334351）、秦欣明
        if note:
            pos = note.end()
        sep = _LIST_SEP.match(text, pos)
        if not sep:
            return spans
        pos = sep.end()


# jieba tags of words that can also be given names: nouns, names, places, time words (江山 ns,
# 程序 n, 高峰 nr, 夏天 t). Verbs, adverbs, numerals and function words (安排 v, 同意 d, 一份 m)
# after a cue are the next words of the sentence, never a name.
_NOUNISH_TAGS = frozenset({"n", "nr", "nrfg", "nrt", "ns", "nt", "nz", "t", "j", "ng", "tg", "s"})


def word_tag(word: str) -> str | None:
    """jieba part-of-speech tag of a 2-4 character word, None when it is not in the lexicon."""
    from redact.models.lexicon import load_lexicon

    return load_lexicon().tags.get(word)


def word_can_be_name(word: str) -> bool:
    """A lexicon word that may also be someone's name (江山, 钟情, 程序), judged by its tag."""
    if surname_len(word) == 0 or any(ch in word for ch in "某×*"):
        return False
    tag = word_tag(word)
    return tag is None or tag in _NOUNISH_TAGS


def minority_parts_of(name: str) -> list[str]:
    """The components of a minority name written without a dot (扎西顿珠 → 扎西, 顿珠), else []."""
    index = _minority_parts()

    def split(pos: int) -> list[str] | None:
        if pos == len(name):
            return []
        for part in index.get(name[pos : pos + 1], ()):
            if name.startswith(part, pos) and len(part) < len(name):  # 扎西顿珠 is also listed whole
                rest = split(pos + len(part))
                if rest is not None:
                    return [part, *rest]
        return None

    parts = split(0)
    return parts if parts and len(parts) >= 2 else []


_VERBISH_TAGS = frozenset(
    {"v", "vd", "vn", "vg", "vi", "vq", "d", "dg", "p", "c", "u", "ud", "uj", "ul", "uv", "uz", "ug",
     "a", "ad", "ag", "an", "m", "mq", "q", "r", "rr", "rz", "f", "y", "e", "o"}
)  # fmt: skip
_PREPOSITION_SURNAMES = frozenset("于自将向")
# Surnames so rare against their use as auxiliaries that a clause starting with them is a verb.
_NEVER_ALONE_SURNAMES = frozenset("应须需并均已但各每另")


# A given name practically never starts with a function word: 询问时|对上述…,
# 居民楼|一侧, 询问时|由翻译. After a surname character these start the rest of the sentence.
_FUNCTION_SECOND = frozenset("对由即在将把被于了的着过仍已曾也又还就都均系")


def verbal_start(text: str, start: int) -> bool:
    """What starts at ``start`` is the next word of the sentence, not a name: 商量, 应于, 居住证,
    于|收到 (于 is a surname and a preposition; a verb after it decides)."""
    from redact.models.lexicon import PERSON_CLASS, load_lexicon

    if minority_name_len(text[start : start + 12]) >= 3 or _DOTTED.match(text, start):
        return False  # 热合曼·艾则孜: a transliteration, whatever its first two characters mean
    lex = load_lexicon()
    head = text[start : start + 2]
    if lex.tags.get(head) in _VERBISH_TAGS and lex.words.get(head) != PERSON_CLASS:
        return True
    if text[start : start + 1] in _NEVER_ALONE_SURNAMES or text[start + 1 : start + 2] in _FUNCTION_SECOND:
        return True
    return text[start : start + 1] in _PREPOSITION_SURNAMES and (
        lex.tags.get(text[start + 1 : start + 3]) in _VERBISH_TAGS
    )


def lexicon_words() -> dict[str, int]:
    """Every 2-8 character word of jieba's dictionary with its class (see ``redact.models.lexicon``)."""
    from redact.models.lexicon import load_lexicon

    return load_lexicon().words
