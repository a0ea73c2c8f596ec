"""Rebuild ``common_words.txt`` and ``words2.txt`` from jieba's bundled dictionary (run by hand).

Keeps 2-3 character words that start with a surname, are not tagged as person names (nr*) and
occur at least 20 times: the everyday words a surname-led name candidate could really be.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    spec = importlib.util.find_spec("jieba")
    assert spec is not None and spec.origin is not None
    dict_path = Path(spec.origin).parent / "dict.txt"
    singles: set[str] = set()
    compounds: set[str] = set()
    for line in (HERE / "surnames.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            (compounds.add(line) if len(line) == 2 else singles.update(line))
    words = []
    for line in dict_path.read_text(encoding="utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) != 3 or not 2 <= len(parts[0]) <= 3 or parts[2].startswith("nr") or int(parts[1]) < 20:
            continue
        w = parts[0]
        if w[0] in singles or w[:2] in compounds:
            words.append(w)
    (HERE / "common_words.txt").write_text("\n".join(sorted(set(words))) + "\n", encoding="utf-8")
    # Every frequent two-character word (any first character): used to tell
    # where a name ends — 王五|殴打 but 周润发|二人.
    pairs: dict[str, int] = {}
    for line in dict_path.read_text(encoding="utf-8").splitlines():
        parts = line.split(" ")
        # all tags: jieba tags some plain words as names (陈述 nr, 二人 nrt)
        if len(parts) == 3 and len(parts[0]) == 2 and int(parts[1]) >= 40:
            pairs[parts[0]] = max(pairs.get(parts[0], 0), int(parts[1]))
    lines = [f"{w} {f}" for w, f in sorted(pairs.items())]
    (HERE / "words2.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(len(words), len(pairs))


if __name__ == "__main__":
    main()
