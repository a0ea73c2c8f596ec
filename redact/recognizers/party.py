"""Party-aware structure: the labelled fields of a decision (违法行为人/被侵害人/证人…, 姓名…).

A decision names its parties in a fixed block; values found there are certain, and every later
mention of the same person is masked by the resolver. The shared vocabulary of labels, relations
and forms of address lives here too, for the narrative recognizers.
"""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redact.names import (
    is_common_word,
    names_in_list,
    surname_len,
    verbal_start,
    word_can_be_name,
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
    # an individual taxpayer's own name; a company's name here has no name shape and is not taken
    "纳税人姓名": "penalised",
    "纳税人名称": "penalised",
    "姓名": "",
}


def spaced(label: str) -> str:
    """Printed forms pad labels to a fixed width (姓    名：); allow spaces between the characters."""
    return "[ \t]*".join(re.escape(ch) for ch in label)


LABEL_RE = "|".join(spaced(label) for label in sorted(ROLE_LABELS, key=len, reverse=True))


_LABELLED = re.compile(
    r"(?P<label>" + LABEL_RE + r")(?:\([^()\n]{0,8}\))?(?:" + spaced("姓名") + r"|签名捺印|签名|签字)?"
    r"(?:\([^()\n]{0,8}\))?[:：=\t ]{0,3}(?:为|是)?"
)


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


NOT_PERSON_FINAL = set("店馆厂部行社所司院局队站场室市区县省路街村镇乡")


FUNCTION_FINAL = frozenset("的了着过地得自于在将把被向对从和与及或应当要")


def ordinary_words(value: str) -> bool:
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
    if value[-1:] in FUNCTION_FINAL or words.get(value[:2]) == OTHER_CLASS:
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
    if value in _FIELD_WORDS or value[-1] in NOT_PERSON_FINAL or not word_can_be_name(value):
        return []
    return [m.span()]


RELATIONS = frozenset(
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
                    if text[sp[1] - 1] not in NOT_PERSON_FINAL and not is_common_word(text[sp[0] : sp[1]])
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
                if is_title(text[start:end]) or (glued and text[start:end][-1:] in NOT_PERSON_FINAL):
                    continue  # 举报人蒋女士, 当事人计调部经理: a title or a department, not a name
                if glued and text[start:end] in RELATIONS:
                    continue  # 系被处罚人岳母: a relation of the party, not a name
                if glued and verbal_start(text, start):
                    continue  # 被处罚人应于收到…, 向被处罚人宣读: the label is a noun in a sentence
                closed = text[end : end + 1] in "，,（(）)：:、；;。 \n男女" or text[end : end + 1] == ""
                value = text[start:end]
                if not closed and (ordinary_words(value) or (glued and is_common_word(value))):
                    continue  # 驾驶人信息查询结果: a word glued to the label, not its value
                verdict = Verdict(0.9, "name.labelled", f"value of the {label} field")
                out.append(make_result(self, self.ENTITY, start, end, verdict, role=role or "party"))
        return out


_TITLE = re.compile(
    r"^[\u4e00-\u9fff](?:姐|哥|叔|婶|嫂|姨|伯|爷|总|工|女士|先生|小姐|师傅|老板|老师|医生|大夫|阿姨|经理)$"
)


def is_title(value: str) -> bool:
    """杜姐, 蒋女士, 符师傅: a surname and a form of address names nobody (SPC practice leaves it)."""
    return bool(_TITLE.match(value)) and surname_len(value) == 1
