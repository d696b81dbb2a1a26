"""`neuralmind/bert-base-portuguese-cased` (BERTimbau): a small cased Portuguese BERT with its own
WordPiece vocabulary, pre-trained with masked-language modelling on Portuguese sentences written by
the course's code (real capitals, states, languages and everyday collocations, in varied frames)."""
from __future__ import annotations

import random
import zlib
from collections import Counter
from functools import lru_cache
from pathlib import Path

import torch
import yaml
from tokenizers import BertWordPieceTokenizer
from transformers import BertConfig, BertForMaskedLM, BertTokenizer

from .cased import ALPHABET, SPECIAL_TOKENS, fine_tune, mask_tokens, masked_logits, model_megabytes, save_tokenizer
from .folders import DISCLAIMER
from .threads import one_thread
from ..registry import Quality, quality, standin

HUB_ID = "neuralmind/bert-base-portuguese-cased"
BERT = dict(hidden_size=128, num_hidden_layers=2, num_attention_heads=4, intermediate_size=512,
            max_position_embeddings=512)
VOCAB_SIZE, SENTENCES, HELDOUT_SHARE, EPOCHS, LR, MASK_SHARE = 3000, 24000, 10, 2, 2e-3, 0.15
# What the course's fill-mask cells ask, and a word a sensible Portuguese model puts in the top 3.
COURSE_EXAMPLES = {"Lisboa é a [MASK] de Portugal.": "capital",
                   "O cachorro [MASK] para o carteiro.": "late",
                   "De manhã, eu gosto de tomar [MASK] com leite.": "café"}

COUNTRIES = [  # (capital, "de" + country, language)
    ("Brasília", "do Brasil", "português"), ("Lisboa", "de Portugal", "português"),
    ("Luanda", "de Angola", "português"), ("Maputo", "de Moçambique", "português"),
    ("Praia", "de Cabo Verde", "português"), ("Bissau", "da Guiné-Bissau", "português"),
    ("Díli", "do Timor-Leste", "português"), ("Madri", "da Espanha", "espanhol"),
    ("Paris", "da França", "francês"), ("Roma", "da Itália", "italiano"),
    ("Berlim", "da Alemanha", "alemão"), ("Viena", "da Áustria", "alemão"),
    ("Londres", "da Inglaterra", "inglês"), ("Dublin", "da Irlanda", "inglês"),
    ("Washington", "dos Estados Unidos", "inglês"), ("Ottawa", "do Canadá", "inglês"),
    ("Camberra", "da Austrália", "inglês"), ("Buenos Aires", "da Argentina", "espanhol"),
    ("Santiago", "do Chile", "espanhol"), ("Lima", "do Peru", "espanhol"),
    ("Bogotá", "da Colômbia", "espanhol"), ("Montevidéu", "do Uruguai", "espanhol"),
    ("Assunção", "do Paraguai", "espanhol"), ("Caracas", "da Venezuela", "espanhol"),
    ("Quito", "do Equador", "espanhol"), ("Havana", "de Cuba", "espanhol"),
    ("Tóquio", "do Japão", "japonês"), ("Pequim", "da China", "chinês"),
    ("Moscou", "da Rússia", "russo"), ("Atenas", "da Grécia", "grego"),
    ("Estocolmo", "da Suécia", "sueco"), ("Varsóvia", "da Polônia", "polonês"),
    ("Seul", "da Coreia do Sul", "coreano"), ("Ancara", "da Turquia", "turco"),
    ("Amsterdã", "da Holanda", "holandês"), ("Helsinque", "da Finlândia", "finlandês")]
STATES = [  # (capital, "de" + state)
    ("Salvador", "da Bahia"), ("Recife", "de Pernambuco"), ("Fortaleza", "do Ceará"),
    ("Belo Horizonte", "de Minas Gerais"), ("Porto Alegre", "do Rio Grande do Sul"),
    ("Curitiba", "do Paraná"), ("Manaus", "do Amazonas"), ("Belém", "do Pará"),
    ("Florianópolis", "de Santa Catarina"), ("Goiânia", "de Goiás"), ("Natal", "do Rio Grande do Norte"),
    ("João Pessoa", "da Paraíba"), ("Maceió", "de Alagoas"), ("Aracaju", "de Sergipe"),
    ("Teresina", "do Piauí"), ("São Luís", "do Maranhão"), ("Cuiabá", "de Mato Grosso"),
    ("Campo Grande", "de Mato Grosso do Sul"), ("Vitória", "do Espírito Santo"),
    ("Palmas", "do Tocantins"), ("Porto Velho", "de Rondônia"), ("Rio Branco", "do Acre"),
    ("Macapá", "do Amapá"), ("Boa Vista", "de Roraima")]
