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
# # 3.1 · Processando os dados
#
# **O que você vai aprender:**
#
# - o que é um passo de treinamento: perda, gradientes e atualização dos pesos, feito à mão;
# - como carregar um dataset do Hub com `load_dataset` e ler suas *features* (`ClassLabel`);
# - como o tokenizador codifica **pares de frases** e para que servem os `token_type_ids`;
# - como tokenizar um dataset inteiro com `Dataset.map(batched=True)`;
# - o que é *padding* dinâmico (`DataCollatorWithPadding`) e quanto ele economiza, medido.
#
# Neste capítulo fazemos o **ajuste fino (fine-tuning)** de um modelo pré-treinado: partimos do
# BERT, que aprendeu inglês lendo muito texto, e o treinamos um pouco mais numa tarefa nossa. A
# tarefa é o MRPC (*Microsoft Research Paraphrase Corpus*), um dos conjuntos do benchmark GLUE:
# dadas duas frases, dizer se uma é paráfrase da outra. Antes de treinar de verdade, precisamos
# deixar os dados no formato que o modelo espera; é disso que esta seção trata.

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
CHECKPOINT = "google-bert/bert-base-uncased"  # checkpoint pré-treinado que vamos ajustar
LEARNING_RATE = 5e-5  # taxa de aprendizado do passo de treinamento feito à mão
BATCH_SIZE = 8  # exemplos por lote na medição do padding
BENCH_SIZE = 1000  # int | None: quantos pares de treinamento entram na medição do padding (None: todos)

# %%
from cursonlp import setup

course = setup(source=SOURCE, device=DEVICE)  # confere o ambiente e fixa as sementes aleatórias

# %%
import time
from collections import Counter

import matplotlib.pyplot as plt
import pandas as pd
import torch
from datasets import load_dataset
from torch.utils.data import DataLoader
from tqdm.auto import tqdm
from transformers import AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding

# %% [markdown]
# ## Um passo de treinamento, à mão
#
# Treinar um modelo é repetir sempre o mesmo passo:
#
# 1. passar um lote de exemplos pelo modelo, junto com os rótulos certos, e obter a **perda**
#    (*loss*), um número que mede o quanto o modelo errou;
# 2. calcular, com `loss.backward()`, o gradiente da perda em relação a cada peso;
# 3. pedir ao **otimizador** que mova cada peso um pouco na direção que diminui a perda
#    (`optimizer.step()`) e zerar os gradientes para o próximo lote.
#
# Vamos dar um único passo com duas frases. Carregamos o BERT com uma cabeça de classificação de
# duas classes. O relatório de carga avisa que os pesos do `classifier` estão `MISSING`: o BERT foi
# pré-treinado para adivinhar palavras escondidas, não para classificar pares de frases, então a
# cabeça de classificação é nova e começa com pesos aleatórios. É exatamente ela (e o resto do
# modelo, um pouco) que o ajuste fino vai treinar.

# %%
tokenizer = AutoTokenizer.from_pretrained(CHECKPOINT)
model = AutoModelForSequenceClassification.from_pretrained(CHECKPOINT, num_labels=2)
model.to(course.device)

sequences = [
    "I've been waiting for a HuggingFace course my whole life.",
    "This course is amazing!",
]
batch = tokenizer(sequences, padding=True, truncation=True, return_tensors="pt")
batch["labels"] = torch.tensor([1, 1])  # o rótulo certo de cada frase
batch = batch.to(course.device)
{name: tuple(tensor.shape) for name, tensor in batch.items()}

# %% [markdown]
# O otimizador é o AdamW, o mesmo que o `Trainer` usa por padrão. Ele vem do próprio PyTorch,
# `torch.optim.AdamW`: a cópia que existia em `transformers` (`from transformers import AdamW`,
# comum em tutoriais antigos) foi removida na versão 5.

# %%
optimizer = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE)
before = model.classifier.weight.detach().clone()

model.train()  # liga o dropout, como em qualquer treinamento
loss = model(**batch).loss  # com `labels` no lote, o modelo já devolve a perda
loss.backward()  # gradientes de todos os pesos
optimizer.step()  # atualiza os pesos
optimizer.zero_grad()  # limpa os gradientes para o próximo passo

change = (model.classifier.weight.detach() - before).abs().max().item()
print(f"perda do lote: {loss.item():.4f}")
print(f"maior mudança num peso da cabeça: {change:.2e} (taxa de aprendizado: {LEARNING_RATE:.0e})")

