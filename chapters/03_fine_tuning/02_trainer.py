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
# # 3.2 · Ajuste fino com o `Trainer`
#
# **O que você vai aprender:**
#
# - como descrever um treinamento com `TrainingArguments` e rodá-lo com o `Trainer`;
# - como obter previsões com `trainer.predict` e transformá-las em métricas com o 🤗 Evaluate;
# - como escrever uma função `compute_metrics` para ver acurácia e F1 ao fim de cada época;
# - por que partir de um modelo **pré-treinado** faz diferença: comparamos o ajuste fino com um
#   classificador que sempre responde a classe mais comum e com a mesma arquitetura treinada a
#   partir de pesos aleatórios, com o mesmo orçamento de treino.
#
# Na seção 3.1 preparamos os dados do MRPC. Agora vamos treinar de verdade. O `Trainer` do
# 🤗 Transformers faz o loop de treinamento por nós: monta os lotes, calcula a perda, atualiza os
# pesos, avalia e registra tudo. Na seção 3.3 escrevemos esse mesmo loop à mão.

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
TRAIN_SIZE = None  # int | None: quantos pares de treino usar (None: todos)
EPOCHS = 3  # épocas de treinamento
BATCH_SIZE = 8  # exemplos por lote
LEARNING_RATE = 5e-5  # taxa de aprendizado do AdamW
MIXED_PRECISION = "no"  # precisão mista: "no", "fp16" ou "bf16" (as duas últimas só na GPU)

# %%
from cursonlp import setup

course = setup(source=SOURCE, device=DEVICE)  # confere o ambiente e fixa as sementes aleatórias

# %%
from collections import Counter

import evaluate
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from datasets import load_dataset
from transformers import (AutoConfig, AutoModelForSequenceClassification, AutoTokenizer,
                          DataCollatorWithPadding, Trainer, TrainingArguments, set_seed)

# %% [markdown]
# ## Os dados, em resumo
#
# Esta célula repete o que fizemos na seção 3.1: carregar o MRPC, tokenizar os pares com `map` e
# criar o *collator* de padding dinâmico. Se `TRAIN_SIZE` limita o treino, sorteamos um
# subconjunto (com semente fixa, para que seja sempre o mesmo).

# %%
raw_datasets = load_dataset("nyu-mll/glue", "mrpc")
tokenizer = AutoTokenizer.from_pretrained(CHECKPOINT)


def tokenize_function(examples):
    return tokenizer(examples["sentence1"], examples["sentence2"], truncation=True)


tokenized_datasets = raw_datasets.map(tokenize_function, batched=True)
data_collator = DataCollatorWithPadding(tokenizer=tokenizer)

train_dataset = tokenized_datasets["train"]
if TRAIN_SIZE is not None:
    train_dataset = train_dataset.shuffle(seed=42).select(range(TRAIN_SIZE))
eval_dataset = tokenized_datasets["validation"]
print(f"treino: {len(train_dataset)} pares   validação: {len(eval_dataset)} pares")

# %% [markdown]
# ## `TrainingArguments`: a ficha do treinamento
#
# Antes do `Trainer`, definimos um `TrainingArguments` com os hiperparâmetros. Só o primeiro
# argumento é obrigatório: a pasta onde o `Trainer` grava o que produzir. Os demais têm padrões
# razoáveis; aqui deixamos explícitos os que o curso varia e mais alguns:
#
# - `eval_strategy="epoch"` avalia no conjunto de validação ao fim de cada época (o argumento se
#   chamava `evaluation_strategy`, nome que não existe mais na versão 5);
# - `logging_strategy="epoch"` registra também a perda de treino uma vez por época;
# - `save_strategy="no"` dispensa os checkpoints intermediários, que ocupariam centenas de MB cada;
# - `fp16`/`bf16` ligam a precisão mista, que acelera o treino em GPUs;
# - `use_cpu` respeita o `DEVICE` escolhido, mesmo numa máquina com GPU.

# %%
training_args = TrainingArguments(
    "saidas/teste-trainer",
    eval_strategy="epoch",
    logging_strategy="epoch",
    save_strategy="no",
    num_train_epochs=EPOCHS,
    per_device_train_batch_size=BATCH_SIZE,
    per_device_eval_batch_size=BATCH_SIZE,
    learning_rate=LEARNING_RATE,
    fp16=MIXED_PRECISION == "fp16",
    bf16=MIXED_PRECISION == "bf16",
    use_cpu=course.device.type == "cpu",
    report_to="none",
    seed=42,
)
print(training_args.eval_strategy, training_args.num_train_epochs, training_args.learning_rate)

