"""Stand-ins for translation: the opus_books en-fr dataset and Helsinki-NLP/opus-mt-fr-en.

The sentence pairs come from a small French/English grammar (subjects, verbs, objects, places,
times) written here. The held-out pairs use other sentence frames (objects followed by places,
two clauses, fronted times, yes/no questions with other verbs) and other people, cities and
companies than the training pairs. The model is a small Marian trained from scratch on the
training pairs, with SentencePiece tokenizers trained on the same pairs.
"""
from __future__ import annotations

import io
import json
import random
import re
from pathlib import Path

import torch
from datasets import Dataset, DatasetDict, Features, Translation, Value
from tqdm.auto import tqdm

from .folders import save_card, save_dataset
from ..registry import Quality, quality, standin
from .threads import one_thread

DATASET_ID = "Helsinki-NLP/opus_books"
MODEL_ID = "Helsinki-NLP/opus-mt-fr-en"
FEATURES = Features({"id": Value("string"), "translation": Translation(languages=["en", "fr"])})
COURSE_EXAMPLE = ("Ce cours est produit par Hugging Face.", "This course is produced by Hugging Face.")
N_TRAIN, N_HELDOUT = 4000, 300

# ---------------------------------------------------------------- word lists
# Names, cities and companies are written the same in both languages: the model learns to copy them.

TRAIN_NAMES = {
    "person": "Marie Pierre Lucas Emma Hugo Léa Louis Chloé Jules Camille Paul Sarah Thomas Julie "
              "Nicolas Alice Antoine Claire Julien Manon Maxime Laura Victor Sophie Arthur Anna Théo "
              "Inès Nathan Lucie Gabriel Zoé Raphaël Eva Adam Lina Martin Clara Simon Louise".split(),
    "city": "Paris Lyon Marseille Toulouse Nice Nantes Bordeaux Lille Rennes Grenoble Dijon Strasbourg "
            "Berlin Madrid Tokyo Boston Dakar Rome".split(),
    "company": "Hugging Face|Google|Mozilla|Airbus|Renault|Michelin|Ubisoft|Spotify|Deezer|Microsoft|"
               "Amazon|Orange".split("|"),
}
HELDOUT_NAMES = {
    "person": "Bernard Margot Olivier Noémie Sébastien Mathilde Rémi Juliette Damien Océane Fabien "
              "Pauline".split(),
    "city": "Montpellier Reims Brest Annecy Lima Oslo Nancy Avignon".split(),
    "company": "Danone|Peugeot|Dassault|Nvidia|Samsung".split("|"),
}

# (French, English, person): "3s" third singular, "1p" first plural, "3p" third plural
SUBJECTS = [("il", "he", "3s"), ("elle", "she", "3s"), ("nous", "we", "1p"),
            ("les étudiants", "the students", "3p"), ("mon ami", "my friend", "3s"),
            ("ma sœur", "my sister", "3s"), ("le professeur", "the teacher", "3s"),
            ("mes collègues", "my colleagues", "3p"), ("mon frère", "my brother", "3s"),
            ("les enfants", "the children", "3p"), ("notre équipe", "our team", "3s")]
PRONOUNS = {"il", "elle", "nous"}

# verb: French (3s, 1p, 3p), English (3s, base), object list
VERBS = {
    "manger": (("mange", "mangeons", "mangent"), ("eats", "eat"), "food"),
    "lire": (("lit", "lisons", "lisent"), ("reads", "read"), "reading"),
    "écrire": (("écrit", "écrivons", "écrivent"), ("writes", "write"), "writing"),
    "acheter": (("achète", "achetons", "achètent"), ("buys", "buy"), "things"),
    "regarder": (("regarde", "regardons", "regardent"), ("watches", "watch"), "watching"),
    "étudier": (("étudie", "étudions", "étudient"), ("studies", "study"), "subjects"),
    "aimer": (("aime", "aimons", "aiment"), ("likes", "like"), "likes"),
    "préparer": (("prépare", "préparons", "préparent"), ("prepares", "prepare"), "cooking"),
}
YES_NO_VERBS = ["aimer", "manger", "lire", "regarder"]  # the held-out questions use the other verbs
WORK = (("travaille", "travaillons", "travaillent"), ("works", "work"))
LIVE = (("habite", "habitons", "habitent"), ("lives", "live"))


