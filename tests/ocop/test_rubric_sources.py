"""Where each rubric criterion comes from: `source` / `source_ref` in the data files, loaded as criteria."""

import copy
import json

import pytest

from hangviet.ocop import rubrics
from hangviet.ocop.models import Criterion, Rubric, RubricPart, ScoreSheet

pytestmark = pytest.mark.django_db


def test_shipped_criteria_are_loaded_with_their_source_and_evidence():
    ref = Criterion.objects.get(part__rubric__code="qd148-thuc-pham-tuoi-so-che", code="B1.4")
    assert ref.source == Criterion.Source.RECONSTRUCTED  # Phụ lục III was not found: nothing claims to be it
    assert "sở hữu trí tuệ" in ref.source_ref and "dựng lại" in ref.source_ref
    old = Criterion.objects.get(part__rubric__code="qd1048-khung-chung", code="C2.1")
    assert "QĐ 781/QĐ-TTg" in old.source_ref
    assert not Criterion.objects.filter(source=Criterion.Source.INSTRUMENT).exists()
    assert "TRA CỨU" in Rubric.objects.get(code="qd148-khung-chung").source_note


def test_a_citation_in_source_marks_the_criterion_as_from_the_instrument(tmp_path, monkeypatch):
    data = copy.deepcopy(rubrics.read_rubric_files()[0])
    data["code"] = "thu-nghiem-trich-dan"
    first = data["parts"][0]["criteria"][0]
    first["source"] = "QĐ 148/QĐ-TTg, Phụ lục III, mục A.1.1"
    first.pop("source_ref", None)
    second = data["parts"][0]["criteria"][1]
    second["source"] = "reconstructed"
    second["source_ref"] = "Có trong văn bản; điểm dựng lại"
    (tmp_path / "x.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(rubrics, "DATA_DIR", tmp_path)
    monkeypatch.setattr(rubrics.read_rubric_files, "__defaults__", (tmp_path,))

    assert rubrics.load_rubrics(Rubric, RubricPart, Criterion, ScoreSheet) == 1
    loaded = {c.code: c for c in Criterion.objects.filter(part__rubric__code="thu-nghiem-trich-dan")}
    assert loaded[first["code"]].source == "instrument"
    assert loaded[first["code"]].source_ref == "QĐ 148/QĐ-TTg, Phụ lục III, mục A.1.1"
    assert loaded[second["code"]].source == "reconstructed"
    assert loaded[second["code"]].source_ref == "Có trong văn bản; điểm dựng lại"


def test_an_overlong_citation_is_refused():
    data = copy.deepcopy(rubrics.read_rubric_files()[0])
    data["parts"][0]["criteria"][0]["source"] = "QĐ " + "x" * 400
    with pytest.raises(rubrics.RubricDataError, match="source longer"):
        rubrics.check_rubric(data)
