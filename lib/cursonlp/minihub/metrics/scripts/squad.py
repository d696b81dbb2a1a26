"""SQuAD v1: exact match and token F1 of extracted answers, as in the official evaluation script."""
import collections
import re
import string

import datasets
import evaluate

_DESCRIPTION = ("Exact match and token-level F1 (0-100) between predicted and gold answers, after the "
                "official SQuAD v1.1 normalization (lowercase, no punctuation, no articles a/an/the).")

_KWARGS_DESCRIPTION = """
Args:
    predictions (list of dict): {"id": str, "prediction_text": str} per question.
    references (list of dict): {"id": str, "answers": {"text": list of str, "answer_start": list of int}}
        per question; the best-matching gold answer counts.
Returns:
    exact_match (float): percentage of predictions equal to a gold answer after normalization.
    f1 (float): average token F1 (percentage) against the best gold answer.
Example:
    >>> squad = evaluate.load("squad")
    >>> squad.compute(predictions=[{"id": "1", "prediction_text": "1976"}],
    ...               references=[{"id": "1", "answers": {"text": ["1976"], "answer_start": [97]}}])
    {'exact_match': 100.0, 'f1': 100.0}
"""

ARTICLES = re.compile(r"\b(a|an|the)\b")
PUNCTUATION = set(string.punctuation)


def normalize_answer(text):
    text = "".join(ch for ch in text.lower() if ch not in PUNCTUATION)
    return " ".join(ARTICLES.sub(" ", text).split())


def token_f1(prediction, gold):
    predicted, expected = normalize_answer(prediction).split(), normalize_answer(gold).split()
    same = sum((collections.Counter(predicted) & collections.Counter(expected)).values())
    if same == 0:
        return 0.0
    precision, recall = same / len(predicted), same / len(expected)
    return 2 * precision * recall / (precision + recall)


def exact_match(prediction, gold):
    return float(normalize_answer(prediction) == normalize_answer(gold))


class Squad(evaluate.Metric):
    def _info(self):
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="",
            inputs_description=_KWARGS_DESCRIPTION,
            features=datasets.Features({
                "predictions": {"id": datasets.Value("string"),
                                "prediction_text": datasets.Value("string")},
                "references": {"id": datasets.Value("string"),
                               "answers": datasets.Sequence({"text": datasets.Value("string"),
                                                             "answer_start": datasets.Value("int32")})},
            }),
            reference_urls=["https://rajpurkar.github.io/SQuAD-explorer/"],
        )

    def _compute(self, predictions, references):
        answers = {p["id"]: p["prediction_text"] for p in predictions}
        em = f1 = 0.0
        for ref in references:
            if ref["id"] not in answers:
                continue  # an unanswered question scores 0, as in the official script
            golds = ref["answers"]["text"]
            em += max(exact_match(answers[ref["id"]], gold) for gold in golds)
            f1 += max(token_f1(answers[ref["id"]], gold) for gold in golds)
        return {"exact_match": 100.0 * em / len(references), "f1": 100.0 * f1 / len(references)}