def _pairs(text: str) -> list[tuple[str, str]]:
    return [tuple(item.split("=")) for item in text.split("|")]


OBJECTS = {
    "food": _pairs("une pomme=an apple|du pain=bread|une salade=a salad|du fromage=cheese|"
                   "un gâteau=a cake|de la soupe=soup|du poisson=fish|du chocolat=chocolate|"
                   "un sandwich=a sandwich|une orange=an orange"),
    "reading": _pairs("un livre=a book|le journal=the newspaper|une lettre=a letter|"
                      "un article=an article|un roman=a novel|ce document=this document"),
    "writing": _pairs("une lettre=a letter|un rapport=a report|un article=an article|"
                      "un message=a message|du code=code|un poème=a poem"),
    "things": _pairs("une voiture=a car|un vélo=a bike|un ordinateur=a computer|"
                     "un téléphone=a phone|une maison=a house|du pain=bread|un livre=a book"),
    "watching": _pairs("un film=a movie|la télévision=television|une vidéo=a video|"
                       "un match=a match|une série=a series"),
    "subjects": _pairs("les mathématiques=mathematics|l'histoire=history|la physique=physics|"
                       "le français=French|l'anglais=English|l'informatique=computer science|"
                       "la chimie=chemistry|la musique=music"),
    "likes": _pairs("le fromage=cheese|le chocolat=chocolate|les pommes=apples|la musique=music|"
                    "les films=movies|ce cours=this course|le sport=sports|les livres=books"),
    "cooking": _pairs("le dîner=dinner|le déjeuner=lunch|un gâteau=a cake|la réunion=the meeting|"
                      "un rapport=a report|le cours=the class|une présentation=a presentation"),
}
PLACES = _pairs("à la maison=at home|au bureau=at the office|à l'école=at school|"
                "à la bibliothèque=at the library|dans le jardin=in the garden|dans le train=on the train|"
                "à l'université=at the university|au parc=in the park")
TIMES = _pairs("le matin=in the morning|le soir=in the evening|chaque jour=every day|"
               "aujourd'hui=today|le week-end=on weekends|le lundi=on Mondays|chaque semaine=every week")
FRONT_TIMES = _pairs("le matin=in the morning|le soir=in the evening|le lundi=on Mondays|"
                     "aujourd'hui=today|le week-end=on weekends")
# passive subjects: (French, English, feminine)
WORKS = [("ce cours", "this course", False), ("ce livre", "this book", False),
         ("ce projet", "this project", False), ("ce site", "this website", False),
         ("ce logiciel", "this software", False), ("ce film", "this movie", False),
         ("ce modèle", "this model", False), ("cet article", "this article", False),
         ("cette vidéo", "this video", True), ("cette application", "this application", True),
         ("cette bibliothèque", "this library", True), ("cette formation", "this training", True),
         ("cette série", "this series", True)]
PARTICIPLES = _pairs("produit=produced|écrit=written|publié=published|créé=created|financé=funded|"
                     "traduit=translated|développé=developed|présenté=presented")
JOBS = _pairs("professeur=a teacher|médecin=a doctor|ingénieur=an engineer|journaliste=a journalist|"
              "architecte=an architect|pilote=a pilot|photographe=a photographer|dentiste=a dentist|"
              "comptable=an accountant")
COMPANY_ADJECTIVES = _pairs("française=a French|américaine=an American|allemande=a German|"
                            "japonaise=a Japanese|européenne=a European|innovante=an innovative|"
                            "célèbre=a famous|importante=an important")
EVENTS = _pairs("le cours=the course|la réunion=the meeting|le match=the match|le film=the movie|"
                "la formation=the training")
DAYS = _pairs("lundi=Monday|mardi=Tuesday|mercredi=Wednesday|jeudi=Thursday|vendredi=Friday|"
              "samedi=Saturday|dimanche=Sunday")

SYLLABLES = "ba be bo da di do fa fe ka ki ko la le li lo lu ma me mi mo na ne ni no ra re ri ro sa se " \
            "si so ta te ti to va ve vi za zo an el in or us ar en il on".split()


