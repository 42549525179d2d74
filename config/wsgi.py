import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from core.checks import refuse_built_in_secret_key  # noqa: E402 — after setup: reads the settings

refuse_built_in_secret_key()  # production never serves with the built-in development key
