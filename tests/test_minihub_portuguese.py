"""The Portuguese stand-in `neuralmind/bert-base-portuguese-cased` (BERTimbau)."""
from transformers import AutoModelForMaskedLM, AutoTokenizer, BertTokenizer

from cursonlp.minihub import resolve, standin
from cursonlp.minihub.standins import portuguese

HUB_ID = portuguese.HUB_ID


def test_held_out_sentences_never_reach_training():
    train, heldout = set(portuguese.sentences()), portuguese.sentences(heldout=True)
    assert len(heldout) > 200 and not train & set(heldout)


def test_tokenizer_is_a_cased_wordpiece_that_keeps_accents():
    tokenizer = AutoTokenizer.from_pretrained(resolve(HUB_ID))
    assert isinstance(tokenizer, BertTokenizer) and tokenizer.mask_token == "[MASK]"
    tokens = tokenizer.tokenize("Você já foi a São Paulo? Não!")
    assert "[UNK]" not in tokens and "São" in tokens
    assert tokenizer.decode(tokenizer("Brasília é ótima!")["input_ids"], skip_special_tokens=True) == "Brasília é ótima!"


def test_loads_as_a_masked_language_model_with_its_card():
    model = AutoModelForMaskedLM.from_pretrained(resolve(HUB_ID))
    assert type(model).__name__ == "BertForMaskedLM"
    card = (resolve(HUB_ID) / "README.md").read_text()
    assert "language:\n- pt" in card and "miniatura local" in card


def test_quality_rows_pass():
    rows = standin(HUB_ID).quality(resolve(HUB_ID))
    assert rows and all(row.passed for row in rows), rows
