"""Start the kumeqa web UI: ``python app.py [--port N] [--host H]`` (default 127.0.0.1:7860).

An index on disk is served at once and refreshed in the background when stale;
only without one is it built before serving. Options: ``--read-only``, ``--auth
user:password``, ``--allowed-host NAME`` (README). Everything else lives in
:mod:`kumeqa.ui`.
"""

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from kumeqa.ui import main  # noqa: E402

if __name__ == "__main__":
    main()
