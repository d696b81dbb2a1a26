"""Stand-ins for summarization: the CNN/DailyMail dataset and distilbart-cnn-12-6.

Articles are short invented news stories that open with two key-fact sentences (the highlights),
followed by an optional detail and filler sentences. The evaluation articles use other names,
places, event templates and filler than the training ones. The model starts from weights that copy
their input (`copy_init`) and learns where to stop.
"""
from __future__ import annotations

import hashlib
import math
import random
import re
import textwrap
import time
from pathlib import Path

import torch
from datasets import Dataset, DatasetDict, Features, Value

from .bart import minibatches, pad, small_config, train, train_tokenizer
from .folders import save_card, save_dataset
from ..registry import Quality, quality, standin

DATASET_ID = "abisee/cnn_dailymail"
MODEL_ID = "sshleifer/distilbart-cnn-12-6"
FEATURES = Features({"article": Value("string"), "highlights": Value("string"), "id": Value("string")})

# The course's own example (chapter 1, "Sumarização").
COURSE_ARTICLE = """
    America has changed dramatically during recent years. Not only has the number of
    graduates in traditional engineering disciplines such as mechanical, civil,
    electrical, chemical, and aeronautical engineering declined, but in most of
    the premier American universities engineering curricula now concentrate on
    and encourage largely the study of engineering science. As a result, there
    are declining offerings in engineering subjects dealing with infrastructure,
    the environment, and related issues, and greater concentration on high
    technology subjects, largely supporting increasingly complex scientific
    developments. While the latter is important, it should not be at the expense
    of more traditional engineering.

    Rapidly developing economies such as China and India, as well as other
    industrial countries in Europe and Asia, continue to encourage and advance
    the teaching of engineering. Both China and India, respectively, graduate
    six and eight times as many traditional engineers as does the United States.
    Other industrial countries at minimum maintain their output, while America
    suffers an increasingly serious decline in the number of engineering graduates
    and a lack of well-educated engineers.
"""


# ---------------------------------------------------------------- word lists

TRAIN_WORDS = {
    "first": "Anna Bruno Carla Daniel Elena Felipe Grace Hugo Irene Jonas Karen Lucas Marta Nadia "
             "Oscar Paula Rafael Sofia Tomas Vera Walter Yara Adrian Bianca Caio Diana Emil Flora "
             "Gustavo Helena Igor Julia Kevin Laura Mario Nina Otto Priya Quentin Rosa Samuel "
             "Teresa Ulrich Victor Wanda Xavier Yusuf Zoe".split(),
    "last": "Almeida Baker Costa Duarte Evans Ferreira Garcia Hoffman Ibarra Jensen Kowalski Lopes "
            "Moreau Novak Oliveira Petrov Quinn Ribeiro Schmidt Tanaka Ueda Vargas Weber Xu Young "
            "Zimmer Alves Brennan Castro Dalton Ellis Fontaine Gomez Haddad Ivanova Jordan Keller "
            "Lindqvist Mendes Nakamura".split(),
    "city": "Porto Alva|Brightwater|Kelso Bay|Marlow Springs|Vila Serena|Ashford|Redcliff|Santa Lumen|"
            "Northgate|Lake Orin|Greystone|Campo Belo|Westmere|Rio Claro|Pine Harbor|Elmwood|"
            "Stonebridge|Monte Azul|Fairhaven|Silver Creek|Oakdale|Bellport|Cedar Falls|Nova Esperanca|"
            "Millbrook|Highcastle|Sunvale|Port Edric|Riverton|Goldmoor".split("|"),
    "company": "Arcwell|Bluefin|Corvex|Delmar|Everstone|Fenwick|Glowtech|Halcyon|Ironleaf|Juniper|"
               "Keystar|Lumora|Maxtide|Northwind|Orbix|Pinecrest|Quantal|Redwood|Solvane|Trivex".split("|"),
    "sector": "Foods|Robotics|Energy|Motors|Pharma|Textiles|Airlines|Software|Steel|Logistics".split("|"),
    "team": "Falcons Wolves Tigers Sharks Eagles Rangers Lions Comets Pirates Hawks".split(),
    "animal": "frog beetle lizard orchid fish snail bird butterfly spider moth".split(),
    "adjective": "tiny bright-green spotted striped blind rare colourful".split(),
    "place": "a remote valley|the coastal forest|a mountain lake|an old cave|the river delta|"
             "a cloud forest".split("|"),
    "product": "electric cars|frozen meals|solar panels|running shoes|smartphones|coffee machines|"
               "bicycles|medicines".split("|"),
    "facility": "factory|warehouse|research centre|headquarters|training school|data centre".split("|"),
    "disaster": "fire|storm|flood|landslide|power cut".split("|"),
    "field": "civil engineering|medicine|computer science|nursing|architecture|chemistry|"
             "mechanical engineering|law".split("|"),
    "day": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split(),
    "trip": "walk|bicycle ride|rowing trip|horse ride|kayak journey".split("|"),
}

