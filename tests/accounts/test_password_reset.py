import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

RESET = reverse("accounts:password_reset")


def test_reset_sends_a_working_link_and_the_new_password_works(client, f):
    user = f.user(email="lan@example.vn", full_name="Nguyễn Thị Lan")
    response = client.post(RESET, {"email": "LAN@example.vn"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lan@example.vn"]
    assert "mật khẩu" in message.subject.lower()
    link = re.search(r"https?://\S+/accounts/reset/\S+/", message.body).group(0)
    path = urlsplit(link).path

    form_page = client.get(path, follow=True)  # Django swaps the token into the session and redirects
    assert form_page.status_code == 200 and form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0]
    new_password = "Phu-Quoc-Nuoc-Mam-2026"
    done = client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:password_reset_complete")

    user.refresh_from_db()
    assert user.check_password(new_password)
    login = client.post(reverse("accounts:login"), {"username": "lan@example.vn", "password": new_password})
    assert login.status_code == 302
    # the link is spent once used
    assert client.get(path, follow=True).context["validlink"] is False


def test_reset_for_unknown_email_sends_nothing_but_looks_the_same(client, f):
    f.user(email="lan@example.vn")
    known = client.post(RESET, {"email": "lan@example.vn"}, REMOTE_ADDR="10.0.0.1")
    unknown = client.post(RESET, {"email": "nobody@example.vn"}, REMOTE_ADDR="10.0.0.2")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert unknown["Location"] == reverse("accounts:password_reset_done")
    assert [m.to for m in mail.outbox] == [["lan@example.vn"]]


def test_reset_for_an_anonymised_account_sends_nothing(client, f):
    from hangviet.accounts import services

    user = f.user(email="lan@example.vn")
    services.delete_account(actor=user, user=user)
    client.post(RESET, {"email": f"deleted-{user.pk}@anonymised.invalid"})
    assert mail.outbox == []


def test_reset_is_rate_limited(client, f, settings):
    settings.HANGVIET_PASSWORD_RESET_RATE = "2/3600"
    f.user(email="lan@example.vn")
    for _ in range(2):
        assert client.post(RESET, {"email": "lan@example.vn"}).status_code == 302
    response = client.post(RESET, {"email": "lan@example.vn"}, REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 429  # the email's own limit, whatever the IP
    assert "quá nhiều lần" in response.content.decode()
    assert len(mail.outbox) == 2


def test_reset_page_is_in_vietnamese_with_labelled_email(client):
    html = client.get(RESET).content.decode()
    assert "Quên mật khẩu" in html
    assert '<label for="id_email"' in html and 'autocomplete="email"' in html


def test_reset_does_the_same_work_for_any_address_and_mails_from_the_worker(client, f, settings):
    """The mail leaves from the task worker: an SMTP round trip in the request only for addresses with an
    account would tell them apart by time. Each request enqueues one task, with no token in it."""
    from django.tasks import default_task_backend

    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}
    }
    f.user(email="lan@example.vn")
    client.post(RESET, {"email": "lan@example.vn"}, REMOTE_ADDR="10.0.0.1")
    client.post(RESET, {"email": "nobody@example.vn"}, REMOTE_ADDR="10.0.0.2")
    assert mail.outbox == []
    enqueued = [(r.task.name, r.args) for r in default_task_backend.results]
    assert enqueued == [
        ("send_password_reset", ["lan@example.vn", "vi"]),
        ("send_password_reset", ["nobody@example.vn", "vi"]),
    ]
    for result in default_task_backend.results:
        result.task.call(*result.args)
    assert [m.to for m in mail.outbox] == [["lan@example.vn"]]
    assert "/accounts/reset/" in mail.outbox[0].body
