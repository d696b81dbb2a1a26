# ---
# jupyter:
#   colab:
#     provenance: []
#   jupytext:
#     cell_metadata_filter: tags,-all
#     formats: ipynb,py:percent
#     notebook_metadata_filter: kernelspec,colab
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 2.3 · Tokenizadores
#
# **O que você vai aprender:**
#
# - três jeitos de quebrar texto em tokens (por palavras, por caracteres e por subpalavras) e o
#   preço de cada um em tamanho de vocabulário, comprimento das sequências e tokens desconhecidos;
# - como carregar e salvar um tokenizador;
# - as duas etapas da codificação (`tokenize` e `convert_tokens_to_ids`) e a volta (`decode`);
# - de onde vêm os tokens especiais `[CLS]` e `[SEP]`.
#
# O tokenizador cuida da primeira e da última ponta do processo: traduz texto em números para o
# modelo e, quando preciso, números de volta em texto. O objetivo é achar a representação que faça
# mais sentido para o modelo e que, se possível, seja curta.

# %% [markdown]
# ## Preparação

# %%
# No Colab, instala o curso e as versões fixadas das bibliotecas; fora do Colab não faz nada.
import sys

if "google.colab" in sys.modules:
    import subprocess

    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "cursonlp @ git+https://github.com/curso-nlp/curso-nlp"], check=True)

# %% tags=["parameters"]
SOURCE = "hub"  # de onde vêm modelos e datasets: "hub" (Hugging Face Hub, online) ou "minihub" (miniaturas locais, offline)
DEVICE = "auto"  # onde rodar: "auto", "cpu" ou "cuda"
CHECKPOINT = "google-bert/bert-base-cased"  # checkpoint cujo tokenizador usamos nesta seção
SAIDAS = "saidas"  # pasta onde o notebook grava o que produz (modelos, tokenizadores, CSVs); relativa à pasta de trabalho

# %%
from cursonlp import setup

course = setup(source=SOURCE, device=DEVICE)  # confere o ambiente e fixa as sementes aleatórias

# %%
import re
from pathlib import Path

from transformers import AutoTokenizer, BertTokenizer, BertTokenizerFast

# %% [markdown]
# ## Três jeitos de tokenizar
#
# Para comparar, usamos sempre a mesma frase e um "corpus" minúsculo, de onde cada tokenizador
# ingênuo vai tirar o seu vocabulário. Depois testamos todos numa frase nova, com palavras
# parecidas com as do corpus, mas não idênticas.

# %%
SENTENCE = "Using a Transformer network is simple"
NEW_SENTENCE = "Transformer networks are simpler than they look"
corpus = [
    SENTENCE,
    "Jim Henson was a puppeteer",
    "Puppets are smaller than they look",
    "A simple network can learn a lot",
]

# %% [markdown]
# ### Por palavras
#
# A ideia mais direta: cada palavra é um token. O `split()` do Python separa pelos espaços.

# %%
SENTENCE.split()

# %% [markdown]
# O `split()` deixa a pontuação grudada na palavra (`"simple!"` seria um token diferente de
# `"simple"`); por isso os tokenizadores por palavras costumam ter regras extras para pontuação:

# %%
def split_words(text):
    return re.findall(r"\w+|[^\w\s]", text)


print("split():        ", "Let's do tokenization!".split())
print("com pontuação:  ", split_words("Let's do tokenization!"))

# %% [markdown]
# Cada palavra distinta do corpus recebe um id, de 0 até o tamanho do vocabulário. Palavras que
# não estão no vocabulário viram um token especial de "desconhecido", aqui `[UNK]`.

# %%
word_vocab = ["[UNK]"] + sorted({w for text in corpus for w in split_words(text)})
word_to_id = {w: i for i, w in enumerate(word_vocab)}


def encode_words(text):
    return [word_vocab[word_to_id.get(w, 0)] for w in split_words(text)]


print(len(word_vocab), "palavras no vocabulário")
print(encode_words(NEW_SENTENCE))

