"""seqeval: entity-level precision, recall and F1 for sequence labelling (NER, chunking)."""
import datasets
import evaluate
import seqeval.scheme
from seqeval.metrics import accuracy_score
from seqeval.metrics import classification_report

_DESCRIPTION = ("Entity-level scores of sequence labelling (IOB1, IOB2, IOE1, IOE2, IOBES, BILOU), "
                "computed with the seqeval package.")

_KWARGS_DESCRIPTION = """
Args:
    predictions (list of list of str): predicted tags, e.g. [["O", "B-PER", "I-PER"]].
    references (list of list of str): ground truth tags, same shape as predictions.
    suffix (bool): True if the IOB prefix comes after the type ("PER-B"). Defaults to False.
    scheme (str): "IOB1", "IOB2", "IOE1", "IOE2", "IOBES" or "BILOU". Defaults to None (lenient).
    mode (str): "strict" to count only exact entity matches. Defaults to None.
    sample_weight (list of float): per-sentence weights. Defaults to None.
    zero_division ("warn", 0 or 1): value used when a division by zero happens. Defaults to "warn".
Returns:
    one dict per entity type {"precision", "recall", "f1", "number"}, and
    overall_precision, overall_recall, overall_f1, overall_accuracy (float).
Example:
    >>> seqeval = evaluate.load("seqeval")
    >>> predictions = [["O", "O", "B-MISC", "I-MISC", "I-MISC", "I-MISC", "O"], ["B-PER", "I-PER", "O"]]
    >>> references = [["O", "O", "O", "B-MISC", "I-MISC", "I-MISC", "O"], ["B-PER", "I-PER", "O"]]
    >>> seqeval.compute(predictions=predictions, references=references)["overall_f1"]
    0.5
"""

SCHEMES = ("IOB1", "IOB2", "IOE1", "IOE2", "IOBES", "BILOU")


class Seqeval(evaluate.Metric):
    def _info(self):
        tags = datasets.Sequence(datasets.Value("string", id="label"), id="sequence")
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="",
            inputs_description=_KWARGS_DESCRIPTION,
            features=datasets.Features({"predictions": tags, "references": tags}),
            reference_urls=["https://github.com/chakki-works/seqeval"],
        )

    def _compute(self, predictions, references, suffix=False, scheme=None, mode=None,
                 sample_weight=None, zero_division="warn"):
        if scheme is not None:
            if scheme not in SCHEMES:
                raise ValueError(f"scheme must be one of {list(SCHEMES)}, got {scheme!r}")
            scheme = getattr(seqeval.scheme, scheme)
        report = classification_report(
            y_true=references, y_pred=predictions, suffix=suffix, output_dict=True, scheme=scheme,
            mode=mode, sample_weight=sample_weight, zero_division=zero_division)
        report.pop("macro avg")
        report.pop("weighted avg")
        overall = report.pop("micro avg")
        scores = {name: {"precision": float(s["precision"]), "recall": float(s["recall"]),
                         "f1": float(s["f1-score"]), "number": int(s["support"])}
                  for name, s in report.items()}
        scores["overall_precision"] = float(overall["precision"])
        scores["overall_recall"] = float(overall["recall"])
        scores["overall_f1"] = float(overall["f1-score"])
        scores["overall_accuracy"] = float(accuracy_score(y_true=references, y_pred=predictions))
        return scores
