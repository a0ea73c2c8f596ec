"""Nicknames built on a given name that stand for a person in quoted speech and chat (坤哥, 芳芳)."""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redact.names import (
    lexicon_words,
    surname_len,
    word_tag,
)
from redact.recognizers.base import RuleRecognizer, Verdict, make_result

# Nicknames built on a given name: 坤哥, 红姐, 平安哥, 芳芳, and 小胖 / 阿雄 when someone is called so.
_NICK_AFTER = r"(?=[，,。、：:”’\"」』）)\s]|说|是|每|给|请假|从来|家|那|让|就|也|都|在|跟|和|一起|介绍|叫|的|用|去|来|带|拿|$)"


_NICK_BEFORE = (
    r"(?:(?<=[“‘\"「『：:，,。；\n（(和跟把骂找是向给让问])|(?<=叫我|叫他|叫她|喊她|喊他|都叫|都喊)"
    r"|(?<=女儿|儿子|孙女|孙子|侄女|侄子|外孙|朋友|同学|同事))"
)


_BROTHER_SISTER = re.compile(r"(?P<v>[\u4e00-\u9fff]{1,2}(?:哥|姐))" + _NICK_AFTER)


_NICK_CONTEXT = re.compile(
    r"(?:[“‘\"「『：:，,。；\n（(和跟把骂找是向给让问]|叫我|叫他|叫她|喊她|喊他|都叫|都喊)$"
)


_DOUBLED = re.compile(_NICK_BEFORE + r"(?P<v>([\u4e00-\u9fff])\2)" + _NICK_AFTER)


_CALLED = re.compile(
    r"(?:叫我|叫他|叫她|喊他|喊她|都叫|都喊|人称|称其为|名叫|叫做|自称|(?<=个)叫|老乡|绰号|朋友|同学|同事|"
    r"女儿|儿子|孙女|孙子|侄女|侄子|(?<=[和跟与])(?=(?:小|阿)[\u4e00-\u9fff](?:一起|一同|那帮|那伙|等人)))[“‘\"「『]?(?P<v>(?:小|阿|老)[\u4e00-\u9fff]|(?<=[“‘\"「『])[\u4e00-\u9fff]子(?=[”’\"」』]))[”’\"」』]?"
    + _NICK_AFTER
)


# 磊伢子, 勇伢子: a given-name character and the Hunan 伢子 (细伢子 is just "a kid")
_YAZI = re.compile(r"(?P<v>[\u4e00-\u9fff]伢子)")
_NOT_YAZI_HEAD = frozenset("细小男女妹满伢个的这那些帮群家")


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
        for m in _YAZI.finditer(text):
            if m.group("v")[0] not in _NOT_YAZI_HEAD:
                out.append(self._result(m.start("v"), m.end("v"), "name.nickname", "given name and 伢子"))
        for m in _CALLED.finditer(text):
            out.append(self._result(m.start("v"), m.end("v"), "name.nickname", "what a person is called"))
        return out

    def _result(self, start: int, end: int, rule: str, note: str) -> RecognizerResult:
        return make_result(self, self.ENTITY, start, end, Verdict(0.7, rule, note), role="other_person")
