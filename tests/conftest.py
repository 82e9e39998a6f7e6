"""Shared fixtures: the default gazetteer (its index is built once per data version)."""

import pytest

from gazetteer import default_gazetteer


@pytest.fixture(scope="session")
def gaz():
    return default_gazetteer()
