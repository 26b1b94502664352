"""Start the kumeqa web UI: ``python app.py [--port N] [--host H]`` (default 127.0.0.1:7860).

The index is built or refreshed first when it is missing or stale. Everything
else lives in :mod:`kumeqa.ui`.
"""

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from kumeqa.ui import main  # noqa: E402

if __name__ == "__main__":
    main()
