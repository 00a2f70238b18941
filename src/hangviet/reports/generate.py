"""The year-end report's generation, step by step, its progress saved after each (the page polls it)."""

import logging

from django.core.files.base import ContentFile
from django.utils import timezone, translation

from hangviet.reports import yearend
from hangviet.reports.models import YearEndReport

log = logging.getLogger(__name__)


def _progress(report_id: int, progress: int, **fields: object) -> None:
    YearEndReport.objects.filter(pk=report_id).update(progress=progress, **fields)


def generate_year_end_report(report_id: int, language: str | None = None) -> None:
    report = YearEndReport.objects.filter(pk=report_id, status=YearEndReport.Status.QUEUED).first()
    if report is None:  # run already, or removed
        return
    _progress(report_id, 5, status=YearEndReport.Status.RUNNING)
    try:
        with translation.override(language or "vi"):
            content = yearend.build(report.year)
            _progress(report_id, 40)
            stem = f"bao-cao-tong-ket-{report.year}"
            report.docx.save(f"{stem}.docx", ContentFile(yearend.to_docx(content)), save=False)
            _progress(report_id, 60)
            report.pdf.save(f"{stem}.pdf", ContentFile(yearend.to_pdf(content)), save=False)
            _progress(report_id, 80)
            report.xlsx.save(f"{stem}.xlsx", ContentFile(yearend.to_xlsx(content)), save=False)
    except Exception as error:  # the page must say it failed, not wait for ever
        log.exception("year-end report %s failed", report_id)
        _progress(report_id, 100, status=YearEndReport.Status.FAILED, error=str(error)[:500])
        raise
    YearEndReport.objects.filter(pk=report_id).update(
        progress=100,
        status=YearEndReport.Status.DONE,
        docx=report.docx.name,
        pdf=report.pdf.name,
        xlsx=report.xlsx.name,
        finished_at=timezone.now(),
    )
