"""What a test does when something it needs is missing (shared data, a tool, root): fail in CI,
where everything must be there and a skip would hide a test that no longer runs, and skip
elsewhere (a developer's machine).

Its own module, importing nothing of the tests, so that conftest.py, faultkit.py and the
test modules can all use it.
"""
from __future__ import annotations

import os
from typing import NoReturn

import pytest


def missing(reason: str) -> NoReturn:
    """Fail the test under CI (the ``CI`` environment variable set and not empty), else skip it."""
    __tracebackhide__ = True  # reports name the caller's line, as when it called pytest itself
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)
