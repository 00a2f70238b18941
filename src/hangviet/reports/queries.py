"""Reads of the reports room: targets, and the dashboard's figures for a period."""

from dataclasses import dataclass
from decimal import Decimal

from hangviet.reports import indicators
from hangviet.reports.indicators import Indicator, Value
from hangviet.reports.models import Target
from hangviet.reports.periods import Period


def targets_of(year: int) -> dict[str, int]:
    return dict(Target.objects.filter(year=year).values_list("indicator", "value"))


@dataclass(frozen=True)
class Figure:
    """An indicator for a period, with the year's target (a year's period only) and the same period a
    year earlier."""

    indicator: Indicator
    value: Value
    target: int | None
    previous: Value

    @property
    def text(self) -> str:
        return indicators.format_value(self.value, self.indicator.unit)

    @property
    def previous_text(self) -> str:
        return indicators.format_value(self.previous, self.indicator.unit)

    @property
    def target_text(self) -> str:
        return indicators.format_value(self.target, self.indicator.unit) if self.target is not None else ""

    @property
    def change(self) -> Decimal | None:
        """Change from the previous period, in per cent (None when either figure is missing or was 0)."""
        if self.value is None or not self.previous:
            return None
        return ((Decimal(self.value) - Decimal(self.previous)) * 100 / Decimal(self.previous)).quantize(
            Decimal("0.1")
        )

    @property
    def change_text(self) -> str:
        change = self.change
        if change is None:
            return ""
        return ("+" if change > 0 else "") + indicators.format_value(change, "%")

    @property
    def target_reached(self) -> bool | None:
        if self.target is None or self.value is None:
            return None
        return self.value >= self.target


def figures(period: Period, *, public_only: bool = False) -> list[Figure]:
    """Every indicator of the period (the public ones only, for anonymous readers), in the report's order."""
    targets = targets_of(period.year) if period.kind == "year" else {}
    previous = period.previous()
    return [
        Figure(i, i.value(period), targets.get(i.code), i.value(previous))
        for i in indicators.all_indicators(public_only=public_only)
    ]


def by_section(items: list[Figure]) -> list[tuple[str, list[Figure]]]:
    out: dict[str, list[Figure]] = {}
    for figure in items:
        out.setdefault(figure.indicator.section, []).append(figure)
    return [(str(indicators.SECTIONS[code]), out[code]) for code in indicators.SECTIONS if code in out]
