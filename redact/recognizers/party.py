"""Party-aware structure: labelled fields of a decision feed name, address and birth-date detection.

A decision names its parties in a fixed block (违法行为人/被侵害人/证人…, 姓名/出生日期/住址…); values
found there are certain, and every later mention of the same person is masked by the resolver.
"""

from __future__ import annotations

import re
from importlib import resources

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redact.address import below_county, county_prefix_len
from redact.names import _NEVER_NAME_FINAL as _NEVER_FINAL
from redact.names import (
    is_common_word,
    lexicon_words,
    looks_like_name,
    minority_name_len,
    name_at,
    names_in_list,
    surname_len,
    verbal_start,
    word_can_be_name,
    word_tag,
    words2,
)
from redact.recognizers.base import RuleRecognizer, Verdict, make_result

ROLE_LABELS: dict[str, str] = {
    "违法行为人": "penalised",
    "被处罚人": "penalised",
    "违法嫌疑人": "penalised",
    "当事人": "penalised",
    "机动车驾驶人": "penalised",
    "驾驶人": "penalised",
    "被侵害人": "victim",
    "受害人": "victim",
    "被害人": "victim",
    "证人": "witness",
    "被询问人": "other_person",
    "中文译名": "other_person",
    "中文姓名": "other_person",
    "中文名": "other_person",
    "翻译人员": "other_person",
    "翻译人": "other_person",
    "翻译": "other_person",
    "见证人": "other_person",
    "在场人": "other_person",
    "被检查人": "other_person",
    "签收人": "other_person",
    "利害关系人": "other_person",
    "报案人": "informant",
    "报警人": "informant",
    "举报人": "informant",
    "监护人": "guardian",
    "法定代理人": "guardian",
    "委托代理人": "agent",
    "代理人": "agent",
    "经营者": "operator",
    "投资人": "operator",
    "同案人": "co_offender",
    "共同违法人": "co_offender",
    "法定代表人": "legal_representative",
    "姓名": "",
}


def spaced(label: str) -> str:
    """Printed forms pad labels to a fixed width (姓    名：); allow spaces between the characters."""
    return "[ \t]*".join(re.escape(ch) for ch in label)


