"""The Redis cache (ucc_site/cache.py): Django's, keeping one redis-py client per connection pool. The second
lane runs every test on it; these check the sharing itself on a real Redis."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache, caches

pytestmark = pytest.mark.redis


def test_the_site_cache_is_redis_through_the_reusing_backend():
    from ucc_site.cache import RedisCache

    assert isinstance(caches["default"], RedisCache)


def test_one_client_serves_every_command_of_a_pool():
    client = cache._cache.get_client("a", write=True)
    assert cache._cache.get_client("b", write=True) is client
    cache.set("ucc:test:shared", {"n": 1}, 30)
    assert cache.get_many(["ucc:test:shared", "ucc:test:none"]) == {"ucc:test:shared": {"n": 1}}
    assert cache.add("ucc:test:shared", 2) is False
    assert cache.add("ucc:test:counter", 1) is True and cache.incr("ucc:test:counter") == 2
    cache.delete_many(["ucc:test:shared", "ucc:test:counter"])
    assert cache.get("ucc:test:shared") is None


def test_the_shared_client_is_safe_from_several_threads():
    def round_trip(number):
        cache.set(f"ucc:test:thread:{number}", number, 30)
        return cache.get(f"ucc:test:thread:{number}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(round_trip, range(200))) == list(range(200))