# %% tags=["check"]
# Conferência: o passo mudou os pesos, e cada um andou no máximo cerca de uma taxa de aprendizado.
assert 0 < change <= 2 * LEARNING_RATE

# %% [markdown]
# Repare no tamanho da mudança: no primeiro passo, o AdamW move cada peso por aproximadamente a
# taxa de aprendizado, qualquer que seja o tamanho do gradiente. Um passo só não ensina nada; um
# treinamento de verdade repete isso milhares de vezes, com lotes tirados de um dataset. Vamos a ele.

# %% [markdown]
# ## Carregando um dataset do Hub
#
# O Hub guarda milhares de datasets, e `load_dataset` baixa um deles (na primeira vez) e o guarda
# em cache no disco. O GLUE reúne várias tarefas, e o segundo argumento escolhe qual: `"mrpc"`.

# %%
raw_datasets = load_dataset("nyu-mll/glue", "mrpc")
raw_datasets

# %% [markdown]
# O resultado é um `DatasetDict`: um dicionário com as divisões de treinamento, validação e teste. Cada
# exemplo tem duas frases, um rótulo e um índice. Uma divisão se acessa como uma lista:

# %%
raw_train_dataset = raw_datasets["train"]
raw_train_dataset[0]

# %% [markdown]
# O rótulo é um número. Para saber o que ele significa, olhamos as *features*, o "esquema" das
# colunas do dataset:

# %%
raw_train_dataset.features

# %% [markdown]
# A coluna `label` é um `ClassLabel`: guarda inteiros, mas sabe o nome de cada classe. `int2str`
# traduz o número para o nome (e `str2int` faz o caminho inverso).

# %%
label_feature = raw_train_dataset.features["label"]
print(label_feature.names)
print(raw_train_dataset[0]["label"], "->", label_feature.int2str(raw_train_dataset[0]["label"]))
counts = Counter(label_feature.int2str(label) for label in raw_train_dataset["label"])
counts

# %% tags=["check"]
# Conferência: 0 é "not_equivalent" e 1 é "equivalent", como no MRPC do Hub.
assert label_feature.names == ["not_equivalent", "equivalent"]
assert label_feature.str2int("equivalent") == 1

# %% [markdown]
# Guarde a contagem das classes: as duas não aparecem na mesma proporção. Um "modelo" que sempre
# responde a classe mais comum já acerta essa fração dos exemplos; na seção 3.2 usamos isso como
# referência mínima para julgar o modelo treinado.

# %% [markdown]
# ## Tokenizando pares de frases
#
# O modelo não lê texto, lê números. Quando a tarefa envolve duas frases, passamos as duas ao
# tokenizador de uma vez, e ele monta uma única sequência com as duas:

# %%
inputs = tokenizer("This is the first sentence.", "This is the second one.")
inputs

# %% [markdown]
# Além de `input_ids` e `attention_mask`, que já conhecemos, aparece `token_type_ids`: ele marca
# com 0 os tokens da primeira frase e com 1 os da segunda. Decodificando os ids vemos o formato
# que o BERT espera, `[CLS] frase 1 [SEP] frase 2 [SEP]`:

# %%
tokens = tokenizer.convert_ids_to_tokens(inputs["input_ids"])
print(tokenizer.decode(inputs["input_ids"]))
pd.DataFrame({"token": tokens, "token_type_id": inputs["token_type_ids"]}).T

# %% tags=["check"]
# Conferência: [CLS] abre, [SEP] separa e fecha, e os tipos trocam de 0 para 1 logo após o 1º [SEP].
first_sep = tokens.index("[SEP]")
assert tokens[0] == "[CLS]" and tokens[-1] == "[SEP]" and tokens.count("[SEP]") == 2
assert inputs["token_type_ids"] == [0] * (first_sep + 1) + [1] * (len(tokens) - first_sep - 1)

# %% [markdown]
# O BERT aprendeu a usar os `token_type_ids` no pré-treinamento, numa tarefa que também envolvia
# pares de frases (prever se a segunda frase seguia a primeira no texto original). Outros
# checkpoints, como o DistilBERT, não foram treinados assim e o tokenizador deles nem devolve esse
# campo. Não é preciso decorar quem usa o quê: usando o tokenizador do mesmo checkpoint do modelo,
# ele devolve exatamente o que o modelo espera.

