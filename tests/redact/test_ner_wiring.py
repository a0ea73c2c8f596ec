"""The NER slot: a spaCy pipeline directory is loaded by path and its PERSON entities are used.

A tiny rule-based pipeline stands in for the trained model, so this test does not depend on the
bundled model being present (the model itself is tested in test_ner_model.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from redact import Redactor
from redact.engine import bundled_model_path


@pytest.fixture(scope="module")
def stand_in_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    nlp = spacy.blank("zh")  # character segmenter, like the bundled model
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(  # type: ignore[attr-defined]
        [
            {"label": "PERSON", "pattern": [{"TEXT": c} for c in "司徒雷登"]},
            {
                "label": "PERSON",
                "pattern": [{"TEXT": c} for c in "安派"],
            },  # a bad NER guess inside 静安派出所
            {"label": "LOC", "pattern": [{"TEXT": c} for c in "椒江"]},
        ]
    )
    path = tmp_path_factory.mktemp("ner") / "zh_stand_in"
    nlp.to_disk(path)
    return path


def test_ner_person_is_masked_and_propagated(stand_in_model: Path) -> None:
    r = Redactor(model_path=stand_in_model)
    assert r.model_path == stand_in_model
    # no rule finds this name (no label, cue or clause start), only the stand-in model does
    text = "记者获悉司徒雷登在椒江某商场内盗窃，据悉司徒雷登已经离开静安派出所辖区。"
    result = r.redact(text)
    persons = [s for s in result.spans if s.entity_type == "PERSON"]
    assert [s.text for s in persons] == ["司徒雷登", "司徒雷登"]
    assert {s.replacement for s in persons} == {"司徒某"}
    assert persons[0].recognizer == "NerPersonRecognizer" and persons[0].rule.startswith("ner.person")
    # NER output inside an authority name never corrupts it; LOC is not masked
    assert "静安派出所" in result.masked_text and "椒江" in result.masked_text


def test_use_ner_false_ignores_the_model(stand_in_model: Path) -> None:
    r = Redactor(model_path=stand_in_model, use_ner=False)
    assert r.model_path is None
    assert "司徒雷登" in r.redact("记者获悉司徒雷登在商场内盗窃。").masked_text


def test_bundled_model_found_only_when_built() -> None:
    path = bundled_model_path()
    assert path is None or (path / "config.cfg").is_file()


def test_ner_runs_on_narrative_sentences_only() -> None:
    from redact.nlp import ner_segments

    text = (
        "现查明：张三殴打李四。\n如不服本决定，可以在收到本决定书之日起六十日内申请行政复议。\n证人王五证实。"
    )
    segments = ner_segments(text)
    assert [s for _, s in segments] == ["现查明：张三殴打李四。", "证人王五证实。"]
    for offset, sentence in segments:
        assert text[offset : offset + len(sentence)] == sentence
