"""What the command tests share: running the installed ``councilstat`` entry point."""

import subprocess
import sys
from pathlib import Path

COMMAND = Path(sys.executable).with_name("councilstat")


def run(*args, cwd=None):
    """Run ``councilstat`` with ``args`` in a process, as a user runs it."""
    return subprocess.run(
        [str(COMMAND), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        check=False,
    )
