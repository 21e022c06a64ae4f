"""``chorus report``: cross-channel analytics as one self-contained HTML file.

``queries`` (SQL → plain data) → ``model`` (the plain data) → ``render`` (data → HTML), and
``grafana`` (the same SQL as a Grafana dashboard). Only ``queries.collect`` touches a database,
through a runner it is given.
"""

from chorus.report.model import ReportData, Section
from chorus.report.queries import PANELS, collect
from chorus.report.render import render_report

__all__ = ["PANELS", "ReportData", "Section", "collect", "render_report"]