_LABEL_RE = "|".join(spaced(label) for label in sorted(ROLE_LABELS, key=len, reverse=True))
_LABELLED = re.compile(
    r"(?P<label>" + _LABEL_RE + r")(?:\([^()\n]{0,8}\))?(?:" + spaced("姓名") + r"|签名捺印|签名|签字)?"
    r"(?:\([^()\n]{0,8}\))?[:：=\t ]{0,3}(?:为|是)?"
)
_CUES = re.compile(
    r"(?:伙同|同伙|其妻子?|其丈夫|其夫|其子|其女|其父|其母|妻子|丈夫|儿子|女儿|父亲|母亲|朋友|邻居|同事|男友|女友|"
    r"前妻|前夫|殴打|打伤|推搡|辱骂|威胁|骚扰|诈骗|盗窃|侮辱|扇了|踢了|追逐|砸坏|损毁|拉扯|撕扯|抢走|抢夺|纠缠|恐吓|"
    r"踢打|推倒|划伤|咬伤|冒用|借用|盗用|使用|旅客|住客|用户|管理员|所有人为|所有人|出租给|租给|卖给|售给|转卖给|"
    r"鱼贩|商贩|摊贩|小贩|菜贩|游客|旅客|收购人|购买人|承包人|收货人|发货人|托运人|业主|雇工|工人|保管员|仓管员|收银员|导游|"
    r"消费者|投诉人|顾客|客户|学员|患者|会员|买家|购买人|收件人|寄件人|委托人|承租人|出租人|借款人|"
    r"名叫|叫做|(?<=[:：])叫|其兄|其弟|其姐|其妹|之兄|之弟|之姐|之妹|之侄|之孙|之孙女|之侄女|之母亲|之父亲|胞兄|胞弟|胞姐|胞妹|堂弟|堂兄|堂妹|堂姐|表弟|表哥|表妹|表姐|弟弟|哥哥|姐姐|妹妹|侄子|外甥|儿媳|女婿|岳父|岳母|公公|婆婆|孙子|"
    r"助理|经纪人|店长|顾问|值班人员|安全员|操作工|"
    r"雇佣|雇用|介绍|联系人|负责人|同行人员|同行人|同住人|陪同人员|联系|实际控制人|员工|工作人员|店员|营业员|服务员|保安|司机|驾驶员|乘客|车主|房东|租客|"
    r"与被侵害人|将被侵害人|被侵害人|受害人|被害人|证人|报警人|报案人|举报人|同案人|违法行为人|被处罚人|违法嫌疑人|"
    r"趁|发还|退还|归还|交还|借给|交给|转给|递给|送给|卖给|售给|出售给|提供给|租给|中文译名|译名|包括|拨打|进入|干扰|侵犯|纠集|召集|邀约|叫上|传唤|告知|通知|询问|之女|之子|之妻|之夫|之父|之母|外籍人员|外国人|外籍|带领|指使|雇请|与|同|跟|(?<!共)和|对|向|将|被|经|"
    r"(?<=[，。；、\n\s()])(?:把|给|帮|替))"
)
# Nouns for a private person's role or job written right before the name (data/role_nouns.txt).
# After these even a name that is also a word (江山, 钟情) is a name when the lexicon knows it as a
# noun and a predicate follows; longest first, since the regex takes the first alternative.
_ROLE_NOUNS = sorted(
    (
        line.strip()
        for line in resources.files("redact")
        .joinpath("data/role_nouns.txt")
        .read_text(encoding="utf-8")
        .splitlines()
        if line.strip() and not line.startswith("#")
    ),
    key=len,
    reverse=True,
)
_ROLE_NOUN = re.compile(r"(?:" + "|".join(_ROLE_NOUNS) + r")(?:[:：]|为|是)?")
# After a name that is also a word (员工江山在…, 网管龙飞称…) only a predicate proves it is a name:
# 员工宿舍） is the dormitory.
_PREDICATE_AFTER_WORD = re.compile(
    r"称|说|承认|证实|陈述|表示|在|于|因|将|把|被|向|对|从|已|未|也|和|与|帮|替|给|让|叫|接到|到|巡查|发现|"
    r"驾驶|使用|负责|收取|提供|经营|明知|擅自|私自|无证|酒后|多次|曾|又|就|便|即|遂|一时|当场|"
    r"[(（]\s*(?:\d|男|女|身份证|电话|联系电话|系|\d{1,2}岁|\d{1,2}周岁)"
)
_CLOSES_NAME = re.compile(
    r"[，,。；;、:：()“”\"\n ]|称|说|承认|证实|在|的|于|因|为|是|将|把|被|向|对|从|已|未|也|和|与|等|帮|替|给|让|叫|接到|到|巡查|$"
)
_BEFORE_ID = re.compile(r"[(（]\s*(?:身份证|公民身份号码|证件号|护照号|纳税人识别号|社会保障号码|驾驶证号)")
# Sentence-initial names: accepted only when a typical predicate follows.
_SENTENCE_START = re.compile(r"(?:^|(?<=[。，；：:\n]))")
_PREDICATE = re.compile(
    r"(?:证实|称|持有|承认|供述|陈述|辩称|表示|交代|系|是|于|在|因|伙同|驾驶|酒后|无证|明知|到|向|对|将|用|拿|把|"
    r"发现|报警|报案|拒绝|拒不|未|没有|不服|当场|随后|遂|便|即|已|也|和|与|、|等|协助|多次|发送|离开|拨打|的|受|被|"
    r"经|从|又|再|还|却|仍|曾|就|才|都|先|后|正|亦|所|携带|持|使用|骑|乘|租|借|冒用|盗|偷|窃|抢|贩|吸|赌|嫖|卖|买|购|销)"
)
# A person's name is often followed by sex or ethnicity in brackets (玉素甫江（男，维吾尔族…）,
# 岩温（傣族…）); names that carry no Han surname are accepted there when a label or cue precedes.
_DEMOGRAPHIC = re.compile(
    r"[(（]\s*(?:男|女)\s*[，,、）)]|[(（]\s*[\u4e00-\u9fff]{1,3}族[，,、）)]|[，,]\s*(?:男|女)\s*[，,]"
)
_DEMOGRAPHIC_BEFORE = re.compile(
    r"(?:" + _LABEL_RE + r"|父亲|母亲|妻子|丈夫|儿子|女儿|之父|之母|之妻|之夫|之子|之女|雇员|员工|经营者|"
    r"消费者|投诉人|顾客|乘客|租客|房东|邻居|朋友|同事|[。；、\n（(]|(?:^|\n)\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})[.、．)）])[:：\s]*$"
)
# Former names and nicknames identify the person as well as the name does (曾用名段小华, 绰号“阿强”).
_DOTTED_NAME = re.compile(r"[\u3400-\u9fff]{2,8}[·.][\u3400-\u9fff]{2,8}")
_BY_AGENT = re.compile(r"(?<![理自于经])由")
_AGENT_VERB = re.compile(
    r"承包|负责|驾驶|经营|保管|管理|使用|签收|代为|陪同|带领|安排|介绍|提供|出资|收取|组织"
)
_ALIAS = re.compile(
    r"(?:曾用名|绰号|别名|化名|外号|小名|乳名|网名|艺名|花名)[:：\s]*(?:为|叫|是)?"
    r"(?:[“\"「『](?P<q>[\u3400-\u9fff]{1,4})[”\"」』]|(?P<v>[\u3400-\u9fff]{2,4})(?=[）)，,、。；\s]))"
)
_QUOTED_ALIAS = re.compile(
    r"[“\"「『](?P<q>[\u3400-\u9fff]{1,4})[”\"」』]\s*[(（]\s*即"
    # 一名叫“阿杰”的男子, 自称“老董”的外地人, 人称“强哥”: a nickname that stands for a person
    r"|(?:名叫|叫做|自称|人称|称作|被称为|称其为|称他为|称她为|外号叫|绰号叫|小名叫|叫他|叫她|喊他|喊她)"
    r"[“\"「『](?P<n>[\u3400-\u9fff]{1,4})[”\"」』]"
)
_ROLE_OF_CUE = {"被侵害人": "victim", "受害人": "victim", "被害人": "victim", "证人": "witness"}


def _role_near(text: str, start: int) -> str:
    """Nearest label before ``start`` on the same line, for the role of a 姓名: field."""
    line_start = text.rfind("\n", 0, start) + 1
    window = text[max(line_start, start - 40) : start]
    best, best_pos = "", -1
    for label, role in ROLE_LABELS.items():
        if role and (p := window.rfind(label)) > best_pos:
            best, best_pos = role, p
    return best


_PERSON_ONLY_LABELS = frozenset(
    {
        "被侵害人",
        "受害人",
        "被害人",
        "证人",
        "被询问人",
        "翻译人",
        "翻译人员",
        "翻译",
        "中文译名",
        "中文姓名",
        "中文名",
        "见证人",
        "在场人",
        "被检查人",
        "签收人",
        "利害关系人",
        "报案人",
        "报警人",
        "举报人",
        "监护人",
        "法定代理人",
        "委托代理人",
        "代理人",
    }
)
_NOT_PERSON_FINAL = set("店馆厂部行社所司院局队站场室市区县省路街村镇乡")


_FUNCTION_FINAL = frozenset("的了着过地得自于在将把被向对从和与及或应当要")


def _ordinary_words(value: str) -> bool:
    """向游客, 使用童工, 经许可擅…: what follows a weak cue is an everyday word, not a name.

    True when the surname and the next character form a word of jieba's lexicon that is not a
    name (许可, 公众), when the part after the surname is a frequent such word (游客, 导游; not
    建华 or 建国, which are given names as often as words), or when the value ends in a function
    character.
    """
    from redact.models.lexicon import OTHER_CLASS, load_lexicon

    words = load_lexicon().words
    sl = surname_len(value) or 1
    given = value[sl:]
    if value[-1:] in _FUNCTION_FINAL or words.get(value[:2]) == OTHER_CLASS:
        return True
    return words.get(given) == OTHER_CLASS and words2().get(given, 0) >= 500


