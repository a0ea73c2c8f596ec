"""Names in table rows next to a number cell (wage arrears, lists of workers) when no header says so."""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redact.names import (
    is_common_word,
    looks_like_name,
    minority_name_len,
    surname_len,
)
from redact.recognizers.base import RuleRecognizer, Verdict, make_result

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