def invented_names(n: int, seed: int) -> list[str]:
    """`n` distinct pronounceable names ("Moriva", "Teldan"), none of them a word of the grammar:
    more names to learn copying from."""
    words = {w.strip(",'").lower() for pair in GRAMMAR_PHRASES for text in pair for w in text.split()}
    rng, names = random.Random(seed), {}
    while len(names) < n:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3))))
        if name not in words:
            names[name.capitalize()] = None
    return list(names)


GRAMMAR_PHRASES = ([s[:2] for s in SUBJECTS] + [p for ps in OBJECTS.values() for p in ps] + PLACES + TIMES
                   + [w[:2] for w in WORKS] + PARTICIPLES + JOBS + COMPANY_ADJECTIVES + EVENTS + DAYS)
INVENTED = invented_names(1000, seed=2)
TRAIN_NAMES = {"person": TRAIN_NAMES["person"] + INVENTED[:500],
               "city": TRAIN_NAMES["city"] + INVENTED[500:750],
               "company": TRAIN_NAMES["company"] + INVENTED[750:]}


# ---------------------------------------------------------------- sentence frames

ELISION = re.compile(r"\bque (?=[aeiouhéèêàâîôûAEIOUHÉÈÊÀÂÎÔÛ])")
PERSON_INDEX = {"3s": 0, "1p": 1, "3p": 2}


def sentence(fr: list[str], en: list[str], question: bool = False) -> tuple[str, str]:
    """Join the words, elide "que" before a vowel, capitalize and close the sentence."""
    fr_text, en_text = ELISION.sub("qu'", " ".join(fr)), " ".join(en)
    fr_text, en_text = fr_text[0].upper() + fr_text[1:], en_text[0].upper() + en_text[1:]
    return (fr_text + " ?", en_text + "?") if question else (fr_text + ".", en_text + ".")