_WORD_VALUE = re.compile(r"[\u3400-\u9fff]{2,4}?(?=[，,。；;、:：()\n\t ]|男|女|性别|$)")
_FIELD_WORDS = frozenset(
    {"性别", "姓名", "不详", "本人", "暂无", "同上", "未知", "名称", "住址", "民族", "出生", "身份", "职业", "户籍", "联系",
     "文化", "工作", "国籍", "年龄", "证件"}
)  # fmt: skip


def _word_value(text: str, pos: int) -> list[tuple[int, int]]:
    """被处罚人：程序　性别：男 — after a label and a colon, a closed 2-4 character value is the name
    even when it is also a word (程序, 江山, 高峰), as long as the word can be a noun."""
    m = _WORD_VALUE.match(text, pos)
    if m is None:
        return []
    value = m.group(0)
    if value in _FIELD_WORDS or value[-1] in _NOT_PERSON_FINAL or not word_can_be_name(value):
        return []
    return [m.span()]


_RELATIONS = frozenset(
    {"父亲", "母亲", "妻子", "丈夫", "儿子", "女儿", "岳父", "岳母", "公公", "婆婆", "哥哥", "弟弟", "姐姐", "妹妹",
     "爷爷", "奶奶", "外公", "外婆", "祖父", "祖母", "孙子", "孙女", "侄子", "侄女", "外甥", "儿媳", "女婿", "前妻",
     "前夫", "男友", "女友", "朋友", "同事", "邻居", "亲属", "家属", "之妻", "之夫", "之子", "之女"}
)  # fmt: skip
_OBJECT_MARKERS = (
    "向",
    "对",
    "给",
    "由",
    "将",
    "把",
    "被",
    "让",
    "告知",
    "通知",
    "责令",
    "限",
    "赔偿",
    "补偿",
    "退还",
)


def closed_value(text: str, end: int) -> bool:
    return text[end : end + 1] in "，,（(）)：:、；;。 \n" or text[end : end + 1] == ""


class LabelledNameRecognizer(RuleRecognizer):
    """Names written after a party label (违法行为人张三 / 被侵害人：李四 / 姓名：王五)."""

    ENTITY = "PERSON"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        for m in _LABELLED.finditer(text):
            label = re.sub(r"[ \t]", "", m.group("label"))
            role = ROLE_LABELS[label] or _role_near(text, m.start())
            strict = label != "姓名"
            found = names_in_list(text, m.end(), allow_unknown_surname=not strict, fallback=strict)
            if role == "legal_representative":
                # a company has one legal representative, who is published; the names listed after
                # him (法定代表人敬建波、袁小兵、郑桂兰的询问笔录) are employees and stay private
                found = found[:1]
            if not found and label in _PERSON_ONLY_LABELS:
                # 监护人：额安凯（…: these labels only ever name people; accept a rare surname
                # when punctuation closes the value.
                found = [
                    sp
                    for sp in names_in_list(text, m.end(), allow_unknown_surname=True)
                    if text[sp[1] - 1] not in _NOT_PERSON_FINAL and not is_common_word(text[sp[0] : sp[1]])
                ][:1]
            glued = not re.search(r"[:：\s为是]$", text[m.start() : m.end()])
            if not found and not glued:
                found = _word_value(text, m.end())
            if glued and text[max(0, m.start() - 2) : m.start()].endswith(_OBJECT_MARKERS):
                continue  # 向被处罚人宣告: the label is the object of a sentence, not a field
            if not glued and len(found) == 1 and not closed_value(text, found[0][1]):
                whole = _WORD_VALUE.match(text, found[0][0])
                if whole and whole.end() - found[0][0] <= 4 and closed_value(text, whole.end()):
                    found = [whole.span()]  # 翻译：玉应叫⏎ — the field runs to the line end
            found = [sp for sp in found if text[sp[0] : sp[0] + 2] not in _FIELD_WORDS]  # 姓名钟伟，性别男
            for start, end in found:
                if is_title(text[start:end]) or (glued and text[start:end][-1:] in _NOT_PERSON_FINAL):
                    continue  # 举报人蒋女士, 当事人计调部经理: a title or a department, not a name
                if glued and text[start:end] in _RELATIONS:
                    continue  # 系被处罚人岳母: a relation of the party, not a name
                if glued and verbal_start(text, start):
                    continue  # 被处罚人应于收到…, 向被处罚人宣读: the label is a noun in a sentence
                closed = text[end : end + 1] in "，,（(）)：:、；;。 \n男女" or text[end : end + 1] == ""
                value = text[start:end]
                if not closed and (_ordinary_words(value) or (glued and is_common_word(value))):
                    continue  # 驾驶人信息查询结果: a word glued to the label, not its value
                verdict = Verdict(0.9, "name.labelled", f"value of the {label} field")
                out.append(make_result(self, self.ENTITY, start, end, verdict, role=role or "party"))
        return out


def _name_before_predicate(text: str, pos: int) -> tuple[int, int] | None:
    """A clause-initial name is accepted only when a typical predicate follows it (林彬春协助…)."""
    if verbal_start(text, pos):
        return None
    span = name_at(text, pos)
    if span is not None and is_title(text[span[0] : span[1]]):
        return None  # 符师傅也不吭声
    if span is not None and _PREDICATE.match(text, span[1]) and not is_common_word(text[span[0] : span[1]]):
        return span
    sl = surname_len(text[pos : pos + 3])
    if sl == 0:
        return None
    for length in (sl + 2, sl + 1):
        value = text[pos : pos + length]
        plausible = (
            len(value) == length
            and value[-1] not in _NEVER_FINAL
            and looks_like_name(value)
            and not is_common_word(value)
        )
        if plausible and _PREDICATE.match(text, pos + length) and not is_common_word(text[pos : pos + 2]):
            return pos, pos + length
    return None


