import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from pdfs import generate_bundle

BUNDLE_PAGES = 40


@pytest.fixture(scope="session")
def bundle_pdfs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """One generated 40-page bundle for the whole session (the tests that compare a fast path
    with the plain one on bundle pages)."""
    return generate_bundle(tmp_path_factory.mktemp("bundle") / "b", BUNDLE_PAGES)
