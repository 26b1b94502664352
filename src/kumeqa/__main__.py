"""``python -m kumeqa`` is the ``kumeqa`` command."""

import sys

from .cli import main

sys.exit(main())
