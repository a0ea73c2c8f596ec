"""Chinese analysis shared by every backend and by the highlighter.

Two views of the masked text (tech-notes §3.2):

* **bigrams** — the Elasticsearch ``cjk`` analyzer's behaviour, done in Python: text is width-
  folded (like ``cjk_width``) and lower-cased, runs of CJK characters become overlapping bigrams (a lone CJK
  character stays a unigram), runs of letters/digits become one token, everything else splits.
  tantivy's own ``ngram`` tokenizer gives every token position 0, which breaks phrase queries,
  so we hand tantivy the tokens as a space-joined string on a ``whitespace`` field instead:
  positions are then consecutive and a phrase "过期食品" is the phrase 过期/期食/食品.
* **words** — jieba (precise mode, no HMM) for word-level BM25 ranking.  Decision texts repeat a
  lot of boilerplate clauses (rights notices, legal bases), so segmentation is cached per clause.
"""

from __future__ import annotations

import logging
import re
import shlex
from dataclasses import dataclass, field
from functools import lru_cache
from operator import add

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff\u3040-\u30ff\uac00-\ud7af"
_TOKEN_RUN = re.compile(f"([{_CJK}]+)|([0-9a-z]+)")
_CJK_CHAR = re.compile(f"^[{_CJK}]$")
_CLAUSE_SPLIT = re.compile(r"[，。；：、！？,.;:!?\s（）()《》〔〕【】\[\]“”\"]+")


# Full-width letters and digits (Ａ１) and the ideographic space are what Chinese input really
# produces; folding them 1:1 is what NFKC/``cjk_width`` do for search purposes.  Full-width
# punctuation is left alone: tokenisation drops it anyway.  Most texts have nothing to fold, and
# a regex scan is much cheaper than ``str.translate`` over CJK text.
_FOLDABLE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000]")
_WIDTH = str.maketrans(
    {
        **{
            chr(c): chr(c - 0xFEE0)
            for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
        },
        "\u3000": " ",
    }
)


def normalize(text: str) -> str:
    """Width folding + lower case; one character in, one character out (for ASCII and CJK)."""
    if _FOLDABLE.search(text):
        text = text.translate(_WIDTH)
    return text.lower()


def normalize_char(ch: str) -> str:
    n = normalize(ch)
    return n if len(n) == 1 else ch


def bigram_tokens(text: str) -> list[str]:
    out: list[str] = []
    for cjk, word in _TOKEN_RUN.findall(normalize(text)):
        if word:
            out.append(word)
        elif len(cjk) == 1:
            out.append(cjk)
        else:
            out.extend(map(add, cjk[:-1], cjk[1:]))
    return out


def bigram_string(text: str) -> str:
    return " ".join(bigram_tokens(text))


def is_single_cjk(token: str) -> bool:
    return bool(_CJK_CHAR.match(token))


@lru_cache(maxsize=1)
def _jieba():  # type: ignore[no-untyped-def]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


@lru_cache(maxsize=262_144)
def _cut_clause(clause: str) -> tuple[str, ...]:
    return tuple(t for t in _jieba().lcut(clause, HMM=False) if t.strip())


def warm_up() -> None:
    """Load jieba's dictionary now (about a second) instead of on the first request."""
    _jieba()


def word_tokens(text: str) -> list[str]:
    out: list[str] = []
    for part in _CLAUSE_SPLIT.split(normalize(text)):
        if part:
            out.extend(_cut_clause(part))
    return out


def word_string(text: str) -> str:
    return " ".join(word_tokens(text))


def word_cache_info() -> tuple[int, int]:
    info = _cut_clause.cache_info()
    return info.hits, info.misses


# -- queries ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One query clause: a word or a quoted phrase (both match as contiguous text)."""

    text: str
    phrase: bool = False
    negated: bool = False

    @property
    def bigrams(self) -> list[str]:
        return bigram_tokens(self.text)

    @property
    def words(self) -> list[str]:
        return word_tokens(self.text)

    @property
    def single_char(self) -> bool:
        toks = self.bigrams
        return len(toks) == 1 and is_single_cjk(toks[0])


@dataclass(frozen=True)
class ParsedQuery:
    terms: list[Term] = field(default_factory=list)

    @property
    def positive(self) -> list[Term]:
        return [t for t in self.terms if not t.negated and t.bigrams]

    @property
    def negative(self) -> list[Term]:
        return [t for t in self.terms if t.negated and t.bigrams]

    @property
    def empty(self) -> bool:
        return not self.positive

    def needles(self) -> list[str]:
        """Normalised strings the highlighter marks in the text."""
        return [normalize(t.text) for t in self.positive]


def parse_query(q: str | None) -> ParsedQuery:
    """Whitespace-separated terms are ANDed; "quoted text" is a phrase; -term excludes.

    Full-width quotes and spaces are accepted (Chinese input methods produce them).
    """
    if not q:
        return ParsedQuery()
    text = q.replace("“", '"').replace("”", '"').replace("\u3000", " ").strip()
    try:
        parts = shlex.split(text, posix=True)
        quoted = {m.group(1) for m in re.finditer(r'"([^"]*)"', text)}
    except ValueError:  # unbalanced quote: treat the quote as a character
        parts = text.replace('"', " ").split()
        quoted = set()
    terms: list[Term] = []
    for part in parts:
        negated = part.startswith("-") and len(part) > 1
        body = part[1:] if negated else part
        body = body.strip()
        if body:
            terms.append(Term(text=body, phrase=body in quoted or " " in body, negated=negated))
    return ParsedQuery(terms=terms[:16])
