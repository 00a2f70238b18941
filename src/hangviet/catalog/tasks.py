"""Background work of the catalog, run by the tasks worker (`hangviet worker`; inline in tests)."""

from django.tasks import task

from hangviet.catalog.imports.write import run_import


# Its own queue (settings.TASK_QUEUES), served by its own worker: a long import never holds up the
# order emails of the "default" queue.
@task(queue_name="imports")
def import_products(job_id: int, language: str | None = None) -> None:
    """Validate and import a product file (catalog.imports.write.run_import), keeping the job's progress."""
    run_import(job_id, language=language)