def _everyday_word_without_predicate(text: str, start: int, end: int) -> bool:
    """The candidate is an everyday lexicon word and no predicate follows it (员工宿舍，): names that
    are words (程序称…) are followed by what they do."""
    words = lexicon_words()
    if end - start == 3 and text[end - 1] in "内外上下里中前后旁边" and words.get(text[start : end - 1]) == 0:
        return True  # 员工宿舍内: a word and a locative, not a three-character name
    if words.get(text[start:end]) != 0:
        return False
    return not _PREDICATE_AFTER_WORD.match(text, end)


_TITLE = re.compile(
    r"^[\u4e00-\u9fff](?:姐|哥|叔|婶|嫂|姨|伯|爷|总|工|女士|先生|小姐|师傅|老板|老师|医生|大夫|阿姨|经理)$"
)


def is_title(value: str) -> bool:
    """杜姐, 蒋女士, 符师傅: a surname and a form of address names nobody (SPC practice leaves it)."""
    return bool(_TITLE.match(value)) and surname_len(value) == 1


def _cue_inside_word(text: str, start: int, end: int) -> bool:
    """The cue is the tail of a longer word (林业|主管部门) or the head of one (使用权|及).

    Only the cue's own characters are read against the lexicon: a surname after the cue often
    makes a word with its last character (丈夫余建军: 夫余, 管理员林梅: 员林), so that edge says nothing.
    """
    words = lexicon_words()
    return start > 0 and (text[start - 1 : start + 1] in words or text[start : end + 1] in words)


def _role_noun_name(text: str, pos: int) -> tuple[int, int] | None:
    """The name after a role noun: a regular name, or a noun-word name closed by what follows."""
    if (
        text[pos + 1 : pos + 2] in "一二三四五六七八九十两"
        and text[pos + 2 : pos + 3] in "侧边层楼号栋处间个次"
    ):
        return None  # 居民楼一侧: a noun, a numeral and a measure word
    span = name_at(text, pos)
    if verbal_start(text, pos):
        # 跟司机商量, 台湾居民居住证: a verb or a compound word — unless a three-character name is
        # closed by a list or a predicate (邻居庞大海、金鑫证实)
        if span is None or span[1] - span[0] != 3 or text[pos + 1 : pos + 2] in "一二三四五六七八九十":
            return None
        if not (text[span[1] : span[1] + 1] in "、，," or _PREDICATE_AFTER_WORD.match(text, span[1])):
            return None
    if span is not None:
        a, b = span
        verb_given = b - a == 3 and word_tag(text[a + 1 : b]) in ("v", "vn")
        if verb_given and _PREDICATE_AFTER_WORD.match(text, b):
            verb_given = False
        if is_common_word(text[a:b]) or _everyday_word_without_predicate(text, a, b) or verb_given:
            span = None  # 员工宿舍内, 教练车搭载学员: words, not a person called 车搭载
        else:
            return span
    value = text[pos : pos + 3]
    if (
        len(value) == 3
        and not surname_len(value)
        and all("\u3400" <= ch <= "\u9fff" for ch in value)
        and lexicon_words().get(value[:2]) is None
        and lexicon_words().get(value[1:]) is None
        and value[-1] not in _FUNCTION_FINAL
        and _PREDICATE_AFTER_WORD.match(text, pos + 3)
    ):
        return pos, pos + 3  # 收银员字春燕未核验: a rare surname the list does not know
    for length in (3, 2):
        value = text[pos : pos + length]
        if len(value) < length or not all("\u3400" <= ch <= "\u9fff" for ch in value):
            continue
        if value[-1] in _NOT_PERSON_FINAL or value[-1] in _FUNCTION_FINAL:
            continue
        if word_can_be_name(value) and _PREDICATE_AFTER_WORD.match(text, pos + length):
            from redact.models.lexicon import load_lexicon

            if value in load_lexicon().words or length == 2:
                return pos, pos + length
    return None


