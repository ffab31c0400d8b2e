"""What the mock_rtml pytest plugin adds to pytest's start, against pytest without it in the same run.

    python benchmarks/plugin_startup.py [--repeats 15]

Each repeat starts `python -m pytest --collect-only -q` on a project of one test that does not use
mock_rtml, once with the plugin and once without, alternating which goes first. Other installed
plugins are left out of both (PYTEST_DISABLE_PLUGIN_AUTOLOAD; the plugin comes in with
`-p mock_rtml.pytest_plugin`, the module its pytest11 entry point names), so that their own start
(hypothesis alone takes about a second) does not drown the difference. A start's time is the CPU
time of the pytest process (user + system, steadier than wall time on a shared machine); a series'
time is its best repeat, and the cost is the difference of the two bests.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, List

TARGET_MS = 30.0
_ARGS = ("-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider")


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _start(project: Path, with_plugin: bool) -> float:
    command = [sys.executable, *_ARGS, *(["-p", "mock_rtml.pytest_plugin"] if with_plugin else [])]
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    begin = _cpu()
    subprocess.run(command, cwd=project, check=True, capture_output=True, env=env)
    return _cpu() - begin


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=15)
    repeats = parser.parse_args().repeats
    samples: Dict[str, List[float]] = {"with the plugin": [], "without it": []}
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        (project / "test_plain.py").write_text("def test_plain():\n    assert True\n")
        for repeat in range(repeats):
            order = [("with the plugin", True), ("without it", False)]
            for name, with_plugin in order if repeat % 2 == 0 else order[::-1]:
                samples[name].append(_start(project, with_plugin))
    best = {name: min(values) for name, values in samples.items()}
    for name, seconds in best.items():
        print(f"pytest start {name:18s} {seconds * 1e3:8.1f} ms")
    added = (best["with the plugin"] - best["without it"]) * 1e3
    verdict = "ok" if added <= TARGET_MS else "ABOVE TARGET"
    print(f"plugin start-up cost {added:8.1f} ms  (target <= {TARGET_MS:g} ms)  {verdict}")


if __name__ == "__main__":
    main()
