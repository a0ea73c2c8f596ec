"""Ways to reach a person: mobile and landline phones, e-mail, QQ and WeChat ids.

E-mail is matched with our own regex on purpose: Presidio's EmailRecognizer validates through
tldextract, which may fetch the public-suffix list over the network at run time.
"""

from __future__ import annotations

import re

from redact.normalize import digits_only
from redact.recognizers.base import NOT_ALNUM_AFTER as NA
from redact.recognizers.base import NOT_ALNUM_BEFORE as NB
from redact.recognizers.base import RegexPattern, RegexRecognizer, Verdict
from redact.validators import mobile_ok

_CERTIFICATE_BEFORE = re.compile(
    r"(?:执法证号?|执法证件号|证号|编号|警号|工号|文号|案号|单号|订单号|运单号)[:：=\s]*(?:为|是)?$"
)
PHONE_CONTEXT = ("电话", "手机", "联系方式", "联系电话", "手机号", "号码", "致电", "拨打", "来电")


class MobilePhoneRecognizer(RegexRecognizer):
    ENTITY = "PHONE_NUMBER"
    CONTEXT = PHONE_CONTEXT
    PATTERNS = (
        RegexPattern(
            "mobile",
            r"(?<![0-9A-Za-z+])(?:(?:\+|00)?86[ \-]?)?1[3-9]\d(?:[ \-]?\d{4}){2}" + NA,
            0.85,
        ),
        # a number broken by a line wrap in extracted PDF text (1590828⏎3376, 139 5518⏎ 2046) or
        # grouped by hand (13568 920 417, 18092 65 3317): eleven digits, one separator at most between
        RegexPattern("mobile-loose", r"(?<![0-9A-Za-z+])1[3-9](?:(?:[ \-]|\n ?)?\d){9}" + NA, 0.85),
    )

    def validate(self, value: str, text: str, start: int, end: int, pattern: RegexPattern) -> Verdict | None:
        if not mobile_ok(value):
            return None
        if _CERTIFICATE_BEFORE.search(text, max(0, start - 10), start):
            return None  # 执法证号13010223017: an officer's certificate, not a phone
        return Verdict(0.9, "mobile.format", "mainland mobile number 1[3-9]x xxxx xxxx")


class LandlinePhoneRecognizer(RegexRecognizer):
    ENTITY = "PHONE_NUMBER"
    CONTEXT = PHONE_CONTEXT
    PATTERNS = (
        RegexPattern(
            "landline",
            NB + r"(?:(?:\+|00)?86[ \-]?)?\(?0\d{2,3}\)?[ \-]\d{7,8}(?:(?:-|转|分机)\d{1,5})?" + NA,
            0.7,
        ),
        RegexPattern("landline-grouped", NB + r"\(?0\d{2,3}\)?[ \-]\d{3,4}[ \-]\d{3,4}" + NA, 0.7),
        RegexPattern("landline-paren", r"\(0\d{2,3}\)\s?\d{7,8}(?:-\d{1,5})?" + NA, 0.7),
        RegexPattern(
            "hk-mo-tw",
            r"(?<![0-9A-Za-z])(?:\+|00)?\(?(?:852|853|886)\)?[ \-]?(?:\d{4}[ \-]?\d{4}|9\d{2}[ \-]?\d{3}[ \-]?\d{3})"
            + NA,
            0.8,
        ),
        RegexPattern("tw-mobile", NB + r"09\d{2}[ \-]?\d{3}[ \-]?\d{3}" + NA, 0.5),
        RegexPattern("landline-compact", NB + r"0(?:10|2\d|[3-9]\d{2})\d{7,8}" + NA, 0.45),
        RegexPattern("service-400", NB + r"[48]00[ \-]?\d{3}[ \-]?\d{4}" + NA, 0.3),
        RegexPattern(
            "intl-labelled",
            r"(?:电话|手机|联系方式)[:：\s]*(?:为|是)?(?P<v>(?:\+|00)[1-9]\d{0,2}[ \-]?\d(?:[ \-]?\d){6,13})"
            + NA,
            0.8,
        ),
        RegexPattern(
            "intl-grouped", r"(?<![0-9A-Za-z+])\+[1-9]\d{0,2}[ \-]\d{2,4}(?:[ \-]\d{2,4}){2,3}" + NA, 0.6
        ),
        RegexPattern("local-8digit", r"(?:电话|手机|联系方式)[:：\s]*(?:为|是)?(?P<v>\d{7,8})" + NA, 0.8),
    )

    def validate(self, value: str, text: str, start: int, end: int, pattern: RegexPattern) -> Verdict | None:
        n = len(digits_only(value))
        if not 7 <= n <= 17:
            return None
        return Verdict(pattern.score, "landline." + pattern.name, "telephone number with area code")