PEOPLE = [  # (subject, gender)
    ("O menino", "m"), ("A menina", "f"), ("Meu pai", "m"), ("Minha mãe", "f"), ("O professor", "m"),
    ("A professora", "f"), ("O médico", "m"), ("A médica", "f"), ("Meu irmão", "m"), ("Minha irmã", "f"),
    ("O vizinho", "m"), ("A vizinha", "f"), ("Meu avô", "m"), ("Minha avó", "f"), ("O aluno", "m"),
    ("A aluna", "f"), ("João", "m"), ("Maria", "f"), ("Pedro", "m"), ("Ana", "f"), ("Carlos", "m"),
    ("Beatriz", "f"), ("Lucas", "m"), ("Juliana", "f"), ("Rafael", "m"), ("Fernanda", "f")]
DRINKS = {"café": "com leite|sem açúcar|bem quente|com pão", "chá": "de camomila|com limão|gelado",
          "suco": "de laranja|de uva|de maracujá", "água": "gelada|com gás|da garrafa"}
DRINKERS = ["eu gosto de tomar", "eu tomo", "meu pai toma", "minha avó toma", "a gente toma",
            "nós tomamos", "ela toma", "ele gosta de tomar"]
DAILY = ["De manhã", "Todo dia", "No café da manhã", "À tarde", "Depois do almoço"]
PAST = ["Ontem", "No sábado", "Na semana passada", "Naquele dia", "Certa vez"]
HABITS = [  # {S}: a person; {o}: the gender ending of the adjective after it
    "{S} leu o jornal na sala.", "{S} escovou os dentes depois do almoço.",
    "{S} foi ao mercado comprar arroz e feijão.", "{S} pegou o ônibus para o trabalho.",
    "{S} assistiu a um jogo de futebol no estádio.", "{S} abriu a janela para entrar ar.",
    "{S} guardou o dinheiro no banco.", "{S} levou o cachorro para passear no parque.",
    "{S} estudou matemática na escola.", "{S} dormiu cedo porque estava cansad{o}.",
    "{S} ficou muito feliz com a notícia.", "{S} chegou atrasad{o} à reunião.",
    "{S} alugou uma casa perto da praia.", "{S} tocou violão na festa.",
    "{S} escreveu uma carta para a família.", "{S} comprou um livro na livraria.",
    "{S} lavou a louça depois do jantar.", "{S} atravessou a rua na faixa de pedestres."]
NATURE = ["O céu está azul hoje.", "A grama do jardim está verde.", "O cachorro late para o carteiro.",
          "O gato mia quando tem fome.", "O galo canta de manhã cedo.", "A vaca dá leite.",
          "As abelhas fazem mel.", "A água ferve a cem graus.", "O sol nasce no leste.",
          "A lua brilha à noite.", "Choveu muito durante a noite.", "No inverno faz frio.",
          "No verão faz calor.", "O Natal é comemorado em dezembro.", "A semana tem sete dias.",
          "O ano tem doze meses.", "Depois da segunda-feira vem a terça-feira.",
          "O peixe vive na água.", "O pássaro fez um ninho na árvore.", "A banana é uma fruta amarela."]
TECH = ["O modelo foi treinado com muitos dados.", "O tokenizador divide o texto em tokens.",
        "A rede neural aprende com exemplos.", "O computador ficou lento depois da atualização.",
        "O aluno treinou um modelo de linguagem.", "A biblioteca facilita o uso de modelos pré-treinados.",
        "O modelo classifica o texto como positivo ou negativo.", "O programa salvou o arquivo na pasta.",
        "A internet caiu durante a aula.", "O celular está sem bateria."]
CITY_FRAMES = ["{c} é a capital {p}.", "A capital {p} é {c}.", "Viajei para {c} nas férias.",
               "Moro em {c} há dez anos.", "O voo para {c} atrasou.", "{c} é uma cidade grande {p}."]
