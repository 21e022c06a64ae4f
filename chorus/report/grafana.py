"""The report's panels as a Grafana dashboard (grafana-clickhouse-datasource), same SQL.

``deploy/grafana/dashboards/chorus.json`` is generated from :data:`chorus.report.queries.PANELS`
by ``python -m chorus.report.grafana deploy/grafana/dashboards/chorus.json`` (``make grafana``);
a unit test fails when the file and the generator disagree, and runs every panel's SQL against a
real chdb store, so the dashboard cannot drift from the report or rot against the schema.

The report's placeholders become dashboard variables: ``{switch_hours}`` → ``${switch_hours}``
(a custom variable), ``{customer}`` → ``${customer:sqlstring}`` (a query variable; Grafana's
``sqlstring`` format quotes the value and doubles any quote in it).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from chorus.report.queries import (
    CUSTOMER_CHOICES_SQL,
    DEFAULT_SWITCH_HOURS,
    LIFE_EVENTS,
    SWITCHES,
    TIMELINE,
    VALUE_TIERS,
    VOLUMES,
    Panel,
)

DATASOURCE = {"type": "grafana-clickhouse-datasource", "uid": "chorus-clickhouse"}
DASHBOARD_UID = "chorus-report"
# the plugin's query formats (src/types.ts: Format)
FORMAT_TIME_SERIES = 0
FORMAT_TABLE = 1
SWITCH_HOUR_CHOICES = (1, 6, 24, 72, 168)


def grafana_sql(panel: Panel) -> str:
    return panel.sql.replace("{switch_hours}", "${switch_hours}").replace(
        "{customer}", "${customer:sqlstring}"
    )


def dashboard() -> dict[str, Any]:
    layout: list[tuple[Panel, str, int, dict[str, Any]]] = [
        (VOLUMES, "timeseries", FORMAT_TIME_SERIES, _stacked_bars()),
        (SWITCHES, "table", FORMAT_TABLE, {}),
        (LIFE_EVENTS, "timeseries", FORMAT_TIME_SERIES, _stacked_bars()),
        (VALUE_TIERS, "bargauge", FORMAT_TABLE, _bar_gauge()),
        (TIMELINE, "table", FORMAT_TABLE, {}),
    ]
    heights = {"timeseries": 9, "table": 10, "bargauge": 8}
    panels = []
    y = 0
    for number, (panel, kind, fmt, extra) in enumerate(layout, start=1):
        title = panel.title
        description = panel.description.replace("{switch_hours}", "$switch_hours")
        if panel in (LIFE_EVENTS, VALUE_TIERS):
            description += f" Shows an error until the table {next(iter(panel.needs))} exists."
        if panel is TIMELINE:
            title = "Timeline of customer $customer"
        panels.append(
            {
                "id": number,
                "type": kind,
                "title": title,
                "description": description,
                "datasource": DATASOURCE,
                "gridPos": {"h": heights[kind], "w": 24, "x": 0, "y": y},
                "targets": [
                    {
                        "refId": "A",
                        "datasource": DATASOURCE,
                        "editorType": "sql",
                        "queryType": "timeseries" if fmt == FORMAT_TIME_SERIES else "table",
                        "format": fmt,
                        "rawSql": grafana_sql(panel),
                    }
                ],
                **extra,
            }
        )
        y += heights[kind]
    return {
        "uid": DASHBOARD_UID,
        "title": "Chorus: cross-channel report",
        "description": "The panels of `chorus report`, same SQL (chorus/report/queries.py).",
        "tags": ["chorus"],
        "editable": True,
        "schemaVersion": 39,
        "version": 1,
        "time": {"from": "now-2y", "to": "now"},
        "timezone": "utc",
        "refresh": "",
        "templating": {"list": [_switch_hours_variable(), _customer_variable()]},
        "annotations": {"list": []},
        "panels": panels,
    }


def _stacked_bars() -> dict[str, Any]:
    return {
        "fieldConfig": {
            "defaults": {
                "custom": {
                    "drawStyle": "bars",
                    "fillOpacity": 80,
                    "stacking": {"mode": "normal", "group": "A"},
                }
            },
            "overrides": [],
        },
        "options": {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": True}},
    }


def _bar_gauge() -> dict[str, Any]:
    return {
        "options": {
            "orientation": "horizontal",
            "displayMode": "basic",
            "reduceOptions": {"values": True, "calcs": [], "fields": ""},
        }
    }


def _switch_hours_variable() -> dict[str, Any]:
    default = str(DEFAULT_SWITCH_HOURS)
    return {
        "name": "switch_hours",
        "label": "switch window (hours)",
        "type": "custom",
        "query": ",".join(str(h) for h in SWITCH_HOUR_CHOICES),
        "current": {"text": default, "value": default},
        "options": [
            {"text": str(h), "value": str(h), "selected": h == DEFAULT_SWITCH_HOURS}
            for h in SWITCH_HOUR_CHOICES
        ],
    }


def _customer_variable() -> dict[str, Any]:
    return {
        "name": "customer",
        "label": "customer",
        "type": "query",
        "datasource": DATASOURCE,
        "query": CUSTOMER_CHOICES_SQL,
        "definition": CUSTOMER_CHOICES_SQL,
        "refresh": 1,  # on dashboard load
        "sort": 0,  # keep the query's order: the most channels first
    }


def dumps() -> str:
    return json.dumps(dashboard(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: python -m chorus.report.grafana OUT.json\n")
        return 2
    Path(argv[0]).write_text(dumps(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
