"""Local `evaluate` metrics: one script per Hub metric, wrapping well-kept packages.

Each stand-in is a folder `<id>/<id>.py` (copied from `scripts/`) plus a card, so that
`evaluate.load(folder)` and `evaluate.load(folder, "mrpc")` work offline with the Hub's
`compute()` arguments and output keys.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from ..standins.folders import save_card
from ..registry import standin

SCRIPTS = Path(__file__).parent / "scripts"

# id -> (what it computes, the package it wraps)
METRICS = {
    "accuracy": ("acurácia (fração de acertos)", "scikit-learn"),
    "f1": ("F1 (binário, micro, macro ou ponderado)", "scikit-learn"),
    "precision": ("precisão (binária, micro, macro ou ponderada)", "scikit-learn"),
    "recall": ("revocação (binária, micro, macro ou ponderada)", "scikit-learn"),
    "glue": ("as métricas oficiais de cada tarefa do GLUE (configs mrpc, sst2, mnli, qqp, stsb, "
             "cola, qnli, rte, wnli, hans, mnli_matched, mnli_mismatched)", "scikit-learn e SciPy"),
    "seqeval": ("precisão, revocação e F1 por entidade em rotulagem de sequências (NER)", "seqeval"),
    "sacrebleu": ("BLEU de corpus (0 a 100) com a tokenização padronizada do SacreBLEU", "sacrebleu"),
    "rouge": ("ROUGE-1, ROUGE-2, ROUGE-L e ROUGE-Lsum (medida F); o agregado é a média simples "
              "dos exemplos, sem a reamostragem *bootstrap* do original", "rouge-score"),
    "squad": ("*exact match* e F1 de tokens (0 a 100) com a normalização oficial do SQuAD v1.1",
              "implementação própria do script oficial"),
}


def write_metric(out: Path, name: str) -> None:
    """Copy the script `scripts/<name>.py` into `out` and write the card."""
    script = SCRIPTS / f"{name}.py"
    if not script.is_file():
        raise FileNotFoundError(f"missing metric script {script}")
    shutil.copyfile(script, out / f"{name}.py")
    what, package = METRICS[name]
    config = ', "mrpc"' if name == "glue" else ""
    save_card(out, name, f"""
Métrica do 🤗 Evaluate escrita pelo curso: calcula {what}, usando {package}.
Mesmos argumentos de `compute()` e mesmas chaves de saída que a métrica `{name}` do Hub.

```python
import evaluate
metric = evaluate.load("<esta pasta>"{config})
```

A pasta precisa se chamar `{name}`, como o script `{name}.py` dentro dela.
""")


def _register(name: str) -> None:
    standin(name, "metric")(lambda out: write_metric(out, name))


for _name in METRICS:
    _register(_name)