class CueNameRecognizer(RuleRecognizer):
    """Names in the narrative right after a role cue (伙同李四 / 殴打王五 / 证人赵六证实)."""

    ENTITY = "PERSON"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        for m in _CUES.finditer(text):
            role = _ROLE_OF_CUE.get(m.group(0), "other_person")
            pos = m.end()
            if text[pos : pos + 1] in (":",):
                pos += 1
            generic = len(m.group(0)) == 1  # 与/对/向/经…: many words follow these, so be stricter
            if _cue_inside_word(text, m.start(), m.end()):
                continue  # 林业主管部门, 使用权及, 中和池, 其父母: the cue is part of a longer word
            found = names_in_list(text, pos)
            n_minority = minority_name_len(text[pos : pos + 12])
            if not found and not generic and n_minority >= 2:
                found = [(pos, pos + n_minority)]  # 其父亲多吉代为赔偿: a one-part minority name
            for start, end in found:
                single = surname_len(text[start : start + 3]) == 1
                if generic and text[m.end() - 1 : start + 1] in lexicon_words():
                    continue  # 对|方就, 同|时对其, 对|公账户: the cue is the first half of a word
                if end - start == 3 and lexicon_words().get(text[start:end]) == 0:
                    continue  # 员工花名册: a three-character everyday word
                verbal = verbal_start(text, start) and not (
                    end - start == 3 and _PREDICATE_AFTER_WORD.match(text, end)  # 朋友顾家明帮其…
                )
                if text[start:end] in _RELATIONS or is_title(text[start:end]):
                    continue  # 系被处罚人岳母, 跟杜姐: a relation or a form of address, not a name
                if _everyday_word_without_predicate(text, start, end):
                    continue  # 员工宿舍内, 员工花名册一份: a word after the cue, and nothing a person does
                if (
                    is_common_word(text[start:end])
                    or verbal
                    or (
                        generic
                        and (
                            _ordinary_words(text[start:end])
                            or (single and is_common_word(text[start : start + 2]))
                        )
                    )
                ):
                    continue
                verdict = Verdict(0.65, "name.cue", f"name after the cue {m.group(0)}")
                out.append(make_result(self, self.ENTITY, start, end, verdict, role=role))
        for m in _ROLE_NOUN.finditer(text):
            words = lexicon_words()
            a, b = m.start(), m.end()
            if a > 0 and text[a - 1 : a + 1] in words and text[b - 1 : b + 1] in words:
                continue  # 林业|主管部门: 业主 glued into words on both sides
            span = _role_noun_name(text, m.end())
            if span is not None:
                verdict = Verdict(
                    0.65, "name.role-noun", f"name after the role noun {m.group(0).rstrip(':：')}"
                )
                out.append(make_result(self, self.ENTITY, span[0], span[1], verdict, role="other_person"))
        for m in _BEFORE_ID.finditer(text):  # 入住旅客方子（身份证号码…）: whoever owns an ID number
            end = m.start()
            for length in (4, 3, 2):
                start = end - length
                value = text[start:end]
                if length == 4 and surname_len(value) != 2:
                    continue  # four characters only with a compound surname (上官婉清)
                tail = value[-2:]
                if text[start - 1 : start] == "·" or (
                    length < 4 and words2().get(tail, 0) >= 100 and not surname_len(tail)
                ):
                    continue  # 越南护照（…: the word before the bracket is not a name
                if start >= 0 and surname_len(value) and looks_like_name(value, lenient=True):
                    if length == 3 and surname_len(text[start + 1 : end]) and not surname_len(value[:2]):
                        continue
                    verdict = Verdict(0.7, "name.before-id", "name directly followed by an ID-number field")
                    out.append(make_result(self, self.ENTITY, start, end, verdict, role="other_person"))
                    break
        for m in _BY_AGENT.finditer(text):  # 房屋施工由覃有才承包: 由 + a person + what they did
            pos = m.end()
            length = next((n for n in (3, 2) if _AGENT_VERB.match(text, pos + n)), 0)
            span = (pos, pos + length) if length else None
            if (
                span
                and surname_len(text[pos : pos + 3])
                and all("\u3400" <= ch <= "\u9fff" for ch in text[span[0] : span[1]])
                and not verbal_start(text, span[0])
                and not is_common_word(text[span[0] : span[1]])
            ):
                verdict = Verdict(0.6, "name.agent", "the person something was done by (由…承包)")
                out.append(make_result(self, self.ENTITY, span[0], span[1], verdict, role="other_person"))
        for m in _QUOTED_ALIAS.finditer(text):  # 与“小安”（即Nguyen Van An）: the quoted nickname
            group = "q" if m.group("q") else "n"
            verdict = Verdict(0.75, "name.alias", "nickname standing for a person")
            out.append(
                make_result(self, self.ENTITY, m.start(group), m.end(group), verdict, role="other_person")
            )
        for m in _ALIAS.finditer(text):
            start, end = m.span("q") if m.group("q") else m.span("v")
            verdict = Verdict(0.75, "name.alias", "former name or nickname of a person")
            out.append(make_result(self, self.ENTITY, start, end, verdict, role="other_person"))
        for m in _DEMOGRAPHIC.finditer(text):
            end = m.start()
            for length in (5, 4, 3, 2):
                start = end - length
                value = text[start:end]
                if start < 0 or not all("\u3400" <= ch <= "\u9fff" for ch in value):
                    continue
                if value[-1] in _NOT_PERSON_FINAL or is_common_word(value) or "某" in value:
                    continue
                if _DEMOGRAPHIC_BEFORE.search(text, max(0, start - 8), start) or start == 0:
                    verdict = Verdict(0.75, "name.before-demographic", "name followed by sex or ethnicity")
                    out.append(make_result(self, self.ENTITY, start, end, verdict, role="other_person"))
                    break
        for m in _SENTENCE_START.finditer(text):
            span = _name_before_predicate(text, m.end())
            if span is None:
                continue
            verdict = Verdict(0.6, "name.sentence-start", "name opening a clause before a predicate")
            out.append(make_result(self, self.ENTITY, span[0], span[1], verdict, role="other_person"))
            if text[span[1] : span[1] + 1] in ("、", "和", "与"):  # 韦小宝、郝建、甘露等人…
                for start, end in names_in_list(text, span[1] + 1, in_list=True)[:8]:
                    verdict = Verdict(0.6, "name.list", "name listed with another detected name")
                    out.append(make_result(self, self.ENTITY, start, end, verdict, role="other_person"))
        return out


_CELL = re.compile(r"\S+(?: \S+)*")  # table cells are separated by two or more spaces
_NUMERIC_CELL = re.compile(r"[\d,.Xx ]{2,}(?:元)?[；;。，,]?")
_NAME_CELL = re.compile(r"[\u3400-\u9fff](?: ?[\u3400-\u9fff]){1,4}")


class TableRowNameRecognizer(RuleRecognizer):
    """Names in table rows (wage arrears, lists of workers): 6  马海燕  642222…  27,300.

    A cell that looks like a name counts when the same row also holds a number cell (an ID,
    a card number, an amount), which is what a list of persons looks like.
    """

    ENTITY = "PERSON"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        pos = 0
        for line in text.split("\n"):
            cells = [(m.start() + pos, m.group(0)) for m in _CELL.finditer(line)]
            pos += len(line) + 1
            if len(cells) < 2 or "  " not in line.strip():
                continue
            if not any(_NUMERIC_CELL.fullmatch(c) for _, c in cells):
                continue
            for start, cell in cells:
                if not _NAME_CELL.fullmatch(cell):
                    continue
                value = cell.replace(" ", "")
                plausible = minority_name_len(value) == len(value) or (
                    len(value) <= 4 and surname_len(value) and looks_like_name(value, lenient=True)
                )
                if plausible and not is_common_word(value):
                    verdict = Verdict(0.7, "name.table-row", "name cell in a row with a number cell")
                    out.append(
                        make_result(self, self.ENTITY, start, start + len(cell), verdict, role="other_person")
                    )
        return out


