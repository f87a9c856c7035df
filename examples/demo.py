"""`make demo`: start the local Prism mock, run the quickstart against it, stop the mock."""

from __future__ import annotations

import os

from examples import quickstart
from scripts import mock_server


def main() -> None:
    with mock_server.running() as url:
        print(f"mock server: {url} (Prism serving the downloaded spec, normalized)")
        os.environ["DIXA_BASE_URL"] = url
        os.environ.setdefault("DIXA_API_KEY", "demo-key")
        quickstart.main()


if __name__ == "__main__":
    main()
