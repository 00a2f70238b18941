import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.config.settings")
application = get_wsgi_application()

from hangviet.core.deploy import refuse_unsafe_start  # noqa: E402 (after Django is set up)

refuse_unsafe_start()  # a server started without `hangviet serve` is held to the production profile too
