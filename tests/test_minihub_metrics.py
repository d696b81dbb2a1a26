"""The local evaluate metrics give the same numbers as the packages they wrap, offline."""
import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

import evaluate  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import sacrebleu  # noqa: E402
from rouge_score import rouge_scorer  # noqa: E402
from scipy.stats import pearsonr, spearmanr  # noqa: E402
from seqeval.metrics import accuracy_score as seq_accuracy  # noqa: E402
from seqeval.metrics import classification_report  # noqa: E402
from sklearn import metrics as sk  # noqa: E402

from cursonlp.minihub.metrics import METRICS  # noqa: E402
from cursonlp.minihub.registry import REGISTRY  # noqa: E402

PREDS = [0, 1, 1, 0, 2, 1, 1, 0]
REFS = [0, 1, 0, 0, 2, 2, 1, 1]
BINARY_PREDS = [0, 1, 1, 0, 1, 1, 1, 0]
BINARY_REFS = [0, 1, 0, 0, 1, 0, 1, 1]


@pytest.fixture(scope="module")
def metric_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("metrics")

    def build(name):
        out = root / name
        if not out.exists():
            out.mkdir()
            REGISTRY[name].build(out)
        return str(out)

    return build


def load(metric_dir, name, config=None):
    return evaluate.load(metric_dir(name), config) if config else evaluate.load(metric_dir(name))


def test_every_metric_is_registered_with_a_card(metric_dir):
    for name in METRICS:
        assert REGISTRY[name].kind == "metric"
        folder = metric_dir(name)
        assert os.path.isfile(os.path.join(folder, f"{name}.py"))
        assert "miniatura" in open(os.path.join(folder, "README.md"), encoding="utf-8").read().lower()


def test_accuracy(metric_dir):
    result = load(metric_dir, "accuracy").compute(predictions=PREDS, references=REFS)
    assert result == {"accuracy": pytest.approx(sk.accuracy_score(REFS, PREDS))}
    multi = load(metric_dir, "accuracy", "multilabel").compute(
        predictions=[[0, 1], [1, 1]], references=[[0, 1], [1, 0]])
    assert multi["accuracy"] == pytest.approx(0.5)


@pytest.mark.parametrize("name,function", [("f1", sk.f1_score), ("precision", sk.precision_score),
                                           ("recall", sk.recall_score)])
def test_f1_precision_recall(metric_dir, name, function):
    metric = load(metric_dir, name)
    binary = metric.compute(predictions=BINARY_PREDS, references=BINARY_REFS)
    assert binary == {name: pytest.approx(function(BINARY_REFS, BINARY_PREDS))}
    macro = metric.compute(predictions=PREDS, references=REFS, average="macro")
    assert macro[name] == pytest.approx(function(REFS, PREDS, average="macro"))
    per_class = metric.compute(predictions=PREDS, references=REFS, average=None)
    np.testing.assert_allclose(per_class[name], function(REFS, PREDS, average=None))


def test_glue_mrpc_accumulates_batches(metric_dir):
    metric = load(metric_dir, "glue", "mrpc")
    for start in range(0, len(BINARY_PREDS), 3):
        metric.add_batch(predictions=np.array(BINARY_PREDS[start:start + 3]),
                         references=np.array(BINARY_REFS[start:start + 3]))
    assert metric.compute() == {"accuracy": pytest.approx(sk.accuracy_score(BINARY_REFS, BINARY_PREDS)),
                                "f1": pytest.approx(sk.f1_score(BINARY_REFS, BINARY_PREDS))}


@pytest.mark.parametrize("config", ["sst2", "mnli", "qqp", "cola", "stsb"])
def test_glue_configs(metric_dir, config):
    result = load(metric_dir, "glue", config).compute(predictions=BINARY_PREDS, references=BINARY_REFS)
    accuracy = pytest.approx(sk.accuracy_score(BINARY_REFS, BINARY_PREDS))
    expected = {
        "sst2": {"accuracy": accuracy},
        "mnli": {"accuracy": accuracy},
        "qqp": {"accuracy": accuracy, "f1": pytest.approx(sk.f1_score(BINARY_REFS, BINARY_PREDS))},
        "cola": {"matthews_correlation": pytest.approx(sk.matthews_corrcoef(BINARY_REFS, BINARY_PREDS))},
        "stsb": {"pearson": pytest.approx(pearsonr(BINARY_PREDS, BINARY_REFS)[0], rel=1e-5),
                 "spearmanr": pytest.approx(spearmanr(BINARY_PREDS, BINARY_REFS)[0], rel=1e-5)},
    }[config]
    assert result == expected


