"""`make demo`: start the local Prism mock, run the quickstart against it, stop the mock."""

from __future__ import annotations

import os
import textwrap

from examples import quickstart
from scripts import mock_server


def main() -> None:
    with mock_server.running(forms=True) as url:
        print(f"mock server: {url}")
        print(textwrap.fill(mock_server.ABOUT, width=100))
        print()
        os.environ["DIXA_BASE_URL"] = url
        os.environ.setdefault("DIXA_API_KEY", "demo-key")  # the mock accepts any key
        quickstart.main()
        print()
        print(
            textwrap.fill(
                "Every request above was checked against Dixa's spec by the mock and every answer was "
                "parsed into the SDK's typed models: that part is real. The values are the spec's "
                "examples. Against Dixa itself: DIXA_API_KEY=<your key> python -m examples.quickstart <id>",
                width=100,
            )
        )


if __name__ == "__main__":
    main()