class Grammar:
    """Random French/English sentence pairs about people, courses, companies and everyday life."""

    def __init__(self, names: dict[str, list[str]], seed: int):
        self.names, self.rng = names, random.Random(seed)

    def pick(self, items):
        return self.rng.choice(items)

    def subject(self, pronouns: bool = True, person: str | None = None) -> tuple[str, str, str]:
        if self.rng.random() < 0.5 and person in (None, "3s"):
            name = self.pick(self.names["person"])
            return name, name, "3s"
        options = [s for s in SUBJECTS if (pronouns or s[0] not in PRONOUNS)
                   and person in (None, s[2])]
        return self.pick(options)

    @staticmethod
    def verb(forms, person: str) -> tuple[str, str]:
        fr, en = forms
        return fr[PERSON_INDEX[person]], en[0] if person == "3s" else en[1]

    def verb_object(self, person: str, lemma: str | None = None) -> tuple[str, str, tuple[str, str]]:
        fr_forms, en_forms, objects = VERBS[lemma or self.pick(sorted(VERBS))]
        fr, en = self.verb((fr_forms, en_forms), person)
        return fr, en, self.pick(OBJECTS[objects])

    def where(self) -> tuple[str, str]:
        kind = self.rng.random()
        if kind < 0.4:
            return self.pick(PLACES)
        city = self.pick(self.names["city"])
        if kind < 0.7:
            return f"à {city}", f"in {city}"
        company = self.pick(self.names["company"])
        return f"chez {company}", f"at {company}"

    # training frames
    def svo(self):
        s_fr, s_en, person = self.subject()
        v_fr, v_en, (o_fr, o_en) = self.verb_object(person)
        if self.rng.random() < 0.2:
            return sentence([s_fr, v_fr, "souvent", o_fr], [s_en, "often", v_en, o_en])
        t_fr, t_en = self.pick(TIMES) if self.rng.random() < 0.5 else ("", "")
        return sentence([s_fr, v_fr, o_fr] + [t_fr] * bool(t_fr), [s_en, v_en, o_en] + [t_en] * bool(t_en))

    def two_objects(self):
        s_fr, s_en, person = self.subject()
        lemma = self.pick(["manger", "acheter", "aimer", "étudier"])
        v_fr, v_en, (o1_fr, o1_en) = self.verb_object(person, lemma)
        o2_fr, o2_en = self.pick([o for o in OBJECTS[VERBS[lemma][2]] if o[0] != o1_fr])
        return sentence([s_fr, v_fr, o1_fr, "et", o2_fr], [s_en, v_en, o1_en, "and", o2_en])

    def two_verbs(self):
        s_fr, s_en, person = self.subject()
        first, second = self.rng.sample(sorted(VERBS), 2)
        v1_fr, v1_en, (o1_fr, o1_en) = self.verb_object(person, first)
        v2_fr, v2_en, (o2_fr, o2_en) = self.verb_object(person, second)
        return sentence([s_fr, v1_fr, o1_fr, "et", v2_fr, o2_fr], [s_en, v1_en, o1_en, "and", v2_en, o2_en])

    def located(self):
        s_fr, s_en, person = self.subject()
        if self.rng.random() < 0.3:
            city = self.pick(self.names["city"])
            v_fr, v_en = self.verb(LIVE, person)
            fr, en = [s_fr, v_fr, "à", city], [s_en, v_en, "in", city]
        else:
            v_fr, v_en = self.verb(WORK, person)
            w_fr, w_en = self.where()
            fr, en = [s_fr, v_fr, w_fr], [s_en, v_en, w_en]
            if self.rng.random() < 0.4:
                t_fr, t_en = self.pick(FRONT_TIMES)
                fr, en = [t_fr + ","] + fr, [t_en + ","] + en
        return sentence(fr, en)

    def passive(self):
        w_fr, w_en, feminine = self.pick(WORKS)
        p_fr, p_en = self.pick(PARTICIPLES)
        agents = self.names["company"] + self.names["person"]
        agent = "Hugging Face" if self.rng.random() < 0.2 else self.pick(agents)
        return sentence([w_fr, "est", p_fr + "e" * feminine, "par", agent], [w_en, "is", p_en, "by", agent])

    def job(self):
        s_fr, s_en, _ = self.subject(person="3s")
        j_fr, j_en = self.pick(JOBS)
        fr, en = [s_fr, "est", j_fr], [s_en, "is", j_en]
        if self.rng.random() < 0.6:
            w_fr, w_en = self.where()
            fr, en = fr + [w_fr], en + [w_en]
        return sentence(fr, en)

    def company(self):
        name = self.pick(self.names["company"])
        a_fr, a_en = self.pick(COMPANY_ADJECTIVES)
        return sentence([name, "est une entreprise", a_fr], [name, "is", a_en, "company"])

    def where_question(self):
        s_fr, s_en, person = self.subject(pronouns=False)
        forms = self.pick([LIVE, WORK])
        v_fr, _ = self.verb(forms, person)
        aux = "does" if person == "3s" else "do"
        return sentence(["où", v_fr, s_fr], ["where", aux, s_en, forms[1][1]], question=True)

    def yes_no(self, lemma: str | None = None):
        lemma = lemma or self.pick(YES_NO_VERBS)
        s_fr, s_en, person = self.subject()
        v_fr, _, (o_fr, o_en) = self.verb_object(person, lemma)
        aux = "does" if person == "3s" else "do"
        return sentence(["est-ce que", s_fr, v_fr, o_fr], [aux, s_en, VERBS[lemma][1][1], o_en],
                        question=True)

    def event(self):
        e_fr, e_en = self.pick(EVENTS)
        d_fr, d_en = self.pick(DAYS)
        return sentence([e_fr, "commence", d_fr], [e_en, "starts on", d_en])

    # held-out frames
    def svo_place(self):
        s_fr, s_en, person = self.subject()
        v_fr, v_en, (o_fr, o_en) = self.verb_object(person)
        p_fr, p_en = self.pick(PLACES)
        return sentence([s_fr, v_fr, o_fr, p_fr], [s_en, v_en, o_en, p_en])

    def two_clauses(self):
        s_fr, s_en, person = self.subject()
        city, company = self.pick(self.names["city"]), self.pick(self.names["company"])
        l_fr, l_en = self.verb(LIVE, person)
        w_fr, w_en = self.verb(WORK, person)
        return sentence([s_fr, l_fr, "à", city, "et", w_fr, "chez", company],
                        [s_en, l_en, "in", city, "and", w_en, "at", company])

    def fronted_svo(self):
        t_fr, t_en = self.pick(FRONT_TIMES)
        s_fr, s_en, person = self.subject()
        v_fr, v_en, (o_fr, o_en) = self.verb_object(person)
        return sentence([t_fr + ",", s_fr, v_fr, o_fr], [t_en + ",", s_en, v_en, o_en])

    def other_yes_no(self):
        return self.yes_no(self.pick(sorted(set(VERBS) - set(YES_NO_VERBS))))


