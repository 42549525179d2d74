"""What every app's services share: one way to refuse an action.

A service checks the actor's right with the app's own predicate (`<app>/access.py`) and refuses with
`require(...)`; views turn the refusal into a notice or a 403 through `core.forms.act` / `small_form`.
"""

from django.core.exceptions import PermissionDenied


def require(allowed: bool, message: str) -> None:
    """Refuse with a Russian `message` unless `allowed` (PermissionDenied: a 403 page or a notice)."""
    if not allowed:
        raise PermissionDenied(message)


def require_actor(actor, allowed, message: str) -> None:
    """For services that the command line also calls: `actor` None is the system and is trusted; for a user,
    `allowed(actor)` decides."""
    if actor is not None:
        require(allowed(actor), message)
