"""The seed report's 2022 trade-promotion year recreated (deterministic, idempotent), built through the
promotion services as officers, sellers and a buyer would have used them (so the demo proves them).

2022 (from the steering committee's report): the OCOP fair (270 booths, 120 units), the Ok Om Bok
festival fair (300 booths, 116 units), 2 rural market sessions (22 enterprises, 60 booths each), 6
trade-connection trips with 32 MoUs, 3 OCOP showrooms with ~200 products on display, a training series
with > 1,000 attendees, 2 contests. Plus, for the current year: an upcoming fair open for applications
and open buy requests with offers. Built on the foundation's demo sellers and products when present;
units that are not on the platform are entered as outside organisations.
"""

import datetime
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from hangviet.accounts.models import User
from hangviet.core.models import Commune
from hangviet.promotion import queries
from hangviet.promotion.demo._common import OFFICER_EMAIL, _products_by_seller, _Report, _verified_sellers
from hangviet.promotion.demo.events import build_training_and_contests
from hangviet.promotion.demo.fairs import build_fairs_2022, build_upcoming_fair
from hangviet.promotion.demo.news import build_news
from hangviet.promotion.demo.showrooms import build_showrooms
from hangviet.promotion.demo.sourcing import build_buy_requests
from hangviet.promotion.demo.trips import build_trips_2022
from hangviet.promotion.models import Contest, Mou, Showroom, ShowroomItem, Trip


@transaction.atomic
def load_demo(stdout: TextIO | None = None, today: datetime.date | None = None) -> dict[str, int]:
    """Build the 2022 trade-promotion year (and this year's open items); a second run writes nothing."""
    today = today or timezone.localdate()
    report = _Report(stdout)
    if not Commune.objects.exists():
        if stdout:
            stdout.write("promotion demo: skipped (administrative units not loaded)\n")
        return {}
    officer = User.objects.filter(email=OFFICER_EMAIL).first()
    if officer is None:  # every write below is the officer's, through the services
        if stdout:
            stdout.write(f"promotion demo: skipped ({OFFICER_EMAIL} missing: run `hangviet demo`)\n")
        return {}
    sellers = _verified_sellers()
    products = _products_by_seller(sellers)
    build_fairs_2022(officer, sellers, products, report)
    build_upcoming_fair(officer, report, today)
    build_trips_2022(officer, sellers, products, report)
    build_showrooms(officer, sellers, products, report)
    build_training_and_contests(officer, report, today)
    build_news(officer, report, today)
    build_buy_requests(officer, sellers, report, today)
    if stdout:
        made = ", ".join(f"{n} {what}" for what, n in report.created.items()) or "nothing new"
        stdout.write(f"promotion demo: {made}\n")
    return report.created


def indicators_2022() -> dict[str, Any]:
    """The 2022 figures as the records give them (what the demo recreates; used by its test)."""
    fairs = {f.slug: (f.booth_count, f.unit_count) for f in queries.fairs_in_year(2022)}  # type: ignore[attr-defined]
    return {
        "fairs": fairs,
        "trips": Trip.objects.filter(starts_on__year=2022).count(),
        "mous": Mou.objects.filter(trip__starts_on__year=2022).count(),
        "showrooms": Showroom.objects.count(),
        "showroom_products": ShowroomItem.objects.count(),
        "trained": queries.training_totals(2022)["attendance"],
        "contests": Contest.objects.filter(starts_on__year=2022).count(),
    }
