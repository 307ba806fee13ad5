"""Allow ``python -m transpipe``."""

from __future__ import annotations

from transpipe.cli import main

main()
