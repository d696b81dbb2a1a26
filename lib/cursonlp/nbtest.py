"""pytest plugin for the notebook runs (`-p cursonlp.nbtest`, set in pyproject.toml).

- nbval waits only 5 s for a cell's outputs once the cell has finished; on a busy machine that
  fails cells that ran fine, so the wait is raised to a minute.
- At the end, prints how long each notebook took (the sum of its cells).
"""
from collections import defaultdict

from nbval.plugin import IPyNbCell

OUTPUT_TIMEOUT = 60
_nbval_init = IPyNbCell.__init__


def _init(self, *args, **kwargs):
    _nbval_init(self, *args, **kwargs)
    self.output_timeout = OUTPUT_TIMEOUT


IPyNbCell.__init__ = _init


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
