"""Writing stand-ins in the same layout as a Hub repository: data files, configs and a card."""
from __future__ import annotations

from pathlib import Path

import yaml
from datasets import DatasetDict

DISCLAIMER = ("Esta é uma **miniatura local** construída pelo Curso NLP para rodar o curso sem "
              "internet. Não é o original do Hugging Face Hub e não tem a qualidade dele.")


def save_dataset(out_dir: Path, configs: dict[str, DatasetDict], hub_id: str, card: str,
                 license: str = "apache-2.0") -> None:
    """Save one or more configs as parquet files + a README whose YAML header declares them,
    so that `load_dataset(out_dir, config)` gives the same splits, columns and features."""
    entries = []
    for config, splits in configs.items():
        files = []
        for split, ds in splits.items():
            rel = f"{config}/{split}.parquet"
            (out_dir / config).mkdir(parents=True, exist_ok=True)
            ds.to_parquet(out_dir / rel)
            files.append({"split": split, "path": rel})
        entries.append({"config_name": config, "data_files": files})
    if len(entries) == 1:
        entries[0]["default"] = True
    header = yaml.safe_dump({"license": license, "configs": entries}, sort_keys=False)
    (out_dir / "README.md").write_text(
        f"---\n{header}---\n\n# Miniatura de `{hub_id}`\n\n{DISCLAIMER}\n\n{card.strip()}\n")


def save_card(out_dir: Path, hub_id: str, card: str) -> None:
    """Model card of a checkpoint stand-in: says what it is, what it was trained on, and how."""
    (out_dir / "README.md").write_text(
        f"---\nlicense: apache-2.0\n---\n\n# Miniatura de `{hub_id}`\n\n{DISCLAIMER}\n\n{card.strip()}\n")