_LATIN_NAME = re.compile(
    r"(?<![A-Za-z])(?P<v>[A-Z][A-Za-z'\-]{1,20}(?: [A-Z][A-Za-z'\-]{1,20}){1,3})(?![A-Za-z])"
)
_LATIN_BEFORE = re.compile(
    r"(?:外国人|外籍人员|外籍|旅客|乘客|住客|姓名|英文姓名|英文名|被处罚人|违法行为人|违法嫌疑人|当事人|告知|对|经查|查明|"
    r"消费者|投诉人|顾客|客户|被侵害人|受害人|证人|举报人|·[\u4e00-\u9fff]{1,8}[(（]|籍[\u4e00-\u9fff]{0,4})[:：\s]*$"
)
_LATIN_AFTER = re.compile(
    r"\s*[(（,，]?\s*(?:护照|国籍|男|女|性别|中文姓名|中文名|中文译名|译名|出生|持|[\u4e00-\u9fff]{1,8}籍[，,、）)])"
    r"|\s*[(（][\u4e00-\u9fff·]{2,8}[，,)）]"  # TRAN THI MAI（陈氏梅，…: its Han form in brackets
)


# 邓伟文（TANG Wai Man）: a Hong Kong/Macau romanisation, surname in capitals, after the Han name.
_ROMANISED_AFTER_HAN = re.compile(r"[\u4e00-\u9fff]{2,4}\s*[(（]\s*$")
_SURNAME_FIRST = re.compile(r"[A-Z]{2,}(?: [A-Z][a-z]+){1,3}$|[A-Z]{2,}(?: [A-Z]{2,}){1,3}$")
# All-capital words that are not names (阮氏香（NGUYEN THI HUONG） yes, 中国银行（BANK OF CHINA） no).
_NOT_NAME_CAPS = frozenset(
    [
        "OF",
        "AND",
        "THE",
        "CO",
        "LTD",
        "LLC",
        "INC",
        "BANK",
        "CHINA",
        "GROUP",
        "LIMITED",
        "COMPANY",
        "CORP",
        "CORPORATION",
        "CENTER",
    ]
)


# Nicknames built on a given name: 坤哥, 红姐, 平安哥, 芳芳, and 小胖 / 阿雄 when someone is called so.
_NICK_AFTER = (
    r"(?=[，,。、：:”’\"」』）)\s]|说|是|每|给|请假|从来|家|那|让|就|也|都|在|跟|和|一起|介绍|叫|的|$)"
)
_NICK_BEFORE = (
    r"(?:(?<=[“‘\"「『：:，,。；\n（(和跟把骂找是向给让问])|(?<=叫我|叫他|叫她|喊她|喊他|都叫|都喊))"
)
_BROTHER_SISTER = re.compile(r"(?P<v>[\u4e00-\u9fff]{1,2}(?:哥|姐))" + _NICK_AFTER)
_NICK_CONTEXT = re.compile(
    r"(?:[“‘\"「『：:，,。；\n（(和跟把骂找是向给让问]|叫我|叫他|叫她|喊她|喊他|都叫|都喊)$"
)
_DOUBLED = re.compile(_NICK_BEFORE + r"(?P<v>([\u4e00-\u9fff])\2)" + _NICK_AFTER)
_CALLED = re.compile(
    r"(?:叫我|叫他|叫她|喊他|喊她|都叫|都喊|人称|称其为|名叫|叫做|老乡|绰号|(?<=[和跟与])(?=(?:小|阿)[\u4e00-\u9fff](?:一起|一同|那帮|那伙|等人)))[“‘\"「『]?(?P<v>(?:小|阿|老)[\u4e00-\u9fff])[”’\"」』]?"
    + _NICK_AFTER
)
# 大哥, 表姐, 帅哥: kinship and forms of address, not anybody's nickname
_NOT_NICK_HEAD = frozenset("大二三四五六七八九十小老表堂亲帅美师空阿靓胖俊富学师同")
_NOT_DOUBLED = frozenset(
    {"天天", "常常", "刚刚", "渐渐", "偏偏", "仅仅", "纷纷", "往往", "悄悄", "慢慢", "久久", "默默", "明明", "人人",
     "家家", "处处", "个个", "宝宝", "爸爸", "妈妈", "哥哥", "姐姐", "弟弟", "妹妹", "爷爷", "奶奶", "叔叔", "伯伯",
     "舅舅", "姑姑", "婆婆", "公公", "太太", "娃娃", "谢谢", "看看", "试试", "想想", "说说", "等等", "好好", "多多少少",
     "年年", "月月", "日日", "次次", "样样", "星星", "匆匆", "稍稍", "区区", "万万", "迟迟", "频频", "屡屡", "连连"}
)  # fmt: skip


class NicknameRecognizer(RuleRecognizer):
    """Nicknames that stand for a person in quoted speech and chat: 坤哥, 红姐, 芳芳, 小胖.

    Only where a person stands (after a quote, a colon or a verb that takes a person, before
    punctuation or what a person does); a surname with 哥/姐 (杜姐) is a form of address that
    names nobody, and reduplicated adverbs (天天, 常常) are words.
    """

    ENTITY = "PERSON"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        for m in _BROTHER_SISTER.finditer(text):
            head = m.group("v")[:-1]
            if head[0] in _NOT_NICK_HEAD or (len(head) == 1 and surname_len(head)):
                continue  # 大哥, 杜姐: a form of address
            if len(head) == 2 and not _NICK_CONTEXT.search(text, max(0, m.start() - 3), m.start()):
                continue  # a two-character head needs a quote or a verb that takes a person before it
            if len(head) == 2 and surname_len(head) and lexicon_words().get(head) != 0:
                continue  # 白雪姐: a full name and 姐; the name itself is what a rule must find
            out.append(self._result(m.start("v"), m.end("v"), "name.nickname", "nickname on a given name"))
        for m in _DOUBLED.finditer(text):
            value = m.group("v")
            if value in _NOT_DOUBLED or word_tag(value) in ("d", "m", "q", "v", "ad"):
                continue
            out.append(self._result(m.start("v"), m.end("v"), "name.nickname", "reduplicated pet name"))
        for m in _CALLED.finditer(text):
            out.append(self._result(m.start("v"), m.end("v"), "name.nickname", "what a person is called"))
        return out

    def _result(self, start: int, end: int, rule: str, note: str) -> RecognizerResult:
        return make_result(self, self.ENTITY, start, end, Verdict(0.7, rule, note), role="other_person")


