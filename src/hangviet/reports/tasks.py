"""Background work of the reports room, run by the tasks worker (`hangviet worker`; inline in tests)."""

from django.tasks import task

from hangviet.reports.generate import generate_year_end_report


@task()
def build_year_end_report(report_id: int, language: str | None = None) -> None:
    """Write the year-end report's DOCX, PDF and XLSX, keeping its progress (reports.generate)."""
    generate_year_end_report(report_id, language=language)
