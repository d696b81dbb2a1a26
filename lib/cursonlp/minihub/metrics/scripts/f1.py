"""F1, computed with scikit-learn (binary, multiclass and multilabel)."""
import datasets
import evaluate
import numpy
from sklearn.metrics import f1_score

_DESCRIPTION = "F1 = 2 * (precision * recall) / (precision + recall), computed with scikit-learn."

_KWARGS_DESCRIPTION = """
Args:
    predictions (list of int): predicted labels (lists of 0/1 with the "multilabel" config).
    references (list of int): ground truth labels, same shape as predictions.
    labels (list of int): labels to include when average != "binary". Defaults to None.
    pos_label (int): the positive class when average="binary". Defaults to 1.
    average (str): "binary" (default), "micro", "macro", "weighted", "samples" or None
        (None returns one score per class).
    sample_weight (list of float): per-example weights. Defaults to None.
Returns:
    f1 (float, or array of float when average=None).
Example:
    >>> metric = evaluate.load("f1")
    >>> metric.compute(predictions=[0, 1, 1], references=[0, 1, 0])
    {'f1': 0.6666666666666666}
"""

SKLEARN_DOCS = "https://scikit-learn.org/stable/modules/generated/sklearn.metrics."


class F1(evaluate.Metric):
    def _info(self):
        label = datasets.Value("int32")
        if self.config_name == "multilabel":
            label = datasets.Sequence(label)
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="",
            inputs_description=_KWARGS_DESCRIPTION,
            features=datasets.Features({"predictions": label, "references": label}),
            reference_urls=[SKLEARN_DOCS + "f1_score.html"],
        )

    def _compute(self, predictions, references, labels=None, pos_label=1, average="binary",
                 sample_weight=None):
        score = f1_score(
            references, predictions, labels=labels, pos_label=pos_label, average=average,
            sample_weight=sample_weight)
        return {"f1": float(score) if numpy.ndim(score) == 0 else score}
