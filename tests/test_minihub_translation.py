"""The translation stand-ins: opus_books en-fr and a small Marian fr->en model that translates."""
import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

import pytest  # noqa: E402
from datasets import Translation, Value, load_dataset  # noqa: E402
from transformers import AutoModelForSeq2SeqLM, AutoTokenizer, MarianMTModel, MarianTokenizer  # noqa: E402

from cursonlp.minihub import resolve  # noqa: E402
from cursonlp.minihub.standins import translation as tr  # noqa: E402


@pytest.fixture(scope="module")
def model_dir():
    return resolve(tr.MODEL_ID)


@pytest.fixture(scope="module")
def loaded(model_dir):
    return AutoTokenizer.from_pretrained(model_dir), AutoModelForSeq2SeqLM.from_pretrained(model_dir)


def test_pairs_are_deterministic_and_heldout_is_separate():
    train, heldout = tr.training_pairs(), tr.heldout_pairs()
    assert train == tr.training_pairs() and len(train) == tr.N_TRAIN
    assert tr.COURSE_EXAMPLE in train
    assert not set(train) & set(heldout)
    train_text = " ".join(fr for fr, _ in train)
    for name in tr.HELDOUT_NAMES["person"] + tr.HELDOUT_NAMES["city"]:
        assert f" {name} " not in f" {train_text} ".replace(".", " ")


def test_french_elision_and_english_agreement():
    assert tr.sentence(["est-ce que", "il", "aime", "le fromage"], ["does", "he", "like", "cheese"],
                       question=True) == ("Est-ce qu'il aime le fromage ?", "Does he like cheese?")
    grammar = tr.Grammar(tr.TRAIN_NAMES, seed=0)
    assert grammar.verb(tr.WORK, "3s") == ("travaille", "works")
    assert grammar.verb(tr.WORK, "3p") == ("travaillent", "work")


def test_dataset_has_the_hub_layout():
    data = load_dataset(str(resolve(tr.DATASET_ID)), "en-fr")
    assert list(data) == ["train"]
    features = data["train"].features
    assert features["id"] == Value("string")
    assert isinstance(features["translation"], Translation)
    assert features["translation"].languages == ["en", "fr"]
    row = data["train"][0]
    assert row["translation"] == {"en": tr.COURSE_EXAMPLE[1], "fr": tr.COURSE_EXAMPLE[0]}
    assert data["train"].num_rows == tr.N_TRAIN


def test_tokenizer_is_marian_sentencepiece(model_dir, loaded):
    tokenizer, _ = loaded
    assert isinstance(tokenizer, MarianTokenizer)
    for name in ("source.spm", "target.spm", "vocab.json", "README.md"):
        assert (model_dir / name).is_file()
    assert (tokenizer.eos_token_id, tokenizer.unk_token_id) == (0, 1)
    assert tokenizer.pad_token_id == len(tokenizer) - 1
    encoded = tokenizer(tr.COURSE_EXAMPLE[0])["input_ids"]
    assert encoded[-1] == tokenizer.eos_token_id and tokenizer.unk_token_id not in encoded
    assert tokenizer.decode(encoded, skip_special_tokens=True) == tr.COURSE_EXAMPLE[0]
    labels = tokenizer(text_target=tr.COURSE_EXAMPLE[1])["input_ids"]
    assert tokenizer.decode(labels, skip_special_tokens=True) == tr.COURSE_EXAMPLE[1]


def test_model_is_a_small_marian_with_beam_search(model_dir, loaded):
    _, model = loaded
    assert isinstance(model, MarianMTModel) and model.config.model_type == "marian"
    assert model.generation_config.num_beams == 4
    assert model.generation_config.max_length == tr.MAX_LENGTH
    assert model.config.decoder_start_token_id == model.config.pad_token_id
    megabytes = sum(p.stat().st_size for p in model_dir.iterdir()) / 2**20
    assert megabytes <= 10


def test_course_example_translation(loaded):
    tokenizer, model = loaded
    inputs = tokenizer([tr.COURSE_EXAMPLE[0]], return_tensors="pt")
    output = tokenizer.batch_decode(model.generate(**inputs), skip_special_tokens=True)
    assert output == [tr.COURSE_EXAMPLE[1]]


def test_quality_rows_pass(model_dir):
    rows = tr.check_model(model_dir)
    assert rows and all(row.passed for row in rows), rows
    bleu = rows[0]
    assert bleu.value >= bleu.baseline + 30
