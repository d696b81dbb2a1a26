"""What the BART stand-ins share: a byte-level BPE tokenizer, a small config and a training loop."""
from __future__ import annotations

import json
import math
import random
from typing import Callable, Iterable, Iterator

import torch
from tokenizers import ByteLevelBPETokenizer
from tqdm.auto import tqdm
from transformers import BartConfig, BartTokenizer

SPECIAL_TOKENS = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]  # ids 0..4, as BART's pad=1, eos=2


def train_tokenizer(texts: Iterable[str], vocab_size: int, max_length: int) -> BartTokenizer:
    """A BART (RoBERTa-family) byte-level BPE tokenizer trained on `texts`."""
    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(texts, vocab_size=vocab_size, min_frequency=2,
                            special_tokens=SPECIAL_TOKENS, show_progress=False)
    merges = [tuple(pair) for pair in json.loads(bpe.to_str())["model"]["merges"]]
    return BartTokenizer(vocab=bpe.get_vocab(), merges=merges, model_max_length=max_length)


def small_config(tokenizer: BartTokenizer, d_model: int, layers: int, ffn: int, heads: int,
                 max_positions: int, **kwargs) -> BartConfig:
    return BartConfig(
        vocab_size=len(tokenizer), d_model=d_model, max_position_embeddings=max_positions,
        encoder_layers=layers, decoder_layers=layers, encoder_ffn_dim=ffn, decoder_ffn_dim=ffn,
        encoder_attention_heads=heads, decoder_attention_heads=heads, dropout=0.0,
        pad_token_id=tokenizer.pad_token_id, bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id, decoder_start_token_id=tokenizer.eos_token_id,
        forced_eos_token_id=tokenizer.eos_token_id, **kwargs)


def pad(seqs: list[list[int]], value: int) -> torch.Tensor:
    """Right-pad token id lists into one tensor."""
    width = max(map(len, seqs))
    return torch.tensor([s + [value] * (width - len(s)) for s in seqs])


def minibatches(n: int, batch_size: int, seed: int) -> Iterator[list[int]]:
    """Endless shuffled index batches over `n` examples."""
    rng = random.Random(seed)
    while True:
        order = list(range(n))
        rng.shuffle(order)
        for i in range(0, n - batch_size + 1, batch_size):
            yield order[i:i + batch_size]


def train(model: torch.nn.Module, loss_of: Callable[[list[int]], torch.Tensor],
          batches: Iterator[list[int]], steps: int, lr: float, desc: str) -> float:
    """AdamW with linear warm-up and cosine decay; returns the mean loss of the last 10% of steps."""
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    warmup = max(1, steps // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warmup, 0.5 * (1 + math.cos(math.pi * s / steps))))
    model.train()
    tail = []
    for step in (bar := tqdm(range(steps), desc=desc, unit="step", leave=False)):
        loss = loss_of(next(batches))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad(set_to_none=True)
        if step >= int(steps * 0.9):
            tail.append(loss.item())
        if step % 20 == 0:
            bar.set_postfix(loss=f"{loss.item():.3f}")
    model.eval()
    return sum(tail) / len(tail)