# %% [markdown]
# Duas palavras da frase nova se perderam. O corpus tem `network` e `simple`, mas `networks` e
# `simpler` são outras palavras para esse tokenizador, que não tem como saber que são parentes (o
# mesmo vale para *dog* e *dogs*, *run* e *running*). Para cobrir uma língua inteira seria preciso
# um id para cada forma de cada palavra: o inglês tem mais de 500 mil palavras. Pontos fracos:
#
# - vocabulários enormes (e uma tabela de embeddings enorme no modelo);
# - muitos `[UNK]`, ou seja, informação perdida;
# - nenhuma relação entre palavras parecidas.

# %% [markdown]
# ### Por caracteres
#
# No outro extremo, cada caractere é um token. O vocabulário fica pequeno e quase nada é
# desconhecido, porque qualquer palavra se escreve com as mesmas letras.

# %%
char_vocab = sorted({c for text in corpus for c in text})


def encode_chars(text):
    return [c if c in char_vocab else "[UNK]" for c in text]


print(len(char_vocab), "caracteres no vocabulário")
print(encode_chars(SENTENCE))

# %% [markdown]
# O preço aparece em outro lugar: cada caractere sozinho carrega pouco significado (ao menos em
# línguas de alfabeto latino; em chinês, um caractere diz bem mais), e as sequências ficam muito
# longas. Uma palavra que seria um token vira dez ou mais, e o modelo tem de processar todos eles.

# %% [markdown]
# ### Por subpalavras
#
# A tokenização por subpalavras junta o melhor dos dois mundos: **palavras frequentes ficam
# inteiras e palavras raras são quebradas em pedaços com significado**. Uma palavra longa e rara
# como "tokenization" pode virar "token" + "ization"; os pedaços são reaproveitados em muitas
# outras palavras, o que dá boa cobertura com um vocabulário de tamanho moderado e quase nenhum
# token desconhecido. A técnica brilha em línguas aglutinativas, como o turco, em que palavras
# muito longas se formam encadeando pedaços.
#
# O BERT usa um algoritmo de subpalavras chamado WordPiece. Carregamos o tokenizador do checkpoint
# (mais sobre carregar na próxima seção) e aplicamos à mesma frase:

# %%
tokenizer = AutoTokenizer.from_pretrained(CHECKPOINT)
print(tokenizer.tokenize(SENTENCE))
print(tokenizer.tokenize(NEW_SENTENCE))

# %% [markdown]
# Os pedaços que **continuam** uma palavra começam com `##`; assim o tokenizador sabe colar os
# pedaços de volta. Uma palavra bem rara mostra o mecanismo com clareza:

# %%
rare_pieces = tokenizer.tokenize("antidisestablishmentarianism")
print(rare_pieces)

# %% tags=["check"]
# Conferência: a palavra rara vira vários pedaços, e todos depois do primeiro começam com "##".
assert len(rare_pieces) > 1
assert all(piece.startswith("##") for piece in rare_pieces[1:])

# %% [markdown]
# ### Comparando
#
# Pondo lado a lado o que cada estratégia faz com a frase nova:

# %%
subword_tokens = tokenizer.tokenize(NEW_SENTENCE)
comparison = {
    "palavras": (len(word_vocab), encode_words(NEW_SENTENCE)),
    "caracteres": (len(char_vocab), encode_chars(NEW_SENTENCE)),
    "subpalavras": (tokenizer.vocab_size, subword_tokens),
}
print(f"{'estratégia':12} {'vocabulário':>12} {'tokens':>7} {'[UNK]':>6}")
for name, (vocab_size, tokens) in comparison.items():
    print(f"{name:12} {vocab_size:>12,} {len(tokens):>7} {tokens.count('[UNK]'):>6}")

# %% tags=["check"]
# Conferência: subpalavras não perdem nada e dão sequências bem mais curtas que caracteres.
assert tokenizer.unk_token not in subword_tokens
assert encode_words(NEW_SENTENCE).count("[UNK]") == 2
assert len(subword_tokens) < len(encode_chars(NEW_SENTENCE))

# %% [markdown]
# Os vocabulários de palavras e de caracteres acima vêm do nosso corpus de quatro frases; em
# escala real, um vocabulário de palavras para o inglês passaria de 500 mil entradas, e o de
# caracteres teria de cobrir dezenas de milhares de símbolos Unicode. O de subpalavras tem tamanho
# moderado (28.996 entradas no `bert-base-cased`; `tokenizer.vocab_size` dá o do checkpoint
# carregado) e, mesmo assim, não produziu nenhum `[UNK]`.