EVAL_WORDS = {
    "first": "Amelia Bernard Cecilia Dmitri Estela Fabio Gloria Henrik Ingrid Joaquim Kamala Leon "
             "Mirela Nestor Ofelia Pavel Renata Stefan Tatiana Vincent".split(),
    "last": "Abbott Barros Cardoso Dimitrov Eriksen Fischer Guerra Holm Iwata Jovanovic Klein Lacerda "
            "Moretti Nilsen Okafor Pereira Rossi Sato Torres Varga".split(),
    "city": "Drummond|Cobalt Ridge|Valeria|Harrowgate|Sao Miguel Alto|Windmere|Larkspur|"
            "Fort Calder|Bramblewood|Ostrava Nova|Thornfield|Marisol".split("|"),
    "company": "Zephyra|Cobaltix|Meridian|Ventura|Halvorsen|Nimbus|Aurelia|Stratos".split("|"),
    "sector": "Chemicals|Shipping|Media|Telecom|Insurance|Furniture".split("|"),
    "product": "tablets|wind turbines|dairy products|video games|tyres|office chairs".split("|"),
    "day": "Monday Tuesday Wednesday Thursday Friday".split(),
}


def _words(rng: random.Random, words: dict) -> dict[str, str]:
    """One random filling of every slot, plus a few numbers."""
    w = {key: rng.choice(values) for key, values in words.items()}
    w["person"] = f"{rng.choice(words['first'])} {rng.choice(words['last'])}"
    w["person2"] = f"{rng.choice(words['first'])} {rng.choice(words['last'])}"
    w["city2"] = rng.choice([c for c in words["city"] if c != w["city"]])
    w["n"] = str(rng.choice([40, 75, 120, 200, 250, 300, 450, 600, 800, 1200, 1500, 3000]))
    w["p"] = str(rng.randint(4, 68))
    w["s1"], w["s2"] = str(rng.randint(2, 5)), str(rng.randint(0, 1))
    w["age"], w["year"] = str(rng.randint(19, 80)), str(rng.randint(1890, 2020))
    w["when"] = rng.choice(["", " on " + w["day"], " last week"])
    return w


