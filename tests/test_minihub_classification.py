"""The uncased classification stand-ins, built for real through the mini-hub cache."""
from __future__ import annotations

import pytest
import torch
from datasets import load_dataset

from cursonlp.minihub import resolve
from cursonlp.minihub.standins.classification import (BERT_MODEL, COURSE_SENTIMENT, SENTIMENT_HELD_OUT,
                                             SST2_MODEL, check_bert, check_sst2_model)

COURSE_IDS = [101, 2478, 1037, 10938, 2121, 2897, 2003, 3722, 102]  # "Using a Transformer network is simple"


@pytest.fixture(scope="module")
def sst2():
    return load_dataset(str(resolve("stanfordnlp/sst2")))


@pytest.fixture(scope="module")
def mrpc():
    return load_dataset(str(resolve("nyu-mll/glue")), "mrpc")


def test_sst2_dataset(sst2):
    assert set(sst2) == {"train", "validation", "test"}
    for split in sst2.values():
        assert split.column_names == ["idx", "sentence", "label"]
        assert split.features["label"].names == ["negative", "positive"]
        assert split.features["idx"].dtype == "int32"
    assert set(sst2["test"]["label"]) == {-1}
    train = sst2["train"]
    assert len(train) <= 5000 and 0.4 < sum(train["label"]) / len(train) < 0.7
    assert len(set(train["sentence"])) == len(train)
    lengths = [len(s.split()) for s in train["sentence"]]
    assert min(lengths) <= 5 and max(lengths) >= 20
    assert any(" not " in s for s in train["sentence"])


def test_sst2_held_out_sentences_are_not_in_training_data(sst2):
    seen = {s.strip().lower() for split in sst2.values() for s in split["sentence"]}
    assert not seen & {s.lower() for s, _ in SENTIMENT_HELD_OUT}


def test_mrpc_dataset(mrpc):
    assert set(mrpc) == {"train", "validation", "test"}
    for split in mrpc.values():
        assert split.column_names == ["sentence1", "sentence2", "label", "idx"]
        assert split.features["label"].names == ["not_equivalent", "equivalent"]
        assert split.features["idx"].dtype == "int32"
    assert set(mrpc["test"]["label"]) == {-1}
    assert 1000 <= len(mrpc["train"]) <= 1500 and 250 <= len(mrpc["validation"]) <= 400
    negatives = 1 - sum(mrpc["train"]["label"]) / len(mrpc["train"])
    assert 0.28 < negatives < 0.42


def _overlap(a: str, b: str) -> float:
    wa, wb = set(a.lower().strip(".").split()), set(b.lower().strip(".").split())
    return len(wa & wb) / len(wa | wb)


def test_mrpc_word_overlap_does_not_give_the_label(mrpc):
    """Word overlap is only a partial cue: the best threshold on it stays well below what a
    fine-tuned encoder reaches (about 0.2 above the majority class); the label needs meaning."""
    rows = mrpc["train"]
    scores = [_overlap(a, b) for a, b in zip(rows["sentence1"], rows["sentence2"])]
    labels = rows["label"]
    majority = max(sum(labels), len(labels) - sum(labels)) / len(labels)
    best = max(sum((s >= t) == bool(y) for s, y in zip(scores, labels)) / len(labels)
               for t in sorted(set(scores)))
    assert best < majority + 0.15


def test_bert_to_distilbert_conversion_keeps_hidden_states():
    from transformers import DistilBertModel, DistilBertTokenizer

    from cursonlp.minihub.standins.minilm import (bert_to_distilbert, conversion_error, distilbert_config,
                                         load_bert, load_tokenizer)
    bert = load_bert()
    distil = DistilBertModel(distilbert_config(bert.config))
    distil.load_state_dict(bert_to_distilbert(bert))
    tok = load_tokenizer(DistilBertTokenizer)
    for text in ["I hate this so much!", "Paris is the capital of France, and it is big."]:
        assert conversion_error(bert, distil, tok, text) < 1e-4


def test_sst2_model_loads_like_the_original():
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    path = resolve(SST2_MODEL)
    model = AutoModelForSequenceClassification.from_pretrained(path)
    assert type(model).__name__ == "DistilBertForSequenceClassification"
    assert model.config.id2label == {0: "NEGATIVE", 1: "POSITIVE"}
    tok = AutoTokenizer.from_pretrained(path)
    assert tok.model_max_length == 512 and "token_type_ids" not in tok("Hello world")
    assert tok("Using a Transformer network is simple")["input_ids"] == COURSE_IDS
    logits = model(**tok(["I hate this so much!"], return_tensors="pt")).logits
    assert logits.shape == (1, 2)


def test_sst2_pipeline_gives_the_course_answers():
    from transformers import pipeline

    classifier = pipeline("sentiment-analysis", model=str(resolve(SST2_MODEL)))
    results = classifier([text for text, _ in COURSE_SENTIMENT])
    assert [r["label"] for r in results] == [label for _, label in COURSE_SENTIMENT]
    assert all(r["score"] > 0.7 for r in results)


def test_sst2_quality_rows_pass():
    rows = check_sst2_model(resolve(SST2_MODEL))
    assert rows and all(r.passed for r in rows), rows
    assert all(r.baseline is None or r.value > r.baseline for r in rows)


def test_bert_tokenizer_gives_the_bert_base_uncased_ids():
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(resolve(BERT_MODEL))
    enc = tok("Using a Transformer network is simple")
    assert enc["input_ids"] == COURSE_IDS
    assert tok.convert_ids_to_tokens(enc["input_ids"])[2:5] == ["a", "transform", "##er"]
    pair = tok("How are you?", "Fine.")
    assert set(pair["token_type_ids"]) == {0, 1}


def test_bert_loads_with_auto_classes():
    from transformers import AutoModel, AutoModelForSequenceClassification

    from cursonlp.minihub.standins.minilm import load_bert

    path = resolve(BERT_MODEL)
    base = AutoModel.from_pretrained(path)
    assert type(base).__name__ == "BertModel"
    want = load_bert().state_dict()
    got = base.state_dict()
    assert all(torch.equal(got[k], want[k]) for k in want if k in got)
    assert "pooler.dense.weight" in got
    clf = AutoModelForSequenceClassification.from_pretrained(path, num_labels=2)
    assert type(clf).__name__ == "BertForSequenceClassification"
    assert clf.classifier.out_features == 2


def test_bert_transfer_quality_rows_pass():
    """Fine-tuned the same way, the pretrained stand-in beats random weights and the majority class."""
    rows = check_bert(resolve(BERT_MODEL))
    assert len(rows) == 2 and all(r.passed for r in rows), rows
