"""The code stays as the project asks: ruff-clean, ruff-formatted and mypy-clean on the packages.

Run inside the test command so that CI refuses a change that breaks them, not only `make lint`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = BIN / name if (BIN / name).exists() else shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed: `make install` installs the dev extras")
    return str(found)


@pytest.mark.parametrize(
    "args",
    [["ruff", "check", "."], ["ruff", "format", "--check", "."], ["mypy"]],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_tool_is_clean(args: list[str], tmp_path: Path) -> None:
    # mypy gets a cache of its own: a shared one can be left corrupt by concurrent runs
    extra = ["--cache-dir", str(tmp_path / "mypy")] if args[0] == "mypy" else []
    result = subprocess.run(
        [_tool(args[0]), *args[1:], *extra], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
