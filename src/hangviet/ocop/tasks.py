"""Background work of the OCOP programme (scheduled by settings.HANGVIET_PERIODIC_TASKS)."""

from django.tasks import task
from django.utils import timezone

from hangviet.ocop import emails, services


@task
def expire_certificates() -> int:
    """Daily: certificates past their expiry date lapse and their products lose the stars."""
    return services.expire_due_certificates(timezone.localdate())


@task
def notify_expiring_certificates() -> int:
    """Daily: producers whose certificate lapses within 30 days are told once, by email."""
    return services.notify_expiring_certificates(timezone.localdate())


@task
def send_certificate_expiring(certificate_id: int) -> None:
    """The producer learns a certificate lapses within 30 days (queued by notify_expiring_certificates)."""
    emails.certificate_expiring(certificate_id)
