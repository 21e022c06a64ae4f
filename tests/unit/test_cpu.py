"""CPU seconds per process from /proc, as the benchmark reads them."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from chorus.cpu import CpuMeter, cpu_seconds, per_thousand


def _burn(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_cpu_seconds_of_this_process_grow_with_work() -> None:
    before = cpu_seconds(os.getpid())
    _burn(0.3)
    after = cpu_seconds(os.getpid())
    assert before is not None and after is not None
    assert 0.25 <= after - before <= 1.0


def test_a_process_that_is_gone_has_none() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert cpu_seconds(child.pid) is None


def test_meter_attributes_cpu_to_each_role_and_an_idle_child_costs_nothing() -> None:
    idle = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(5)"])
    try:
        time.sleep(0.3)  # let the interpreter start before the first reading
        meter = CpuMeter(lambda: {"me": [os.getpid()], "idle": [idle.pid]})
        meter.start()
        _burn(0.3)
        spent = meter.stop()
    finally:
        idle.kill()
        idle.wait()
    assert 0.25 <= spent["me"] <= 1.0
    assert spent["idle"] < 0.05


def test_per_thousand_adds_a_total() -> None:
    assert per_thousand({"a": 1.0, "b": 3.0}, 2000) == {"a": 0.5, "b": 1.5, "total": 2.0}