# 艾尔肯·吐尔逊, 努尔兰.沙依兰别克: a dotted name with a known part is a person's name wherever it is.
def _known_part_start(text: str, m: re.Match[str]) -> int | None:
    """Where the name starts in a dotted run that may begin inside the words before it
    (周某系|艾尔肯·吐尔逊): the first position from which known name parts reach the dot."""
    run = m.group(0)
    dot = min(i for i in (run.find("·"), run.find(".")) if i >= 0)
    for i in range(dot - 1):
        if minority_name_len(run[i:dot]) == dot - i:
            return m.start() + i
    if m.start() == 0 or not "\u3400" <= text[m.start() - 1] <= "\u9fff":
        return m.start()  # the run starts after punctuation: its first part is the name's
    return None


class DottedNameRecognizer(RuleRecognizer):
    """Transliterated names written with a middle dot whose parts include a known name part."""

    ENTITY = "PERSON"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        for m in _DOTTED_NAME.finditer(text):
            start = _known_part_start(text, m)
            if start is None:
                continue  # no known name part before the dot: the cues and labels handle those
            span = name_at(text, start)
            if span is None or span[1] <= start + 3:
                continue
            parts = re.split(r"[·.\n]+", text[span[0] : span[1]])
            if not any(minority_name_len(p) >= 2 for p in parts):
                continue
            verdict = Verdict(0.7, "name.dotted", "transliterated name with a known name part")
            out.append(make_result(self, self.ENTITY, span[0], span[1], verdict, role="other_person"))
        return out


class LatinNameRecognizer(RuleRecognizer):
    """Foreign names in Latin script (OKONKWO EMEKA（护照号码…）)."""

    ENTITY = "PERSON"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        for m in _LATIN_NAME.finditer(text):
            start, end = m.span("v")
            romanised = (
                _ROMANISED_AFTER_HAN.search(text, max(0, start - 6), start)
                and _SURNAME_FIRST.match(m.group("v"))
                and not _NOT_NAME_CAPS.intersection(m.group("v").split())
            )
            if not (
                _LATIN_BEFORE.search(text, max(0, start - 8), start)
                or _LATIN_AFTER.match(text, end)
                or romanised
            ):
                continue
            verdict = Verdict(0.8, "name.latin", "Latin-script name next to a person label or passport field")
            out.append(make_result(self, self.ENTITY, start, end, verdict, role="other_person"))
        return out


_ADDRESS_LABELS = [
    "现住址",
    "现住",
    "家庭住址",
    "家庭地址",
    "住址",
    "户籍所在地",
    "户籍地址",
    "户籍地",
    "户口所在地",
    "住所地",
    "住所",
    "居住地",
    "现居住地",
    "暂住地",
    "暂住",
    "居住于",
    "居住在",
    "家住",
    "住在",
    "送达地址",
    "房屋坐落",
    "坐落",
    "收件地址",
    "收货地址",
    "通讯地址",
    "联系地址",
    "大陆住址",
    "台湾地址",
    "香港地址",
    "澳门地址",
    "户籍同县",
    "户籍同市",
    "户籍",
    "住",
]
# An organisation's service or contact address is published like its seat.
_ORG_CHECKED_LABELS = ("住所", "送达地址", "通讯地址", "联系地址")
_ADDRESS_LABEL = re.compile(
    r"(?:住处(?=[:：(])|"
    + "|".join(spaced(x) if len(x) == 2 else x for x in _ADDRESS_LABELS)
    # across a line only after a colon: a table header (住址⏎1 岩温…) is no label
    + r")[:：\t (]{0,3}(?:(?<=[:：])\n)?(?:为|是|于|在)?"
)
_ADMIN_HEAD = re.compile(r"[\u4e00-\u9fff]{2,}?(?:省|市|区|县|旗|州|盟|镇|乡|街道|村)")
_ORG_CONTEXT = re.compile(r"公司|有限|统一社会信用代码|单位名称|名称:|经营场所|商行|门市部|工作单位")
# An address runs to punctuation, to a wide gap in a printed form, or to the next "label：".
_ADDRESS_VALUE = re.compile(r"[^，,。；;\n\t()]{2,60}?(?=[，,。；;\n\t()]|\s{2,}|\s+[^\s:：]{2,6}[:：]|$)")


_ADDRESS_END = re.compile(
    r"(?:[\d一二三四五六七八九十百零〇]+(?:号楼(?![道梯下上顶])|号院|号|室|栋|幢|座|户(?![籍口])|单元|楼(?![道梯下上顶])|层|组|房|弄|巷))"
    r"|[A-Za-z](?:室|座|栋|幢)|\d+门\d*|\d+宿舍|宿舍|村|小区|公寓|大厦|花园|新村|社区|苑|庄"
)


_ADDRESS_UNIT = re.compile(r"[\d路街巷弄号村镇乡组栋幢室楼区市县州旗苑院屯寨庄坊里]")
_NO_ADDRESS = {"不详", "无", "未知", "同上", "略", "无固定住所", "不明", "暂无"}


def trim_address(value: str) -> str:
    """Cut what follows the address (…3号吸食毒品 → …3号; …843号10-1204楼道内 → …843号10-1204)."""
    matches = list(_ADDRESS_END.finditer(value))
    if not matches:
        return value
    end = matches[-1].end()
    tail = re.match(
        r"[\dA-Za-z]+(?:-[\dA-Za-z]+)*|之[一二三四五六七八九十\d]+", value[end:]
    )  # 17-1503, 3号之三
    if tail:
        end += tail.end()
    return value[:end]


