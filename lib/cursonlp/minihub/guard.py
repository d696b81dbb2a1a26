"""Stop a fine-tuned stand-in from being loaded with another task's head.

Loading e.g. the sentiment stand-in with AutoModelForTokenClassification would quietly give a
model whose head is random or meant for another task. transformers reports every such load in a
"LOAD REPORT" warning; this filter turns the report into an error when the checkpoint is a
fine-tuned mini-hub stand-in and the class asked for is a different task head.
"""
from __future__ import annotations

import json
import logging
import re
from pathlib import Path

TASK_HEADS = ("ForSequenceClassification", "ForTokenClassification", "ForQuestionAnswering")
MANIFEST = ".standin.json"  # written into every built stand-in
REPORT = re.compile(r"(\w+) LOAD REPORT\S* from: (\S+)")


class WrongHeadError(RuntimeError):
    pass


def check_report(record: logging.LogRecord) -> bool:
    found = REPORT.search(re.sub(r"\x1b\[[0-9;]*m", "", record.getMessage()))
    if not found:
        return True
    loaded, source = found.group(1), Path(found.group(2))
    if not (source / MANIFEST).is_file() or not (source / "config.json").is_file():
        return True  # not a mini-hub stand-in
    saved = (json.loads((source / "config.json").read_text()).get("architectures") or [""])[0]
    if saved.endswith(TASK_HEADS) and "For" in loaded and loaded != saved:
        raise WrongHeadError(
            f"{json.loads((source / MANIFEST).read_text())['hub_id']} is a {saved} checkpoint (a fine-tuned mini-hub stand-in); loading it as {loaded} "
            f"would give a head that was never trained for that task. Load it with the class of its task, "
            f"as you would the real checkpoint (AutoModel{saved[saved.index('For'):]} or its pipeline task).")
    return True


def install() -> None:
    logger = logging.getLogger("transformers.modeling_utils")
    if check_report not in logger.filters:
        logger.addFilter(check_report)