# A story is two key-fact sentences (the highlights) and an optional extra detail. In templates,
# [a|b] picks one alternative ([a|] makes a part optional) and {slot} takes a word of the lists.
TRAIN_STORIES = [
    ["{company} {sector}[, a company founded in {year},|] [will open|is opening|plans to open] a new {facility} in {city}[ next year| this summer| after months of talks|].",
     "The company said the [project|investment|new site] will create {n} [new |]jobs[ in the region| over five years| for local people|].",
     '"This is a great day for {city}," said chief executive {person}.'],
    ["{person} was elected mayor of {city}[ on {day}| after a close race| for the second time|].",
     "[{person}|The former teacher|The new mayor|The {age}-year-old] won {p} percent of the vote[, beating {person2}| in the second round|].",
     "The new mayor promised to improve public transport."],
    ["The {city} {team} won the [national cup|league|regional] final[ on {day}| for the first time in {age} years|].",
     "They beat [the {city2} {team}|their old rivals] {s1}-{s2}[ in front of {n} fans| in a tense game|].",
     "Coach {person} called it the best night of her career."],
    ["[Scientists|Researchers|A team of biologists] have found a new species of {adjective} {animal} in {place}.",
     "The {animal}[, which is only a few centimetres long,|] was discovered by a team led by {person}[ of the University of {city}|].",
     "The team plans to publish a full study later this year."],
    ["A {disaster} damaged {n} homes in {city}[ on {day}| early this morning| last night|].",
     "[No one was hurt, but |]{p} families had to leave their homes[ and stay with relatives|].",
     "Officials said repairs could take several months."],
    ["{company} {sector} reported a [record |]profit of {n} million dollars[ this year| for the quarter|].",
     "Sales of its {product} rose by {p} percent[, the company said| compared with last year|].",
     "Shares in the company closed higher on {day}."],
    ["The University of {city} will open a new school of {field}[ next year| in {year}|].",
     "The school will train {n} students every year[, officials said| and will hire {p} teachers|].",
     "Professor {person} will lead the new school."],
    ["A new hospital opened in {city}[ on {day}|] after [three|four] years of work.",
     "The hospital has {n} beds[ and {p} operating rooms|] and will serve the whole region.",
     "Health minister {person} attended the opening ceremony."],
    ["The number of {field} graduates in {city} fell by {p} percent last year.",
     "[Experts|Teachers|A report] [say|says] fewer young people are choosing the subject[, which is seen as difficult|].",
     "The university plans to offer more scholarships."],
    ["{person}, a teacher from {city}, has won the national prize for education.",
     "[{person}|She] was praised for teaching {field} to {n} children[ in poor areas| in rural schools|].",
     "The award will be presented in the capital next month."],
    ["Police in {city} have arrested {p} people after a [bank robbery|series of thefts]{when}.",
     "[Officers|Investigators] said [stolen goods|the money] worth {n} thousand dollars had been found.",
     "The suspects will appear in court next week."],
    ["{person} has finished a [solo|record] {trip} from {city} to {city2}[ after {p} days|].",
     "The {age}-year-old said [the hardest part|the worst moment] was [the cold|a storm at night].",
     "{person} plans to write a book about the journey."],
]

# Optional tails for key sentences, so that lead lengths vary widely.
TRAIN_CLAUSES = [
    ", officials said", ", according to a statement", ", local media reported",
    " despite strong opposition from some residents of {city2}",
    ", a spokesperson for {company} {sector} confirmed on {day}",
    ", in a move that surprised many observers in {city2} and beyond",
    " after weeks of speculation", ", {person2} told reporters",
]

TRAIN_FILLER = [
    "The news was shared widely on social media.",
    "It was a busy week in the region.",
    "Details of the plan were not made public.",
    "{city} is known for its old markets and quiet parks.",
    "Local newspapers covered the story on their front pages.",
    "{city} has about {n} thousand residents.",
    "The weather was mild for the time of year.",
    "Several people gathered outside to watch.",
    "The story drew attention far beyond the city.",
    "Many residents said they were surprised by the news.",
]

EVAL_STORIES = [
    ["{company} {sector} plans to build a large plant for {product} near {city}.",
     "The plant is expected to employ around {n} workers when it opens.",
     "Work on the site could begin within months, {person} told reporters."],
    ["Voters in {city} chose {person} as their new governor on {day}.",
     "The result gave {person} a clear lead over {person2} with {p} percent of ballots.",
     "The campaign focused mainly on housing."],
    ["The old bridge over the river in {city} reopened on {day} after repairs.",
     "Engineers replaced {n} metres of steel cables during the works.",
     "Drivers had used a long detour for two years."],
    ["A museum in {city} has opened an exhibition of {n} ancient coins.",
     "Curator {person} said the coins were found by farmers in {city2}.",
     "Tickets are free for children."],
    ["Heavy rain flooded the main roads of {city} on {day}.",
     "Emergency teams rescued {p} people from cars trapped by the water.",
     "Schools will stay closed until the water goes down."],
    ["{company} {sector} said its revenue grew by {p} percent in the last quarter.",
     "Strong demand for its {product} helped the results, the firm said.",
     "The company will hire more staff in {city}."],
]

EVAL_FILLER = [
    "Reporters waited outside the building for hours.",
    "The mood in {city} was calm on the day.",
    "It is not the first time the town has made headlines.",
    "Few other details were given.",
    "Residents of {city} followed the events closely.",
    "Photographs of the scene appeared online within minutes.",
    "Traffic in the centre of {city} was slow all afternoon.",
]