_HOME_IN_BRACKETS = re.compile(r"(?:家中|家里|住处|租住处|暂住处)\s*\((?P<v>[^()\n]{4,40})\)")
_PROPERTY_ADDRESS = re.compile(
    r"位于(?P<v>[^，,。；;\n]{4,60}?)(?=的(?:房屋|住宅|房产|商铺|住房|车库|车位|住处|家中|家|租住处|住所|出租屋|宿舍|自建房|民房))"
    # without 的 only after a house number and before a word for a dwelling (…横湖村58号住宅)
    r"|位于(?P<w>[^，,。；;\n]{4,60}?(?:号|室|组|弄|栋|幢))(?=房屋|住宅|房产|住房|自建房|民房)"
)
# An address that a person owns, rents or lives at, written in full without 位于: 将其所有的天津市
# 南开区…12-3-502房屋, 系北京市朝阳区…1602号房屋所有权人, 租住的…出租屋.
_OWNED_ADDRESS = re.compile(
    r"(?:所有的|租住的?|租用的?|居住的|承租的|购买的|系|从)"
    r"(?P<v>[\u4e00-\u9fff]{2,10}?(?:省|市|自治区|自治州|区|县|旗)[^，,。；;\n()（）]{2,50}?"
    r"(?:号|室|组|弄|栋|幢|屯|村|\d))(?=的?(?:房屋|住宅|房产|住房|自建房|民房|出租屋|出租房|宿舍|车库|住处|家中|家里)"
    r"|[(（](?:不动产权|房屋所有权|房产)证)"
)


_ORG_BLOCK = re.compile(
    r"统一社会信用代码|法定代表人|负责人[:：]|(?:当事人|单位名称|名称)[:：][^\n]{0,30}(?:公司|厂|中心|店|部|社|所)"
)


def _org_block(text: str, pos: int) -> bool:
    """住所 inside an organisation's party block (the lines just above or below name a company,
    a credit code or a legal representative): the seat of a legal person, which is published."""
    above = text.rfind("\n", 0, max(0, text.rfind("\n", 0, pos) - 1))
    above = text.rfind("\n", 0, max(0, above - 1)) + 1
    below = text.find("\n", text.find("\n", pos) + 1)
    below = len(text) if below < 0 else below
    block = text[above:below]
    return bool(_ORG_BLOCK.search(block)) and "身份证" not in block and "出生" not in block


class LabelledAddressRecognizer(RuleRecognizer):
    """Home/registered/current addresses after a label; reports only the part below county level."""

    ENTITY = "ADDRESS"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        for m in _ADDRESS_LABEL.finditer(text):
            label = re.sub(r"[ \t]", "", m.group(0))
            bare = label.rstrip(":： 为是于在") in ("住", "户籍")
            if bare and text[m.start() : m.start() + 2] in lexicon_words():
                continue  # 住房和城乡建设局, 住宅内: the word, not the label
            if bare and not _ADMIN_HEAD.match(text, m.end()):
                continue  # bare 住 needs an administrative head right after it (住宿/住院 are not addresses)
            vm = _ADDRESS_VALUE.match(text, m.end())
            if not vm:
                continue
            line_start = max(text.rfind("\n", 0, m.start()) + 1, text.rfind("。", 0, m.start()) + 1)
            if label.startswith(_ORG_CHECKED_LABELS) and (
                _ORG_CONTEXT.search(text, line_start, m.start()) or _org_block(text, m.start())
            ):
                continue  # an organisation's seat is published
            value = vm.group(0)
            if value.startswith(("等", "信息", "、")):
                continue  # 姓名、手机号码、住址等信息: the word 住址 in a list, no address follows
            lead = len(value) - len(value.lstrip("的在于为是"))
            value = trim_address(value[lead:])
            if re.match(r"[\d\s]+$", value) or value.strip() in _NO_ADDRESS:
                continue
            if not _ADDRESS_UNIT.search(value):
                continue  # 住所进行现场检查, 现住址同户籍地, 居住于上址: no address follows the label
            part = below_county(value)
            if part is None:
                continue
            start, end = vm.start() + lead + part[0], vm.start() + lead + part[1]
            verdict = Verdict(0.85, "address.labelled", f"{label.rstrip(':： ')} below county level")
            out.append(make_result(self, self.ENTITY, start, end, verdict))
        for m in _HOME_IN_BRACKETS.finditer(text):  # 在其家中（健康路西段17号）
            part = below_county(trim_address(m.group("v")))
            if part is None:
                continue
            start, end = m.start("v") + part[0], m.start("v") + part[1]
            verdict = Verdict(0.85, "address.home", "a person's home, in brackets, below county level")
            out.append(make_result(self, self.ENTITY, start, end, verdict))
        for m in [*_PROPERTY_ADDRESS.finditer(text), *_OWNED_ADDRESS.finditer(text)]:
            group = "v" if m.group("v") else "w"
            if m.re is _OWNED_ADDRESS and county_prefix_len(m.group(group)) < 3:
                continue  # 租用村民金玉凤位于…: not an address right after the verb
            part = below_county(m.group(group))
            if part is None:
                continue
            start, end = m.start(group) + part[0], m.start(group) + part[1]
            verdict = Verdict(0.85, "address.property", "location of a person's property below county level")
            out.append(make_result(self, self.ENTITY, start, end, verdict))
        return out


_CN_DIGIT = "〇零一二三四五六七八九"
DATE_RE = (
    r"(?:(?:19|20)\d{2}(?:年\d{1,2}月(?:\d{1,2}日)?|[\-./]\d{1,2}[\-./]\d{1,2}|(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))"
    r"|[" + _CN_DIGIT + r"]{4}年[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?)"
)
_BIRTH = re.compile(
    r"(?:出生日期|出生年月日|出生年月|出生时间|出生于|生日|出生)[:：\s]{0,3}(?:为|是)?(?P<v>" + DATE_RE + r")"
    r"|(?P<w>" + DATE_RE + r")\s?(?:出生|生)(?![产活意效])"
)


class BirthDateRecognizer(RuleRecognizer):
    """Birth dates of natural persons (labelled, or written as …年…月…日出生/生)."""

    ENTITY = "BIRTH_DATE"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        for m in _BIRTH.finditer(text):
            group = "v" if m.group("v") else "w"
            start, end = m.span(group)
            verdict = Verdict(0.9, "birth_date.labelled", "date of birth of a natural person")
            out.append(make_result(self, self.ENTITY, start, end, verdict))
        return out