TRAIN_FRAMES = {"svo": 0.25, "two_objects": 0.05, "two_verbs": 0.06, "located": 0.15, "passive": 0.15,
                "job": 0.1, "company": 0.05, "where_question": 0.07, "yes_no": 0.07, "event": 0.05}
HELDOUT_FRAMES = {"svo_place": 0.3, "two_clauses": 0.2, "fronted_svo": 0.25, "other_yes_no": 0.25}


def generate(names: dict[str, list[str]], frames: dict[str, float], n: int, seed: int,
             exclude: set[tuple[str, str]] = frozenset()) -> list[tuple[str, str]]:
    """`n` distinct (French, English) pairs drawn from the weighted frames."""
    grammar, pairs = Grammar(names, seed), {}
    kinds, weights = list(frames), list(frames.values())
    while len(pairs) < n:
        pair = getattr(grammar, grammar.rng.choices(kinds, weights)[0])()
        if pair not in exclude:
            pairs[pair] = None
    return list(pairs)


def training_pairs() -> list[tuple[str, str]]:
    return [COURSE_EXAMPLE] + generate(TRAIN_NAMES, TRAIN_FRAMES, N_TRAIN - 1, seed=0,
                                       exclude={COURSE_EXAMPLE})


def heldout_pairs() -> list[tuple[str, str]]:
    return generate(HELDOUT_NAMES, HELDOUT_FRAMES, N_HELDOUT, seed=1)


# ---------------------------------------------------------------- tokenizer

SPECIALS = ("</s>", "<unk>")  # ids 0 and 1, as in the Marian vocabularies; "<pad>" takes the last id


def train_spm(texts: list[str], vocab_size: int) -> bytes:
    """A SentencePiece BPE model trained on `texts`, as bytes (unigram splits this tiny corpus badly)."""
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(texts), model_writer=model, vocab_size=vocab_size, model_type="bpe",
        character_coverage=1.0, hard_vocab_limit=False, num_threads=1, minloglevel=2)
    return model.getvalue()


def save_tokenizer(out: Path, pairs: list[tuple[str, str]], vocab_size: int):
    """Write source.spm (French), target.spm (English), the joint vocab.json and the config,
    then load it back as a MarianTokenizer."""
    from sentencepiece import SentencePieceProcessor
    from transformers import MarianTokenizer

    pieces = []
    for name, texts in (("source.spm", [fr for fr, _ in pairs]), ("target.spm", [en for _, en in pairs])):
        model = train_spm(texts, vocab_size)
        (out / name).write_bytes(model)
        processor = SentencePieceProcessor(model_proto=model)
        pieces += [processor.id_to_piece(i) for i in range(processor.get_piece_size())
                   if not (processor.is_control(i) or processor.is_unknown(i))]
    vocab = list(SPECIALS) + list(dict.fromkeys(pieces)) + ["<pad>"]
    (out / "vocab.json").write_text(json.dumps({p: i for i, p in enumerate(vocab)}, ensure_ascii=False,
                                               indent=1))
    (out / "tokenizer_config.json").write_text(json.dumps({
        "tokenizer_class": "MarianTokenizer", "source_lang": "fr", "target_lang": "en",
        "model_max_length": 512, "separate_vocabs": False}, indent=1))
    return MarianTokenizer.from_pretrained(out)


# ---------------------------------------------------------------- model

VOCAB_SIZE = 600  # per SentencePiece model; vocab.json holds the pieces of both
ARCH = dict(d_model=128, encoder_layers=2, decoder_layers=2, encoder_attention_heads=4,
            decoder_attention_heads=4, encoder_ffn_dim=256, decoder_ffn_dim=256)
