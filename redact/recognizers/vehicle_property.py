"""Vehicle plates (incl. new-energy and `·`) and property-certificate numbers."""

from __future__ import annotations

from redact.recognizers.base import NOT_ALNUM_AFTER as NA
from redact.recognizers.base import RegexPattern, RegexRecognizer, Verdict

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_RE = (
    r"(?P<v>[" + PROVINCES + r"使领][A-Z][·\s\-]?"
    r"(?:[A-HJ-NP-Z0-9]{5,6}|[A-HJ-NP-Z0-9]{4}[挂学警港澳领使]))" + NA
)


class VehiclePlateRecognizer(RegexRecognizer):
    ENTITY = "VEHICLE_PLATE"
    CONTEXT = ("车牌", "号牌", "牌号", "驾驶", "机动车", "车辆", "轿车", "货车")
    PATTERNS = (
        RegexPattern("plate", PLATE_RE, 0.75),
        # Hong Kong and Macau plates after their label: 香港号牌 TV 8231, 澳门车牌 MU-35-27
        RegexPattern(
            "plate-hkmo",
            r"(?:香港|澳门|港澳|港|澳)(?:车牌|号牌|车辆号牌)(?:号码|号)?[:：\s]*"
            r"(?P<v>[A-Z]{1,2}[ \-]?\d{1,4}(?:-\d{2}){0,2})(?![0-9A-Za-z])",
            0.85,
        ),
    )

    def validate(self, value: str, text: str, start: int, end: int, pattern: RegexPattern) -> Verdict | None:
        tail = value[2:].lstrip("·- ")
        if sum(c.isdigit() for c in tail) < 2:
            return None
        kind = "plate.new-energy" if len(tail) == 6 else "plate.ordinary"
        return Verdict(pattern.score, kind, "province + office letter + serial")


# Land, forest and homestead rights certificates of a person, after their label (林权证号：…).
_RIGHTS_LABEL = (
    r"(?:林权证|土地承包经营权证|宅基地使用权证|土地使用权证|集体土地使用证|房屋所有权证|不动产权证书?)》?"
    r"(?:编号|号码|证号|号)[:：\s]*"
)


class PropertyCertificateRecognizer(RegexRecognizer):
    ENTITY = "PROPERTY_CERT"
    CONTEXT = ("不动产", "房产证", "房屋所有权", "产权证", "权属证书")
    PATTERNS = (
        RegexPattern(
            "bdc",
            r"["
            + PROVINCES
            + r"]?\s*[(〔\[【]\s*\d{4}\s*[)〕\]】]\s*[\u4e00-\u9fff]{1,12}不动产(?:权|证明)第\s*\d{5,9}\s*号",
            0.9,
        ),
        RegexPattern(
            "fqz",
            r"[\u4e00-\u9fff]{1,6}房(?:权|产|地产?)证[\u4e00-\u9fff]{0,6}字第\s*[0-9A-Za-z\-]{4,14}\s*号",
            0.9,
        ),
        RegexPattern(
            "labelled",
            r"(?:不动产权证书号|不动产权证号|不动产证号|房产证号|房屋所有权证号|产权证号|权属证书编号|证书编号)"
            r"[:：\s]*(?P<v>[0-9A-Za-z][0-9A-Za-z\-]{5,29})" + NA,
            0.85,
        ),
        RegexPattern(
            "rights-cert-zi",
            _RIGHTS_LABEL
            + r"(?P<v>[\u4e00-\u9fff]{0,12}[(（〔\[]?\s*\d{4}\s*[)）〕\]]?\s*[\u4e00-\u9fff]{0,8}第?\s*\d{3,12}\s*号)",
            0.85,
        ),
        RegexPattern(
            "cert-zi-labelled",
            # 林权证（证号：会理林证字（2012）第513425010147号）, 房地产权证号：粤房地证字第C4521367号
            r"(?:林权证|房地产权证|房地产证|土地证|土地使用权证|宅基地使用权证|宅基地证|房屋所有权证|不动产权证)"
            r"(?:书)?(?:号|编号)?[(（]?(?:证号|编号)?[:：\s]*"
            r"(?P<v>[\u4e00-\u9fff]{1,8}证字\s*(?:[(（〔\[]\s*\d{4}\s*[)）〕\]])?\s*第?\s*[0-9A-Za-z\-]{4,16}\s*号)",
            0.85,
        ),
        RegexPattern("rights-cert-code", _RIGHTS_LABEL + r"(?P<v>[0-9A-Za-z][0-9A-Za-z\-]{5,29})" + NA, 0.85),
    )

    def validate(self, value: str, text: str, start: int, end: int, pattern: RegexPattern) -> Verdict:
        return Verdict(pattern.score, "property." + pattern.name, "property certificate number")
