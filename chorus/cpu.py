"""CPU seconds per process from ``/proc/<pid>/stat``, for the benchmark's cost-per-event table.

On 2 shared cores wall time mixes every process's work; CPU seconds per process show which
stage costs what, and whether adding workers scales (the sum stays flat per 1,000 events).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

_TICKS_PER_S = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of ``pid`` so far (None when it is gone or unreadable)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return None
    # the command name is in parentheses and may hold spaces: the fields follow the last ')'
    fields = stat[stat.rindex(b")") + 2 :].split()
    # fields 14 and 15 of the whole line (utime, stime) are 12 and 13 after the name
    return (int(fields[11]) + int(fields[12])) / _TICKS_PER_S


@dataclass
class CpuMeter:
    """CPU seconds that named processes spend between :meth:`start` and :meth:`stop`.

    ``processes`` is called at both ends and gives ``{role: [pids]}``: a worker restarted in
    between shows as a pid that is only in one reading, and counts from zero (start) or is
    dropped (stop) accordingly.
    """

    processes: Callable[[], Mapping[str, list[int]]]
    _start: dict[int, float] = field(default_factory=dict)

    def start(self) -> None:
        self._start = {
            pid: seconds
            for pids in self.processes().values()
            for pid in pids
            if (seconds := cpu_seconds(pid)) is not None
        }

    def stop(self) -> dict[str, float]:
        """CPU seconds per role since :meth:`start`."""
        spent: dict[str, float] = {}
        for role, pids in self.processes().items():
            total = 0.0
            for pid in pids:
                now = cpu_seconds(pid)
                if now is not None:
                    total += now - self._start.get(pid, 0.0)
            spent[role] = total
        return spent


def per_thousand(spent: Mapping[str, float], events: int) -> dict[str, float]:
    """CPU seconds per 1,000 events for each role, and their total."""
    table = {role: round(seconds * 1000 / events, 4) for role, seconds in spent.items()}
    table["total"] = round(sum(spent.values()) * 1000 / events, 4)
    return table
