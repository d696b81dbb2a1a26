"""Prints how long each notebook took under nbval (the sum of its cells)."""
from collections import defaultdict


def pytest_terminal_summary(terminalreporter):
    seconds = defaultdict(float)
    for reports in terminalreporter.stats.values():
        for report in reports:
            nodeid = getattr(report, "nodeid", "")
            if ".ipynb::" in nodeid and report.when == "call":
                seconds[nodeid.split("::")[0]] += report.duration
    if seconds:
        terminalreporter.section("notebook durations")
        for notebook, s in sorted(seconds.items()):
            terminalreporter.write_line(f"{s:7.1f} s  {notebook}")
        terminalreporter.write_line(f"{sum(seconds.values()):7.1f} s  total")