class EmailRecognizer(RegexRecognizer):
    ENTITY = "EMAIL_ADDRESS"
    CONTEXT = ("邮箱", "电子邮件", "email", "E-mail")
    PATTERNS = (
        RegexPattern(
            "email",
            r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,12}(?![A-Za-z0-9])",
            0.9,
        ),
    )

    def span_for(self, text: str, start: int, end: int) -> tuple[int, int]:
        return _trim_email_label(text, start, end)


def _trim_email_label(text: str, start: int, end: int) -> tuple[int, int]:
    """E-mail7blmjpe@qq.com: a label glued to the address is not part of it."""
    m = re.match(r"(?i)(?:e-?mail|邮箱)[:：]?", text[start:end])
    return (start + m.end(), end) if m and m.end() < end - start else (start, end)


class QQRecognizer(RegexRecognizer):
    ENTITY = "IM_ACCOUNT"
    PATTERNS = (
        RegexPattern(
            "qq-labelled",
            r"(?i:QQ)(?:号码|号|账号)?[:：\s(（]*(?:号码|号|账号)?[:：\s]*(?:为|是)?[\"“”'「『]?(?P<v>[1-9](?: ?\d){4,11})"
            + NA,
            0.9,
        ),
    )

    def validate(self, value: str, text: str, start: int, end: int, pattern: RegexPattern) -> Verdict:
        return Verdict(0.9, "qq.labelled", "number after a QQ label")


class MarketplaceAccountRecognizer(RegexRecognizer):
    """Accounts on trading and social platforms written after their label (阿里旺旺账号：xuanxuan_shop)."""

    ENTITY = "IM_ACCOUNT"
    PATTERNS = (
        RegexPattern(
            "platform-labelled",
            r"(?:阿里旺旺|旺旺|支付宝|抖音|快手|微博|钉钉|淘宝|小红书|B站|哔哩哔哩|视频号)(?:号码|号|账号|账户|ID|id)?"
            r"[(（\s]*(?:账号|账户|ID|id)?[:：\s]*(?:为|是)?[\"“”'「『]?(?P<v>[A-Za-z0-9][\-_A-Za-z0-9.]{4,29})"
            + NA,
            0.85,
        ),
        RegexPattern(
            "platform-nickname",
            r"(?:微博|抖音|快手|直播|平台|网络|微信|视频号|小红书|B站)[^，。；\n]{0,6}?(?:账号|昵称|网名|用户名)[:：\s]*"
            r"[\"“「『](?P<v>[^\"”」』\n]{2,20})[\"”」』]",
            0.8,
        ),
        RegexPattern(
            "uid-labelled", r"(?:UID|uid|平台号|用户ID|用户id)[:：\s]*(?P<v>[A-Za-z]{0,3}\d{5,15})" + NA, 0.8
        ),
        # 账号ID 3x9kq2m7fw, 司机端账号MXD830322: a mixed letter/digit id after an account label
        RegexPattern(
            "account-labelled",
            r"(?:账号|帐号|账户ID|用户名|登录名|ID|id)[:：\s]*(?:ID|id)?[:：\s]*(?:为|是)?"
            r"(?P<v>(?=[A-Za-z_\-.]*\d)(?=[\d_\-.]*[A-Za-z])[A-Za-z0-9][\-_A-Za-z0-9.]{4,29})" + NA,
            0.75,
        ),
        # 网名为“数据小王子”, 通过账号“车友小七”: a quoted account name or nickname on a platform
        RegexPattern(
            "nickname-quoted",
            r"(?:网名|昵称|用户名|账号|帐号|网络名称|网民|网友|博主|主播|用户)(?:为|是|叫)?[:：\s]*"
            r"\\?[\"“「『](?P<v>[^\"”」』\n\\]{2,20})\\?[\"”」』]",  # also JSON-escaped \"…\"
            0.75,
        ),
    )

    def validate(self, value: str, text: str, start: int, end: int, pattern: RegexPattern) -> Verdict:
        return Verdict(0.85, "platform.labelled", "account after a platform label")


class WeChatRecognizer(RegexRecognizer):
    ENTITY = "IM_ACCOUNT"
    PATTERNS = (
        RegexPattern(
            "wechat-labelled",
            r"(?:微信|(?i:wechat))(?:号码|号|账号|名|ID|id)?[:：\s(（]*(?:为|是)?[\"“”'「『]?(?P<v>[A-Za-z][\-_A-Za-z0-9]{5,19}|1[3-9]\d{9})"
            + NA,
            0.9,
        ),
    )

    def validate(self, value: str, text: str, start: int, end: int, pattern: RegexPattern) -> Verdict:
        return Verdict(0.9, "wechat.labelled", "id after a WeChat label")
