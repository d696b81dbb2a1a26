"""GLUE: the metric of each GLUE task (accuracy, F1, Matthews or Pearson/Spearman correlation)."""
import datasets
import evaluate
from scipy.stats import pearsonr
from scipy.stats import spearmanr
from sklearn.metrics import f1_score
from sklearn.metrics import matthews_corrcoef

_DESCRIPTION = ("The official metrics of each task of the GLUE benchmark, computed with scikit-learn "
                "and SciPy.")

_KWARGS_DESCRIPTION = """
Args:
    predictions (list of int, or of float for "stsb"): predicted labels or scores.
    references (list of int, or of float for "stsb"): ground truth labels or scores.
Returns, depending on the config (the GLUE task):
    accuracy: sst2, mnli, mnli_matched, mnli_mismatched, qnli, rte, wnli, hans, and mrpc/qqp;
    f1: mrpc, qqp;  matthews_correlation: cola;  pearson, spearmanr: stsb.
Example:
    >>> glue = evaluate.load("glue", "mrpc")
    >>> glue.compute(predictions=[0, 1, 1], references=[0, 1, 0])
    {'accuracy': 0.6666666666666666, 'f1': 0.6666666666666666}
"""

ACCURACY_TASKS = ("sst2", "mnli", "mnli_mismatched", "mnli_matched", "qnli", "rte", "wnli", "hans")
TASKS = ACCURACY_TASKS + ("mrpc", "qqp", "cola", "stsb")


def accuracy(predictions, references):
    return float((predictions == references).mean())


class Glue(evaluate.Metric):
    def _info(self):
        if self.config_name not in TASKS:
            raise ValueError(f"Unknown GLUE config {self.config_name!r}: use one of {list(TASKS)}, "
                           'e.g. evaluate.load("glue", "mrpc").')
        value = datasets.Value("float32" if self.config_name == "stsb" else "int64")
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="",
            inputs_description=_KWARGS_DESCRIPTION,
            features=datasets.Features({"predictions": value, "references": value}),
            reference_urls=["https://gluebenchmark.com/"],
            format="numpy",
        )

    def _compute(self, predictions, references):
        task = self.config_name
        if task == "cola":
            return {"matthews_correlation": float(matthews_corrcoef(references, predictions))}
        if task == "stsb":
            return {"pearson": float(pearsonr(predictions, references)[0]),
                    "spearmanr": float(spearmanr(predictions, references)[0])}
        if task in ("mrpc", "qqp"):
            return {"accuracy": accuracy(predictions, references),
                    "f1": float(f1_score(references, predictions))}
        return {"accuracy": accuracy(predictions, references)}
