"""Moving a test database to a migration and back, for tests of data migrations: such a test is
marked ``django_db(transaction=True)`` and ends by migrating to the latest (``latest()``)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrated(target: list[tuple[str, str]]) -> Any:
    """The database migrated to ``target``; the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    executor.loader.build_graph()
    return executor.loader.project_state(target).apps


def latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
