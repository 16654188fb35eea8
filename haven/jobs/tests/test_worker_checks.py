"""The worker tells the system checks through the log, never as printed text: in production
every line it writes must be a JSON log line (the smoke test reads them). An error still stops it."""

import io
import logging

import pytest
from django.core import checks
from django.core.management.base import SystemCheckError
from django.test import override_settings

from haven.jobs.management.commands.worker import Command

INCOMPLETE_AGENCY = {"name": "", "street": "", "postal_code": "", "municipality": "", "enterprise_number": ""}


def _command() -> tuple[Command, io.StringIO, io.StringIO]:
    stdout, stderr = io.StringIO(), io.StringIO()
    return Command(stdout=stdout, stderr=stderr), stdout, stderr


def test_a_warning_is_logged_not_printed(caplog, settings):
    settings.HAVEN_AGENCY = {**settings.HAVEN_AGENCY, **INCOMPLETE_AGENCY}
    command, stdout, stderr = _command()
    with caplog.at_level(logging.INFO, logger="haven.checks"):
        command.check()
    assert stdout.getvalue() == "" and stderr.getvalue() == ""
    warnings = [record for record in caplog.records if record.name == "haven.checks"]
    assert [record.levelno for record in warnings] == [logging.WARNING]
    assert warnings[0].getMessage().startswith("interpreting.W001: ")


def _failing_check(app_configs, **kwargs):
    return [checks.Error("broken on purpose", id="tests.E001")]


def test_an_error_still_stops_the_worker(caplog):
    checks.register(_failing_check, "tests_only")
    try:
        command, _stdout, stderr = _command()
        with (
            caplog.at_level(logging.INFO, logger="haven.checks"),
            pytest.raises(SystemCheckError, match=r"tests\.E001"),
        ):
            command.check(tags=["tests_only"])
        assert stderr.getvalue() == ""
        assert [record.levelno for record in caplog.records if record.name == "haven.checks"] == [logging.ERROR]
    finally:
        checks.registry.registry.registered_checks.discard(_failing_check)


@override_settings(SILENCED_SYSTEM_CHECKS=["interpreting.W001"])
def test_a_silenced_check_says_nothing(caplog, settings):
    settings.HAVEN_AGENCY = {**settings.HAVEN_AGENCY, **INCOMPLETE_AGENCY}
    command, _stdout, _stderr = _command()
    with caplog.at_level(logging.INFO, logger="haven.checks"):
        command.check()
    assert not [record for record in caplog.records if record.name == "haven.checks"]
