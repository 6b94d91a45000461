"""The Markdown documents the writer tests use serve the parser tests too."""

from tests.writers.conftest import make_resolution, resolution  # noqa: F401  (fixtures)
