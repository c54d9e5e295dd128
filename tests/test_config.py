"""Settings from the environment: a bad value warns and falls back, it never stops a command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOW = "from tracker.config import STATUS_SETTINGS as s; print(s.behind_points, s.soon_days, s.soon_min_share)"


def settings_with(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_AT_RISK_")}
    return subprocess.run([sys.executable, "-c", SHOW], cwd=ROOT, env={**clean, **env}, capture_output=True,
                          text=True, check=False, timeout=60)


def test_numbers_in_the_environment_are_used():
    result = settings_with(TRACKER_AT_RISK_POINTS="20", TRACKER_AT_RISK_DAYS=" 7 ", TRACKER_AT_RISK_MIN_SHARE="90.5")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.split() == ["20.0", "7", "90.5"]


def test_a_value_that_is_no_number_falls_back_to_the_default_with_a_warning():
    result = settings_with(TRACKER_AT_RISK_POINTS="十五", TRACKER_AT_RISK_DAYS="14天", TRACKER_AT_RISK_MIN_SHARE="nan")
    assert result.returncode == 0
    assert result.stdout.split() == ["15.0", "14", "80.0"]
    lines = result.stderr.splitlines()
    assert len(lines) == 3 and all(line.startswith("警告") and "默认值" in line for line in lines)
    assert "TRACKER_AT_RISK_DAYS" in result.stderr and "14天" in result.stderr


def test_a_command_still_runs_with_a_bad_setting(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "TRACKER_DB"}
    from tracker.store import Store

    Store(tmp_path / "c.db").close()  # users list reads a database, it does not make one (issue 10 §5)
    result = subprocess.run([sys.executable, "-m", "tracker", "users", "list", "--db", str(tmp_path / "c.db")],
                            cwd=ROOT, env={**env, "TRACKER_AT_RISK_DAYS": "-3"}, capture_output=True, text=True,
                            check=False, timeout=120)
    assert result.returncode == 0
    assert "TRACKER_AT_RISK_DAYS" in result.stderr
