"""Stop a fine-tuned stand-in from being loaded with another task's head.

Loading e.g. the sentiment stand-in with AutoModelForTokenClassification would quietly give a
model whose head is random or meant for another task. transformers reports every such load in a
"LOAD REPORT" warning; this filter turns the report into an error when the checkpoint is a
fine-tuned mini-hub stand-in and the class asked for is a different task head.
"""
from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path

TASK_HEADS = ("ForSequenceClassification", "ForTokenClassification", "ForQuestionAnswering")
from .cache import MANIFEST
REPORT = re.compile(r"(\w+) LOAD REPORT\S* from: (\S+)")


class WrongHeadError(RuntimeError):
    pass


def standin_folder(source: str) -> Path | None:
    """The built folder behind `source`: a stand-in's folder itself, or a Hub id that the local
    Hub serves (HF_ENDPOINT on loopback); None for anything else."""
    if (Path(source) / MANIFEST).is_file():
        return Path(source)
    if os.environ.get("HF_ENDPOINT", "").startswith("http://127.0.0.1"):
        from .cache import folder, load_registry
        if source in load_registry():
            return folder(source)
    return None


def check_report(record: logging.LogRecord) -> bool:
    found = REPORT.search(re.sub(r"\x1b\[[0-9;]*m", "", record.getMessage()))
    if not found:
        return True
    loaded, source = found.group(1), standin_folder(found.group(2))
    if source is None or not (source / "config.json").is_file():
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
