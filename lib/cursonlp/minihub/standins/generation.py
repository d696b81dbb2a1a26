"""Language-modelling stand-ins: the wikitext corpus, GPT-2 and DistilGPT-2 (causal LM) and
DistilRoBERTa (masked LM), all trained here on the generated English corpus of `corpus.py`."""
from __future__ import annotations

import functools
import json
import math
import re
from pathlib import Path

import torch
import torch.nn.functional as F
from datasets import Dataset, DatasetDict, Features, Value
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from tqdm.auto import tqdm
from transformers import (AddedToken, AutoTokenizer, GenerationConfig, GPT2Config, GPT2LMHeadModel,
                          GPT2TokenizerFast, RobertaConfig, RobertaForMaskedLM, RobertaTokenizerFast,
                          pipeline, set_seed)

from ..data import corpus
from .folders import save_card, save_dataset
from ..registry import Quality, quality, standin
from .threads import one_thread

WIKITEXT, WIKITEXT_CONFIG = "Salesforce/wikitext", "wikitext-2-raw-v1"
GPT2, DISTILGPT2, DISTILROBERTA = "openai-community/gpt2", "distilbert/distilgpt2", "distilbert/distilroberta-base"

EOS = "<|endoftext|>"
ROBERTA_SPECIALS = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]  # ids 0-4, as in RoBERTa (<mask> is last there)
VOCAB_SIZE = 2000       # most words whole, rarer ones in pieces that also occur in training
CONTEXT = 256           # tokens of the GPT-2 stand-ins
MLM_CONTEXT = 64        # tokens of the DistilRoBERTa stand-in (it trains on single sentences, <= 33 tokens)
HIDDEN = 128
MASK_RATE = 0.15
LABEL_SMOOTHING = 0.1   # keeps the tiny models from being over-confident on text unlike their templates
SEED = 0

PROMPT = "In this course, we will teach you how to"                # the course's text-generation example
FILL_MASK_EXAMPLE = "This course will teach you all about <mask> models."  # the course's fill-mask example

# (layers, steps, batch, lr) of each stand-in; a step sees batch windows of its context. A fourth layer
# made GPT-2 fit the train templates more closely and predict the held-out text worse than DistilGPT-2.
CAUSAL = {GPT2: (3, 70, 8, 3e-3), DISTILGPT2: (2, 60, 8, 3e-3)}
# (layers, heads, steps, sentences per batch, lr) of DistilRoBERTa: whole sentences, padded, trained far
# better than 64-token windows; twice the steps did not help on held-out text (0.083 top-1 either way).
MASKED = (2, 4, 300, 32, 3e-3)


# ---------------------------------------------------------------- corpus and tokenizers

@functools.cache
def _splits() -> dict[str, tuple[str, ...]]:
    return {name: tuple(rows) for name, rows in corpus.splits().items()}


@functools.cache
def _documents(split: str) -> tuple[str, ...]:
    """The articles of a split as plain text (what the language models read)."""
    return tuple(corpus.documents(list(_splits()[split])))


@functools.cache
def _bpe(special_tokens: tuple[str, ...]) -> tuple[dict[str, int], list[tuple[str, str]]]:
    """Vocabulary and merges of a byte-level BPE trained on the train articles."""
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=VOCAB_SIZE, special_tokens=list(special_tokens),
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(_documents("train"), trainer)
    model = json.loads(tok.to_str())["model"]
    return model["vocab"], [tuple(m) if isinstance(m, list) else tuple(m.split(" ")) for m in model["merges"]]


def gpt2_tokenizer() -> GPT2TokenizerFast:
    vocab, merges = _bpe((EOS,))
    return GPT2TokenizerFast(vocab=dict(vocab), merges=list(merges), model_max_length=CONTEXT)


def roberta_tokenizer() -> RobertaTokenizerFast:
    vocab, merges = _bpe(tuple(ROBERTA_SPECIALS))
    return RobertaTokenizerFast(vocab=dict(vocab), merges=list(merges), model_max_length=MLM_CONTEXT,
                                mask_token=AddedToken("<mask>", lstrip=True, rstrip=False))


def _stream(tokenizer, split: str) -> torch.Tensor:
    """The articles of a split as one token stream, each followed by the end-of-text token."""
    enc = tokenizer(list(_documents(split)), add_special_tokens=False, verbose=False)["input_ids"]
    return torch.tensor([i for ids in enc for i in ids + [tokenizer.eos_token_id]])