def expand(template: str, rng: random.Random, w: dict[str, str]) -> str:
    """Pick one alternative in every [a|b] group, then fill the {slots}."""
    return re.sub(r"\[([^\]]*)\]", lambda m: rng.choice(m.group(1).split("|")), template).format(**w)


def make_article(rng: random.Random, stories: list, filler: list, words: dict,
                 clauses: list[str] = ()) -> dict[str, str]:
    """One article of 3-8 sentences: the key facts lead (news style), the highlights repeat them."""
    w = _words(rng, words)
    story = rng.choice(stories)
    keys = [expand(s, rng, w) for s in story[:2]]
    for _ in range(rng.choice([0, 0, 1, 2]) if clauses else 0):  # longer second sentences
        keys[1] = keys[1][:-1] + rng.choice(clauses).format(**w) + "."
    rest = [expand(story[2], rng, w)] if rng.random() < 0.6 else []
    rest += [s.format(**w) for s in rng.sample(filler, rng.randint(1 - len(rest), min(6 - len(rest), len(filler))))]
    rng.shuffle(rest)
    article = " ".join(keys + rest)
    return {"article": article, "highlights": "\n".join(keys),
            "id": hashlib.sha1(article.encode()).hexdigest()}


def make_split(n: int, seed: int, held_out: bool) -> list[dict[str, str]]:
    rng = random.Random(seed)
    args = (EVAL_STORIES, EVAL_FILLER, {**TRAIN_WORDS, **EVAL_WORDS}) if held_out else \
        (TRAIN_STORIES, TRAIN_FILLER, TRAIN_WORDS, TRAIN_CLAUSES)
    return [make_article(rng, *args) for _ in range(n)]


def wrap(text: str, rng: random.Random) -> str:
    """The text as typed in a notebook: broken into indented lines inside a triple-quoted string."""
    indent = " " * rng.choice([0, 2, 4, 4, 8])
    lines = textwrap.fill(text, width=rng.randint(50, 90), initial_indent=indent, subsequent_indent=indent)
    return f"\n{lines}\n" if rng.random() < 0.7 else lines


def splits() -> DatasetDict:
    """train from the training templates; validation and test from the held-out ones."""
    rows = {"train": make_split(6000, 0, False), "validation": make_split(300, 1, True),
            "test": make_split(300, 2, True)}
    return DatasetDict({k: Dataset.from_list(v, features=FEATURES) for k, v in rows.items()})


@standin(DATASET_ID, "dataset")
def build_dataset(out: Path) -> None:
    save_dataset(out, {"3.0.0": splits()}, DATASET_ID, DATASET_CARD)


DATASET_CARD = """
Notícias curtas inventadas (3 a 8 frases, em inglês) geradas por modelos de frases (*templates*) e
listas de nomes, empresas e cidades fictícias escritas pelo próprio Curso NLP; nenhum texto da CNN
ou do Daily Mail foi copiado.

- Mesma configuração (`3.0.0`), divisões (`train`, `validation`, `test`) e colunas (`article`,
  `highlights`, `id`) do original; `id` é o SHA-1 do artigo.
- Cada notícia abre com dois fatos principais (como no jornalismo, o "lide"), seguidos de um
  detalhe opcional e de frases de enchimento; `highlights` traz os dois fatos, um por linha.
- `validation` e `test` usam outros modelos de notícia, outras frases de enchimento, nomes e
  cidades que o treino não viu.
"""


# ---------------------------------------------------------------- the model

STEPS, BATCH, WRAPPED = 200, 16, 0.4
GENERATION = dict(num_beams=4, length_penalty=2.0, min_length=30, max_length=200,
                  no_repeat_ngram_size=3, early_stopping=True)


