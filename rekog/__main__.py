"""``python -m rekog``: the ``rekog`` command line."""

from __future__ import annotations

import sys

from rekog.cli import main

if __name__ == "__main__":
    sys.exit(main())