def _unigram_logprobs(tokenizer) -> torch.Tensor:
    """Log-probabilities of each token in the train articles (add-one smoothing)."""
    counts = torch.bincount(_stream(tokenizer, "train"), minlength=len(tokenizer)).double() + 1
    return (counts / counts.sum()).log()


# ---------------------------------------------------------------- training

@one_thread()
def _fit(model, batch, steps: int, lr: float, desc: str) -> None:
    """AdamW with warm-up and cosine decay on a label-smoothed cross-entropy; `batch(generator)` returns
    (input ids, target ids) of the same shape, -100 where there is no target."""
    gen = torch.Generator().manual_seed(SEED)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01, betas=(0.9, 0.98))
    warmup = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda i: min(1.0, (i + 1) / warmup) * 0.5 * (1 + math.cos(math.pi * i / steps)))
    model.train()
    for _ in (bar := tqdm(range(steps), desc=desc, unit="step")):
        inputs, targets = batch(gen)
        logits = model(input_ids=inputs).logits
        loss = F.cross_entropy(logits.flatten(0, 1), targets.flatten(), label_smoothing=LABEL_SMOOTHING)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        bar.set_postfix(loss=f"{loss.item():.2f}")
    model.eval()


def _windows(stream: torch.Tensor, n: int, length: int, gen: torch.Generator) -> torch.Tensor:
    starts = torch.randint(0, len(stream) - length, (n,), generator=gen)
    return torch.stack([stream[s:s + length] for s in starts.tolist()])


def train_causal_lm(hub_id: str) -> tuple[GPT2LMHeadModel, GPT2TokenizerFast]:
    layers, steps, batch_size, lr = CAUSAL[hub_id]
    torch.manual_seed(SEED)
    tokenizer = gpt2_tokenizer()
    eos = tokenizer.eos_token_id
    config = GPT2Config(vocab_size=len(tokenizer), n_positions=CONTEXT, n_embd=HIDDEN, n_layer=layers, n_head=4,
                        bos_token_id=eos, eos_token_id=eos, resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0)
    model = GPT2LMHeadModel(config)
    stream = _stream(tokenizer, "train")

    def batch(gen):
        x = _windows(stream, batch_size, CONTEXT + 1, gen)
        return x[:, :-1], x[:, 1:]

    _fit(model, batch, steps, lr, desc=hub_id.split("/")[-1])
    model.config.update({"resid_pdrop": 0.1, "embd_pdrop": 0.1, "attn_pdrop": 0.1})  # as in GPT-2, for fine-tuning
    # Like the real GPT-2: bos = eos = <|endoftext|>, greedy `generate()` by default (the text-generation
    # pipeline samples on its own); pad = eos added so that generation does not warn about it.
    model.generation_config = GenerationConfig(bos_token_id=eos, eos_token_id=eos, pad_token_id=eos)
    return model, tokenizer


def _mask(ids: torch.Tensor, tokenizer, gen: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """BERT-style masking of ordinary tokens: 80% <mask>, 10% random token, 10% unchanged."""
    special = ids < len(ROBERTA_SPECIALS)
    chosen = (torch.rand(ids.shape, generator=gen) < MASK_RATE) & ~special
    labels = torch.where(chosen, ids, -100)
    roll = torch.rand(ids.shape, generator=gen)
    random_ids = torch.randint(len(ROBERTA_SPECIALS), len(tokenizer), ids.shape, generator=gen)
    ids = torch.where(chosen & (roll < 0.8), tokenizer.mask_token_id, ids)
    ids = torch.where(chosen & (roll >= 0.8) & (roll < 0.9), random_ids, ids)
    return ids, labels


def _sentences(tokenizer, split: str) -> torch.Tensor:
    """The sentences of a split, each as <s> ... </s>, padded with <pad> to the longest one."""
    sentences = re.split(r"(?<=\.)\s+", " ".join(_documents(split)))
    enc = tokenizer(sentences, truncation=True, verbose=False)["input_ids"]
    rows = torch.full((len(enc), max(map(len, enc))), tokenizer.pad_token_id)
    for i, ids in enumerate(enc):
        rows[i, :len(ids)] = torch.tensor(ids)
    return rows


@one_thread()
def _fit_masked(model, rows: torch.Tensor, tokenizer, steps: int, batch_size: int, lr: float) -> None:
    """Like `_fit`, on batches of whole sentences (padding masked out of attention); the output layer
    is computed only at the chosen tokens, which makes a step several times cheaper."""
    gen = torch.Generator().manual_seed(SEED)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01, betas=(0.9, 0.98))
    warmup = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda i: min(1.0, (i + 1) / warmup) * 0.5 * (1 + math.cos(math.pi * i / steps)))
    model.train()
    for _ in (bar := tqdm(range(steps), desc="distilroberta-base", unit="step")):
        x = rows[torch.randint(0, len(rows), (batch_size,), generator=gen)]
        attention = x != tokenizer.pad_token_id
        x, attention = x[:, :int(attention.sum(1).max())], attention[:, :int(attention.sum(1).max())]
        inputs, labels = _mask(x, tokenizer, gen)
        hidden = model.roberta(input_ids=inputs, attention_mask=attention.long()).last_hidden_state
        chosen = labels != -100
        loss = F.cross_entropy(model.lm_head(hidden[chosen]), labels[chosen], label_smoothing=LABEL_SMOOTHING)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        bar.set_postfix(loss=f"{loss.item():.2f}")
    model.eval()


