import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from mailroom.bootstrap import LocalStack, bootstrap_local
from mailroom.config import Settings


def mailroom(home: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """The real command line, in a fresh process, as a user runs it."""
    env = {**os.environ, "COLUMNS": "200", "MAILROOM_HOME": str(home)}
    result = subprocess.run([sys.executable, "-m", "mailroom", *args], capture_output=True, text=True,
                            env=env, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"mailroom {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def stack_at(home: Path) -> LocalStack:
    return bootstrap_local(Settings(home=home))


def end_state(home: Path) -> dict[str, Any]:
    """Everything that must not duplicate or vanish: rows, ledger, archive objects, labels."""
    stack = stack_at(home)
    return {
        "rows": sorted((r.key, r.status.value, r.invoice_number or "", str(r.grand_total), r.erp_number)
                       for r in stack.sheet.rows()),
        "ledger": sorted((e.number, e.state, e.idempotency_key) for e in stack.ledger.entries()),
        "archive": sorted(str(p.relative_to(home)) for p in (home / "archive").rglob("*") if p.is_file()),
        "labels": sorted((m.message_id, tuple(sorted(m.labels))) for m in stack.mailbox.messages()),
        "status": json.loads(mailroom(home, "status", "--json").stdout),
    }
