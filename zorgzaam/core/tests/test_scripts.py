"""scripts/demo.sh: the demo runs with DEBUG on and announces the address it really serves.

The script runs in a copy of the repository layout where setup and the `zorgzaam` command are stubs
that record what they were asked (no install, no server)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

STUB = """#!/usr/bin/env bash
echo "zorgzaam $* DEBUG=${DEBUG:-unset} BASE=${ZORGZAAM_BASE_URL:-unset}" >> "$STUB_LOG"
"""


def _run_demo(tmp_path, addr):
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "demo.sh", tmp_path / "scripts" / "demo.sh")
    (tmp_path / "scripts" / "setup.sh").write_text("#!/usr/bin/env bash\nmkdir -p var\n")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "zorgzaam").write_text(STUB)
    for path in (tmp_path / "scripts" / "setup.sh", tmp_path / ".venv" / "bin" / "zorgzaam"):
        path.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "ZORGZAAM_BASE_URL", "ZORGZAAM_ADDR"}}
    env["STUB_LOG"] = str(tmp_path / "calls.log")
    if addr is not None:
        env["ZORGZAAM_ADDR"] = addr
    out = subprocess.run(
        ["bash", str(tmp_path / "scripts" / "demo.sh")], env=env, capture_output=True, text=True, timeout=30
    )
    assert out.returncode == 0, out.stderr
    return out.stdout, (tmp_path / "calls.log").read_text().splitlines()


@pytest.mark.parametrize(
    "addr,shown,bind",
    [
        (None, "http://127.0.0.1:8000", "127.0.0.1:8000"),
        ("127.0.0.1:8123", "http://127.0.0.1:8123", "127.0.0.1:8123"),
        ("0.0.0.0:9001", "http://127.0.0.1:9001", "0.0.0.0:9001"),
        ("8456", "http://127.0.0.1:8456", "127.0.0.1:8456"),
    ],
)
def test_demo_announces_the_address_it_serves_with_debug_on(tmp_path, addr, shown, bind):
    stdout, calls = _run_demo(tmp_path, addr)
    assert f"Zorgzaam demo: {shown} " in stdout
    runserver = [c for c in calls if c.startswith("zorgzaam runserver")]
    assert runserver == [f"zorgzaam runserver {bind} DEBUG=1 BASE={shown}"]
    assert all("DEBUG=1" in c for c in calls)
