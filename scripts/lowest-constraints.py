"""Print pip constraints pinning each runtime dependency to the lowest version its range allows.

CI installs transpipe once with the newest versions the ranges in pyproject.toml allow and
once with these, so a range that admits a version transpipe does not work with fails CI.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import tomllib

project = tomllib.loads(Path(sys.argv[1] if len(sys.argv) > 1 else "pyproject.toml").read_text())
for requirement in project["project"]["dependencies"]:
    found = re.fullmatch(r"\s*([A-Za-z0-9._-]+)\s*>=\s*([0-9][0-9.]*)\s*(?:,.*)?", requirement)
    if found is None:
        sys.exit(f"pyproject.toml: no lower bound to test in {requirement!r}")
    print(f"{found.group(1)}=={found.group(2)}")
