"""``chorus topology``: gathered from the code's declarations, rendered three ways, in the docs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import get_args

from chorus.topology import as_mermaid, documented_settings, gather
from core.settings import load_settings
from processors.identities import StageStream
from processors.routing import OutputStream
from processors.topology import AGENTS, IDENTITY_WRITES, ROUTER_WRITES

REPO = Path(__file__).resolve().parent.parent.parent
CHORUS = str(Path(sys.executable).with_name("chorus"))


def test_declared_outputs_are_exactly_the_streams_the_agents_emit() -> None:
    assert set(ROUTER_WRITES) == set(get_args(OutputStream))
    assert set(IDENTITY_WRITES) == set(get_args(StageStream))


def test_every_agent_of_the_app_is_declared_and_reads_its_topic(tmp_path: Path) -> None:
    settings = load_settings(state_dir=tmp_path, topic_prefix="x")
    agents = [n for n in gather(settings).nodes if n.kind == "agent"]
    assert {a.name for a in agents} == set(AGENTS)
    reads = {a.name: a.reads for a in agents}
    assert reads == {
        "route_interactions": ("x.interactions.raw",),
        "resolve_identities": ("x.identity.in",),
    }


def test_every_topic_read_is_written_by_someone(tmp_path: Path) -> None:
    topology = gather(load_settings(state_dir=tmp_path))
    written = {t for n in topology.nodes for t in n.writes}
    read = {t for n in topology.nodes for t in n.reads}
    assert read <= written
    assert written <= {t.name for t in topology.topics}


def test_partitions_follow_the_settings(tmp_path: Path) -> None:
    counts = gather(load_settings(state_dir=tmp_path, partitions=7)).topic_partitions()
    assert counts["chorus.interactions.raw"] == 7
    assert counts["chorus.identity.in"] == 1
    assert counts["chorus-processor-__assignor-__leader"] == 1


def test_the_command_prints_json_text_and_mermaid(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHORUS_", "KAFKA_"))}
    env |= {"CHORUS_STATE_DIR": str(tmp_path), "CHORUS_PARTITIONS": "5"}

    def run(*args: str) -> str:
        done = subprocess.run(
            [CHORUS, "topology", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    parsed = json.loads(run("--format", "json"))
    assert {t["name"]: t["partitions"] for t in parsed["topics"]}["chorus.timeline"] == 5
    assert "chorus.interactions.raw" in run()
    assert run("-f", "mermaid").startswith("flowchart LR")


def test_docs_embed_the_current_mermaid_output() -> None:
    """Regenerate with `make topology-docs` when this fails."""
    mermaid = as_mermaid(gather(documented_settings()))
    doc = (REPO / "docs" / "architecture.md").read_text()
    assert f"```mermaid\n{mermaid}\n```" in doc