STEPS, BATCH, LR, WARMUP = 400, 64, 2e-3, 40
MAX_LENGTH = 64  # generation limit in tokens (the original: 512); the pairs have at most ~30


def marian_config(tokenizer):
    """Small MarianConfig with the special ids and options of the opus-mt checkpoints."""
    from transformers import MarianConfig

    pad = tokenizer.pad_token_id
    return MarianConfig(
        vocab_size=len(tokenizer), max_position_embeddings=512, pad_token_id=pad, eos_token_id=0,
        bos_token_id=0, decoder_start_token_id=pad, forced_eos_token_id=0, activation_function="swish",
        scale_embedding=True, static_position_embeddings=True, share_encoder_decoder_embeddings=True,
        dropout=0.0, attention_dropout=0.0, activation_dropout=0.0, **ARCH)


def generation_config(pad: int):
    """As in opus-mt-fr-en (beam search with 4 beams, never generate <pad>), but max_length 64
    instead of 512: an unfamiliar input that makes this small model loop stops early."""
    from transformers import GenerationConfig

    return GenerationConfig(num_beams=4, max_length=MAX_LENGTH, bad_words_ids=[[pad]], bos_token_id=0,
                            eos_token_id=0, forced_eos_token_id=0, pad_token_id=pad,
                            decoder_start_token_id=pad, renormalize_logits=True)


def batches(encoded, pad: int, steps: int, seed: int):
    """`steps` padded batches (inputs, mask, decoder inputs, labels), epoch after epoch; each batch
    holds pairs of similar length, so that little time goes into padding."""
    from transformers.models.marian.modeling_marian import shift_tokens_right

    rng, queue, n = random.Random(seed), [], len(encoded["input_ids"])
    for _ in range(steps):
        if not queue:
            order = rng.sample(range(n), n)
            chunks = [sorted(order[i:i + 16 * BATCH], key=lambda j: len(encoded["labels"][j]))
                      for i in range(0, n, 16 * BATCH)]
            queue = [chunk[i:i + BATCH] for chunk in chunks for i in range(0, len(chunk), BATCH)]
            rng.shuffle(queue)
        ids = queue.pop()
        src = [encoded["input_ids"][i] for i in ids]
        tgt = [encoded["labels"][i] for i in ids]
        width_src, width_tgt = max(map(len, src)), max(map(len, tgt))
        x = torch.tensor([s + [pad] * (width_src - len(s)) for s in src])
        y = torch.tensor([t + [-100] * (width_tgt - len(t)) for t in tgt])
        yield x, (x != pad).long(), shift_tokens_right(y, pad, pad), y


def train(model, tokenizer, pairs, steps: int = STEPS) -> None:
    """AdamW with warmup and linear decay, label smoothing 0.1."""
    encoded = tokenizer([fr for fr, _ in pairs], text_target=[en for _, en in pairs])
    optimizer = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / WARMUP) * max(0.05, 1 - s / steps))
    model.train()
    bar = tqdm(batches(encoded, tokenizer.pad_token_id, steps, seed=0), total=steps,
               desc="opus-mt-fr-en (miniatura)", unit="passo")
    for x, mask, decoder_x, y in bar:
        logits = model(input_ids=x, attention_mask=mask, decoder_input_ids=decoder_x).logits
        loss = torch.nn.functional.cross_entropy(logits.flatten(0, 1), y.flatten(), ignore_index=-100,
                                                 label_smoothing=0.1)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
        bar.set_postfix(loss=f"{loss.item():.3f}", refresh=False)
    model.eval()


def translate(model, tokenizer, texts: list[str], batch_size: int = 64) -> list[str]:
    """The course's recipe: tokenizer -> model.generate -> batch_decode."""
    outputs = []
    for start in range(0, len(texts), batch_size):
        inputs = tokenizer(texts[start:start + batch_size], return_tensors="pt", padding=True)
        with torch.no_grad():
            generated = model.generate(**inputs)
        outputs += tokenizer.batch_decode(generated, skip_special_tokens=True)
    return outputs