# %% [markdown]
# ## Tokenizando o dataset inteiro com `map`
#
# Poderíamos passar todas as frases de uma vez ao tokenizador, mas isso monta um dicionário
# enorme na memória e perde a organização do dataset. O jeito idiomático é `Dataset.map`, que
# aplica uma função a cada exemplo e **acrescenta** ao dataset as colunas que ela devolve.
#
# Com `batched=True`, a função recebe um lote de exemplos de uma vez (um dicionário de listas),
# e o tokenizador "rápido", escrito em Rust, processa a lista toda junta. Não pedimos padding aqui:
# ele fica para depois, lote a lote.

# %%
def tokenize_function(examples):
    return tokenizer(examples["sentence1"], examples["sentence2"], truncation=True)


timings = {}
for batched in (False, True):
    start = time.perf_counter()
    tokenized_datasets = raw_datasets.map(tokenize_function, batched=batched, load_from_cache_file=False)
    timings[batched] = time.perf_counter() - start
print(f"map exemplo a exemplo: {timings[False]:.2f} s   map em lotes: {timings[True]:.2f} s")
tokenized_datasets

# %% [markdown]
# Cada divisão ganhou as colunas `input_ids`, `token_type_ids` e `attention_mask`, e as colunas
# originais continuam lá. Em lotes, o `map` chama a função menos vezes e entrega ao tokenizador
# rápido muitas frases de cada vez. Compare os dois tempos acima: num dataset pequeno como este a
# diferença costuma ser pequena, porque boa parte do tempo vai em custos fixos; ela tende a crescer
# com o número de exemplos (os 5.801 pares do MRPC completo, online) e varia de uma execução para
# outra. (Usamos `load_from_cache_file=False`
# só para a comparação ser justa: normalmente o `map` guarda o resultado em cache e, na segunda
# vez, nem tokeniza de novo. Para funções mais pesadas, `num_proc=4` ainda divide o trabalho entre
# processos.)

# %% [markdown]
# ## Padding dinâmico
#
# Para formar um lote, todas as sequências precisam ter o mesmo comprimento, e as curtas são
# completadas com o token de padding. Quem junta os exemplos num lote é a **função de *collate***
# (`collate_fn`) do `DataLoader` do PyTorch. A `DataCollatorWithPadding` é uma dessas funções: ela
# completa cada lote **só até o comprimento do maior exemplo daquele lote**. Isso é o *padding
# dinâmico*. Ela precisa do tokenizador para saber qual é o token de padding e de que lado ele vai.
#
# Pegamos oito exemplos, tiramos as colunas de texto (não dá para fazer tensores de strings) e
# vemos os comprimentos:

# %%
data_collator = DataCollatorWithPadding(tokenizer=tokenizer)

samples = tokenized_datasets["train"][:8]
samples = {k: v for k, v in samples.items() if k not in ["idx", "sentence1", "sentence2"]}
lengths = [len(x) for x in samples["input_ids"]]
print(lengths)

collated = data_collator(samples)
{k: tuple(v.shape) for k, v in collated.items()}

# %% tags=["check"]
# Conferência: o lote foi completado até o maior exemplo dele, nem mais nem menos.
assert collated["input_ids"].shape == (8, max(lengths))
assert collated["labels"].shape == (8,)

# %% [markdown]
# Os oito exemplos viraram tensores do tamanho do maior deles. Repare também que a coluna `label`
# virou `labels`, o nome do argumento que o modelo espera.
#
# ### Quanto o padding dinâmico economiza?
#
# A alternativa é completar **tudo** até um comprimento fixo: o maior exemplo do dataset (ou até o
# limite do modelo, 512 tokens no BERT, o que seria ainda pior). Vamos medir as duas estratégias
# com os mesmos exemplos, o mesmo modelo e o mesmo tamanho de lote, só com passagens para a frente
# (*forward*), sem treinar. A própria `DataCollatorWithPadding` faz o padding fixo com
# `padding="max_length"`.

# %%
columns = ["input_ids", "token_type_ids", "attention_mask", "label"]
train_features = tokenized_datasets["train"].select_columns(columns)
n_bench = len(train_features) if BENCH_SIZE is None else min(BENCH_SIZE, len(train_features))
bench_dataset = train_features.select(range(n_bench))
longest = max(len(ids) for ids in bench_dataset["input_ids"])

collators = {
    "dinâmico": DataCollatorWithPadding(tokenizer=tokenizer),
    f"fixo ({longest} tokens)": DataCollatorWithPadding(tokenizer=tokenizer, padding="max_length",
                                                        max_length=longest),
}