# %% [markdown]
# ## O modelo
#
# Como na seção 3.1, o relatório de carga avisa que a cabeça de classificação (`classifier`) é
# nova: o corpo do BERT vem pré-treinado, a cabeça começa aleatória. `set_seed` fixa essa
# inicialização, para que os números deste notebook se repitam.

# %%
set_seed(42)
model = AutoModelForSequenceClassification.from_pretrained(CHECKPOINT, num_labels=2)

# %% [markdown]
# ## Previsões e métricas
#
# Um `Trainer` recebe tudo o que construímos: o modelo, os argumentos, os datasets de treino e de
# validação, o *collator* e o tokenizador. O tokenizador vai no argumento `processing_class` (que
# substituiu o antigo `tokenizer=`, removido na versão 5) e é gravado junto com o modelo.
#
# Antes de treinar, vejamos o que o `Trainer` devolve ao prever: `trainer.predict` roda o modelo
# em todo um dataset e devolve uma tupla com `predictions`, `label_ids` e `metrics`.

# %%
trainer = Trainer(
    model,
    training_args,
    train_dataset=train_dataset,
    eval_dataset=eval_dataset,
    data_collator=data_collator,
    processing_class=tokenizer,
)
predictions = trainer.predict(eval_dataset)
print(predictions.predictions.shape, predictions.label_ids.shape)
predictions.metrics

# %% [markdown]
# `predictions.predictions` são os **logits**, dois por par (um por classe), e `label_ids` são os
# rótulos certos. Em `metrics` por enquanto só há a perda e medidas de tempo. Para comparar com
# os rótulos, a classe prevista é a de maior logit, `argmax` no último eixo. A métrica oficial do
# MRPC no GLUE vem do 🤗 Evaluate e reporta **acurácia** e **F1** (a classe positiva é
# `equivalent`).

# %%
preds = np.argmax(predictions.predictions, axis=-1)
metric = evaluate.load("glue", "mrpc")
metric.compute(predictions=preds, references=predictions.label_ids)

# %% [markdown]
# Esse é o modelo **antes** do ajuste fino, com a cabeça ainda aleatória: o resultado é um chute.
#
# Para que o `Trainer` calcule essas métricas sozinho a cada avaliação, escrevemos uma função
# `compute_metrics`. Ela recebe um `EvalPrediction` (a dupla logits, rótulos) e devolve um
# dicionário de nomes para números.

# %%
def compute_metrics(eval_preds):
    logits, labels = eval_preds
    predictions = np.argmax(logits, axis=-1)
    return metric.compute(predictions=predictions, references=labels)


# %% [markdown]
# ## Treinando
#
# Agora o `Trainer` completo, com `compute_metrics`. Como avaliamos a cada época, a tabela de
# progresso mostra, ao fim de cada uma, a perda de treino, a perda de validação, a acurácia e o F1.

# %%
trainer = Trainer(
    model,
    training_args,
    train_dataset=train_dataset,
    eval_dataset=eval_dataset,
    data_collator=data_collator,
    processing_class=tokenizer,
    compute_metrics=compute_metrics,
)
trainer.train()

# %% [markdown]
# Tudo o que o `Trainer` registrou fica em `trainer.state.log_history`, uma lista de dicionários.
# Juntamos os registros de cada época numa tabela:

# %%
def epoch_table(log_history):
    """Uma linha por época: perda de treino, perda de validação, acurácia e F1."""
    train_loss = {round(e["epoch"]): e["loss"] for e in log_history if "loss" in e}
    return pd.DataFrame([
        {"época": round(e["epoch"]), "perda de treino": train_loss.get(round(e["epoch"])),
         "perda de validação": e["eval_loss"], "acurácia": e["eval_accuracy"], "F1": e["eval_f1"]}
        for e in log_history if "eval_loss" in e]).set_index("época")


pretrained_epochs = epoch_table(trainer.state.log_history)
pretrained_epochs.round(3)

# %% [markdown]
# As perdas caem e as métricas sobem de uma época para a outra. Com os valores padrão deste
# notebook (o `google-bert/bert-base-uncased` real, o MRPC completo e 3 épocas), o resultado de
# referência do curso fica em torno de **acurácia 0,84–0,86 e F1 0,89–0,90**; a variação vem da
# inicialização aleatória da cabeça e da ordem dos lotes. O artigo original do BERT reporta F1 de
# 88,9 no conjunto de teste. Rodando offline, com a miniatura do mini-hub (um BERT de 6 camadas,
# dados gerados e bem menos exemplos e épocas), os números são outros: compare a ordem de grandeza
# e as tendências, não os valores exatos.
#
# ## Pré-treinado contra as alternativas
#
# Acurácia 0,8 é bom? Depende do que se consegue sem esforço. Duas referências:
#
# 1. **Classe majoritária**: responder sempre a classe mais comum no treino. Não aprende nada,
#    mas no MRPC, onde cerca de 2/3 dos pares são paráfrases, já tem acurácia e F1 altos.
# 2. **Mesma arquitetura, pesos aleatórios**: `AutoConfig` lê só a *arquitetura* do checkpoint, e
#    `AutoModelForSequenceClassification.from_config` cria o modelo sem carregar pesos. Treinamos
#    esse modelo exatamente com os mesmos argumentos, dados e número de passos.
#
# A diferença entre o modelo pré-treinado e o aleatório mede o que o pré-treinamento trouxe.

