"""Background work of the OCOP programme."""

from django.tasks import task
from django.utils import timezone

from hangviet.ocop import services


@task
def expire_certificates() -> int:
    """Daily: certificates past their expiry date lapse and their products lose the stars."""
    return services.expire_due_certificates(timezone.localdate())
