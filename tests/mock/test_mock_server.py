"""`make mock` (python -m scripts.mock_server): accepts what the SDK sends, and stops Prism with it.

Each test starts the real command in its own process group, as ``make mock`` would, and
looks at the processes and files it leaves behind.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

import dixa
from scripts import mock_server

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find Prism")


@dataclass
class Mock:
    process: subprocess.Popen[str]
    url: str
    prism_pid: int
    prism_port: int


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(condition: object, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


@contextlib.contextmanager
def make_mock() -> Iterator[Mock]:
    port = mock_server.free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "scripts.mock_server", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        assert process.stdout is not None
        seen = []
        for line in process.stdout:  # Prism's own log lines come first, as it starts
            seen.append(line)
            if f"mock of Dixa's API on {url}" in line:
                break
        else:
            pytest.fail("the mock did not start:\n" + "".join(seen))
        assert "sample data" in process.stdout.readline()  # says what the answers are
        (prism_pid,) = children(process.pid)
        cmdline = Path(f"/proc/{prism_pid}/cmdline").read_bytes().split(b"\0")
        prism_port = int(cmdline[cmdline.index(b"--port") + 1])
        yield Mock(process, url, prism_pid, prism_port)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="module")
def serving() -> Iterator[Mock]:
    with make_mock() as running:
        yield running


@pytest.fixture
def mock() -> Iterator[Mock]:
    with make_mock() as running:
        yield running


def test_the_mock_accepts_a_multi_file_upload(serving: Mock, tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n")
    with dixa.Dixa(api_key="k", base_url=serving.url, rate_limit=None, max_retries=0) as client:
        result = client.knowledge.articles.attachments.upload([logo, ("banner.jpg", b"\xff\xd8\xff")])
        assert not result.failed and len(result.succeeded) == 2
        assert client.organization.get().name  # and everything else, untouched


def test_the_mock_still_judges_the_array_parts(serving: Mock) -> None:
    # A file sent without a filename breaks the form's contract (binary parts are files).
    body = b'--b\r\nContent-Disposition: form-data; name="files"\r\n\r\nnot a file\r\n--b--\r\n'
    response = httpx.post(
        f"{serving.url}/beta/knowledge/articles/attachments",
        content=body,
        headers={"Authorization": "k", "Content-Type": "multipart/form-data; boundary=b"},
    )
    assert response.status_code == 422
    assert "is binary but a part was sent without a filename" in response.text


def test_stopping_the_mock_stops_prism(mock: Mock) -> None:
    assert alive(mock.prism_pid)
    mock.process.send_signal(signal.SIGTERM)  # `kill <pid>`; make passes SIGTERM on to its child
    assert mock.process.wait(timeout=20) == 0
    assert wait_until(lambda: not alive(mock.prism_pid)), "Prism (node) outlived the mock"
    with pytest.raises(httpx.TransportError):
        httpx.get(f"http://127.0.0.1:{mock.prism_port}/beta/organization", timeout=2)


def test_prism_dies_with_the_mock_even_if_it_is_killed(mock: Mock) -> None:
    mock.process.send_signal(signal.SIGKILL)  # no cleanup can run: the kernel tells Prism
    mock.process.wait(timeout=20)
    assert wait_until(lambda: not alive(mock.prism_pid)), "Prism (node) outlived a killed mock"


def test_a_mock_started_by_tests_leaves_no_log_behind() -> None:
    with mock_server.running() as url:
        port = url.rsplit(":", 1)[1]
        assert list((ROOT / "build").glob(f"prism-{port}-*.log"))  # Prism logs while it runs
    assert not list((ROOT / "build").glob(f"prism-{port}-*.log"))
