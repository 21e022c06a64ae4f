import itertools
import json
from pathlib import Path

import pytest
from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType
from avro.schema import parse as avro_parse

from core.errors import ConfigError
from schemas.catalog import SCHEMA_DIR, load_catalog, read_catalog


def test_every_schema_file_parses_and_has_docs():
    catalog = load_catalog()
    assert set(catalog.names()) == {
        "interaction",
        "timeline_entry",
        "dead_letter",
        "identity_event",
        "golden_profile",
        "detection",
    }
    for version in catalog.versions:
        raw = json.loads(version.source)
        assert raw.get("doc"), f"{version.name} lacks a doc"
        for field in raw["fields"]:
            assert field.get("doc"), f"{version.name}.{field['name']} lacks a doc"


def test_ids_are_stable_and_distinct():
    first, second = read_catalog(), read_catalog()
    assert [v.derived_id for v in first.versions] == [v.derived_id for v in second.versions]
    assert len({v.derived_id for v in first.versions}) == len(first.versions)
    assert all(0 < v.derived_id < 2**31 for v in first.versions)


@pytest.mark.parametrize(
    "name",
    [
        "interaction",
        "timeline_entry",
        "dead_letter",
        "identity_event",
        "golden_profile",
        "detection",
    ],
)
def test_each_version_is_compatible_with_the_previous(name):
    """Backward and forward: new readers read old data, old readers read new data."""
    history = load_catalog().history(name)
    checker = ReaderWriterCompatibilityChecker()
    for older, newer in itertools.pairwise(history):
        old, new = avro_parse(older.source), avro_parse(newer.source)
        for reader, writer in ((new, old), (old, new)):
            result = checker.get_compatibility(reader, writer)
            assert result.compatibility is SchemaCompatibilityType.compatible, result.messages


def test_compatibility_checker_catches_a_breaking_change():
    """The check above can fail: a new required field without default breaks old data."""
    current = json.loads(load_catalog().current("interaction").source)
    broken = dict(current, fields=[*current["fields"], {"name": "x", "type": "string"}])
    result = ReaderWriterCompatibilityChecker().get_compatibility(
        avro_parse(json.dumps(broken)), avro_parse(json.dumps(current))
    )
    assert result.compatibility is SchemaCompatibilityType.incompatible


def test_a_broken_schema_file_fails_at_boot(tmp_path: Path):
    (tmp_path / "history").mkdir()
    (tmp_path / "bad.avsc").write_text(
        '{"type": "record", "name": "Bad", "fields": [{"name": "a"}]}'
    )
    with pytest.raises(ConfigError, match=r"bad\.avsc"):
        read_catalog(tmp_path)


def test_history_versions_come_before_the_current_file(tmp_path: Path):
    (tmp_path / "history").mkdir()
    source = (SCHEMA_DIR / "timeline_entry.avsc").read_text()
    (tmp_path / "history" / "timeline_entry.v1.avsc").write_text(source)
    evolved = json.loads(source)
    evolved["fields"].append(
        {"name": "extra", "type": ["null", "string"], "default": None, "doc": "x"}
    )
    (tmp_path / "timeline_entry.avsc").write_text(json.dumps(evolved))
    catalog = read_catalog(tmp_path)
    assert [v.version for v in catalog.history("timeline_entry")] == [1, 2]
    assert catalog.current("timeline_entry").version == 2
