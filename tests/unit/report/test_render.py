"""The pure HTML rendering: given plain data, the right charts with the right number of marks."""

from __future__ import annotations

import re

import pytest

from chorus.report.model import Section, TierCount
from chorus.report.render import colours, nice_max, no_data_panel, render_report
from tests.unit.report.helpers import Charts, sample_data

ALL_CHARTS = {"volumes", "switches", "life_events", "value_tiers", "timeline"}


def test_every_chart_has_one_mark_per_row():
    data = sample_data()
    charts = Charts(render_report(data))
    assert charts.marks == {
        "volumes": len(data.volumes.rows),
        "switches": len(data.switches.rows),
        "life_events": len(data.life_events.rows),
        "value_tiers": len(data.value_tiers.rows),
        "timeline": len(data.timeline.rows),
    }
    assert charts.declared == charts.marks  # data-marks, what the page says it drew
    assert charts.no_data == {}


def test_empty_sections_render_the_no_data_panel_with_the_reason():
    data = sample_data(
        life_events=Section(missing="table life_events does not exist yet"),
        value_tiers=Section(missing="no rows yet"),
    )
    charts = Charts(render_report(data))
    assert set(charts.marks) == ALL_CHARTS - {"life_events", "value_tiers"}
    assert "No data yet" in charts.no_data["life_events"]
    assert "table life_events does not exist yet" in charts.no_data["life_events"]
    assert "no rows yet" in charts.no_data["value_tiers"]


def test_a_report_of_an_empty_store_is_all_no_data_panels():
    empty = Section(missing="table interactions does not exist yet")
    data = sample_data(
        volumes=empty,
        switches=empty,
        life_events=empty,
        value_tiers=empty,
        timeline=empty,
        sample=None,
    )
    charts = Charts(render_report(data))
    assert charts.marks == {}
    assert set(charts.no_data) == ALL_CHARTS


def test_the_page_is_self_contained():
    html = render_report(sample_data())
    assert html.startswith("<!doctype html>")
    for outside in ("http://", "https://", "src=", "<link", "@import", "url(", "//cdn"):
        assert outside not in html, outside
    assert Charts(html).scripts == 1  # one inline script, no external one


def test_data_is_escaped():
    html = render_report(sample_data())
    assert "<script>alert(1)</script>" not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in html
    assert len(re.findall(r"<script>", html)) == 1


def test_stacks_follow_the_data():
    """Bars of one week stack: the taller week is the one with more interactions."""
    html = render_report(sample_data())
    volumes = html[html.index('data-chart="volumes"') : html.index('id="switches"')]
    heights = [float(h) for h in re.findall(r'<rect class="mark"[^>]* height="([\d.]+)"', volumes)]
    web_week1, email_week1, web_week2 = heights[1], heights[0], heights[2]
    assert web_week1 > web_week2 > email_week1  # 10 > 7 > 4


def test_titles_carry_the_exact_values():
    html = render_report(sample_data())
    assert "web → email: 3 switches" in html
    assert "silver: 12 customers" in html
    assert "week of 2026-03-02 · web: 10 interactions" in html


def test_switch_window_is_stated():
    assert "at most 72 hours apart" in render_report(sample_data(switch_hours=72))


def test_tiers_keep_the_query_order():
    data = sample_data(value_tiers=Section(rows=(TierCount("b", 3), TierCount("a", 1))))
    html = render_report(data)
    assert html.index("b: 3 customers") < html.index("a: 1 customers")


def test_no_data_panel_escapes_its_reason():
    assert "&lt;b&gt;" in no_data_panel("x", "<b>")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, 1), (1, 1), (3, 5), (7, 10), (10, 10), (11, 20), (180, 200), (2400, 2500), (99, 100)],
)
def test_nice_max(value, expected):
    assert nice_max(value) == expected


def test_colours_are_stable_and_distinct():
    first = colours(["web", "email", "sms"])
    assert first == colours(["sms", "web", "email"])
    assert len(set(first.values())) == 3
