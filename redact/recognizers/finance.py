"""Bank cards and accounts. Luhn only raises confidence: corporate accounts often fail it."""

from __future__ import annotations

import re

from redact.normalize import digits_only
from redact.recognizers.base import NOT_ALNUM_AFTER as NA
from redact.recognizers.base import NOT_ALNUM_BEFORE as NB
from redact.recognizers.base import RegexPattern, RegexRecognizer, Verdict
from redact.validators import luhn_ok

_OTHER_NUMBER_BEFORE = re.compile(
    r"(?:执法证号?|执法证件号|证号|编号|警号|工号|文号|案号|许可证号?|登记号|代码|批号|单号|订单号|运单号|"
    r"发票号码?|票号|检验号|合同号|流水号)[:：=\s]*第?$"
)
BANK_CONTEXT = ("账号", "帐号", "卡号", "银行", "账户", "帐户", "开户", "银行卡", "转账", "汇款", "收款")


class BankAccountRecognizer(RegexRecognizer):
    ENTITY = "BANK_ACCOUNT"
    CONTEXT = BANK_CONTEXT
    PATTERNS = (
        RegexPattern("digits", NB + r"[1-9]\d{11,21}" + NA, 0.4),
        RegexPattern("grouped", NB + r"\d{4}(?:[ \-]\d{4}){2,4}(?:[ \-]\d{1,4})?" + NA, 0.4),
        RegexPattern(
            "labelled",
            r"(?:账号|帐号|卡号|账户|帐户)[:：\s]*(?:为|是)?(?P<v>\d[\d \-]{6,30}\d)" + NA,
            0.85,
        ),
    )

    def validate(self, value: str, text: str, start: int, end: int, pattern: RegexPattern) -> Verdict | None:
        v = digits_only(value)
        if not v.isdigit() or not 8 <= len(v) <= 30:
            return None
        if pattern.name != "labelled" and _OTHER_NUMBER_BEFORE.search(text, max(0, start - 10), start):
            return None  # 执法证号：230103240031 is a certificate, not an account
        if pattern.name != "labelled" and text[start - 1 : start] == "第" and text[end : end + 1] == "号":
            return None  # 认定书（第150102120250000317号）: a document's number, not an account
        if 16 <= len(v) <= 19 and luhn_ok(v):
            return Verdict(max(pattern.score, 0.8), "bank.luhn", "card-length number passing Luhn")
        return Verdict(
            pattern.score, "bank." + pattern.name, "long digit run (Luhn not required for accounts)"
        )
