"""A newcomer's first `make run`: the demo loads, the server and the cluster start, and the log is clean."""

import pytest

pytestmark = pytest.mark.browser


def test_a_first_start_logs_no_error(platform):
    """Issue 14, defect 5: the cluster's first search-index updates failed on a unique constraint."""
    errors = platform.errors_since(0)
    assert not errors, "the first start logged:\n" + "\n".join(errors[:40])