# %% [markdown]
# ### Três algoritmos de subpalavras: WordPiece, BPE e Unigram
#
# O WordPiece do BERT não é o único jeito de cortar palavras em pedaços. Os três algoritmos mais
# usados diferem em como escolhem o vocabulário e em como marcam os espaços:
#
# - **WordPiece** (BERT, DistilBERT): começa dos caracteres e junta os pares que mais aumentam a
#   probabilidade do corpus; marca com `##` os pedaços que continuam uma palavra.
# - **BPE**, *byte-pair encoding* (GPT-2, RoBERTa, BART): começa dos bytes e junta, um por vez, o
#   par vizinho mais frequente. O GPT-2 trabalha com bytes, então nunca precisa de `[UNK]`, e
#   marca com `Ġ` o pedaço que vem depois de um espaço.
# - **Unigram** (T5, mT5, ALBERT, XLNet, pela biblioteca **SentencePiece**): começa de um
#   vocabulário grande e vai tirando os pedaços que menos fazem falta; trata o espaço como um
#   caractere comum, escrito `▁`, e por isso funciona também em línguas sem espaços entre as palavras.
#
# O BPE vem do tokenizador do GPT-2. Para o Unigram, treinamos um pequeno aqui mesmo, com a
# biblioteca 🤗 Tokenizers, num texto real que existe em qualquer máquina: as *docstrings* (a
# documentação embutida, em inglês) de módulos, classes e funções da biblioteca padrão do Python.
# Treinar leva poucos segundos.

# %%
import importlib
import inspect

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

MODULES = ["argparse", "asyncio", "collections", "csv", "datetime", "decimal", "difflib", "email",
           "functools", "http.client", "json", "logging", "os", "pathlib", "random", "re", "shutil",
           "statistics", "subprocess", "tarfile", "textwrap", "threading", "typing", "unittest",
           "urllib.request", "zipfile"]


def docstrings_of(obj):
    """A docstring de um módulo ou classe e as das classes, funções e métodos dentro dele."""
    yield inspect.getdoc(obj)
    for _, member in inspect.getmembers(obj, lambda o: inspect.isclass(o) or inspect.isroutine(o)):
        yield inspect.getdoc(member)


docstrings = sorted({doc for name in MODULES for doc in docstrings_of(importlib.import_module(name)) if doc})
unigram = Tokenizer(models.Unigram())
unigram.pre_tokenizer = pre_tokenizers.Metaspace()  # o espaço vira o caractere "▁"
unigram.decoder = decoders.Metaspace()
unigram.train_from_iterator(docstrings, trainers.UnigramTrainer(
    vocab_size=2000, unk_token="<unk>", special_tokens=["<unk>"], show_progress=False))
print(f"{len(docstrings)} docstrings, {sum(map(len, docstrings)):,} caracteres; "
      f"vocabulário Unigram: {unigram.get_vocab_size()} pedaços")

bpe_tokenizer = AutoTokenizer.from_pretrained("openai-community/gpt2")
splits = {
    "WordPiece (BERT)": (tokenizer.tokenize(NEW_SENTENCE), tokenizer.vocab_size),
    "BPE (GPT-2)": (bpe_tokenizer.tokenize(NEW_SENTENCE), bpe_tokenizer.vocab_size),
    "Unigram (treinado aqui)": (unigram.encode(NEW_SENTENCE).tokens, unigram.get_vocab_size()),
}
print(f"{'algoritmo':24} {'vocabulário':>11} {'tokens':>6}  pedaços")
for name, (pieces, vocab_size) in splits.items():
    print(f"{name:24} {vocab_size:>11,} {len(pieces):>6}  {' | '.join(pieces)}")

# %% tags=["check"]
# Conferência: cada algoritmo marca os espaços do seu jeito, e os três voltam ao texto original.
wordpiece_pieces, bpe_pieces, unigram_pieces = (pieces for pieces, _ in splits.values())
assert any(p.startswith("Ġ") for p in bpe_pieces) and not any(p.startswith("##") for p in bpe_pieces)
assert unigram_pieces[0].startswith("▁") and "<unk>" not in unigram_pieces
assert tokenizer.decode(tokenizer.encode(NEW_SENTENCE, add_special_tokens=False)) == NEW_SENTENCE
assert bpe_tokenizer.decode(bpe_tokenizer.encode(NEW_SENTENCE)) == NEW_SENTENCE
assert unigram.decode(unigram.encode(NEW_SENTENCE).ids) == NEW_SENTENCE

