import sys
from pathlib import Path

import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).parent))

from pdfs import generate_bundle

BUNDLE_PAGES = 40

# A loaded machine (CI shares its two cores) can make one example slow; how long an example
# takes is not what any of these property tests checks.
settings.register_profile("redactor", deadline=None)
settings.load_profile("redactor")


@pytest.fixture(scope="session")
def bundle_pdfs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """One generated 40-page bundle for the whole session (the tests that compare a fast path
    with the plain one on bundle pages)."""
    return generate_bundle(tmp_path_factory.mktemp("bundle") / "b", BUNDLE_PAGES)
