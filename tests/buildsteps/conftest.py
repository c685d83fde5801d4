"""The build steps use the exports fixture records."""

from tests.exports.conftest import catalog, context  # noqa: F401 (fixtures)
