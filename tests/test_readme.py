"""The README as a user meets it: every python block runs in a fresh interpreter; the table is current."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import mock_rtml._coverage

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)


@pytest.mark.parametrize("number", range(len(BLOCKS)))
def test_readme_python_block_runs(number, tmp_path):
    source = BLOCKS[number]
    if "aiobotocore" in source:
        pytest.importorskip("aiobotocore")  # the async example runs where the `async` extra is installed
    if "def test_" in source and "(rtml)" in source:
        script = tmp_path / "test_block.py"
        script.write_text(source)
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", str(script)]
    else:
        script = tmp_path / "block.py"
        script.write_text(source)
        command = [sys.executable, str(script)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_readme_has_python_blocks():
    assert len(BLOCKS) >= 4


def test_readme_coverage_table_matches_the_code():
    text = README.read_text()
    table = text.split("<!-- coverage:start -->\n", 1)[1].split("<!-- coverage:end -->", 1)[0]
    assert table == mock_rtml._coverage.table()


def test_demo_runs_the_seed_story():
    done = subprocess.run([sys.executable, "-m", "mock_rtml", "demo"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "classified the Guardian's Titanic paragraph" in done.stdout
    assert "PLACE  Southampton    characters 205-216" in done.stdout  # found through a recognizer endpoint
    assert done.stdout.count("endpoints left: 0") == 2


def test_readme_numbers_are_the_codes():
    """What the README says of the learner and of recorded calls is what the code does."""
    from mock_rtml import learning
    from mock_rtml.core.calls import DEFAULT_CALLS_LIMIT

    text = " ".join(README.read_text().split())
    tenth = {10: "tenth"}[learning.HELD_BACK_EVERY]
    assert f"Every {tenth} training document (up to {learning.HELD_BACK_MAX:,}) is held back" in text
    assert {0.5: "add-half"}[learning.SMOOTHING] + " (Lidstone) smoothing" in text
    assert f"recent {DEFAULT_CALLS_LIMIT:,} (the oldest go first)" in text
