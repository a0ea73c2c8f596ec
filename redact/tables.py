"""Tables in decision text: which cell sits under which column header.

Lists of workers, seized goods with their owners, co-offenders and witnesses arrive as flattened
tables (tabs, box-drawing bars, runs of spaces from docx or PDF export). The header row says what
each column holds (姓名, 身份证号码, 联系电话, 住址…); the cells under it are then certain, whatever
their shape: a rare surname, a name that is also a word (江山), an all-digit passport number. The
same goes for label/value pairs laid out as cells (经营者 | 刘桂芳 | 身份证号码 | …).

This module only parses; the recognizers in ``redact.recognizers.table`` turn cells into spans.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, field_validator

# Cells are separated by a tab, a bar, or two or more spaces (ideographic spaces are normalised
# to " " before detection).
_SEPARATOR = re.compile(r"\t+|[ ]*[│|｜┃][ ]*|[ ]{2,}")
_CSV_SEPARATOR = re.compile(r"\s*,\s*")
# "zz":"湖北省孝感市…", "cbr":["熊文涛",…]: pairs of a JSON export, keys often pinyin initials.
_JSON_PAIR = re.compile(r'"(?P<k>[^"\\:]{1,16})"\s*:\s*"(?P<v>(?:[^"\\]|\\.){1,80})"')
_SINGLE_SEPARATOR = re.compile(r"\t+|[ ]*[│|｜┃][ ]*|[ ]+")
_KEY_VALUE_LINE = re.compile(r"[^=|\s]{2,12}=[^=|]*\|[^=|\s]{2,12}=")
_KEY_VALUE_SEPARATOR = re.compile(r"[ ]*[|｜=][ ]*|\t+")
_BAR = re.compile(r"[│|｜┃]")
_ANY_SEPARATOR = re.compile(r"[\t│|｜┃ ,=]")
_WIDE_GAP = re.compile(r"[ ]{2,}")
_BORDER = re.compile(r"^[\s─━┌┐└┘├┤┬┴┼═╔╗╚╝╠╣╦╩╬+\-=|│｜]*$")

# Columns of 双公示 exports whose meaning depends on the row's party type (行政相对人类别):
# the party's name is a person's only for 自然人; the 法定代表人/经营者 column names a published
# legal representative for organisations and a private operator for 个体工商户.
ROW_KINDS = frozenset({"PARTY", "REPRESENTATIVE"})
# A column of decision or case numbers (决定书编号: 16-digit traffic decisions): published text.
CASE_NUMBER = "CASE_NUMBER"
# A legal representative's name in such a table: published, and protected wherever it recurs.
PUBLISHED_REPRESENTATIVE = "PUBLISHED_REPRESENTATIVE"
_NATURAL = ("自然人",)
_OPERATED = ("个体工商户", "个体户")
_LEGAL_PERSON = re.compile(r"法人|组织|企业|单位|机关|事业")
_ORG_NAME = re.compile(r"(?:公司|集团|中心|合作社|医院|学校|协会|银行|分行|支行|厂|矿|场|站|所|院|局)$")

TABLE_KINDS = frozenset(
    {"PERSON", "CN_RESIDENT_ID", "ID_DOCUMENT", "PASSPORT", "CN_TRAVEL_PERMIT", "PHONE_NUMBER", "ADDRESS",
     "BIRTH_DATE", "IM_ACCOUNT", "BANK_ACCOUNT", "VEHICLE_PLATE"}
)  # fmt: skip


class TableHeaders(BaseModel):
    """``data/table_headers.yaml``: header text per column kind, and headers of no personal data."""

    model_config = ConfigDict(extra="forbid")
    kinds: dict[str, list[str]]
    neutral: list[str]

    @field_validator("kinds")
    @classmethod
    def _known_kinds(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = set(value) - TABLE_KINDS - ROW_KINDS - {CASE_NUMBER}
        if unknown:
            raise ValueError(
                f"unknown column kinds {sorted(unknown)}; expected some of {sorted(TABLE_KINDS)}"
            )
        return value


@functools.cache
def _headers() -> tuple[dict[str, str], frozenset[str]]:
    raw = resources.files("redact").joinpath("data/table_headers.yaml").read_text(encoding="utf-8")
    headers = TableHeaders.model_validate(yaml.safe_load(raw))
    by_text = {label: kind for kind, labels in headers.kinds.items() for label in labels}
    return by_text, frozenset(headers.neutral)


def header_kind(cell: str) -> str | None:
    """Kind of a header cell (``PERSON``, ``ADDRESS``…), ``""`` for a known neutral header, else None."""
    by_text, neutral = _headers()
    key = re.sub(r"[(（][^()（）]*[)）]", "", cell)  # 欠发金额（元）
    key = re.sub(r"[\s:：*()（）]", "", key)
    key = re.sub(r"^(?:\d+|[一二三四五六七八九十]+)[.、]", "", key)
    if key in by_text:
        return by_text[key]
    if key.endswith("姓名") and 2 < len(key) <= 8:
        return "PERSON"
    if key in neutral:
        return ""
    return None


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class TableCell:
    """A cell whose column (or the label cell before it) says what it holds."""

    kind: str
    cell: Cell
    header: str


def split_cells(line: str, offset: int, *, mode: str = "") -> list[Cell]:
    """Cells of one line (offsets into the whole text); a line with no separator is one cell.

    Exports written as ``key=value|key=value`` become label and value cells. ``mode``:
    ``"single"`` when the table is typeset with one ideographic space between columns
    (序号　姓名　户籍地, normalised to one ordinary space), ``"csv"`` for comma-separated exports.
    """
    cells: list[Cell] = []
    pos = 0
    if mode != "csv" and "\t" not in line and _BAR.search(line) and not _KEY_VALUE_LINE.search(line):
        # 杜建斌||咸秦市监罚…: an empty cell between two bars still holds its column's place
        bounds = [-1, *(m.start() for m in _BAR.finditer(line)), len(line)]
        for a, b in itertools.pairwise(bounds):
            before = len(cells)
            pos = a + 1
            for m in _WIDE_GAP.finditer(line, a + 1, b):  # 向丽君　　性别：女 inside one bar cell
                _add(cells, line, pos, m.start(), offset)
                pos = m.end()
            _add(cells, line, pos, b, offset)
            if len(cells) == before:
                cells.append(Cell(offset + a + 1, offset + a + 1, ""))
        while cells and not cells[-1].text:
            cells.pop()
        while cells and not cells[0].text:
            cells.pop(0)
        return cells
    if _KEY_VALUE_LINE.search(line):
        separator = _KEY_VALUE_SEPARATOR
    elif mode == "csv":
        separator = _CSV_SEPARATOR
    else:
        separator = _SINGLE_SEPARATOR if mode == "single" else _SEPARATOR
    for m in separator.finditer(line):
        if m.start() > pos:
            _add(cells, line, pos, m.start(), offset)
        pos = m.end()
    if pos < len(line):
        _add(cells, line, pos, len(line), offset)
    return cells


def _add(cells: list[Cell], line: str, a: int, b: int, offset: int) -> None:
    raw = line[a:b]
    lead = len(raw) - len(raw.lstrip(' "'))
    value = raw.strip(' "')
    if value:
        cells.append(Cell(offset + a + lead, offset + a + lead + len(value), value))


def _lines(text: str) -> Iterator[tuple[int, str]]:
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def table_cells(text: str) -> list[TableCell]:
    """Every cell the layout attributes to a personal-data column or label."""
    out: list[TableCell] = []
    header: list[tuple[str, str]] | None = None  # (kind, header text) per column
    mode = ""  # how the current table separates its columns (see split_cells)
    for offset, line in _lines(text):
        if _BORDER.match(line):
            if not line.strip():
                header = None  # a blank line ends a table; a border line does not
            continue
        if '"' in line:
            out.extend(_json_pairs(line, offset))  # {"xm":"张三"} may stand alone on its line
        if not _ANY_SEPARATOR.search(line):
            header = None  # one cell: no table row (most narrative lines), nothing to split
            continue
        mode = mode if header is not None else ""
        cells = split_cells(line, offset, mode=mode)
        if header is not None and mode == "" and len(cells) < len(header):
            narrow = split_cells(line, offset, mode="single")  # header spaced wide, rows with one space
            if len(cells) < len(narrow) <= len(header):
                cells = narrow
        for try_mode in ("", "single", "csv"):
            if (try_mode == "single" and " " not in line) or (try_mode == "csv" and "," not in line):
                continue
            found = _header(split_cells(line, offset, mode=try_mode))
            if found is not None:
                header, mode = found, try_mode
                break
        if found is not None:
            continue
        if len(cells) < 2:
            header = None
            continue
        kinds = [header_kind(c.text) for c in cells]
        out.extend(_pairs(cells, kinds))
        if header is not None and (kinds[0] is not None or (mode == "csv" and len(cells) != len(header))):
            header = None  # 违法事实,"2024年…": label/value rows follow, the table has ended
        if header is not None:
            out.extend(_by_row(list(_under_header(_refine(cells, len(header)), header)), cells))
    return out


def _by_row(row: list[TableCell], cells: list[Cell]) -> list[TableCell]:
    """Resolve the party and representative columns of one data row by its party type."""
    if not any(tc.kind in ROW_KINDS for tc in row):
        return row
    values = [c.text for c in cells]
    natural = any(v in _NATURAL for v in values)
    operated = any(v in _OPERATED for v in values)
    legal = not natural and not operated and any(_LEGAL_PERSON.search(v) for v in values if len(v) <= 10)
    party = next((tc.cell.text for tc in row if tc.kind in ("PARTY", "PERSON")), "")
    if not (natural or operated or legal) and _ORG_NAME.search(party):
        legal = True  # no type column: a company's row
    out: list[TableCell] = []
    for tc in row:
        if tc.kind == "PARTY":
            if not legal and not operated:
                out.append(TableCell("PERSON", tc.cell, tc.header))
        elif tc.kind == "REPRESENTATIVE":
            kind = PUBLISHED_REPRESENTATIVE if legal else "PERSON"
            out.append(TableCell(kind, tc.cell, "经营者" if kind == "PERSON" else tc.header))
        else:
            out.append(tc)
    return out


def _json_pairs(line: str, offset: int) -> Iterator[TableCell]:
    for m in _JSON_PAIR.finditer(line):
        kind = header_kind(m.group("k"))
        if kind:
            value = m.group("v")
            yield TableCell(kind, Cell(offset + m.start("v"), offset + m.end("v"), value), m.group("k"))


def _header(cells: list[Cell]) -> list[tuple[str, str]] | None:
    """(kind, text) per column when ``cells`` are a header row, else None.

    A header row is (almost) all headers: 出生日期│1969年11月2日│民族│满族 is a form row.
    """
    if len(cells) < 2:
        return None
    heads = _split_header_cells(cells)
    kinds = [header_kind(c.text) for c in heads]
    known = [k for k in kinds if k is not None]
    unknown = len(kinds) - len(known)
    if len(known) >= 2 and (unknown <= 1 or 3 * unknown <= len(known)) and any(known):
        return [(k or "", c.text) for k, c in zip(kinds, heads, strict=True)]
    return None


def _split_header_cells(cells: list[Cell]) -> list[Cell]:
    """序号 姓名 with one (ideographic) space between two headers is two header cells."""
    out: list[Cell] = []
    for c in cells:
        parts = _space_parts(c)
        if len(parts) > 1 and all(header_kind(p.text) is not None for p in parts):
            out.extend(parts)
        else:
            out.append(c)
    return out


def _space_parts(c: Cell) -> list[Cell]:
    parts: list[Cell] = []
    pos = 0
    for m in re.finditer(r" ", c.text):
        parts.append(Cell(c.start + pos, c.start + m.start(), c.text[pos : m.start()]))
        pos = m.end()
    parts.append(Cell(c.start + pos, c.end, c.text[pos:]))
    return [p for p in parts if p.text]


def _kind_of_char(ch: str) -> str:
    if "\u3400" <= ch <= "\u9fff":
        return "han"
    return "alnum" if ch.isascii() and ch.isalnum() else "other"


def _refine(cells: list[Cell], width: int) -> list[Cell]:
    """A row with fewer cells than its header lost a gap to a single space (马桂兰 练集镇马桥村2组,
    上官文静 0791-8831 6624): split at single spaces where the script changes first, then between
    Han runs, until the row is as wide as the header. 138 7087 1136 is never split (digits both
    sides), nor is anything when the row already fits."""
    row = list(cells)
    for same_script_ok in (False, True):
        i = 0
        while len(row) < width and i < len(row):
            c = row[i]
            split_at = None
            for m in re.finditer(r" ", c.text):
                a, b = c.text[m.start() - 1 : m.start()], c.text[m.end() : m.end() + 1]
                ka, kb = _kind_of_char(a), _kind_of_char(b)
                if (ka != kb and "other" not in (ka, kb)) or (
                    same_script_ok and ka == kb == "han" and not _spaced_letters(c.text, m.start())
                ):
                    split_at = m.start()
                    break
            if split_at is None:
                i += 1
                continue
            left = Cell(c.start, c.start + split_at, c.text[:split_at])
            right_text = c.text[split_at + 1 :]
            right = Cell(c.start + split_at + 1, c.end, right_text)
            row[i : i + 1] = [left, right]
        if len(row) >= width:
            break
    return row


def _spaced_letters(text: str, space: int) -> bool:
    """钱 伟 伟大的钱: a space between two single characters spaces out one word (a name typeset
    with a full-width space), so it is no column gap."""
    left = text[:space].rsplit(" ", 1)[-1]
    right = text[space + 1 :].split(" ", 1)[0]
    return len(left) == 1 and len(right) == 1


def _pairs(cells: list[Cell], kinds: list[str | None]) -> Iterator[TableCell]:
    """Label/value cells side by side: 经营者 | 刘桂芳 | 身份证号码 | 2301…"""
    for i in range(len(cells) - 1):
        kind = kinds[i]
        if kind and kinds[i + 1] is None:
            yield TableCell(kind, cells[i + 1], cells[i].text)


def _under_header(cells: list[Cell], header: list[tuple[str, str]]) -> Iterator[TableCell]:
    """Cells of a data row, matched to the header by position.

    Rows with as many cells as the header map one to one. A row with fewer cells (an empty cell
    left out by the export) is aligned from the left up to the first missing cell only: beyond
    that the position no longer says which column a cell belongs to.
    """
    if len(cells) > len(header):
        return
    n = len(cells) if len(cells) == len(header) else max(0, len(cells) - 1)
    for cell, (kind, label) in zip(cells[:n], header[:n], strict=True):
        if kind:
            yield TableCell(kind, cell, label)


_cache: tuple[str, list[TableCell]] = ("", [])


def cells_of(text: str) -> list[TableCell]:
    """``table_cells`` memoised for the last text: the keep pass and every table recognizer read
    the same text in one analysis, so it is parsed once."""
    global _cache
    cached = _cache  # one read: another thread may replace the cache meanwhile
    if cached[0] is text or cached[0] == text:
        return cached[1]
    cells = table_cells(text)
    _cache = (text, cells)
    return cells
