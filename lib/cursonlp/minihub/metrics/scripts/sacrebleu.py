"""SacreBLEU: corpus BLEU with standard tokenization, computed with the sacrebleu package."""
import datasets
import evaluate
import sacrebleu as scb

_DESCRIPTION = "Corpus-level BLEU (0-100) with sacrebleu's reproducible tokenization and smoothing."

_KWARGS_DESCRIPTION = """
Args:
    predictions (list of str): the translations to score.
    references (list of list of str): the reference translations of each prediction (the same
        number for every prediction); a list of str means one reference per prediction.
    smooth_method (str): "none", "floor", "add-k" or "exp" (default).
    smooth_value (float): the value of the "floor" and "add-k" methods. Defaults to None.
    tokenize (str): "none", "zh", "13a" (default), "intl", "char", "ja-mecab", ...
    lowercase (bool): lowercase before scoring. Defaults to False.
    force (bool): accept already tokenized input. Defaults to False.
    use_effective_order (bool): skip empty n-gram orders (sentence-level BLEU). Defaults to False.
Returns:
    score (float), counts, totals (lists of int), precisions (list of float), bp (float),
    sys_len, ref_len (int).
Example:
    >>> sacrebleu = evaluate.load("sacrebleu")
    >>> sacrebleu.compute(predictions=["hello there general kenobi"],
    ...                   references=[["hello there general kenobi"]])["score"]
    100.00000000000004
"""


class Sacrebleu(evaluate.Metric):
    def _info(self):
        text = datasets.Value("string", id="sequence")
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="",
            homepage="https://github.com/mjpost/sacreBLEU",
            inputs_description=_KWARGS_DESCRIPTION,
            features=[
                datasets.Features({"predictions": text,
                                   "references": datasets.Sequence(text, id="references")}),
                datasets.Features({"predictions": text, "references": text}),
            ],
            reference_urls=["https://github.com/mjpost/sacreBLEU"],
        )

    def _compute(self, predictions, references, smooth_method="exp", smooth_value=None, force=False,
                 lowercase=False, tokenize=None, use_effective_order=False):
        if isinstance(references[0], str):
            references = [[ref] for ref in references]
        per_prediction = len(references[0])
        if any(len(refs) != per_prediction for refs in references):
            raise ValueError("sacrebleu needs the same number of references for every prediction.")
        streams = [[refs[i] for refs in references] for i in range(per_prediction)]
        bleu = scb.corpus_bleu(
            predictions, streams, smooth_method=smooth_method, smooth_value=smooth_value, force=force,
            lowercase=lowercase, tokenize=tokenize or "13a", use_effective_order=use_effective_order)
        return {"score": bleu.score, "counts": bleu.counts, "totals": bleu.totals,
                "precisions": bleu.precisions, "bp": bleu.bp, "sys_len": bleu.sys_len,
                "ref_len": bleu.ref_len}
