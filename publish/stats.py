"""Statistics for the annual 行政执法 report (国办发〔2018〕118号: due each 31 January).

Counted from clear columns only (no decryption), in Python so that SQLite and PostgreSQL give
the same answer.  What counts where:

* published — decisions whose ``published_at`` (Beijing date) falls in the period, whatever
  happened to them later; *on time* when that date is on or before ``publish_by``;
* withheld — current (not superseded) decisions dated in the period that the rules hold back,
  once per decision in ``withheld`` and once per reason code in ``withheld_by_reason``
  (``REVIEW_REFUSED`` when the rules allowed it but legal staff refused publication);
* withdrawn / expired — taken off the public side in the period (a published version replaced
  by a new one counts as withdrawn).

The ``month`` breakdown uses the date of each event above (publication, decision, removal).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from sunshine.models.core import DecisionRow

By = Literal["total", "authority", "month", "law_area"]
BEIJING = dt.timedelta(hours=8)
LAW_AREA_ZH = {
    "public_order": "治安管理",
    "traffic": "道路交通",
    "fire": "消防",
    "exit_entry": "出入境",
    "cyber": "网络安全",
    "firearms": "枪支危爆",
    "other": "其他",
    None: "未分类",
}
REASON_ZH = {
    "MINOR": "未成年人",
    "STATE_SECRET": "国家秘密",
    "POLICE_SECRET": "警务工作秘密",
    "PRIVACY_MAIN_FACTS": "主要事实涉及商业秘密或个人隐私",
    "SECURITY_RISK": "危及安全稳定",
    "CRIMINAL_TRANSFER": "涉嫌犯罪移送",
    "PUBLIC_ORDER_SEALED": "治安违法记录封存",
    "SUMMARY_PROCEDURE": "简易程序",
    "WARNING_ONLY": "仅警告",
    "WITHDRAWN": "已撤销/撤回",
    "EXPIRED": "公示期满",
    "CALENDAR_UNKNOWN": "工作日历未载入",
    "REVIEW_REFUSED": "法制审核不予公开",
}


@dataclass
class Bucket:
    key: str
    published: int = 0
    published_on_time: int = 0
    published_with_deadline: int = 0
    withheld: int = 0
    withheld_by_reason: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    withdrawn: int = 0
    expired: int = 0

    @property
    def on_time_rate(self) -> float | None:
        if not self.published_with_deadline:
            return None
        return round(self.published_on_time / self.published_with_deadline, 4)

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "published": self.published,
            "published_on_time": self.published_on_time,
            "published_with_deadline": self.published_with_deadline,
            "on_time_rate": self.on_time_rate,
            "withheld": self.withheld,
            "withheld_by_reason": dict(sorted(self.withheld_by_reason.items())),
            "withdrawn": self.withdrawn,
            "expired": self.expired,
        }


@dataclass
class Report:
    start: dt.date
    end: dt.date
    by: By
    total: Bucket
    rows: list[Bucket]

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": {"start": self.start.isoformat(), "end": self.end.isoformat()},
            "by": self.by,
            "total": self.total.to_dict(),
            "rows": [b.to_dict() for b in self.rows],
        }


def _beijing_date(value: dt.datetime | None) -> dt.date | None:
    return (value + BEIJING).date() if value else None


def _key(by: By, row: Any, day: dt.date) -> str:
    if by == "authority":
        return str(row.authority_name)
    if by == "month":
        return f"{day:%Y-%m}"
    if by == "law_area":
        return str(row.law_area or "unknown")
    return "total"


def compute(session: Session, *, start: dt.date, end: dt.date, by: By = "total") -> Report:
    """Statistics for ``start <= day <= end``, broken down by ``by``."""
    total = Bucket("total")
    buckets: dict[str, Bucket] = {}

    def bucket(row: Any, day: dt.date) -> list[Bucket]:
        key = _key(by, row, day)
        if key not in buckets:
            buckets[key] = Bucket(key)
        return [total, buckets[key]] if by != "total" else [total]

    cols = select(
        DecisionRow.state,
        DecisionRow.authority_name,
        DecisionRow.law_area,
        DecisionRow.decision_date,
        DecisionRow.published_at,
        DecisionRow.withdrawn_at,
        DecisionRow.publish_by,
        DecisionRow.publishable,
        DecisionRow.assessment,
    )
    for row in session.execute(cols):
        published = _beijing_date(row.published_at)
        if published and start <= published <= end:
            for b in bucket(row, published):
                b.published += 1
                if row.publish_by is not None:
                    b.published_with_deadline += 1
                    b.published_on_time += int(published <= row.publish_by)
        removed = _beijing_date(row.withdrawn_at)
        if removed and start <= removed <= end:
            if row.state == "expired":
                for b in bucket(row, removed):
                    b.expired += 1
            elif row.state in ("withdrawn", "superseded") and row.published_at is not None:
                for b in bucket(row, removed):
                    b.withdrawn += 1
        refused = row.state == "refused" and row.publishable is not False
        if (
            (row.publishable is False or refused)
            and row.state != "superseded"
            and row.published_at is None
            and start <= row.decision_date <= end
        ):
            codes = sorted(
                {r.get("code") for r in (row.assessment or {}).get("reasons", []) if r.get("code")}
            )
            if refused:
                codes = ["REVIEW_REFUSED"]  # the rules allowed it; legal staff refused (written reason)
            for b in bucket(row, row.decision_date):
                b.withheld += 1
                for code in codes:
                    b.withheld_by_reason[code] += 1
    rows = sorted(buckets.values(), key=lambda b: b.key)
    return Report(start, end, by, total, rows)


def year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


CSV_REASONS = list(REASON_ZH)


def _cell(value: str) -> str:
    """Neutralise spreadsheet formulas in names that come from case systems (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def to_csv(report: Report) -> str:
    """One row per bucket plus a total row; reason columns in a fixed order for spreadsheets."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(
        [
            "period_start",
            "period_end",
            report.by,
            "published",
            "published_on_time",
            "published_with_deadline",
            "on_time_rate",
            "withheld",
            *[f"withheld_{c}" for c in CSV_REASONS],
            "withdrawn",
            "expired",
        ]
    )
    for b in [*report.rows, report.total] if report.by != "total" else [report.total]:
        d = b.to_dict()
        writer.writerow(
            [
                report.start.isoformat(),
                report.end.isoformat(),
                _cell(b.key),
                d["published"],
                d["published_on_time"],
                d["published_with_deadline"],
                "" if d["on_time_rate"] is None else d["on_time_rate"],
                d["withheld"],
                *[d["withheld_by_reason"].get(c, 0) for c in CSV_REASONS],
                d["withdrawn"],
                d["expired"],
            ]
        )
    return buf.getvalue()