# %% [markdown]
# > **Online × offline:** online, os tokenizadores do BERT e do GPT-2 são os de verdade, com
# > vocabulários de cerca de 29 mil e 50 mil pedaços: quase todas as palavras desta frase ficam
# > inteiras. Offline, as miniaturas têm vocabulários bem menores (veja a coluna *vocabulário*) e
# > cortam mais palavras. O Unigram é treinado aqui nos dois casos, com 2.000 pedaços e pouco
# > texto, por isso corta mais que os outros; os pedaços mudam um pouco com a versão do Python,
# > porque as docstrings mudam.
#
# Repare nas marcas: `##` no WordPiece (continuação de palavra), `Ġ` no BPE e `▁` no Unigram
# (começo de palavra, isto é, um espaço antes). Quanto maior e mais variado o texto de treinamento,
# mais palavras inteiras cabem no vocabulário.

# %% [markdown]
# ## Carregando e salvando
#
# Tokenizadores usam os mesmos dois métodos dos modelos, `from_pretrained` e `save_pretrained`.
# O que se carrega e salva é o **algoritmo** (as regras, algo como a arquitetura do modelo) e o
# **vocabulário** (algo como os pesos). Dá para usar a classe específica da arquitetura ou o
# atalho `AutoTokenizer`, que escolhe a classe a partir do checkpoint:

# %%
bert_tokenizer = BertTokenizer.from_pretrained(CHECKPOINT)
print(type(bert_tokenizer).__name__, type(tokenizer).__name__)
print("BertTokenizerFast é a mesma classe:", BertTokenizerFast is BertTokenizer)

# %% [markdown]
# Até a versão 4 havia duas classes por modelo, uma lenta (Python puro) e uma rápida (`...Fast`,
# apoiada na biblioteca 🤗 Tokenizers, escrita em Rust). Na versão 5 sobrou só a rápida, e o nome
# com `Fast` virou um apelido.
#
# Chamar o tokenizador numa frase devolve o dicionário que já conhecemos:

# %%
tokenizer(SENTENCE)

# %% [markdown]
# Salvar é idêntico a salvar um modelo. O método devolve a lista dos arquivos gravados:

# %%
tokenizer_dir = Path(SAIDAS) / "tokenizador"
saved = tokenizer.save_pretrained(tokenizer_dir)
sorted(Path(f).name for f in saved)

# %% [markdown]
# Hoje são dois arquivos: `tokenizer.json`, com o vocabulário e todas as regras do algoritmo num
# arquivo só, e `tokenizer_config.json`, com opções como os tokens especiais e o comprimento
# máximo. Tutoriais antigos listam também `vocab.txt`, `special_tokens_map.json` e
# `added_tokens.json`: essas informações agora moram nos dois arquivos acima.

# %% tags=["check"]
# Conferência: o tokenizador salvo e recarregado produz exatamente os mesmos ids.
reloaded = AutoTokenizer.from_pretrained(tokenizer_dir)
assert reloaded(SENTENCE)["input_ids"] == tokenizer(SENTENCE)["input_ids"]

# %% [markdown]
# ## Codificação: do texto aos ids
#
# Transformar texto em números se chama **codificação** (*encoding*) e acontece em duas etapas:
#
# 1. **tokenização**: quebrar o texto em tokens, seguindo as regras do checkpoint;
# 2. **conversão em ids**: trocar cada token pelo seu número no vocabulário do checkpoint.
#
# Na prática você chama o tokenizador direto no texto, mas ver as etapas separadas ajuda a
# entender o resultado. A primeira é o método `tokenize`:

# %%
tokens = tokenizer.tokenize(SENTENCE)
print(tokens)

# %% [markdown]
# A segunda é `convert_tokens_to_ids`:

# %%
ids = tokenizer.convert_tokens_to_ids(tokens)
print(ids)

# %% [markdown]
# Compare com os `input_ids` da chamada completa: ela devolve os mesmos ids com um a mais em
# cada ponta.

