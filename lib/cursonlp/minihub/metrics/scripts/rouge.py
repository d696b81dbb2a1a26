"""ROUGE: n-gram and longest-common-subsequence overlap, computed with the rouge-score package."""
import datasets
import evaluate
import numpy
from rouge_score import rouge_scorer

_DESCRIPTION = ("ROUGE F-measures (case-insensitive) of predictions against references, computed "
                "with Google Research's rouge-score package. The aggregate is the mean over examples.")

_KWARGS_DESCRIPTION = """
Args:
    predictions (list of str): the texts to score.
    references (list of str, or list of list of str): one reference (or several) per prediction.
    rouge_types (list of str): among "rouge1".."rouge9", "rougeL", "rougeLsum" (sentences split
        on newlines). Defaults to ["rouge1", "rouge2", "rougeL", "rougeLsum"].
    use_aggregator (bool): return the mean over examples (True, default) or one score per example.
    use_stemmer (bool): apply the Porter stemmer. Defaults to False.
    tokenizer (callable): str -> list of str, replaces rouge-score's default tokenizer.
Returns:
    rouge1, rouge2, rougeL, rougeLsum (float, or list of float if use_aggregator=False).
Example:
    >>> rouge = evaluate.load("rouge")
    >>> rouge.compute(predictions=["hello there", "general kenobi"],
    ...               references=["hello there", "general kenobi"])
    {'rouge1': 1.0, 'rouge2': 1.0, 'rougeL': 1.0, 'rougeLsum': 1.0}
"""

DEFAULT_TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]


class CallableTokenizer:
    """Gives a plain function the `tokenize` method that rouge-score expects."""

    def __init__(self, function):
        self.tokenize = function


class Rouge(evaluate.Metric):
    def _info(self):
        text = datasets.Value("string", id="sequence")
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="",
            inputs_description=_KWARGS_DESCRIPTION,
            features=[
                datasets.Features({"predictions": text, "references": datasets.Sequence(text)}),
                datasets.Features({"predictions": text, "references": text}),
            ],
            reference_urls=["https://github.com/google-research/google-research/tree/master/rouge"],
        )

    def _compute(self, predictions, references, rouge_types=None, use_aggregator=True,
                 use_stemmer=False, tokenizer=None):
        rouge_types = rouge_types or DEFAULT_TYPES
        scorer = rouge_scorer.RougeScorer(
            rouge_types=rouge_types, use_stemmer=use_stemmer,
            tokenizer=CallableTokenizer(tokenizer) if tokenizer else None)
        scores = [scorer.score_multi(ref, pred) if isinstance(ref, list) else scorer.score(ref, pred)
                  for ref, pred in zip(references, predictions)]
        per_example = {key: [float(s[key].fmeasure) for s in scores] for key in rouge_types}
        if use_aggregator:
            return {key: float(numpy.mean(values)) for key, values in per_example.items()}
        return per_example