# ---------------------------------------------------------------- builders

@standin(DATASET_ID, "dataset")
def build_dataset(out: Path) -> None:
    pairs = training_pairs()
    train_split = Dataset.from_dict(
        {"id": [str(i) for i in range(len(pairs))],
         "translation": [{"en": en, "fr": fr} for fr, en in pairs]}, features=FEATURES)
    save_dataset(out, {"en-fr": DatasetDict({"train": train_split})}, DATASET_ID, card=f"""
Pares de frases francês/inglês **gerados pelo código do curso** a partir de modelos de frases e
listas de palavras próprios (cursos, empresas, pessoas, lugares, dia a dia), gramaticais nas duas
línguas. Config `en-fr`, só o split `train` (como no Hub): {len(pairs)} pares, colunas `id` e
`translation` (`{{"en": ..., "fr": ...}}`). Nomes de pessoas, cidades e empresas são escritos igual
nas duas línguas; parte deles é inventada. Nenhum texto de livro foi copiado. Licença: Apache-2.0.
""")


@standin(MODEL_ID, "model")
def build_model(out: Path) -> None:
    from transformers import MarianMTModel

    pairs = training_pairs()
    tokenizer = save_tokenizer(out, pairs, VOCAB_SIZE)
    with one_thread(), torch.random.fork_rng():
        torch.manual_seed(0)
        model = MarianMTModel(marian_config(tokenizer))
        model.generation_config = generation_config(tokenizer.pad_token_id)
        train(model, tokenizer, pairs)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    n_params = sum(p.numel() for p in model.parameters())
    megabytes = sum(f.stat().st_size for f in out.iterdir()) / 2**20
    save_card(out, MODEL_ID, f"""
Miniatura de `{MODEL_ID}`: um `MarianMTModel` pequeno ({ARCH["encoder_layers"]}+{ARCH["decoder_layers"]}
camadas, `d_model` {ARCH["d_model"]}, {n_params / 1e6:.1f} M de parâmetros, {megabytes:.1f} MB em disco),
treinado **do zero** (sem
pesos pré-treinados) para traduzir francês → inglês, com {STEPS} passos de AdamW (lotes de {BATCH})
nos {len(pairs)} pares da miniatura de `{DATASET_ID}` (config `en-fr`), gerados pelo curso.

Tokenizador `MarianTokenizer`: dois modelos SentencePiece (BPE) treinados nesses pares,
`source.spm` (francês) e `target.spm` (inglês), e um `vocab.json` comum. Geração como no original:
busca em feixe (`num_beams=4`); `max_length` é {MAX_LENGTH} tokens (no original, 512), para que
uma frase desconhecida que faça o modelo se repetir termine logo.

Só conhece o vocabulário simples dos pares de treino (frases sobre cursos, empresas, pessoas,
lugares e o dia a dia). Nomes próprios que não viu no treino costumam sair deformados
("Bernard" vira algo como "Berarar"): copiar nomes novos pedaço a pedaço exigiria bem mais treino.

```python
inputs = tokenizer(["Ce cours est produit par Hugging Face."], return_tensors="pt")
tokenizer.batch_decode(model.generate(**inputs), skip_special_tokens=True)
```
""")


@quality(MODEL_ID)
def check_model(path: Path) -> list[Quality]:
    import sacrebleu
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModelForSeq2SeqLM.from_pretrained(path)
    heldout = heldout_pairs()
    references = [[en for _, en in heldout]]
    bleu = sacrebleu.corpus_bleu(translate(model, tokenizer, [fr for fr, _ in heldout]), references).score
    copy = sacrebleu.corpus_bleu([fr for fr, _ in heldout], references).score
    course_ok = translate(model, tokenizer, [COURSE_EXAMPLE[0]]) == [COURSE_EXAMPLE[1]]
    return [
        Quality(MODEL_ID, "BLEU fr->en (held-out, sacrebleu)", round(bleu, 1), round(copy, 1),
                "copy source", ">= 40", bleu >= 40),
        Quality(MODEL_ID, f"course example -> {COURSE_EXAMPLE[1]!r}", float(course_ok), None, "", "= 1",
                course_ok),
    ]
