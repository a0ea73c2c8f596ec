"""Names in the narrative: after a role cue (伙同李四, 殴打王五), a role noun (员工江山, 房东史记), at a
clause start before a predicate (林彬春协助…), before sex or ethnicity, after 由 (由覃有才承包), and
former names and nicknames after their label.
"""

from __future__ import annotations

import re
from importlib import resources

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

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
from redact.recognizers.party import (
    FUNCTION_FINAL,
    LABEL_RE,
    NOT_PERSON_FINAL,
    RELATIONS,
    is_title,
    ordinary_words,
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
    r"(?:" + LABEL_RE + r"|父亲|母亲|妻子|丈夫|儿子|女儿|之父|之母|之妻|之夫|之子|之女|雇员|员工|经营者|"
    r"消费者|投诉人|顾客|乘客|租客|房东|邻居|朋友|同事|[。；、\n（(]|(?<=[车人])的|与|和|(?:^|\n)\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})[.、．)）])[:：\s]*$"
)


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
    # 从业人员Tony（真实姓名李东升）: the name someone goes by, before their real name
    r"|(?P<r>[A-Za-z]{2,20}|[\u3400-\u9fff]{1,4})(?=\s*[(（]\s*(?:真实姓名|真名|本名|原名))"
    # 老皮（皮志诚）, 阿芬（网格员黄淑芬）: a nickname, then who it is in brackets
    r"|(?P<b>(?:阿|小|老)[\u3400-\u9fff])(?=[(（](?P<who>[\u3400-\u9fff]{2,7})[)）])"
    # 一名叫“阿杰”的男子, 自称“老董”的外地人, 人称“强哥”: a nickname that stands for a person
    r"|(?:名叫|叫做|自称|人称|称作|被称为|称其为|称他为|称她为|外号叫|绰号叫|小名叫|叫他|叫她|喊他|喊她)"
    r"[“\"「『](?P<n>[\u3400-\u9fff]{1,4})[”\"」』]"
)


_ROLE_OF_CUE = {"被侵害人": "victim", "受害人": "victim", "被害人": "victim", "证人": "witness"}


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
        and value[-1] not in FUNCTION_FINAL
        and _PREDICATE_AFTER_WORD.match(text, pos + 3)
    ):
        return pos, pos + 3  # 收银员字春燕未核验: a rare surname the list does not know
    for length in (3, 2):
        value = text[pos : pos + length]
        if len(value) < length or not all("\u3400" <= ch <= "\u9fff" for ch in value):
            continue
        if value[-1] in NOT_PERSON_FINAL or value[-1] in FUNCTION_FINAL:
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
                if text[start:end] in RELATIONS or is_title(text[start:end]):
                    continue  # 系被处罚人岳母, 跟杜姐: a relation or a form of address, not a name
                if _everyday_word_without_predicate(text, start, end):
                    continue  # 员工宿舍内, 员工花名册一份: a word after the cue, and nothing a person does
                if (
                    is_common_word(text[start:end])
                    or verbal
                    or (
                        generic
                        and (
                            ordinary_words(text[start:end])
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
            group = next(g for g in ("q", "n", "r", "b") if m.group(g))
            if group == "b" and m.group("b")[1] not in m.group("who"):
                continue  # 金小燕（系金华之女）: 小燕 ends a name; 老皮（皮志诚） names 皮志诚
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
                if value[-1] in NOT_PERSON_FINAL or is_common_word(value) or "某" in value:
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
