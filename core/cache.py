"""The shared cache (Redis) as a help, never a single point of failure.

The cache holds what can be lost: sign-in and token rate-limit counters (allauth, accounts.api), throttling history.
With Redis down, Django's RedisCache raises on every call and sign-in answered 500. Here a call that cannot reach
Redis is logged and answered as a miss (`get` → default, `set` → not stored, `add` → as if taken): sign-in works,
the counters of that moment are not kept (the lockout is open while Redis is down — a choice written in the
README), and /healthz reports the cache as down (`cache_status`). Connections time out within a second (settings), so a
blackholed Redis does not hold a request.
"""

import functools
import logging
import uuid

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _or(default):
    def wrap(method):
        @functools.wraps(method)
        def call(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNAVAILABLE as exc:
                logger.warning("cache unavailable (%s): %r", method.__name__, exc)
                return default(*args, **kwargs) if callable(default) else default

        return call

    return wrap


class ResilientRedisCache(RedisCache):
    # `add` answers «stored» when Redis is down: allauth takes a lock with it before counting a sign-in, and a lock
    # that can never be taken answered every sign-in with 429; with the cache down nothing is locked or counted
    add = _or(True)(RedisCache.add)
    get = _or(lambda key, default=None, version=None: default)(RedisCache.get)
    set = _or(None)(RedisCache.set)
    touch = _or(False)(RedisCache.touch)
    delete = _or(False)(RedisCache.delete)
    get_many = _or({})(RedisCache.get_many)
    has_key = _or(False)(RedisCache.has_key)
    set_many = _or(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    delete_many = _or(None)(RedisCache.delete_many)
    clear = _or(False)(RedisCache.clear)

    @_or(None)
    def incr(self, key, delta=1, version=None):
        return super().incr(key, delta, version)


def cache_status() -> str:
    """«ok» when a value written to the cache reads back; otherwise what failed (for /healthz)."""
    token = uuid.uuid4().hex
    try:
        cache.set("healthz", token, 10)
        return "ok" if cache.get("healthz") == token else "error: unavailable"
    except Exception as exc:  # noqa: BLE001 — a cache that is not the resilient one raises: reported, not raised
        return f"error: {exc.__class__.__name__}"
