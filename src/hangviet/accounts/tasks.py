"""Accounts' background work: the password-reset mail."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.tasks import task
from django.utils import translation

SUBJECT_TEMPLATE = "accounts/emails/password_reset_subject.txt"
BODY_TEMPLATE = "accounts/emails/password_reset.txt"


@task
def send_password_reset(email: str, language: str) -> None:
    """Mail a reset link to each active account of `email` (none for an unknown address).

    Every reset request enqueues this, whatever the address: the page then does the same work and takes
    the same time for an address with an account and one without (an SMTP round trip in the request
    would tell them apart). The link is made here, so no reset token waits in the task queue.
    """
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return
    with translation.override(language):
        form.save(
            subject_template_name=SUBJECT_TEMPLATE,
            email_template_name=BODY_TEMPLATE,
            domain_override=urlsplit(settings.HANGVIET_BASE_URL).netloc,
            extra_email_context={"base_url": settings.HANGVIET_BASE_URL},
        )
