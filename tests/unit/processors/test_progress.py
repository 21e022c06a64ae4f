from chorus.pipeline import worker_problem
from processors.progress import Progress


def test_an_agent_busy_with_one_batch_for_too_long_is_stuck():
    now = [100.0]
    progress = Progress(clock=lambda: now[0])
    progress.begin("route")
    now[0] = 105.0
    assert progress.stuck(10) == []
    now[0] = 111.0
    assert progress.stuck(10) == ["route"]
    progress.end("route")
    assert progress.stuck(10) == []


def test_a_worker_needs_a_restart_when_it_exited_or_shows_no_progress():
    assert worker_problem(None, 5.0, 120.0) is None
    assert worker_problem(1, 0.0, 120.0) == "exited with code 1"
    assert worker_problem(-9, 500.0, 120.0) == "exited with code -9"
    assert worker_problem(None, 121.0, 120.0) == "no heartbeat for 121s (limit 120s)"
