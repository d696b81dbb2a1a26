"""Accuracy: the fraction of predictions equal to their references (scikit-learn)."""
import datasets
import evaluate
from sklearn.metrics import accuracy_score

_DESCRIPTION = "Accuracy = (TP + TN) / (TP + TN + FP + FN), computed with scikit-learn."

_KWARGS_DESCRIPTION = """
Args:
    predictions (list of int): predicted labels (lists of 0/1 with the "multilabel" config).
    references (list of int): ground truth labels, same shape as predictions.
    normalize (bool): if False, return the number of correct predictions. Defaults to True.
    sample_weight (list of float): per-example weights. Defaults to None.
Returns:
    accuracy (float or int): the accuracy, or the number of hits if normalize=False.
Example:
    >>> accuracy = evaluate.load("accuracy")
    >>> accuracy.compute(predictions=[0, 1, 1], references=[0, 1, 0])
    {'accuracy': 0.6666666666666666}
"""

SKLEARN_DOCS = "https://scikit-learn.org/stable/modules/generated/sklearn.metrics."


class Accuracy(evaluate.Metric):
    def _info(self):
        label = datasets.Value("int32")
        if self.config_name == "multilabel":
            label = datasets.Sequence(label)
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="",
            inputs_description=_KWARGS_DESCRIPTION,
            features=datasets.Features({"predictions": label, "references": label}),
            reference_urls=[SKLEARN_DOCS + "accuracy_score.html"],
        )

    def _compute(self, predictions, references, normalize=True, sample_weight=None):
        score = accuracy_score(references, predictions, normalize=normalize, sample_weight=sample_weight)
        return {"accuracy": float(score)}
