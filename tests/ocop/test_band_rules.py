"""OCOP bands and caps written out by hand from QĐ 148/QĐ-TTg (docs/ocop.md): the band edges, a mean exactly
at a mandatory criterion's minimum (passes), the cap of a failed mandatory criterion and its 1★ floor, the
36-month validity and its month-end clamp, and the mean to the cent."""

import datetime
import types
from decimal import Decimal

import pytest

from hangviet.ocop.services import rules, scoring
from hangviet.ocop.services.rules import add_months, band_for_score, expiry_for, rating, stars_for_score

D = Decimal


@pytest.mark.parametrize(
    ("score", "band", "stars"),
    [
        ("0", 1, 0),
        ("29.99", 1, 0),
        ("30", 2, 0),
        ("49.99", 2, 0),
        ("50", 3, 3),
        ("69.99", 3, 3),
        ("70", 4, 4),
        ("89.99", 4, 4),
        ("90", 5, 5),
        ("100", 5, 5),
        ("-1", 1, 0),
    ],
)
def test_band_edges(score, band, stars):
    assert band_for_score(D(score)) == band
    assert stars_for_score(D(score)) == stars


@pytest.mark.parametrize(
    ("score", "failed_for", "expected"),
    [
        ("95", [], (5, 5)),
        ("95", [5], (5, 4)),  # failing a 5★ requirement caps at 4★
        ("95", [4, 5], (5, 3)),  # the lowest cap wins
        ("75", [5], (4, 4)),  # a cap above the band changes nothing
        ("55", [3], (3, 2)),
        ("55", [2], (3, 1)),
        ("55", [1], (3, 1)),  # never below 1★
        ("20", [1], (1, 1)),
        ("95", [0], (5, 5)),  # level 0: no requirement
    ],
)
def test_the_mandatory_cap(score, failed_for, expected):
    assert rating(D(score), failed_for) == expected


@pytest.mark.parametrize(
    ("issued", "months", "expected"),
    [
        ((2024, 2, 29), 12, (2025, 2, 28)),
        ((2024, 2, 29), 48, (2028, 2, 29)),
        ((2024, 1, 31), 1, (2024, 2, 29)),
        ((2024, 11, 30), 1, (2024, 12, 30)),
        ((2024, 12, 31), 1, (2025, 1, 31)),
        ((2024, 1, 15), 0, (2024, 1, 15)),
        ((2024, 3, 31), -1, (2024, 2, 29)),
    ],
)
def test_add_months(issued, months, expected):
    assert add_months(datetime.date(*issued), months) == datetime.date(*expected)


def test_a_certificate_is_valid_36_months():
    assert rules.VALIDITY_MONTHS == 36
    assert expiry_for(datetime.date(2023, 8, 31)) == datetime.date(2026, 8, 31)
    assert expiry_for(datetime.date(2021, 2, 28)) == datetime.date(2024, 2, 28)
    assert rules.RECOGNISED_MIN_STARS == 3


def test_mean_is_rounded_to_the_cent():
    assert scoring.mean([D("70"), D("71")]) == D("70.50")
    assert scoring.mean([D("1"), D("1"), D("2")]) == D("1.33")
    assert scoring.mean([D("80")]) == D("80.00")


def _outcome(monkeypatch, totals, points, minimum, level=4):
    criteria = [
        types.SimpleNamespace(code="c1", mandatory_for_stars=level, mandatory_min_points=D(minimum)),
        types.SimpleNamespace(
            code="c2", mandatory_for_stars=0, mandatory_min_points=D("99")
        ),  # not mandatory
    ]
    monkeypatch.setattr(scoring.queries, "criteria_of", lambda rubric: criteria)
    sheets = [
        types.SimpleNamespace(total=D(t), scores={"c1": str(p)} if p is not None else {})
        for t, p in zip(totals, points, strict=True)
    ]
    return scoring.outcome_of(types.SimpleNamespace(rubric=None), sheets)


def test_a_mean_exactly_at_the_mandatory_minimum_passes(monkeypatch):
    result = _outcome(monkeypatch, ["95", "95"], ["3", "5"], "4")
    assert result == {"score": D("95.00"), "band": 5, "stars": 5, "failed": []}


def test_a_mean_a_cent_below_the_minimum_caps_the_stars(monkeypatch):
    result = _outcome(monkeypatch, ["95", "95"], ["3.99", "4"], "4")
    assert result["failed"] == []  # 3.995 is 4.00 to the cent: at the minimum
    result = _outcome(monkeypatch, ["95", "95"], ["3.98", "4"], "4")
    assert result == {
        "score": D("95.00"),
        "band": 5,
        "stars": 3,
        "failed": [{"code": "c1", "stars": 4, "mean": "3.99"}],
    }


def test_a_criterion_nobody_scored_counts_as_zero(monkeypatch):
    result = _outcome(monkeypatch, ["60"], [None], "1", level=3)
    assert (result["band"], result["stars"]) == (3, 2)
    assert result["failed"] == [{"code": "c1", "stars": 3, "mean": "0.00"}]


def test_the_band_table_of_qd_148():
    """The bands a certificate's stars must match (ocop.services.certificates checks an issued score against
    them): [50, 70) 3★, [70, 90) 4★, [90, 100] 5★; 1★ [0, 30) and 2★ [30, 50) are not recognised."""
    assert {3: (D(50), D(70)), 4: (D(70), D(90)), 5: (D(90), D(100))} == rules.STAR_BANDS
    assert ((5, D(90)), (4, D(70)), (3, D(50)), (2, D(30)), (1, D(0))) == rules.BAND_FLOORS
