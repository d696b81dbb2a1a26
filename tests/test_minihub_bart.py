"""The BART stand-ins: MultiNLI + bart-large-mnli (zero-shot), CNN/DailyMail + distilbart-cnn."""
import pytest
from datasets import ClassLabel, load_dataset

from cursonlp.minihub import resolve
from cursonlp.minihub.standins import nli, summarization

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


@pytest.fixture(scope="module")
def mnli_model():
    return resolve(nli.MODEL_ID)


@pytest.fixture(scope="module")
def cnn_model():
    return resolve(summarization.MODEL_ID)


def test_multi_nli_splits_columns_labels():
    ds = load_dataset(str(resolve(nli.DATASET_ID)))
    assert set(ds) == {"train", "validation_matched", "validation_mismatched"}
    for split in ds.values():
        assert split.features == nli.FEATURES
    assert ds["train"].features["label"] == ClassLabel(names=["entailment", "neutral", "contradiction"])
    assert set(ds["train"]["label"]) == {0, 1, 2}
    zero_shot = [r for r in ds["train"] if r["hypothesis"].startswith("This example is ")]
    assert len(zero_shot) > len(ds["train"]) // 4


def test_multi_nli_mismatched_uses_other_premises():
    ds = load_dataset(str(resolve(nli.DATASET_ID)))
    train = set(ds["train"]["premise"])
    mismatched = ds["validation_mismatched"]["premise"]
    assert sum(p in train for p in mismatched) / len(mismatched) < 0.05


def test_mnli_sentences_start_with_a_capital():
    ds = load_dataset(str(resolve(nli.DATASET_ID)))
    for split in ds.values():
        assert all(r["premise"][0].isupper() and r["hypothesis"][0].isupper() for r in split)


def test_noise_words_are_inserted_never_first():
    import random

    rng = random.Random(0)
    for _ in range(50):
        noisy = nli.add_noise("We read a report on the exam.", ["zzz"], rng).split()
        assert noisy[0] == "We" and 1 <= noisy.count("zzz") <= 2
        assert [w for w in noisy if w != "zzz"] == "We read a report on the exam.".split()


def test_noise_words_carry_no_topic():
    words = nli.unrelated_words()
    keywords = set(nli.TOPICS) | {w for ws in nli.TOPICS.values() for w in ws}
    assert len(words) > 1000
    assert not keywords & set(words)
    assert not {"university", "election", "hospital", "restaurant", "football"} & set(words)


def test_cnn_dailymail_splits_columns():
    ds = load_dataset(str(resolve(summarization.DATASET_ID)), "3.0.0")
    assert set(ds) == {"train", "validation", "test"}
    for split in ds.values():
        assert split.column_names == ["article", "highlights", "id"]
    row = ds["test"][0]
    sentences = summarization.lead(row["article"], 99).count(". ") + 1
    assert 3 <= sentences <= 8
    assert row["highlights"].split("\n")[0] in row["article"]


def test_tokenizers_are_bart_family(mnli_model, cnn_model):
    from transformers import AutoConfig, AutoTokenizer, RobertaTokenizer

    for path in (mnli_model, cnn_model):
        tokenizer = AutoTokenizer.from_pretrained(path)
        assert isinstance(tokenizer, RobertaTokenizer)  # BartTokenizer is an alias of it
        assert [tokenizer.bos_token_id, tokenizer.pad_token_id, tokenizer.eos_token_id,
                tokenizer.unk_token_id] == [0, 1, 2, 3]
        assert tokenizer.mask_token == "<mask>"
        assert AutoConfig.from_pretrained(path).model_type == "bart"


def test_mnli_labels_like_the_checkpoint(mnli_model):
    from transformers import AutoConfig

    config = AutoConfig.from_pretrained(mnli_model)
    assert config.id2label == {0: "contradiction", 1: "neutral", 2: "entailment"}
    assert config.architectures == ["BartForSequenceClassification"]


def test_zero_shot_course_example(mnli_model):
    from transformers import pipeline

    classifier = pipeline("zero-shot-classification", model=str(mnli_model), device="cpu")
    result = classifier("This is a course about the Transformers library",
                        candidate_labels=["education", "politics", "business"])
    assert result["labels"][0] == "education"
    assert result["scores"][0] > 1 / 3


def test_summary_of_course_article(cnn_model):
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(cnn_model)
    model = AutoModelForSeq2SeqLM.from_pretrained(cnn_model)
    config = model.generation_config
    assert config.num_beams > 1 and config.no_repeat_ngram_size == 3 and config.early_stopping
    inputs = tokenizer(summarization.COURSE_ARTICLE, return_tensors="pt")
    summary = tokenizer.batch_decode(model.generate(**inputs), skip_special_tokens=True)[0]
    assert "engineering" in summary
    assert summary.strip().startswith("America has changed")
    assert "\n" not in summary and "  " not in summary.strip()


def test_summary_of_held_out_article(cnn_model):
    row = summarization.make_split(1, 99, True)[0]
    summary = summarization.summarize(cnn_model, [row["article"]])[0]
    assert summary.split(". ")[0] in row["highlights"]


@pytest.mark.parametrize("hub_id", [nli.MODEL_ID, summarization.MODEL_ID])
def test_quality_rows_pass(hub_id):
    from cursonlp.minihub import standin

    rows = standin(hub_id).quality(resolve(hub_id))
    assert rows
    failed = [r for r in rows if not r.passed]
    assert not failed, failed