def sinusoids(n: int, dim: int) -> torch.Tensor:
    """Position codes whose dot product peaks sharply at equal positions (periods 2.5 to 2048)."""
    periods = torch.logspace(math.log10(2.5), math.log10(2048), dim // 2)
    angles = torch.arange(n)[:, None] * (2 * math.pi / periods)
    return torch.cat([angles.sin(), angles.cos()], 1)


def copy_init(model, alpha: float = 3.3, beta: float = 3.0) -> None:
    """Start from a model that copies its input: tokens live in the first half of the hidden
    vector, positions in the second; the residual branches start at zero, and the first decoder
    cross-attention reads the encoder token at its own position. Training then teaches where to stop
    and what to leave out."""
    d = model.config.d_model
    half, heads = d // 2, model.config.decoder_attention_heads
    if d // heads != half:
        raise ValueError("copy_init needs decoder heads of size d_model / 2")
    eye = torch.eye(half)
    core = model.model
    with torch.no_grad():
        core.shared.weight.normal_(0, 1.0)[:, half:] = 0
        for table in (core.encoder.embed_positions.weight, core.decoder.embed_positions.weight):
            table.zero_()[2:, half:] = sinusoids(table.shape[0] - 2, half)  # BART offsets positions by 2
        for layer in [*core.encoder.layers, *core.decoder.layers]:
            layer.self_attn.out_proj.weight.zero_()
            layer.fc2.weight.zero_()
        for layer in core.decoder.layers:
            layer.encoder_attn.out_proj.weight.zero_()
        attn = core.decoder.layers[0].encoder_attn
        for w in (attn.q_proj.weight, attn.k_proj.weight, attn.v_proj.weight):
            w.zero_()
        for h in range(heads):
            rows = slice(h * half, (h + 1) * half)
            attn.q_proj.weight[rows, half:] = alpha * eye
            attn.k_proj.weight[rows, half:] = alpha * eye
            attn.v_proj.weight[rows, :half] = eye
            attn.out_proj.weight[:half, rows] = beta / heads * eye


def layout_map(tokenizer) -> dict[int, int]:
    """Whitespace-only tokens and what the summary writes for them: <unk> (dropped by
    skip_special_tokens) when the next word carries its own space, a space after a line break."""
    space = tokenizer.convert_tokens_to_ids("Ġ")
    pieces = {i: tokenizer.convert_tokens_to_string([t]) for t, i in tokenizer.get_vocab().items()
              if i not in tokenizer.all_special_ids}
    return {i: space if p.endswith("\n") else tokenizer.unk_token_id
            for i, p in pieces.items() if p and p.isspace()}


def lead_target(tokenizer, layout: dict[int, int], text: str, highlights: str) -> list[int]:
    """Token ids of `text` up to the end of its lead (`highlights`), layout whitespace made silent."""
    chars, end = len("".join(highlights.split())), 0
    while chars:
        chars -= not text[end].isspace()
        end += 1
    return [layout.get(i, i) for i in tokenizer(text[:end])["input_ids"]]


@standin(MODEL_ID, "model")
def build_model(out: Path) -> None:
    from transformers import BartForConditionalGeneration, GenerationConfig

    start = time.perf_counter()
    torch.manual_seed(0)
    rng = random.Random(0)
    rows = make_split(TRAIN_ARTICLES, 0, False)
    texts = [wrap(r["article"], rng) if rng.random() < WRAPPED else r["article"] for r in rows]
    tokenizer = train_tokenizer(texts, vocab_size=3000, max_length=1024)
    config = small_config(tokenizer, d_model=128, layers=2, ffn=256, heads=2, max_positions=1024)
    model = BartForConditionalGeneration(config)
    copy_init(model)
    for fixed in (model.model.shared, model.model.encoder.embed_positions, model.model.decoder.embed_positions):
        fixed.weight.requires_grad_(False)  # fixed codes keep every token and position copyable
    layout = layout_map(tokenizer)
    sources = tokenizer(texts)["input_ids"]
    targets = [lead_target(tokenizer, layout, t, r["highlights"]) for t, r in zip(texts, rows)]

    def loss_of(batch: list[int]) -> torch.Tensor:
        x = pad([sources[i] for i in batch], tokenizer.pad_token_id)
        y = pad([targets[i] for i in batch], -100)
        return model(input_ids=x, attention_mask=x.ne(tokenizer.pad_token_id), labels=y).loss

    loss = train(model, loss_of, minibatches(len(rows), BATCH, 0), STEPS, 1e-3, "distilbart-cnn-12-6")
    model.generation_config = GenerationConfig(
        **GENERATION, bos_token_id=0, eos_token_id=2, pad_token_id=1, decoder_start_token_id=2,
        forced_bos_token_id=0, forced_eos_token_id=2)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    save_card(out, MODEL_ID, MODEL_CARD.format(
        articles=len(rows), wrapped=WRAPPED, steps=STEPS, batch=BATCH, loss=loss, vocab=len(tokenizer),
        params=sum(p.numel() for p in model.parameters()) / 1e6, seconds=time.perf_counter() - start))


TRAIN_ARTICLES = 3000
MODEL_CARD = """
Miniatura de `sshleifer/distilbart-cnn-12-6`: um `BartForConditionalGeneration` pequeno (2 camadas
no codificador e 2 no decodificador, `d_model` 128, {params:.2f} M de parâmetros), treinado em
{articles} notícias da divisão `train` da miniatura de `abisee/cnn_dailymail` ({wrapped:.0%} delas
quebradas em linhas indentadas, como um texto colado numa célula), {steps} passos de AdamW com
lotes de {batch} (perda final {loss:.4f}, {seconds:.0f} s em CPU).

- Sem pesos pré-treinados. Os pesos começam num modelo que **copia** a entrada (tokens na primeira
  metade do vetor oculto, posições senoidais na segunda, ramos residuais zerados, e a atenção
  cruzada do decodificador lendo o token da mesma posição); o treino ensina onde parar e a
  descartar a quebra de linha.
- O resumo é **extrativo**: as duas primeiras frases da notícia (o "lide"), que nos dados são os
  fatos principais. Num texto qualquer em inglês, tende a devolver o começo do texto (e pode cortá-lo
  no meio de uma frase). A qualidade medida está em `python -m cursonlp.minihub report`.
- Tokenizador BPE em nível de bytes da família BART/RoBERTa (`<s> <pad> </s> <unk> <mask>`),
  treinado com `tokenizers` nos mesmos textos ({vocab} tokens).
- `generation_config` como o original: busca em feixe (4), `no_repeat_ngram_size=3`,
  `early_stopping`, `length_penalty=2.0`, `min_length`/`max_length` ajustados a resumos curtos.
"""


def summarize(path: Path, articles: list[str], batch_size: int = 16) -> list[str]:
    """The course's way: tokenizer -> model.generate -> batch_decode."""
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModelForSeq2SeqLM.from_pretrained(path).eval()
    summaries = []
    with torch.inference_mode():
        for i in range(0, len(articles), batch_size):
            batch = tokenizer(articles[i:i + batch_size], padding=True, return_tensors="pt")
            summaries += tokenizer.batch_decode(model.generate(**batch), skip_special_tokens=True)
    return [s.strip() for s in summaries]


def lead(article: str, n: int) -> str:
    return " ".join(re.split(r"(?<=[.!?])\s+", article.strip())[:n])


def rouge(references: list[str], predictions: list[str], key: str) -> float:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer([key], use_stemmer=True)
    return sum(scorer.score(r, p)[key].fmeasure for r, p in zip(references, predictions)) / len(references)


@quality(MODEL_ID)
def check_model(path: Path) -> list[Quality]:
    rng = random.Random(5)
    rows = make_split(40, 5, True)
    refs = [r["highlights"] for r in rows]
    wrapped = [wrap(r["article"], rng) for r in rows]
    plain, laid_out = summarize(path, [r["article"] for r in rows]), summarize(path, wrapped)
    baseline = [lead(r["article"], 3) for r in rows]
    out = []
    for name, predictions in (("held-out articles", plain), ("same, broken into indented lines", laid_out)):
        for key in ("rouge1", "rougeL"):
            value, base = rouge(refs, predictions, key), rouge(refs, baseline, key)
            out.append(Quality(MODEL_ID, f"{key.upper()} F1 ({name})", value, base, "lead-3",
                               ">= lead-3 - 0.05", value >= base - 0.05))
    summary = summarize(path, [COURSE_ARTICLE])[0]
    words = re.findall(r"[a-z]+", summary.lower())
    known = sum(w in COURSE_ARTICLE.lower() for w in words) / max(1, len(words))
    out.append(Quality(MODEL_ID, "course example: share of summary words taken from the article",
                       known, None, "", ">= 0.9, >= 8 words, mentions engineering",
                       known >= 0.9 and len(words) >= 8 and "engineering" in words))
    return out
