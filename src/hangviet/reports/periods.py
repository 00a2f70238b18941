"""Reporting periods: a year, a quarter, a month or custom dates, with exact edges in the province's
time zone (settings.TIME_ZONE, Asia/Ho_Chi_Minh).

A period is a closed range of days [start, end]. Records dated by a day (a certificate's `issued_on`, a
fair's `starts_on`) count when the day is in the range; records dated by an instant (an order's
`created_at`) count when start_at <= instant < end_at, both the province's midnight: an order placed at
00:30 on 1 January, local time (17:30 UTC the day before), belongs to the new year.
"""

import calendar
import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.core.errors import ValidationFailed

FIRST_YEAR = 2000  # nothing the platform counts is older
LAST_YEAR = 2100
MAX_DAYS = 366 * 10  # a custom period spans at most ten years


def province_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=province_zone())


def _same_day_year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive
    kind: str = "custom"  # year / quarter / month / custom

    @property
    def start_at(self) -> datetime.datetime:
        return local_midnight(self.start)

    @property
    def end_at(self) -> datetime.datetime:
        """The first instant after the period: midnight, local time, of the day after `end`."""
        return local_midnight(self.end + datetime.timedelta(days=1))

    def as_of(self, today: datetime.date | None = None) -> datetime.date:
        """The day a stock figure (products recognised, chains certified) is read on: the period's last
        day, or today while the period is still running."""
        return min(self.end, today or timezone.localdate())

    def previous(self) -> "Period":
        """The same period a year earlier (what the dashboard compares with)."""
        if self.kind in {"year", "quarter", "month"}:
            end = _last_day(self.end.year - 1, self.end.month)
            return Period(self.start.replace(year=self.start.year - 1), end, self.kind)
        return Period(_same_day_year_before(self.start), _same_day_year_before(self.end), self.kind)

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def label(self) -> str:
        if self.kind == "year":
            return _("năm %(year)s") % {"year": self.start.year}
        if self.kind == "quarter":
            return _("quý %(q)s/%(year)s") % {"q": (self.start.month - 1) // 3 + 1, "year": self.start.year}
        if self.kind == "month":
            return _("tháng %(m)s/%(year)s") % {"m": self.start.month, "year": self.start.year}
        return _("từ %(start)s đến %(end)s") % {
            "start": self.start.strftime("%d/%m/%Y"),
            "end": self.end.strftime("%d/%m/%Y"),
        }

    def query(self) -> str:
        """The period as URL parameters: every page and file of a period takes the same two."""
        return f"from={self.start.isoformat()}&to={self.end.isoformat()}"


def _last_day(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def year(y: int) -> Period:
    return Period(datetime.date(y, 1, 1), datetime.date(y, 12, 31), "year")


def quarter(y: int, q: int) -> Period:
    first = 3 * (q - 1) + 1
    return Period(datetime.date(y, first, 1), _last_day(y, first + 2), "quarter")


def month(y: int, m: int) -> Period:
    return Period(datetime.date(y, m, 1), _last_day(y, m), "month")


def custom(start: datetime.date, end: datetime.date) -> Period:
    """Dates that make a whole year, quarter or month are named so (the comparison reads the same)."""
    for kind in ("year", "quarter", "month"):
        if kind == "year":
            candidate = year(start.year)
        elif kind == "quarter":
            candidate = quarter(start.year, (start.month - 1) // 3 + 1)
        else:
            candidate = month(start.year, start.month)
        if (candidate.start, candidate.end) == (start, end):
            return candidate
    return Period(start, end, "custom")


def _date(params: Mapping[str, str], name: str, errors: list[dict[str, str]]) -> datetime.date | None:
    text = (params.get(name) or "").strip()
    if not text:
        errors.append({"field": name, "code": "required", "message": _("Cần nhập ngày (YYYY-MM-DD).")})
        return None
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        day = None
    if day is None or len(text) != 10 or not FIRST_YEAR <= day.year <= LAST_YEAR:
        errors.append(
            {
                "field": name,
                "code": "invalid_date",
                "message": _("Ngày không hợp lệ: cần dạng YYYY-MM-DD, từ năm %(a)s đến %(b)s.")
                % {"a": FIRST_YEAR, "b": LAST_YEAR},
            }
        )
        return None
    return day


def from_dates(params: Mapping[str, str]) -> Period:
    """The period of `?from=YYYY-MM-DD&to=YYYY-MM-DD`; ValidationFailed (field, code) when wrong."""
    errors: list[dict[str, str]] = []
    start, end = _date(params, "from", errors), _date(params, "to", errors)
    if start and end:
        if end < start:
            errors.append(
                {"field": "to", "code": "before_start", "message": _("Ngày kết thúc trước ngày bắt đầu.")}
            )
        elif (end - start).days >= MAX_DAYS:
            errors.append({"field": "to", "code": "too_long", "message": _("Kỳ báo cáo dài quá 10 năm.")})
    if errors or start is None or end is None:
        raise ValidationFailed(errors)
    return custom(start, end)


def from_params(params: Mapping[str, str], today: datetime.date | None = None) -> Period:
    """A page's period: `from`/`to` when given, else `year` (and `quarter` or `month`), else this year."""
    if params.get("from") or params.get("to"):
        return from_dates(params)
    today = today or timezone.localdate()
    try:
        y = int(params.get("year") or today.year)
        q = int(params.get("quarter") or 0)
        m = int(params.get("month") or 0)
    except ValueError:
        y, q, m = today.year, 0, 0
    y = min(max(y, FIRST_YEAR), LAST_YEAR)
    if 1 <= m <= 12:
        return month(y, m)
    if 1 <= q <= 4:
        return quarter(y, q)
    return year(y)
