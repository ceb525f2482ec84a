"""The command line's quick exit: output whole, status kept, atexit handlers run, threads joined.

``almanac`` ends with ``os._exit`` once its output is flushed, skipping the interpreter's
teardown; these run the real command in a child process, through a pipe, and compare
with the same command run in-process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

TODAY = ["--today", "2026-11-24"]


def _almanac(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ALMANAC_JOBS": "1", "LANG": "C.UTF-8"}
    env.pop("LANGUAGE", None)
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
    )


@pytest.mark.parametrize(("fixture", "status"), [("minimal", 0), ("invalid", 1)])
def test_findings_reach_the_pipe_whole_with_the_status(
    brand: Callable[[str], Path], run: Callable[..., Result], fixture: str, status: int
) -> None:
    root = brand(fixture)
    args = ["check", "--root", str(root), "--format", "json", "--lang", "en", *TODAY]
    child = _almanac(*args)
    here = run(args)
    assert (child.returncode, here.exit_code) == (status, status), child.stderr
    assert json.loads(child.stdout) == json.loads(here.output)
    if status:
        assert json.loads(child.stdout)["findings"], "the invalid brand has findings to print"


def test_a_usage_error_keeps_its_message_and_status(tmp_path: Path) -> None:
    child = _almanac("check", "--root", str(tmp_path), "--dry-run", "--lang", "en")
    assert child.returncode == 2
    assert "--dry-run only goes with --fix" in child.stderr


def _script(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "run.py"
    script.write_text(textwrap.dedent(body), encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(script), str(tmp_path / "marker")], capture_output=True, text=True, check=False
    )


def test_atexit_handlers_still_run(tmp_path: Path) -> None:
    done = _script(
        tmp_path,
        """
        import atexit, sys
        from pathlib import Path
        marker = Path(sys.argv[1])
        atexit.register(lambda: marker.write_text("ran", encoding="utf-8"))
        sys.argv = ["almanac", "--version"]
        from pipeline.cli import main
        main()
        """,
    )
    assert done.returncode == 0 and "almanac" in done.stdout
    assert (tmp_path / "marker").read_text(encoding="utf-8") == "ran"


def test_a_live_thread_gets_the_normal_exit_which_joins_it(tmp_path: Path) -> None:
    done = _script(
        tmp_path,
        """
        import sys, threading, time
        from pathlib import Path
        marker = Path(sys.argv[1])

        def late() -> None:
            time.sleep(0.3)  # still running when the command ends
            marker.write_text("joined", encoding="utf-8")

        threading.Thread(target=late).start()
        sys.argv = ["almanac", "--version"]
        from pipeline.cli import main
        main()
        """,
    )
    assert done.returncode == 0 and "almanac" in done.stdout
    assert (tmp_path / "marker").read_text(encoding="utf-8") == "joined"
