"""The pages in a real browser: Debian's Chromium driven by Playwright, against a live server on the test
database. Screenshots of each step land in var/e2e/ (look at them)."""

import os
import re
import shutil
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests make around it
# are still synchronous (Django's async-safety check would refuse them otherwise).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests.e2e.helpers import PHONE, SHOTS


def chromium_path() -> str | None:
    for candidate in (os.environ.get("HANGVIET_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    path = chromium_path()
    if path is None:
        pytest.skip(
            "No Chromium on this machine (make test installs Debian's chromium where it can: "
            "apt-get install chromium); the browser suite did not run"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, live_server, request):
    """open_page(user=None, viewport=PHONE, lang="vi") → a Playwright page on the live server, signed in
    as `user` when given. Each page's context is closed at the end of the test."""
    contexts = []

    def make(user=None, viewport=PHONE, lang="vi"):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport,
            locale="vi-VN" if lang == "vi" else "en-US",
            extra_http_headers={"Accept-Language": lang},
        )
        contexts.append(context)
        if user is not None:  # signed in as Django's test client signs in: its session cookie
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
            )
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def shot(request):
    """shot(page, "step") saves var/e2e/<test>-<n>-<step>.png."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 100))
    test = re.sub(r"[^\w-]+", "-", request.node.name).strip("-")

    def take(page, step: str) -> None:
        page.screenshot(path=SHOTS / f"{test}-{next(counter):02d}-{step}.png", full_page=True)

    return take
