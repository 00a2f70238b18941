"""Background work: emails after an order changes, and the periodic expiry and lapse.

The periodic tasks are enqueued by core/scheduler.py from settings.HANGVIET_PERIODIC_TASKS. The email
tasks are enqueued by the services inside the change's transaction: with the database backend the task row
commits or rolls back with the change (a committed order always has its email; never on_commit, which a
crash between the commit and the callback would lose).
"""

from django.tasks import task

from hangviet.orders import emails


@task
def send_order_placed(checkout_id: int, order_ids: list[int]) -> None:
    emails.order_placed(checkout_id, order_ids)


@task
def send_status_changed(event_id: int) -> None:
    emails.status_changed(event_id)


@task
def send_order_paid(order_id: int) -> None:
    emails.order_paid(order_id)


@task
def expire_unpaid_orders() -> list[str]:
    """Cancel VietQR orders unpaid past HANGVIET_UNPAID_EXPIRY_HOURS; releases their stock."""
    from hangviet.orders.services import lifecycle

    return lifecycle.expire_unpaid_orders()


@task
def lapse_unanswered_orders() -> list[str]:
    """Lapse orders the seller did not answer by their deadline (Decree 52 Art. 20); releases stock."""
    from hangviet.orders.services import lifecycle

    return lifecycle.lapse_unanswered_orders()


@task
def purge_idempotency_keys() -> int:
    """Forget Idempotency-Keys (and their kept answers) older than 24 h."""
    from hangviet.orders.services import idempotency

    return idempotency.purge_idempotency_keys()


@task
def send_review_posted(review_id: int) -> None:
    emails.review_posted(review_id)
