"""``chorus topology`` describes what a running pipeline really creates on the broker."""

from __future__ import annotations

import pytest
from confluent_kafka.admin import AdminClient, ConfigResource

from chorus.pipeline import Pipeline
from chorus.topology import gather
from tests.integration.helpers import pipeline_settings, wait_for

pytestmark = pytest.mark.integration


def _broker_topics(admin: AdminClient, prefix: str) -> dict[str, int]:
    metadata = admin.list_topics(timeout=10)
    return {
        name: len(topic.partitions)
        for name, topic in metadata.topics.items()
        if name.startswith(prefix)
    }


def test_topology_matches_the_topics_a_running_pipeline_creates(test_settings, tmp_path):
    settings = pipeline_settings(test_settings, tmp_path, partitions=3)
    topology = gather(settings)
    expected = topology.topic_partitions()
    admin = AdminClient({"bootstrap.servers": settings.bootstrap_servers})
    with Pipeline(settings):
        # the worker declares Faust's own topic once it has started
        wait_for(lambda: _broker_topics(admin, settings.topic_prefix).keys() >= expected.keys())
        found = _broker_topics(admin, settings.topic_prefix)
    assert found == expected
    resources = [ConfigResource("topic", t.name) for t in topology.topics]
    for resource, future in admin.describe_configs(resources).items():
        policy = future.result(10)["cleanup.policy"].value
        (view,) = [t for t in topology.topics if t.name == resource.name]
        assert (policy == "compact") == view.compacted, resource.name
