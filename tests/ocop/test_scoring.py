"""Council scoring: independent sheets, mean of members, star bands, mandatory criteria, permissions."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from hangviet.core.errors import ValidationFailed
from hangviet.ocop import queries, services
from hangviet.ocop.models import Dossier, ScoreSheet
from tests.ocop.helpers import in_evaluation, make_round, owner_of, points_for, score_all

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("total", "status", "stars", "band"),
    [
        ("49.99", Dossier.Status.NOT_RECOGNISED, 2, 2),
        ("50", Dossier.Status.SCORED, 3, 3),
        ("69.99", Dossier.Status.SCORED, 3, 3),
        ("70", Dossier.Status.SCORED, 4, 4),
        ("89.99", Dossier.Status.SCORED, 4, 4),
        ("90", Dossier.Status.PROPOSED, 5, 5),
        ("29.99", Dossier.Status.NOT_RECOGNISED, 1, 1),
    ],
)
def test_band_edges_decide_the_outcome(f, total, status, stars, band):
    dossier = in_evaluation(make_round())
    score_all(dossier, [total] * 3)
    result = services.finalise_scores(actor=f.officer(), dossier=dossier)
    assert (result.status, result.stars, result.band_stars) == (status, stars, band)
    assert result.score == Decimal(total)


def test_score_is_the_mean_of_the_submitted_totals(f):
    dossier = in_evaluation(make_round())
    score_all(dossier, ["60", "70", "80.5"])
    result = services.finalise_scores(actor=f.officer(), dossier=dossier)
    assert result.score == Decimal("70.17")  # (60 + 70 + 80.5) / 3
    assert result.stars == 4


def test_a_draft_sheet_does_not_count_in_the_mean(f):
    round_ = make_round(members=4)
    dossier = in_evaluation(round_)
    score_all(dossier, ["60", "60", "60"])
    late = list(round_.council_members.order_by("pk"))[3]
    services.save_sheet(actor=late, dossier=dossier, scores=points_for(dossier, "100"), submit=False)
    assert services.finalise_scores(actor=f.officer(), dossier=dossier).score == Decimal("60.00")


def test_failing_a_mandatory_criterion_for_3_stars_means_not_recognised(f):
    dossier = in_evaluation(make_round())
    # 80 points, but the quality standard (C2.1, mandatory for 3★) scored 0 by every member
    score_all(dossier, ["80"] * 3, zero=("C2.1",))
    result = services.finalise_scores(actor=f.officer(), dossier=dossier)
    assert result.band_stars == 4
    assert result.stars == 2
    assert result.status == Dossier.Status.NOT_RECOGNISED
    assert [item["code"] for item in result.failed_mandatory] == ["C2.1"]


def test_failing_a_criterion_mandatory_for_4_stars_caps_at_3(f):
    dossier = in_evaluation(make_round())
    score_all(dossier, ["85"] * 3, zero=("B1.4",))  # no trademark: mandatory from 4★
    result = services.finalise_scores(actor=f.officer(), dossier=dossier)
    assert (result.band_stars, result.stars, result.status) == (4, 3, Dossier.Status.SCORED)


def test_a_mandatory_criterion_is_judged_on_the_members_mean(f):
    dossier = in_evaluation(make_round())
    members = list(dossier.round.council_members.order_by("pk"))
    # One member gives C2.1 zero, two give the maximum: mean 2.67 ≥ minimum 2 → met
    services.save_sheet(
        actor=members[0], dossier=dossier, scores=points_for(dossier, "75", zero=("C2.1",)), submit=True
    )
    for m in members[1:]:
        services.save_sheet(actor=m, dossier=dossier, scores=points_for(dossier, "75"), submit=True)
    assert services.finalise_scores(actor=f.officer(), dossier=dossier).stars == 4


def test_rating_caps_by_the_lowest_failed_mandatory_level():
    assert services.rating(Decimal("95"), []) == (5, 5)
    assert services.rating(Decimal("95"), [5]) == (5, 4)
    assert services.rating(Decimal("95"), [5, 4]) == (5, 3)
    assert services.rating(Decimal("95"), [3, 5]) == (5, 2)
    assert services.rating(Decimal("55"), [4]) == (3, 3)


def test_finalising_needs_the_minimum_number_of_submitted_sheets(f):
    dossier = in_evaluation(make_round())
    score_all(dossier, ["75", "75"])
    with pytest.raises(services.NotEnoughSheets):
        services.finalise_scores(actor=f.officer(), dossier=dossier)
    assert Dossier.objects.get(pk=dossier.pk).status == Dossier.Status.IN_EVALUATION


def test_a_submitted_sheet_cannot_be_changed(f):
    dossier = in_evaluation(make_round())
    member = dossier.round.council_members.first()
    services.save_sheet(actor=member, dossier=dossier, scores=points_for(dossier, "72"), submit=True)
    for submit in (False, True):
        with pytest.raises(services.SheetAlreadySubmitted):
            services.save_sheet(
                actor=member, dossier=dossier, scores=points_for(dossier, "95"), submit=submit
            )
    sheet = ScoreSheet.objects.get(dossier=dossier, member=member)
    assert sheet.total == Decimal("72.00")


def test_submitting_needs_every_criterion_and_points_within_the_maximum(f):
    dossier = in_evaluation(make_round())
    member = dossier.round.council_members.first()
    scores = points_for(dossier, "72")
    del scores["A1.2"]
    with pytest.raises(ValidationFailed) as exc:
        services.save_sheet(actor=member, dossier=dossier, scores=scores, submit=True)
    assert ("scores.A1.2", "required") in [(e["field"], e["code"]) for e in exc.value.errors]
    bad = points_for(dossier, "72") | {"A1.1": "5.5", "A1.2": "-1", "A1.3": "abc", "Z9": "1"}
    with pytest.raises(ValidationFailed) as exc:
        services.save_sheet(actor=member, dossier=dossier, scores=bad, submit=False)
    codes = {(e["field"], e["code"]) for e in exc.value.errors}
    assert {
        ("scores.A1.1", "out_of_range"),
        ("scores.A1.2", "out_of_range"),
        ("scores.A1.3", "invalid"),
        ("scores.Z9", "unknown_criterion"),
    } <= codes
    assert not ScoreSheet.objects.exists()


def test_only_council_members_of_the_round_score(f):
    dossier = in_evaluation(make_round())
    other_round_member = make_round(number=2).council_members.first()
    for actor in (f.officer(), owner_of(dossier.seller), other_round_member):
        with pytest.raises(PermissionDenied):
            services.save_sheet(actor=actor, dossier=dossier, scores=points_for(dossier, "70"), submit=True)
    assert not ScoreSheet.objects.exists()


def test_scoring_is_refused_before_the_dossier_reaches_the_council(f):
    from tests.ocop.helpers import draft

    round_ = make_round()
    dossier = draft(round_)
    with pytest.raises(services.InvalidTransition):
        services.save_sheet(actor=round_.council_members.first(), dossier=dossier, scores={}, submit=False)


def test_a_member_reads_others_sheets_only_after_submitting_their_own(f):
    dossier = in_evaluation(make_round())
    a, b, c = dossier.round.council_members.order_by("pk")
    services.save_sheet(actor=b, dossier=dossier, scores=points_for(dossier, "81"), submit=True)
    services.save_sheet(actor=c, dossier=dossier, scores=points_for(dossier, "66"), submit=False)
    services.save_sheet(actor=a, dossier=dossier, scores=points_for(dossier, "70"), submit=False)
    assert [s.member for s in queries.visible_sheets(a, dossier)] == [a]
    assert queries.visible_sheets(owner_of(dossier.seller), dossier) == []
    services.save_sheet(actor=a, dossier=dossier, scores=points_for(dossier, "70"), submit=True)
    # after submitting: the others' submitted sheets, never a draft
    assert {s.member for s in queries.visible_sheets(a, dossier)} == {a, b}
    assert {s.member for s in queries.visible_sheets(f.officer(), dossier)} == {a, b}


def shows(response, number: str) -> bool:
    """The page shows `number` (the Vietnamese locale writes 81,25)."""
    page = response.content.decode()
    return number in page or number.replace(".", ",") in page


def test_the_dossier_page_hides_other_sheets_until_the_member_submits(client, f):
    dossier = in_evaluation(make_round())
    a, b, _ = dossier.round.council_members.order_by("pk")
    services.save_sheet(actor=b, dossier=dossier, scores=points_for(dossier, "81.25"), submit=True)
    client.force_login(a)
    assert not shows(client.get(f"/ocop/dossiers/{dossier.pk}/"), "81.25")
    assert not shows(client.get(f"/ocop/dossiers/{dossier.pk}/sheet/"), "81.25")
    data = {f"c_{k}": v for k, v in points_for(dossier, "70").items()} | {"submit": "1"}
    assert client.post(f"/ocop/dossiers/{dossier.pk}/sheet/", data).status_code == 302
    assert shows(client.get(f"/ocop/dossiers/{dossier.pk}/"), "81.25")
    # and the submitted sheet cannot be changed through the page either
    data = {f"c_{k}": v for k, v in points_for(dossier, "99").items()} | {"submit": "1"}
    response = client.post(f"/ocop/dossiers/{dossier.pk}/sheet/", data)
    assert response.status_code == 422
    assert ScoreSheet.objects.get(dossier=dossier, member=a).total == Decimal("70.00")


def test_a_non_member_cannot_open_the_score_sheet_page(client, f):
    dossier = in_evaluation(make_round())
    client.force_login(f.officer())
    assert client.get(f"/ocop/dossiers/{dossier.pk}/sheet/").status_code == 403
