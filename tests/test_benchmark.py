"""The benchmark runs as the README says and prints its ratios (their values are measured, not tested)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench.py"


def test_the_benchmark_prints_every_ratio_with_its_target() -> None:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench"}
    done = subprocess.run(
        [sys.executable, str(BENCH), "--calls", "3", "--repeats", "2"],
        capture_output=True, text=True, timeout=300, env=env, check=True,
    )
    ratios = re.findall(r"^ratio (\S+)\s+(\d+\.\d+)\s+\(target <= ([\d.]+)\)", done.stdout, re.MULTILINE)
    assert [name for name, _, _ in ratios] == ["classify/floor", "classify/moto", "enter+leave/moto", "predict/floor"]
    assert all(float(value) > 0 for _, value, _ in ratios)


def test_the_server_benchmark_prints_its_ratios_against_motos_server_and_its_floor() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH.with_name("bench_server.py")), "--calls", "3", "--repeats", "2"],
        capture_output=True, text=True, timeout=300, check=True,
    )
    ratios = re.findall(r"^ratio (\S+)\s+(\d+\.\d+)\s+\(target <= ([\d.]+)\)", done.stdout, re.MULTILINE)
    assert [(name, target) for name, _, target in ratios] == [("server/moto-server", "1.0"), ("server/floor", "1.15")]
    assert all(float(value) > 0 for _, value, _ in ratios)


def test_the_scaling_benchmark_prints_every_measure_with_its_target() -> None:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench"}
    done = subprocess.run(
        [sys.executable, str(BENCH.parent / "scaling.py"), "--small", "2", "--large", "6", "--list-small", "3",
         "--creates", "2", "--calls", "3", "--repeats", "1"],
        capture_output=True, text=True, timeout=300, env=env, check=True,
    )
    measures = re.findall(r"^(.+?)\s+(-?\d+\.\d+)\s+\(target <= ([\d.]+)\)", done.stdout, re.MULTILINE)
    assert [name for name, _, _ in measures] == [
        "create large/small", "list endpoints per item large/small", "describe models per item large/small",
        "resident growth (MiB)", "classify/floor", "classify/floor with mock_aws", "with mock_aws/without",
    ]
