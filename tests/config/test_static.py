"""`hangviet serve` collects the static files itself when they are missing or older than their sources."""

import json

import pytest

from hangviet.config.cli import _prepare_static


@pytest.fixture
def static_sources(settings, tmp_path):
    """One stylesheet as the only static source, collected into a manifest storage under tmp_path."""
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "hv.css").write_text("body { color: red }")
    settings.STATICFILES_DIRS = [sources]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    return sources


def _manifest_paths(settings) -> dict[str, str]:
    return json.loads((settings.STATIC_ROOT / "staticfiles.json").read_text())["paths"]


def test_missing_static_files_are_collected(static_sources, settings):
    _prepare_static()

    assert _manifest_paths(settings) == {"hv.css": "hv.79ea9f8fb6de.css"}  # md5 of the content, 12 digits


def test_static_files_are_collected_again_only_when_a_source_changed(static_sources, settings):
    _prepare_static()
    manifest = settings.STATIC_ROOT / "staticfiles.json"
    collected_at = manifest.stat().st_mtime_ns

    _prepare_static()
    assert manifest.stat().st_mtime_ns == collected_at  # nothing changed: nothing collected

    (static_sources / "hv.css").write_text("body { color: darkred }")
    _prepare_static()
    assert _manifest_paths(settings) == {"hv.css": "hv.323e9a935c3c.css"}


def test_serve_refuses_to_start_when_static_files_cannot_be_collected(static_sources, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "not-a-directory"
    settings.STATIC_ROOT.write_text("a file where the static files should go")

    with pytest.raises(SystemExit) as stop:
        _prepare_static()

    reason = str(stop.value)
    assert reason.startswith(f"hangviet: cannot prepare the static files in {settings.STATIC_ROOT}: ")
    assert "\n" not in reason
