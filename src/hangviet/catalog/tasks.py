"""Background work of the catalog, run by the tasks worker (`hangviet worker`; inline in tests)."""

from django.tasks import task

from hangviet.catalog.imports import run_import


@task()
def import_products(job_id: int, language: str | None = None) -> None:
    """Validate and import a product file (catalog.imports.run_import), keeping the job's progress."""
    run_import(job_id, language=language)