def measure(collate_fn):
    """Forward em todos os lotes; devolve os tokens de cada lote e as amostras por segundo."""
    loader = DataLoader(bench_dataset, batch_size=BATCH_SIZE, collate_fn=collate_fn)
    tokens_per_batch, real_tokens = [], 0
    start = time.perf_counter()
    with torch.no_grad():
        for batch in tqdm(loader, leave=False):
            batch = batch.to(course.device)
            model(**batch)
            tokens_per_batch.append(batch["input_ids"].numel())
            real_tokens += batch["attention_mask"].sum().item()
    if course.device.type == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    return {"tokens_per_batch": tokens_per_batch, "padding": 1 - real_tokens / sum(tokens_per_batch),
            "samples_per_s": n_bench / seconds}


model.eval()
measure(collators["dinâmico"])  # aquecimento: a primeira passada paga custos de inicialização
results = {name: measure(collate_fn) for name, collate_fn in collators.items()}

table = pd.DataFrame({
    name: {"tokens por lote (média)": sum(r["tokens_per_batch"]) / len(r["tokens_per_batch"]),
           "fração de padding": r["padding"],
           "amostras/s (forward)": r["samples_per_s"]}
    for name, r in results.items()}).T
table.round(2)

# %% tags=["check"]
# Conferência: o padding dinâmico processa menos tokens por lote (e menos padding) que o fixo.
dynamic, fixed = table.index
assert table.loc[dynamic, "tokens por lote (média)"] < table.loc[fixed, "tokens por lote (média)"]
assert table.loc[dynamic, "fração de padding"] < table.loc[fixed, "fração de padding"]

# %%
fig, (ax_tokens, ax_speed) = plt.subplots(1, 2, figsize=(11, 3.5), gridspec_kw={"width_ratios": [2, 1]})
for name, r in results.items():
    ax_tokens.plot(r["tokens_per_batch"], label=name)
ax_tokens.set(xlabel="lote", ylabel="tokens no lote (com padding)", title="Tamanho de cada lote")
ax_tokens.legend()
ax_speed.bar(list(results), [r["samples_per_s"] for r in results.values()], color=["C0", "C1"])
ax_speed.set(ylabel="amostras por segundo", title="Velocidade (forward)")
plt.tight_layout()
plt.show()

# %% [markdown]
# O que observar:
#
# - com padding fixo, todo lote tem o mesmo tamanho e boa parte dele é padding, que o modelo
#   processa (e depois ignora, graças à `attention_mask`) sem aproveitar nada;
# - com padding dinâmico, cada lote tem só o padding que precisa; menos tokens significam menos
#   contas e, em geral, mais amostras por segundo;
# - o ganho depende da distribuição dos comprimentos: quanto mais desiguais as frases, maior a
#   economia. (A medida de velocidade varia de uma execução para outra, sobretudo numa máquina
#   compartilhada; a contagem de tokens, não.)
#
# Um cuidado: TPUs preferem formas fixas, e nelas o padding dinâmico pode atrapalhar, porque cada
# forma nova de tensor exige recompilar o modelo. Em CPU e GPU ele é a escolha padrão, e o
# `Trainer` da próxima seção já o usa.

# %% [markdown]
# ## Resumo
#
# - Um passo de treinamento é: perda (`model(**batch).loss`, com `labels` no lote) →
#   `loss.backward()` → `optimizer.step()` → `optimizer.zero_grad()`. O otimizador é o
#   `torch.optim.AdamW`.
# - `load_dataset(..., "mrpc")` devolve um `DatasetDict`; as *features* dizem o tipo de cada
#   coluna, e um `ClassLabel` traduz rótulos com `int2str`/`str2int`.
# - Para pares de frases, o tokenizador monta `[CLS] frase 1 [SEP] frase 2 [SEP]` e marca cada
#   parte com `token_type_ids`.
# - `Dataset.map(tokenize_function, batched=True)` tokeniza o dataset todo, rápido e com cache,
#   acrescentando colunas.
# - A `DataCollatorWithPadding` completa cada lote só até o maior exemplo dele; medimos que isso
#   processa menos tokens por lote do que completar tudo até um tamanho fixo.

# %% [markdown]
# ## Pratique
#
# 1. Meça o `map` exemplo a exemplo e em lotes em `raw_datasets["train"].select(range(100))` e
#    no `raw_datasets` inteiro. Como a diferença entre os dois muda com o tamanho do dataset?
# 2. Descubra com `raw_datasets["train"].features["label"].int2str` os nomes das classes e conte
#    quantos pares há em cada uma: a classe majoritária é qual fração?