def train_masked_lm() -> tuple[RobertaForMaskedLM, RobertaTokenizerFast]:
    layers, heads, steps, batch_size, lr = MASKED
    torch.manual_seed(SEED)
    tokenizer = roberta_tokenizer()
    config = RobertaConfig(vocab_size=len(tokenizer), hidden_size=HIDDEN, num_hidden_layers=layers,
                           num_attention_heads=heads, intermediate_size=4 * HIDDEN,
                           max_position_embeddings=MLM_CONTEXT + 2, type_vocab_size=1, layer_norm_eps=1e-5,
                           pad_token_id=tokenizer.pad_token_id, bos_token_id=tokenizer.bos_token_id,
                           eos_token_id=tokenizer.eos_token_id,
                           hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    model = RobertaForMaskedLM(config)
    _fit_masked(model, _sentences(tokenizer, "train"), tokenizer, steps, batch_size, lr)
    model.config.update({"hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1})  # as in RoBERTa
    return model, tokenizer


# ---------------------------------------------------------------- builders

WIKITEXT_CARD = """\
Texto enciclopédico em inglês, **gerado pelo código do Curso NLP** (`cursonlp/minihub/corpus.py`) a
partir de modelos de frases e listas de palavras escritos para o curso: cidades, cientistas, conceitos de
machine learning e NLP, bibliotecas, empresas, animais e cursos. Não contém texto da Wikipédia nem de
outro corpus. Licença: Apache-2.0 (a mesma do curso).

Mesmo formato do `wikitext-2-raw-v1`: uma coluna `text`, uma linha do artigo por exemplo, títulos como
` = Lisbon = ` e ` = = History = = `, linhas vazias entre os parágrafos. Diferença: a pontuação não vem
separada por espaços (o wikitext original escreve `cidade , e`).

| split | linhas | caracteres | origem |
|---|---:|---:|---|
{table}

`validation` e `test` são escritos com **outros modelos de frases e outras entidades** (outras cidades,
pessoas, bibliotecas...), para medir quanto um modelo generaliza para frases que nunca viu.
"""


@standin(WIKITEXT, "dataset")
def build_wikitext(out: Path) -> None:
    features = Features({"text": Value("string")})
    splits = DatasetDict({name: Dataset.from_dict({"text": list(rows)}, features=features)
                          for name, rows in _splits().items()})
    table = "\n".join(f"| {name} | {len(rows)} | {sum(map(len, rows))} | "
                      f"{'modelos de treino' if name == 'train' else 'modelos reservados'} |"
                      for name, rows in _splits().items())
    save_dataset(out, {WIKITEXT_CONFIG: splits}, WIKITEXT, WIKITEXT_CARD.format(table=table))


def _size_line(model) -> str:
    n = sum(p.numel() for p in model.parameters())
    return f"{n / 1e6:.2f} M parâmetros"


def _causal_card(hub_id: str, model) -> str:
    layers, steps, batch_size, lr = CAUSAL[hub_id]
    c = model.config
    return f"""\
Miniatura de `{hub_id}`: um `GPT2LMHeadModel` pequeno ({c.n_layer} camadas, dimensão {c.n_embd},
{c.n_head} cabeças, contexto de {c.n_positions} tokens, {_size_line(model)}), treinado do zero pelo
Curso NLP com modelagem de linguagem causal (prever o próximo token).

- **Dados**: split `train` da miniatura de `{WIKITEXT}` (`{WIKITEXT_CONFIG}`), texto em inglês gerado
  pelo curso a partir de modelos de frases; artigos separados por `{EOS}`.
- **Tokenizador**: BPE em nível de bytes da família GPT-2 (`GPT2TokenizerFast`, token especial `{EOS}`),
  treinado com 🤗 Tokenizers no mesmo texto: {c.vocab_size} tokens (o original tem 50.257).
- **Treino**: {steps} passos de {batch_size} janelas × {CONTEXT} tokens, AdamW (lr {lr}, aquecimento e
  decaimento cosseno), sem dropout; semente {SEED}. O `config.json` volta a declarar dropout 0,1, como o GPT-2.
- **Geração** (`generation_config.json`): `bos_token_id` = `eos_token_id` = {c.eos_token_id} (`{EOS}`),
  como no original; acrescentamos `pad_token_id` = `eos_token_id` para que `generate()` não avise sobre
  o token de preenchimento. `generate()` é guloso por padrão; o pipeline `text-generation` amostra
  (`do_sample=True`, `temperature=0.7`), como com o modelo original.
- **Qualidade**: perplexidade no split `test` (frases e entidades que o modelo nunca viu) contra a de um
  modelo unigrama; veja `python -m cursonlp.minihub report {hub_id}`.
"""


@standin(GPT2, "model")
def build_gpt2(out: Path) -> None:
    _save_causal(GPT2, out)


@standin(DISTILGPT2, "model")
def build_distilgpt2(out: Path) -> None:
    _save_causal(DISTILGPT2, out)


def _save_causal(hub_id: str, out: Path) -> None:
    model, tokenizer = train_causal_lm(hub_id)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    save_card(out, hub_id, _causal_card(hub_id, model))


@standin(DISTILROBERTA, "model")
def build_distilroberta(out: Path) -> None:
    model, tokenizer = train_masked_lm()
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    layers, heads, steps, batch_size, lr = MASKED
    c = model.config
    save_card(out, DISTILROBERTA, f"""\
Miniatura de `{DISTILROBERTA}`: um `RobertaForMaskedLM` pequeno ({c.num_hidden_layers} camadas, dimensão
{c.hidden_size}, {c.num_attention_heads} cabeças, até {MLM_CONTEXT} tokens, {_size_line(model)}), treinado do
zero pelo Curso NLP com modelagem de linguagem mascarada.

- **Dados**: split `train` da miniatura de `{WIKITEXT}` (`{WIKITEXT_CONFIG}`), texto em inglês gerado
  pelo curso a partir de modelos de frases.
- **Tokenizador**: BPE em nível de bytes da família RoBERTa (`RobertaTokenizerFast`, tokens especiais
  `<s> <pad> </s> <unk> <mask>`, ids 0–4), treinado com 🤗 Tokenizers no mesmo texto: {c.vocab_size} tokens
  (o original tem 50.265). Como no original, `<mask>` absorve o espaço à sua esquerda.
- **Treino**: {steps} passos de {batch_size} frases inteiras (com `<pad>` e máscara de atenção),
  {MASK_RATE:.0%} dos tokens escolhidos (80% viram `<mask>`, 10% um token aleatório, 10% ficam), AdamW
  (lr {lr}, aquecimento e decaimento cosseno), sem dropout;
  semente {SEED}. O `config.json` volta a declarar dropout 0,1, como o RoBERTa.
- **Limitação**: o treino é curtíssimo e o texto pequeno. Nas frases de treino o modelo acerta cerca de
  1 em 5 tokens mascarados, mas nas frases que nunca viu (outros assuntos e entidades) acerta pouco mais
  do que responder sempre os tokens mais frequentes (`the`, `.`, `to`): serve para mostrar o pipeline
  `fill-mask` funcionando e devolvendo palavras, não para dar respostas boas.
- **Qualidade**: acerto top-1/top-5 dos tokens mascarados no split `test` (frases que o modelo nunca viu)
  contra o token mais frequente; veja `python -m cursonlp.minihub report {DISTILROBERTA}`.
""")


# ---------------------------------------------------------------- quality

@functools.cache
def perplexity(path: str) -> tuple[float, float]:
    """Perplexity of the model at `path` and of the unigram baseline on the held-out test split."""
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = GPT2LMHeadModel.from_pretrained(path).eval()
    ids = _stream(tokenizer, "test")
    nll = 0.0
    with torch.no_grad():
        for block in ids.split(CONTEXT):
            if len(block) > 1:
                loss = model(input_ids=block[None], labels=block[None]).loss
                nll += loss.item() * (len(block) - 1)
    n_predicted = len(ids) - math.ceil(len(ids) / CONTEXT)
    unigram = -_unigram_logprobs(tokenizer)[ids].mean().item()
    return math.exp(nll / n_predicted), math.exp(unigram)


@functools.cache
def _train_words() -> frozenset[str]:
    return frozenset(re.findall(r"[A-Za-z]+", "".join(_splits()["train"])))


def generated_words(path: Path, n: int = 4, max_new_tokens: int = 20) -> list[str]:
    """Words generated by the text-generation pipeline from the course's prompt (seeded sampling)."""
    generator = pipeline("text-generation", model=str(path))
    set_seed(SEED)
    outputs = generator(PROMPT, max_new_tokens=max_new_tokens, num_return_sequences=n)
    return [w for out in outputs for w in re.findall(r"[A-Za-z]+", out["generated_text"][len(PROMPT):])]


def _causal_quality(hub_id: str, path: Path) -> list[Quality]:
    ppl, unigram = perplexity(str(path))
    words = generated_words(path)
    known = sum(w in _train_words() for w in words) / max(1, len(words))
    return [
        Quality(hub_id, "perplexity (held-out test)", ppl, unigram, "unigram",
                "<= 0.5 x baseline", ppl <= 0.5 * unigram),
        Quality(hub_id, "course example: English words in sampled continuations", known, None, "",
                ">= 0.9", known >= 0.9 and len(words) >= 20),
    ]


@quality(GPT2)
def check_gpt2(path: Path) -> list[Quality]:
    from .. import resolve

    rows = _causal_quality(GPT2, path)
    ppl, distil = perplexity(str(path))[0], perplexity(str(resolve(DISTILGPT2)))[0]
    rows.append(Quality(GPT2, "perplexity (held-out test) vs distilgpt2", ppl, distil, "distilgpt2 stand-in",
                        "<= 1.05 x baseline", ppl <= 1.05 * distil))
    return rows


@quality(DISTILGPT2)
def check_distilgpt2(path: Path) -> list[Quality]:
    return _causal_quality(DISTILGPT2, path)


def masked_accuracy(path: Path) -> dict[str, float]:
    """Top-1/top-5 accuracy on masked tokens of the test sentences, and that of always answering the
    most frequent train tokens."""
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = RobertaForMaskedLM.from_pretrained(path).eval()
    logp = _unigram_logprobs(tokenizer)
    logp[:len(ROBERTA_SPECIALS)] = -math.inf
    frequent = logp.topk(5).indices
    gen = torch.Generator().manual_seed(SEED)
    hits, total = torch.zeros(4), 0
    for sentence in re.split(r"(?<=\.)\s+", " ".join(_documents("test"))):
        ids = tokenizer(sentence, truncation=True, return_tensors="pt")["input_ids"][0]
        chosen = (torch.rand(ids.shape, generator=gen) < MASK_RATE) & (ids >= len(ROBERTA_SPECIALS))
        with torch.no_grad():
            logits = model(input_ids=torch.where(chosen, tokenizer.mask_token_id, ids)[None]).logits[0]
        target, top5 = ids[chosen], logits[chosen].topk(5).indices
        hits += torch.stack([(top5[:, 0] == target).sum(), (top5 == target[:, None]).any(1).sum(),
                             (target == frequent[0]).sum(), torch.isin(target, frequent).sum()])
        total += len(target)
    return dict(zip(["top1", "top5", "baseline_top1", "baseline_top5"], (hits / total).tolist()))


def fill_mask_words(path: Path) -> list[str]:
    """The top-2 answers of the fill-mask pipeline on the course's example."""
    unmasker = pipeline("fill-mask", model=str(path), top_k=2)
    return [r["token_str"].strip() for r in unmasker(FILL_MASK_EXAMPLE)]


@quality(DISTILROBERTA)
def check_distilroberta(path: Path) -> list[Quality]:
    acc = masked_accuracy(path)
    words = fill_mask_words(path)
    good = sum(w.isalpha() and w in _train_words() for w in words)
    return [
        Quality(DISTILROBERTA, "masked-token top-1 accuracy (held-out test)", acc["top1"], acc["baseline_top1"],
                "most frequent token", ">= 3 x baseline", acc["top1"] >= 3 * acc["baseline_top1"]),
        Quality(DISTILROBERTA, "masked-token top-5 accuracy (held-out test)", acc["top5"], acc["baseline_top5"],
                "5 most frequent tokens", ">= 2 x baseline", acc["top5"] >= 2 * acc["baseline_top5"]),
        Quality(DISTILROBERTA, f"course example: top-2 are words ({', '.join(words)})", good, None, "",
                "= 2", good == 2),
    ]
