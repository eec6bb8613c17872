from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from khth.periods.management.commands.period import Command

# The pure modules' tests also run with -p no:django; these need the app registry.
pytestmark = pytest.mark.skipif(not apps.ready, reason="Django is not set up (-p no:django)")


def run(*args: str) -> str:
    out = StringIO()
    call_command("period", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("day", "ptype", "line"),
    [
        ("2024-07-03", "weekly", "2024W27 2024-07-01 2024-07-07"),
        ("2024-12-30", "weekly", "2025W1 2024-12-30 2025-01-05"),
        ("2024-07-03", "daily", "20240703 2024-07-03 2024-07-03"),
        ("2024-07-03", "monthly", "202407 2024-07-01 2024-07-31"),
        ("2024-07-03", "quarterly", "2024Q3 2024-07-01 2024-09-30"),
        ("2024-07-03", "sixmonthly", "2024S2 2024-07-01 2024-12-31"),
        ("2024-07-03", "yearly", "2024 2024-01-01 2024-12-31"),
    ],
)
def test_period_of(day: str, ptype: str, line: str) -> None:
    assert run("of", day, ptype) == line + "\n"


def test_show_quarter() -> None:
    assert run("show", "2024Q3").splitlines() == [
        "id: 2024Q3",
        "type: quarterly",
        "start: 2024-07-01",
        "end: 2024-09-30",
        "label: Quý III/2024",
        "cutoff: 2024-06-15 2024-09-14",
    ]


@pytest.mark.parametrize(
    ("pid", "label", "cutoff"),
    [
        ("2024W01", "Tuần 1/2024", "cutoff: 2024-01-01 2024-01-07"),
        ("20240506", "Ngày 06/05/2024", "cutoff: 2024-05-06 2024-05-06"),
        ("2024S1", "6 tháng đầu năm 2024", "cutoff: 2023-12-15 2024-06-14"),
    ],
)
def test_show_label_and_cutoff(pid: str, label: str, cutoff: str) -> None:
    lines = run("show", pid).splitlines()
    assert f"label: {label}" in lines
    assert lines[-1] == cutoff


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("show", "2021W53"), "2021W53: năm 2021 chỉ có 52 tuần"),
        (("show", "garbage"), "garbage"),
        (("of", "2024-7-3", "weekly"), "2024-7-3"),
        (("of", "2024-02-30", "weekly"), "2024-02-30"),
        (("of", "2024-W27-1", "weekly"), "2024-W27-1"),
        (("of", "2024-07-03", "fortnightly"), "fortnightly"),
        (("frobnicate",), "frobnicate"),
        ((), "of,show"),
    ],
)
def test_errors_raise_command_error(args: tuple[str, ...], fragment: str) -> None:
    with pytest.raises(CommandError, match=fragment):
        run(*args)


def test_error_exits_non_zero_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as excinfo:
        Command().run_from_argv(["khth", "period", "show", "202413"])
    assert excinfo.value.code != 0
    assert "202413: tháng phải từ 1 đến 12" in capsys.readouterr().err