def test_glue_rejects_unknown_config(metric_dir):
    with pytest.raises(ValueError, match="mrpc"):
        load(metric_dir, "glue", "not_a_task")


def test_seqeval(metric_dir):
    preds = [["O", "O", "B-MISC", "I-MISC", "I-MISC", "I-MISC", "O"], ["B-PER", "I-PER", "O"],
             ["B-LOC", "O", "B-ORG"]]
    refs = [["O", "O", "O", "B-MISC", "I-MISC", "I-MISC", "O"], ["B-PER", "I-PER", "O"],
            ["B-LOC", "O", "B-PER"]]
    metric = load(metric_dir, "seqeval")
    metric.add_batch(predictions=preds[:2], references=refs[:2])
    metric.add_batch(predictions=preds[2:], references=refs[2:])
    result = metric.compute()
    report = classification_report(refs, preds, output_dict=True, zero_division=0)
    assert result["overall_precision"] == pytest.approx(report["micro avg"]["precision"])
    assert result["overall_recall"] == pytest.approx(report["micro avg"]["recall"])
    assert result["overall_f1"] == pytest.approx(report["micro avg"]["f1-score"])
    assert result["overall_accuracy"] == pytest.approx(seq_accuracy(refs, preds))
    for entity in ("LOC", "MISC", "ORG", "PER"):
        assert set(result[entity]) == {"precision", "recall", "f1", "number"}
        assert result[entity]["f1"] == pytest.approx(report[entity]["f1-score"])
        assert result[entity]["number"] == report[entity]["support"]


def test_sacrebleu(metric_dir):
    preds = ["the cat sat on the mat", "a course produced by a company"]
    refs = [["the cat is on the mat"], ["this course is produced by a company"]]
    result = load(metric_dir, "sacrebleu").compute(predictions=preds, references=refs)
    bleu = sacrebleu.corpus_bleu(preds, [[r[0] for r in refs]])
    assert set(result) == {"score", "counts", "totals", "precisions", "bp", "sys_len", "ref_len"}
    assert result["score"] == pytest.approx(bleu.score)
    assert result["counts"] == bleu.counts and result["totals"] == bleu.totals
    assert (result["sys_len"], result["ref_len"]) == (bleu.sys_len, bleu.ref_len)
    single = load(metric_dir, "sacrebleu").compute(predictions=preds, references=[r[0] for r in refs])
    assert single["score"] == pytest.approx(bleu.score)


def test_rouge(metric_dir):
    preds = ["the cat sat on the mat", "hello there general kenobi"]
    refs = ["the cat is on the mat", "hello there"]
    result = load(metric_dir, "rouge").compute(predictions=preds, references=refs)
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"])
    scores = [scorer.score(r, p) for r, p in zip(refs, preds)]
    assert set(result) == {"rouge1", "rouge2", "rougeL", "rougeLsum"}
    for key, value in result.items():
        assert value == pytest.approx(np.mean([s[key].fmeasure for s in scores]))
    per_example = load(metric_dir, "rouge").compute(predictions=preds, references=refs,
                                                    use_aggregator=False)
    assert per_example["rouge2"] == pytest.approx([s["rouge2"].fmeasure for s in scores])


def test_squad(metric_dir):
    preds = [{"id": "a", "prediction_text": "The Hugging Face company"},
             {"id": "b", "prediction_text": "in 1976"},
             {"id": "c", "prediction_text": "Paris!"}]
    refs = [{"id": "a", "answers": {"text": ["Hugging Face"], "answer_start": [0]}},
            {"id": "b", "answers": {"text": ["1975", "1976"], "answer_start": [3, 3]}},
            {"id": "c", "answers": {"text": ["paris"], "answer_start": [0]}}]
    result = load(metric_dir, "squad").compute(predictions=preds, references=refs)
    # a: 2 of 3 tokens (F1 0.8); b: "in 1976" vs "1976" (F1 2/3); c: exact after normalization
    assert result == {"exact_match": pytest.approx(100 / 3),
                      "f1": pytest.approx(100 * (0.8 + 2 / 3 + 1) / 3)}