# %%
majority = Counter(train_dataset["label"]).most_common(1)[0][0]
majority_metrics = metric.compute(predictions=[majority] * len(eval_dataset),
                                  references=eval_dataset["label"])
print("classe majoritária:", raw_datasets["train"].features["label"].int2str(majority), majority_metrics)

# %%
config = AutoConfig.from_pretrained(CHECKPOINT, num_labels=2)
set_seed(42)
scratch_model = AutoModelForSequenceClassification.from_config(config)
scratch_trainer = Trainer(
    scratch_model,
    training_args,
    train_dataset=train_dataset,
    eval_dataset=eval_dataset,
    data_collator=data_collator,
    processing_class=tokenizer,
    compute_metrics=compute_metrics,
)
scratch_trainer.train()
scratch_epochs = epoch_table(scratch_trainer.state.log_history)
scratch_epochs.round(3)

# %%
comparison = pd.DataFrame({
    "classe majoritária": majority_metrics,
    "pesos aleatórios + treino": scratch_epochs.iloc[-1][["acurácia", "F1"]].set_axis(["accuracy", "f1"]),
    "pré-treinado + ajuste fino": pretrained_epochs.iloc[-1][["acurácia", "F1"]].set_axis(["accuracy", "f1"]),
}).T.rename(columns={"accuracy": "acurácia", "f1": "F1"})
comparison.round(3)

# %%
ax = comparison.plot.bar(rot=0, figsize=(8, 3.5), ylim=(0, 1), color=["C0", "C1"])
ax.set(ylabel="na validação", title="MRPC: o que o pré-treinamento traz")
for container in ax.containers:
    ax.bar_label(container, fmt="%.2f", fontsize=8)
plt.tight_layout()
plt.show()

# %% tags=["check"]
# Conferência: o modelo pré-treinado tem F1 maior que o da classe majoritária e que o do aleatório.
f1 = comparison["F1"]
assert f1["pré-treinado + ajuste fino"] > f1["classe majoritária"], comparison
assert f1["pré-treinado + ajuste fino"] > f1["pesos aleatórios + treino"], comparison

# %% [markdown]
# O que observar:
#
# - o modelo treinado a partir de pesos aleatórios não supera (ou mal supera) a classe
#   majoritária: com tão poucos exemplos, ele não tem como aprender inglês *e* a tarefa; o melhor
#   que acha é algo próximo de "responder quase sempre `equivalent`";
# - o modelo pré-treinado, com os mesmos dados e o mesmo número de passos, vai além: ele já chega
#   sabendo representar o sentido das frases, e o ajuste fino só precisa ensinar a tarefa. Isso é
#   *transfer learning*, a razão de ser dos checkpoints do Hub;
# - olhe as duas métricas juntas: com classes desbalanceadas, acurácia e F1 altos podem vir de um
#   modelo que não aprendeu nada, como mostra a primeira linha da tabela.
#
# O `Trainer` faz muito mais do que vimos: funciona em várias GPUs ou TPUs sem mudar o código,
# salva checkpoints, retoma treinos interrompidos e tem dezenas de opções em `TrainingArguments`.

# %% [markdown]
# ## Resumo
#
# - `TrainingArguments` reúne os hiperparâmetros; `eval_strategy="epoch"` (antes
#   `evaluation_strategy`) avalia a cada época.
# - `Trainer(model, args, train_dataset=..., eval_dataset=..., data_collator=...,
#   processing_class=tokenizer, compute_metrics=...)` monta o treino; `processing_class`
#   substituiu `tokenizer=`. `trainer.train()` treina.
# - `trainer.predict` devolve logits, rótulos e métricas; `argmax` dos logits dá a classe prevista,
#   e `evaluate.load("glue", "mrpc")` calcula acurácia e F1.
# - `compute_metrics` faz o `Trainer` reportar essas métricas a cada avaliação; o histórico fica
#   em `trainer.state.log_history`.
# - Com o mesmo orçamento de treino, o modelo pré-treinado supera tanto a classe majoritária
#   quanto a mesma arquitetura com pesos aleatórios: é o ganho do pré-treinamento.
