"""Word-lexicon features for the character NER model ("soft word" features).

A character model sees four characters of context; it cannot know that 喀喇昆仑 is a mountain range
or that 纳兰性德 is a poet's name unless it saw them in training. A general lexicon can: every word
that covers a character tells the model where the character sits in that word (begin, middle, end)
and what kind of word it is (person, place, organisation, other). This is the SoftLexicon idea
(Ma et al., ACL 2020) reduced to one hashed feature per character, so it costs one dictionary probe
per (position, length) and no extra network.

The lexicon is jieba's ``dict.txt`` (349k words with part-of-speech tags, MIT licence), which is
already a pinned dependency for search. It is read from the installed package, never downloaded,
and its SHA-256 is written into the model config so a different jieba dictionary fails loudly at
load instead of silently shifting the features.
"""

from __future__ import annotations

import functools
import hashlib
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy

# jieba part-of-speech tags → word class (everything else is OTHER).
_CLASS_BY_TAG = {"nr": 1, "nrfg": 1, "nrt": 1, "ns": 2, "nt": 3}
N_CLASSES = 4  # OTHER, PERSON, PLACE, ORG
OTHER_CLASS = 0
PERSON_CLASS = 1
MAX_WORD = 8
# Bits: class c at position B/M/E → bit 3*c + pos.
N_BITS = 3 * N_CLASSES


@functools.cache
def jieba_dict_path() -> Path:
    import jieba

    return Path(jieba.__file__).with_name("dict.txt")


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Lexicon:
    """word → class (0..3) for words of 2..MAX_WORD characters."""

    words: dict[str, int]
    sha256: str
    # jieba part-of-speech tag of every 2-4 character word: tells a noun that may be a given
    # name (江山 n, 高峰 nr) from a verb or adverb glued to a cue (安排 v, 同意 d).
    tags: dict[str, str] = field(default_factory=dict)

    def features(self, text: str) -> numpy.ndarray:
        """One uint64 bitmask per character of ``text`` (see module docstring)."""
        n = len(text)
        bits = [0] * n
        get = self.words.get
        for i in range(n):
            for length in range(2, min(MAX_WORD, n - i) + 1):
                cls = get(text[i : i + length])
                if cls is not None:
                    base = 3 * cls
                    bits[i] |= 1 << base
                    for j in range(i + 1, i + length - 1):
                        bits[j] |= 1 << (base + 1)
                    bits[i + length - 1] |= 1 << (base + 2)
        return numpy.asarray(bits, dtype="uint64")


_LINE = re.compile(rf"^(\S{{2,{MAX_WORD}}}) \d+(?: (\S*))?\r?$", re.M)
_LOCK = threading.Lock()
_CACHE: dict[Path, Lexicon] = {}


def load_lexicon(path: Path | None = None, expect_sha256: str | None = None) -> Lexicon:
    """Parse (once per process) the jieba dictionary; refuse a dictionary the model was not trained on."""
    path = path or jieba_dict_path()  # cached: recognizers ask for the lexicon 300 times per decision
    lex = _CACHE.get(path)  # a dict read needs no lock; only the first parse does
    if lex is None:
        with _LOCK:
            lex = _CACHE.get(path)
            if lex is None:
                raw = path.read_bytes()
                # one regex pass over the file (word, frequency, tag per line) is several times faster
                # than splitting 349k lines in Python
                pairs = _LINE.findall(raw.decode("utf-8"))
                words: dict[str, int] = {}
                for word, tag in pairs:
                    words[word] = max(_CLASS_BY_TAG.get(tag, 0), words.get(word, 0))
                tags = {word: tag for word, tag in pairs if len(word) <= 4}
                lex = Lexicon(words, hashlib.sha256(raw).hexdigest(), tags)
                _CACHE[path] = lex
    if expect_sha256 and lex.sha256 != expect_sha256:
        raise RuntimeError(
            f"the NER model was trained with a different lexicon ({path}: sha256 {lex.sha256[:12]}…, "
            f"model expects {expect_sha256[:12]}…); install the jieba version pinned in requirements.lock"
        )
    return lex