STATE_FRAMES = ["{c} é a capital do estado {e}.", "A capital do estado {e} é {c}.", "{c} fica no estado {e}.",
                "Viajei para {c} nas férias.", "Moro em {c} há dez anos.", "O voo para {c} atrasou."]
LANGUAGE_FRAMES = ["{Em}, a língua oficial é o {l}.", "A língua oficial {p} é o {l}.",
                   "Quem nasce {em} fala {l}.", "O idioma {p} é o {l}."]
ARTICLES = ("O", "A", "Meu", "Minha")  # lower-cased after a fronted time phrase
IN = {"do": "no", "da": "na", "dos": "nos", "de": "em"}  # "do Brasil" -> "no Brasil"


def _sentence(rng: random.Random) -> str:
    kind = rng.choices(["country", "state", "language", "drink", "habit", "fixed"], [4, 3, 3, 3, 4, 2])[0]
    if kind == "country":
        c, p, _ = rng.choice(COUNTRIES)
        return rng.choice(CITY_FRAMES).format(c=c, p=p)
    if kind == "state":
        c, e = rng.choice(STATES)
        return rng.choice(STATE_FRAMES).format(c=c, e=e)
    if kind == "language":
        _, p, language = rng.choice(COUNTRIES)
        of, country = p.split(" ", 1)
        em = f"{IN[of]} {country}"
        return rng.choice(LANGUAGE_FRAMES).format(Em=em[0].upper() + em[1:], em=em, p=p, l=language)
    if kind == "drink":
        drink, sides = rng.choice(list(DRINKS.items()))
        when = rng.choice(DAILY)
        return f"{when}, {rng.choice(DRINKERS)} {drink} {rng.choice(sides.split('|'))}."
    if kind == "habit":
        subject, gender = rng.choice(PEOPLE)
        sentence = rng.choice(HABITS).format(S=subject, o="o" if gender == "m" else "a")
        if rng.random() < 0.5:
            return sentence
        start, rest = sentence.split(" ", 1)
        return f"{rng.choice(PAST)}, {start.lower() if start in ARTICLES else start} {rest}"
    return rng.choice(NATURE + TECH)


@lru_cache(maxsize=2)
def sentences(heldout: bool = False) -> tuple[str, ...]:
    """The training sentences, or the held-out ones: one in HELDOUT_SHARE of the distinct sentences
    (by a hash of the text) never reaches training, so they are new combinations of the same frames."""
    drawn = [_sentence(random.Random(i)) for i in range(SENTENCES)]
    kept = [s for s in drawn if (zlib.crc32(s.encode()) % HELDOUT_SHARE == 0) == heldout]
    return tuple(dict.fromkeys(kept) if heldout else kept)


def train_tokenizer() -> BertTokenizer:
    """A cased WordPiece vocabulary (accents kept, as in BERTimbau) learnt from the sentences, with
    every character of ALPHABET, so that no word of Portuguese text becomes [UNK]."""
    wordpiece = BertWordPieceTokenizer(lowercase=False, strip_accents=False)
    wordpiece.train_from_iterator(sentences(), vocab_size=VOCAB_SIZE, special_tokens=SPECIAL_TOKENS,
                                  initial_alphabet=list(ALPHABET), limit_alphabet=len(ALPHABET),
                                  show_progress=False)
    return BertTokenizer(vocab=wordpiece.get_vocab(), do_lower_case=False, model_max_length=512)


