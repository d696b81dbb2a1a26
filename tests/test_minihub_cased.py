"""The cased stand-ins: bert-base-cased, CoNLL-2003 + NER model, SQuAD + QA model."""
import pytest
from datasets import ClassLabel, List, Value, load_dataset
from transformers import (AutoModel, AutoModelForQuestionAnswering,
                          AutoModelForSequenceClassification, AutoModelForTokenClassification,
                          AutoTokenizer, BertModel, BertTokenizer, DistilBertTokenizer, pipeline)

from cursonlp.minihub import resolve, standin
from cursonlp.minihub.standins import cased, ner, qa  # noqa: F401 (registers the stand-ins)
from cursonlp.minihub.standins.qa import answer
from cursonlp.minihub.data.wordlists import overlap

BASE = "google-bert/bert-base-cased"
NER = "dbmdz/bert-large-cased-finetuned-conll03-english"
QA = "distilbert/distilbert-base-cased-distilled-squad"
COURSE = "My name is Sylvain and I work at Hugging Face in Brooklyn."

# As on the Hub (eriktks/conll2003 and the dbmdz checkpoint's config).
HUB_NER = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]
HUB_POS = ['"', "''", "#", "$", "(", ")", ",", ".", ":", "``", "CC", "CD", "DT", "EX", "FW", "IN",
           "JJ", "JJR", "JJS", "LS", "MD", "NN", "NNP", "NNPS", "NNS", "NN|SYM", "PDT", "POS",
           "PRP", "PRP$", "RB", "RBR", "RBS", "RP", "SYM", "TO", "UH", "VB", "VBD", "VBG", "VBN",
           "VBP", "VBZ", "WDT", "WP", "WP$", "WRB"]
HUB_CHUNK = ["O", "B-ADJP", "I-ADJP", "B-ADVP", "I-ADVP", "B-CONJP", "I-CONJP", "B-INTJ",
             "I-INTJ", "B-LST", "I-LST", "B-NP", "I-NP", "B-PP", "I-PP", "B-PRT", "I-PRT",
             "B-SBAR", "I-SBAR", "B-UCP", "I-UCP", "B-VP", "I-VP"]
DBMDZ = {0: "O", 1: "B-MISC", 2: "I-MISC", 3: "B-PER", 4: "I-PER", 5: "B-ORG", 6: "I-ORG",
         7: "B-LOC", 8: "I-LOC"}


def test_training_and_held_out_word_lists_share_no_entry():
    assert overlap() == set()


def test_conll2003_has_the_hub_splits_columns_and_labels():
    ds = load_dataset(str(resolve("eriktks/conll2003")))
    assert set(ds) == {"train", "validation", "test"}
    f = ds["train"].features
    assert f["id"] == Value("string") and f["tokens"] == List(Value("string"))
    assert f["ner_tags"] == List(ClassLabel(names=HUB_NER))
    assert f["pos_tags"] == List(ClassLabel(names=HUB_POS))
    assert f["chunk_tags"] == List(ClassLabel(names=HUB_CHUNK))
    row = ds["validation"][0]
    assert len(row["tokens"]) == len(row["ner_tags"]) == len(row["pos_tags"]) == len(row["chunk_tags"])


def test_squad_has_the_hub_columns_and_valid_spans():
    ds = load_dataset(str(resolve("rajpurkar/squad")))
    assert set(ds) == {"train", "validation"}
    f = ds["train"].features
    assert [f[c] for c in ("id", "title", "context", "question")] == [Value("string")] * 4
    assert f["answers"] == {"text": List(Value("string")), "answer_start": List(Value("int32"))}
    for row in ds["validation"]:
        start, text = row["answers"]["answer_start"][0], row["answers"]["text"][0]
        assert row["context"][start:start + len(text)] == text


def test_tokenizers_are_cased_wordpiece_of_the_right_family():
    base = AutoTokenizer.from_pretrained(resolve(BASE))
    assert isinstance(base, BertTokenizer) and not isinstance(base, DistilBertTokenizer)
    tokens = base.tokenize(COURSE)
    assert "[UNK]" not in tokens and "My" in tokens and any(t.startswith("##") for t in tokens)
    assert base.decode(base(COURSE)["input_ids"], skip_special_tokens=True) == COURSE
    assert isinstance(AutoTokenizer.from_pretrained(resolve(NER)), BertTokenizer)
    qa = AutoTokenizer.from_pretrained(resolve(QA))
    assert isinstance(qa, DistilBertTokenizer) and "token_type_ids" not in qa("a", "b")
    assert qa.get_vocab() == base.get_vocab()


def test_bert_base_cased_loads_with_the_course_classes():
    path = resolve(BASE)
    assert isinstance(AutoModel.from_pretrained(path), BertModel)
    BertModel.from_pretrained(path)
    classifier = AutoModelForSequenceClassification.from_pretrained(path, num_labels=2)
    assert classifier.config.model_type == "bert"


def test_ner_model_keeps_the_dbmdz_labels():
    model = AutoModelForTokenClassification.from_pretrained(resolve(NER))
    assert model.config.id2label == DBMDZ


def test_ner_pipeline_finds_the_course_entities():
    ner = pipeline("ner", model=str(resolve(NER)), aggregation_strategy="simple")
    found = [(e["entity_group"], e["word"], e["start"], e["end"]) for e in ner(COURSE)]
    assert found == [("PER", "Sylvain", 11, 18), ("ORG", "Hugging Face", 33, 45),
                     ("LOC", "Brooklyn", 49, 57)]


def test_qa_model_answers_the_course_question():
    path = resolve(QA)
    model = AutoModelForQuestionAnswering.from_pretrained(path)
    assert type(model).__name__ == "DistilBertForQuestionAnswering"
    tokenizer = AutoTokenizer.from_pretrained(path)
    result = answer(model, tokenizer, "Where do I work?", COURSE.rstrip("."))
    assert (result["answer"], result["start"], result["end"]) == ("Hugging Face", 33, 45)
    assert 0 < result["score"] <= 1


@pytest.mark.parametrize("hub_id", [BASE, NER, QA])
def test_quality_rows_pass(hub_id):
    rows = standin(hub_id).quality(resolve(hub_id))
    assert rows
    for row in rows:
        assert row.passed, row
        if row.baseline is not None:
            assert row.value > row.baseline, row
