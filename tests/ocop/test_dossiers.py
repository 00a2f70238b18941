"""Dossiers: who may create and see them, attachments, the commune check, status history, rubric versions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from hangviet.core.errors import ValidationFailed
from hangviet.ocop import queries, services
from hangviet.ocop.models import Dossier, DossierStatusChange, Round, Rubric
from hangviet.ocop.rubrics import RubricDataError, check_rubric, read_rubric_files
from hangviet.sellers.models import Seller
from tests.ocop.helpers import PDF, TODAY, draft, food_product, in_evaluation, make_round, owner_of

pytestmark = pytest.mark.django_db


def test_only_members_of_a_verified_seller_register_a_product(f):
    round_ = make_round()
    product = food_product()
    for actor in (f.user(), f.officer()):
        with pytest.raises(PermissionDenied):
            services.create_dossier(actor=actor, round_=round_, product=product)
    pending = food_product(f.seller(status=Seller.Status.PENDING))
    with pytest.raises(PermissionDenied):
        services.create_dossier(actor=owner_of(pending.seller), round_=round_, product=pending)
    assert not Dossier.objects.exists()


def test_a_closed_round_takes_no_dossier(f):
    round_ = make_round(
        opens_on=TODAY - datetime.timedelta(days=60), closes_on=TODAY - datetime.timedelta(days=1)
    )
    product = food_product()
    with pytest.raises(services.RoundNotOpen):
        services.create_dossier(actor=owner_of(product.seller), round_=round_, product=product)


def test_one_dossier_per_product_per_round(f):
    round_ = make_round()
    dossier = draft(round_)
    with pytest.raises(ValidationFailed):
        draft(round_, dossier.product)
    assert Dossier.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (b"\x89PNG\r\n\x1a\n....", "a.pdf", "invalid_type"),  # a PNG named .pdf
        (b"<html>hello</html>", "a.jpg", "invalid_type"),
        (b"", "a.pdf", "empty"),
    ],
)
def test_attachments_are_checked_by_content(f, content, name, code):
    dossier = draft(make_round())
    with pytest.raises(ValidationFailed) as exc:
        services.add_attachment(
            actor=owner_of(dossier.seller), dossier=dossier, file=SimpleUploadedFile(name, content), title="x"
        )
    assert code in [e["code"] for e in exc.value.errors]
    assert not dossier.attachments.exists()


def test_attachments_have_a_size_limit(f, settings):
    settings.HANGVIET_OCOP_MAX_ATTACHMENT_BYTES = 1024
    dossier = draft(make_round())
    owner = owner_of(dossier.seller)
    with pytest.raises(ValidationFailed) as exc:
        services.add_attachment(
            actor=owner, dossier=dossier, file=SimpleUploadedFile("big.pdf", PDF + b"0" * 2000), title="x"
        )
    assert exc.value.errors[0]["code"] == "too_large"
    jpeg = SimpleUploadedFile("anh.jpeg", b"\xff\xd8\xff\xe0" + b"0" * 100)
    saved = services.add_attachment(actor=owner, dossier=dossier, file=jpeg, title="Ảnh sản phẩm")
    assert saved.content_type == "image/jpeg"


def test_submitting_needs_the_registration_form_and_an_attachment(f):
    dossier = draft(make_round())
    with pytest.raises(ValidationFailed) as exc:
        services.submit_dossier(actor=owner_of(dossier.seller), dossier=dossier)
    assert {e["field"] for e in exc.value.errors} == {"production_plan", "attachments"}
    assert Dossier.objects.get(pk=dossier.pk).status == Dossier.Status.DRAFT


def test_the_commune_returns_a_dossier_with_reasons_and_the_producer_resubmits(f):
    round_ = make_round()
    dossier = in_evaluation(round_)  # builds one full path; use a fresh one for the return
    other = draft(round_)
    owner = owner_of(other.seller)
    services.update_dossier(
        actor=owner,
        dossier=other,
        production_plan="Kế hoạch",
        product_story="",
        quality_standard="",
        self_assessment={"A1.1": "4"},
    )
    services.add_attachment(actor=owner, dossier=other, file=SimpleUploadedFile("a.pdf", PDF), title="Hồ sơ")
    services.submit_dossier(actor=owner, dossier=other)
    officer = f.officer()
    with pytest.raises(ValidationFailed):
        services.commune_check(actor=officer, dossier=other, forward=False, local_criteria={}, reason=" ")
    returned = services.commune_check(
        actor=officer, dossier=other, forward=False, local_criteria={}, reason="Thiếu giấy chứng nhận ATTP"
    )
    assert returned.status == Dossier.Status.RETURNED
    assert services.submit_dossier(actor=owner, dossier=other).status == Dossier.Status.SUBMITTED
    history = list(DossierStatusChange.objects.filter(dossier=other).values_list("from_status", "to_status"))
    assert history == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
    ]
    change = DossierStatusChange.objects.filter(dossier=other, to_status="returned").get()
    assert (change.actor, change.reason) == (officer, "Thiếu giấy chứng nhận ATTP")
    assert dossier.status == Dossier.Status.IN_EVALUATION


def test_evaluation_needs_the_samples(f):
    round_ = make_round()
    dossier = draft(round_)
    owner = owner_of(dossier.seller)
    services.update_dossier(
        actor=owner,
        dossier=dossier,
        production_plan="P",
        product_story="",
        quality_standard="",
        self_assessment={},
    )
    services.add_attachment(
        actor=owner, dossier=dossier, file=SimpleUploadedFile("a.pdf", PDF), title="Hồ sơ"
    )
    services.submit_dossier(actor=owner, dossier=dossier)
    services.commune_check(actor=f.officer(), dossier=dossier, forward=True, local_criteria={})
    with pytest.raises(ValidationFailed):
        services.start_evaluation(actor=f.officer(), dossier=dossier)
    with pytest.raises(PermissionDenied):
        services.record_samples(actor=owner, dossier=dossier, received_on=TODAY)


def test_self_assessment_points_are_checked_against_the_rubric(f):
    dossier = draft(make_round())
    with pytest.raises(ValidationFailed) as exc:
        services.update_dossier(
            actor=owner_of(dossier.seller),
            dossier=dossier,
            production_plan="P",
            product_story="",
            quality_standard="",
            self_assessment={"A1.1": "9"},
        )
    assert exc.value.errors[0]["field"] == "self_assessment.A1.1"


def test_a_producer_sees_only_its_own_dossiers(client, f):
    round_ = make_round()
    mine, theirs = draft(round_), draft(round_)
    client.force_login(owner_of(mine.seller))
    assert client.get(f"/ocop/dossiers/{mine.pk}/").status_code == 200
    assert client.get(f"/ocop/dossiers/{theirs.pk}/").status_code == 404
    assert client.get(f"/ocop/dossiers/{theirs.pk}/edit/").status_code == 404
    listing = client.get("/ocop/dossiers/").content.decode()
    assert mine.product.name in listing
    assert theirs.product.name not in listing
    assert list(queries.dossiers_visible_to(owner_of(mine.seller))) == [mine]


def test_anonymous_visitors_are_sent_to_login(client, f):
    dossier = draft(make_round())
    response = client.get(f"/ocop/dossiers/{dossier.pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- rubric versions ------------------------------------------------------------------------------


def test_a_dossier_is_scored_on_the_rubric_in_force_when_its_round_opened(f):
    category = food_product().category
    old = queries.rubric_for(category, datetime.date(2022, 6, 1))
    new = queries.rubric_for(category, datetime.date(2024, 6, 1))
    assert old.instrument == "QĐ 1048/QĐ-TTg"
    assert {p.code: int(p.max_points) for p in old.parts.all()} == {"A": 35, "B": 25, "C": 40}
    assert new.code == "qd148-thuc-pham-tuoi-so-che"
    assert {p.code: int(p.max_points) for p in new.parts.all()} == {"A": 40, "B": 25, "C": 35}
    # the day QĐ 148 was signed it replaces QĐ 1048
    assert queries.rubric_for(category, datetime.date(2023, 2, 23)).instrument == "QĐ 1048/QĐ-TTg"
    assert queries.rubric_for(category, datetime.date(2023, 2, 24)).instrument == "QĐ 148/QĐ-TTg"
    round_ = make_round()
    assert draft(round_).rubric == new


def test_the_most_specific_product_set_wins_and_a_general_frame_covers_the_rest(f):
    from hangviet.catalog.models import Category

    day = datetime.date(2025, 1, 1)
    assert (
        queries.rubric_for(Category.objects.get(code="I.4.1"), day).code == "qd148-thuc-pham-che-bien-gia-vi"
    )
    assert queries.rubric_for(Category.objects.get(code="IV.2"), day).code == "qd148-thu-cong-my-nghe"
    assert queries.rubric_for(Category.objects.get(code="II.1.1"), day).code == "qd148-khung-chung"


def test_every_shipped_rubric_totals_100_and_says_where_it_came_from():
    rubrics = read_rubric_files()
    assert len(rubrics) >= 5
    for data in rubrics:
        assert data["source_note"]
        assert all(
            c["source"] == "reconstructed" or c["source"].startswith(("instrument", "QĐ "))
            for p in data["parts"]
            for c in p["criteria"]
        )
    assert Rubric.objects.count() == len(rubrics)  # loaded by the migration


def test_a_rubric_file_that_does_not_add_up_is_refused():
    data = read_rubric_files()[0]
    data["parts"][0]["criteria"][0]["max_points"] = 99
    with pytest.raises(RubricDataError):
        check_rubric(data)


def test_the_loader_never_rewrites_a_rubric_already_scored_on(f):
    from django.core.management import call_command

    from hangviet.ocop.models import Criterion
    from tests.ocop.helpers import score_all

    dossier = in_evaluation(make_round())
    score_all(dossier, ["70"])
    Criterion.objects.filter(part__rubric=dossier.rubric, code="A1.1").update(text="Sửa tay")
    call_command("load_ocop_rubrics", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Criterion.objects.get(part__rubric=dossier.rubric, code="A1.1").text == "Sửa tay"


def test_the_rounds_list_and_a_rounds_page_show_the_same_rounds(client, f):
    """A round that no longer takes dossiers stays visible to those with a part in it (its producers, its
    council), in the list and on its page; to anyone else it is not found, listed or guessed."""
    round_ = make_round(members=0)
    dossier = draft(round_)
    council = f.user()
    round_.council_members.add(council)
    round_ = services.set_round_stage(
        actor=f.officer(), round_=round_, status=Round.Status.EVALUATING, step=Round.Step.EVALUATE
    )
    page = f"/ocop/rounds/{round_.pk}/"
    for user in (owner_of(dossier.seller), council):
        client.force_login(user)
        assert page in client.get("/ocop/rounds/").content.decode()
        assert client.get(page).status_code == 200
    client.force_login(f.user())
    assert page not in client.get("/ocop/rounds/").content.decode()
    assert client.get(page).status_code == 404
    assert client.get(f"/ocop/rounds/{round_.pk}/apply/").status_code == 404