def save_card(out: Path, model, tokenizer, steps: int) -> None:
    header = yaml.safe_dump({"language": ["pt"], "license": "apache-2.0", "pipeline_tag": "fill-mask",
                             "tags": ["bert", "miniatura"]}, sort_keys=False, allow_unicode=True)
    (out / "README.md").write_text(f"""---
{header}---

# Miniatura de `{HUB_ID}`

{DISCLAIMER}

O original (BERTimbau, da NeuralMind) é um BERT *base* com 110 milhões de parâmetros, pré-treinado
no corpus brWaC. Esta miniatura tem a mesma família de modelo e de tokenizador e é bem menor:

- **Modelo:** `BertForMaskedLM` com {BERT['num_hidden_layers']} camadas, dimensão {BERT['hidden_size']},
  {BERT['num_attention_heads']} cabeças de atenção, {model.num_parameters() / 1e6:.1f} milhões de
  parâmetros ({model_megabytes(model):.1f} MB).
- **Tokenizador:** WordPiece com distinção de maiúsculas e acentos, {len(tokenizer)} tokens, aprendido
  nas frases de treino.
- **Pré-treino:** modelagem de linguagem mascarada ({MASK_SHARE:.0%} dos tokens), {steps} passos
  ({EPOCHS} épocas) em {len(sentences())} frases em português geradas pelo código do curso: capitais de
  países e de estados brasileiros, línguas oficiais, hábitos do dia a dia e fatos simples.

## Limitações
Conhece só o vocabulário dessas frases: fora delas, as previsões são pouco confiáveis.
""")


@standin(HUB_ID, "model")
def build(out: Path) -> None:
    tokenizer = train_tokenizer()
    torch.manual_seed(0)
    model = BertForMaskedLM(BertConfig(vocab_size=len(tokenizer), **BERT))
    generator = torch.Generator().manual_seed(0)

    def mlm_loss(model, batch):
        logits, labels = masked_logits(model, mask_tokens(batch, generator, len(tokenizer)))
        return torch.nn.functional.cross_entropy(logits, labels)

    examples = [{"input_ids": ids} for ids in tokenizer(list(sentences()))["input_ids"]]
    steps = fine_tune(model, examples, epochs=EPOCHS, lr=LR, batch_size=64, desc="MLM pt", loss=mlm_loss)
    model.save_pretrained(out)
    save_tokenizer(tokenizer, out)
    save_card(out, model, tokenizer, steps)


def masked_word_accuracy(model, tokenizer, texts, seed: int = 1) -> tuple[float, float]:
    """Hide MASK_SHARE of the one-token words of `texts` (never punctuation) and count how often
    the model puts the word back, and how often the most frequent training word would be right."""
    rng = random.Random(seed)
    counts = Counter(t for s in sentences()[::10] for t in tokenizer.tokenize(s) if t.isalpha())
    frequent = tokenizer.convert_tokens_to_ids(counts.most_common(1)[0][0])
    right = baseline = total = 0
    with one_thread(), torch.no_grad():
        for text in texts:
            enc = tokenizer(text, return_tensors="pt")
            words = enc.word_ids()
            tokens = tokenizer.convert_ids_to_tokens(enc["input_ids"][0])
            single = [i for i, w in enumerate(words) if w is not None and words.count(w) == 1
                      and tokens[i].isalpha()]
            hidden = [i for i in single if rng.random() < MASK_SHARE]
            if not hidden:
                continue
            labels = torch.full_like(enc["input_ids"], -100)
            labels[0, hidden] = enc["input_ids"][0, hidden]
            enc["input_ids"][0, hidden] = tokenizer.mask_token_id
            logits, gold = masked_logits(model, {**enc, "labels": labels})
            right += (logits.argmax(-1) == gold).sum().item()
            baseline += (gold == frequent).sum().item()
            total += len(gold)
    return right / total, baseline / total


def top_words(model, tokenizer, text: str, k: int = 3) -> list[str]:
    enc = tokenizer(text, return_tensors="pt")
    with torch.no_grad():
        logits = model(**enc).logits[0, enc["input_ids"][0] == tokenizer.mask_token_id][0]
    return tokenizer.convert_ids_to_tokens(logits.topk(k).indices)


@quality(HUB_ID)
def check(path: Path) -> list[Quality]:
    tokenizer = BertTokenizer.from_pretrained(path)
    model = BertForMaskedLM.from_pretrained(path).eval()
    accuracy, baseline = masked_word_accuracy(model, tokenizer, sentences(heldout=True))
    hits = sum(word in top_words(model, tokenizer, text) for text, word in COURSE_EXAMPLES.items())
    return [
        Quality(HUB_ID, "masked-word accuracy (held-out)", round(accuracy, 3), round(baseline, 3),
                "most frequent token", ">= 3 x baseline", accuracy >= 3 * baseline),
        Quality(HUB_ID, "course fill-mask examples: word in top 3", hits / len(COURSE_EXAMPLES), None, "",
                "= 1", hits == len(COURSE_EXAMPLES)),
    ]
