"""E-mail: one way for every letter of the portal.

A letter is sent after the transaction that caused it commits (never from inside it: a rolled-back
change sends nothing, and a slow mail server never holds database locks). Idempotency flags ("notice
sent", "digest logged") are saved in that same transaction, so a repeated job sends nothing twice; a
failure to send is logged and does not undo the change. `muted()` silences letters (demo seeding).
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

logger = logging.getLogger(__name__)
_muted: ContextVar[bool] = ContextVar("portal_mail_muted", default=False)


@contextmanager
def muted():
    """No letters inside this block (demo seeding: nobody should get letters about a made-up region)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def _deliver(subject: str, body: str, to: list[str]) -> None:
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    except Exception:  # the change is committed; a lost letter must not turn into an error page or a retry
        logger.exception("letter «%s» to %s was not sent", subject, to)


def send_after_commit(subject: str, body: str, to) -> bool:
    """Queue a letter for when the current transaction commits (at once outside a transaction).

    Returns whether a letter was queued (no recipients, or muted: no)."""
    to = sorted({e for e in to if e})
    if not to or _muted.get():
        return False
    subject = " ".join(str(subject).split())  # a header may not hold line breaks
    transaction.on_commit(lambda: _deliver(subject, str(body), to))
    return True