# %%
full_ids = tokenizer(SENTENCE)["input_ids"]
print("tokenize + convert:", ids)
print("chamada completa:  ", full_ids)
print("como tokens:       ", tokenizer.convert_ids_to_tokens(full_ids))

# %% tags=["check"]
# Conferência: a chamada acrescenta [CLS] no início e [SEP] no fim; `tokenize` não acrescenta nada.
assert full_ids[1:-1] == ids
assert full_ids[0] == tokenizer.cls_token_id and full_ids[-1] == tokenizer.sep_token_id
assert tokenizer.cls_token not in tokens and tokenizer.sep_token not in tokens

# %% [markdown]
# ## Tokens especiais
#
# `[CLS]` e `[SEP]` são **tokens especiais**: não vêm do texto, mas o BERT foi pré-treinado
# sempre com eles (`[CLS]` abre a entrada e `[SEP]` fecha cada frase), então espera encontrá-los.
# A chamada completa do tokenizador os insere; `tokenize` e `convert_tokens_to_ids` não. Outros
# tokens especiais são `[PAD]` (padding), `[UNK]` (desconhecido) e `[MASK]` (a palavra
# escondida do pré-treinamento). Cada checkpoint define os seus:

# %%
dict(zip(tokenizer.all_special_tokens, tokenizer.all_special_ids))

# %% [markdown]
# Tutoriais antigos acrescentavam os tokens especiais a uma lista de ids com
# `tokenizer.prepare_for_model(ids)`; esse método não existe mais na versão 5. Chame o tokenizador
# no texto, ou passe `add_special_tokens=False` quando não quiser os tokens especiais:

# %%
tokenizer(SENTENCE, add_special_tokens=False)["input_ids"] == ids

# %% [markdown]
# ## Decodificação: dos ids ao texto
#
# A **decodificação** faz o caminho inverso com `decode`: troca os ids por tokens e cola os
# pedaços de cada palavra (os `##`), devolvendo um texto legível.

# %%
decoded = tokenizer.decode(ids)
print(decoded)
print(tokenizer.decode(full_ids))
print(tokenizer.decode(full_ids, skip_special_tokens=True))

# %% tags=["check"]
# Conferência: decodificar a codificação devolve a frase original.
assert decoded == SENTENCE
assert tokenizer.decode(full_ids, skip_special_tokens=True) == SENTENCE

# %% [markdown]
# `skip_special_tokens=True` remove `[CLS]` e `[SEP]` do texto. A decodificação vai ser essencial
# nos modelos que **geram** texto (continuar um prompt, traduzir, resumir), que produzem ids e
# precisam devolvê-los como palavras.

# %% [markdown]
# ## Resumo
#
# - Tokenizar por **palavras** dá vocabulários enormes e muitos `[UNK]`; por **caracteres**, dá
#   vocabulários pequenos mas sequências longas e tokens pobres de significado; por
#   **subpalavras** (WordPiece no BERT), palavras comuns ficam inteiras e raras viram pedaços
#   `##`, com bom equilíbrio entre os dois. O GPT-2 usa **BPE** (marca `Ġ`) e o T5, **Unigram**
#   pelo SentencePiece (marca `▁`); a 🤗 Tokenizers treina qualquer um deles num corpus seu.
# - `from_pretrained` e `save_pretrained` carregam e salvam o algoritmo e o vocabulário;
#   hoje o tokenizador grava `tokenizer.json` e `tokenizer_config.json`.
# - Codificar = `tokenize` + `convert_tokens_to_ids`; a chamada completa `tokenizer(texto)` ainda
#   acrescenta os tokens especiais `[CLS]` e `[SEP]`.
# - `decode` faz o caminho inverso e cola os pedaços; `skip_special_tokens=True` tira os tokens
#   especiais.

# %% [markdown]
# ## Pratique
#
# 1. Tokenize a mesma frase em português com os tokenizadores do BERT e do GPT-2. Qual produz mais
#    tokens? Por que um vocabulário treinado em inglês corta mais as palavras em português?
# 2. Confira que `tokenizer.decode(tokenizer(texto)["input_ids"], skip_special_tokens=True)` devolve
#    o texto original. Com o tokenizador *uncased*, o que muda?
