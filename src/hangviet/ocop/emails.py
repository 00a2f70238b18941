"""Emails of the OCOP programme, sent by tasks (ocop/tasks.py) queued in the transaction of the change."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from hangviet.ocop.models import Certificate

log = logging.getLogger(__name__)


def certificate_url(certificate: Certificate) -> str:
    try:
        path = reverse("ocop:certificate", args=[certificate.number])
    except NoReverseMatch:  # the app's URLs are not mounted (some test set-ups)
        path = f"/ocop/certificates/{certificate.number}/"
    return settings.HANGVIET_BASE_URL + path


def certificate_expiring(certificate_id: int) -> None:
    """The producer (its contact email and its owners) learns the certificate lapses in ≤ 30 days."""
    certificate = Certificate.objects.select_related("product__seller").get(pk=certificate_id)
    seller = certificate.product.seller
    to = {seller.email} | {
        email
        for email in seller.memberships.filter(role="owner").values_list("user__email", flat=True)
        if email
    }
    to.discard("")
    if not to:
        return
    context = {"certificate": certificate, "seller": seller, "url": certificate_url(certificate)}
    with translation.override("vi"):
        subject = " ".join(render_to_string("ocop/emails/expiring_subject.txt", context).split())
        body = render_to_string("ocop/emails/expiring.txt", context)
    try:
        send_mail(subject, body, None, sorted(to))
    except Exception:  # a mail outage must not undo the committed mark; the log says who was missed
        log.exception("could not send the expiry notice of certificate %s", certificate.number)
