"""Recall, computed with scikit-learn (binary, multiclass and multilabel)."""
import datasets
import evaluate
import numpy
from sklearn.metrics import recall_score

_DESCRIPTION = "Recall = TP / (TP + FN), computed with scikit-learn."

_KWARGS_DESCRIPTION = """
Args:
    predictions (list of int): predicted labels (lists of 0/1 with the "multilabel" config).
    references (list of int): ground truth labels, same shape as predictions.
    labels (list of int): labels to include when average != "binary". Defaults to None.
    pos_label (int): the positive class when average="binary". Defaults to 1.
    average (str): "binary" (default), "micro", "macro", "weighted", "samples" or None
        (None returns one score per class).
    sample_weight (list of float): per-example weights. Defaults to None.
    zero_division ("warn", 0 or 1): value returned when a class has no predicted/true examples.
Returns:
    recall (float, or array of float when average=None).
Example:
    >>> metric = evaluate.load("recall")
    >>> metric.compute(predictions=[0, 1, 1], references=[0, 1, 0])
    {'recall': 1.0}
"""

SKLEARN_DOCS = "https://scikit-learn.org/stable/modules/generated/sklearn.metrics."


class Recall(evaluate.Metric):
    def _info(self):
        label = datasets.Value("int32")
        if self.config_name == "multilabel":
            label = datasets.Sequence(label)
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="",
            inputs_description=_KWARGS_DESCRIPTION,
            features=datasets.Features({"predictions": label, "references": label}),
            reference_urls=[SKLEARN_DOCS + "recall_score.html"],
        )

    def _compute(self, predictions, references, labels=None, pos_label=1, average="binary",
                 sample_weight=None, zero_division="warn"):
        score = recall_score(
            references, predictions, labels=labels, pos_label=pos_label, average=average,
            sample_weight=sample_weight, zero_division=zero_division)
        return {"recall": float(score) if numpy.ndim(score) == 0 else score}
