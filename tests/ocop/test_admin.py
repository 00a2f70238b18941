"""The OCOP admin: rounds are opened and changed through the services (the officer pages' rules);
rubrics are versioned data files, shown in the admin and never edited there."""

import pytest
from django.urls import reverse

from hangviet.ocop.models import Criterion, Round, Rubric
from tests.ocop.helpers import TODAY, make_round

pytestmark = pytest.mark.django_db


def round_form(province, **over: object) -> dict:
    data = {
        "province": province.pk,
        "year": TODAY.year,
        "number": 3,
        "title": "Đợt 3",
        "opens_on": TODAY.isoformat(),
        "closes_on": TODAY.replace(year=TODAY.year + 1).isoformat(),
        "status": Round.Status.OPEN,
        "step": Round.Step.PLANS,
        "min_sheets": 3,
    }
    data.update(over)
    return data


def test_an_officer_opens_a_round_through_the_service(f, client, admin_officer):
    member = f.officer(full_name="Thành viên hội đồng")

    response = client.post(
        reverse("admin:ocop_round_add"), round_form(f.province(), council_members=[member.pk])
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    round_ = Round.objects.get(number=3)
    assert round_.created_by == admin_officer
    assert list(round_.council_members.all()) == [member]


def test_a_round_outside_the_services_rules_is_refused_next_to_the_field(f, client, admin_officer):
    response = client.post(reverse("admin:ocop_round_add"), round_form(f.province(), min_sheets=40))

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["min_sheets"]
    assert not Round.objects.filter(number=3).exists()


def test_an_officer_changes_a_rounds_council_and_stage(f, client, admin_officer):
    round_ = make_round(admin_officer, members=2, number=3)
    newcomer = f.officer(full_name="Thành viên mới")
    data = round_form(round_.province, title="Đợt 3 (bổ sung)", council_members=[newcomer.pk])
    data |= {"status": Round.Status.EVALUATING, "step": Round.Step.EVALUATE, "min_sheets": 1}

    response = client.post(reverse("admin:ocop_round_change", args=[round_.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    round_.refresh_from_db()
    assert (round_.title, round_.status, round_.step, round_.min_sheets) == (
        "Đợt 3 (bổ sung)",
        Round.Status.EVALUATING,
        Round.Step.EVALUATE,
        1,
    )
    assert list(round_.council_members.all()) == [newcomer]


def test_rubrics_are_data_files_shown_not_edited_in_the_admin(client, admin_officer):
    rubric = Rubric.objects.order_by("code").first()
    criterion = Criterion.objects.filter(part__rubric=rubric).first()
    assert rubric is not None and criterion is not None  # loaded by a migration from ocop/data/rubrics/

    assert client.get(reverse("admin:ocop_rubric_change", args=[rubric.pk])).status_code == 200
    assert client.get(reverse("admin:ocop_rubric_add")).status_code == 403
    assert client.get(reverse("admin:ocop_criterion_add")).status_code == 403
    url = reverse("admin:ocop_criterion_change", args=[criterion.pk])
    assert client.post(url, {"text": "Sửa tiêu chí", "max_points": "99"}).status_code == 403
    assert (
        client.post(reverse("admin:ocop_rubric_delete", args=[rubric.pk]), {"post": "yes"}).status_code == 403
    )
    assert Criterion.objects.get(pk=criterion.pk).text == criterion.text
