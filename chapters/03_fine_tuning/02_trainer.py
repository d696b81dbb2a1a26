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
#   partir de pesos aleatórios, com o mesmo orçamento de treinamento.
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
SAIDAS = "saidas"  # pasta onde o notebook grava o que produz (modelos, tokenizadores, CSVs); relativa à pasta de trabalho

# %%
from cursonlp import setup

course = setup(source=SOURCE, device=DEVICE)  # confere o ambiente e fixa as sementes aleatórias

# %%
import math
from collections import Counter
from pathlib import Path

import evaluate
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import torch
from datasets import load_dataset
from transformers import (AutoConfig, AutoModelForSequenceClassification, AutoTokenizer,
                          DataCollatorWithPadding, Trainer, TrainingArguments, set_seed)

CSV_TRAIN_ROWS, CSV_EVAL_ROWS = 64, 32  # linhas do MRPC gravadas no CSV do fim do notebook

# %% [markdown]
# ## Os dados, em resumo
#
# Esta célula repete o que fizemos na seção 3.1: carregar o MRPC, tokenizar os pares com `map` e
# criar o *collator* de padding dinâmico. Se `TRAIN_SIZE` limita o treinamento, sorteamos um
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
print(f"treinamento: {len(train_dataset)} pares   validação: {len(eval_dataset)} pares")

# %% [markdown]
# ## `TrainingArguments`: a ficha do treinamento
#
# Antes do `Trainer`, definimos um `TrainingArguments` com os hiperparâmetros. Só o primeiro
# argumento é obrigatório: a pasta onde o `Trainer` grava o que produzir. Os demais têm padrões
# razoáveis; aqui deixamos explícitos os que o curso varia e mais alguns:
#
# - `eval_strategy="epoch"` avalia no conjunto de validação ao fim de cada época (o argumento se
#   chamava `evaluation_strategy`, nome que não existe mais na versão 5);
# - `logging_strategy="epoch"` registra também a perda de treinamento uma vez por época;
# - `save_strategy="no"` dispensa os checkpoints intermediários, que ocupariam centenas de MB cada;
# - `fp16`/`bf16` ligam a precisão mista, que acelera o treinamento em GPUs;
# - `use_cpu` respeita o `DEVICE` escolhido, mesmo numa máquina com GPU.

# %%
training_args = TrainingArguments(
    f"{SAIDAS}/teste-trainer",
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
# Um `Trainer` recebe tudo o que construímos: o modelo, os argumentos, os datasets de treinamento e de
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
# progresso mostra, ao fim de cada uma, a perda de treinamento, a perda de validação, a acurácia e o F1.

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
    """Uma linha por época: perda de treinamento, perda de validação, acurácia e F1."""
    train_loss = {round(e["epoch"]): e["loss"] for e in log_history if "loss" in e}
    return pd.DataFrame([
        {"época": round(e["epoch"]), "perda de treinamento": train_loss.get(round(e["epoch"])),
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
# 1. **Classe majoritária**: responder sempre a classe mais comum no treinamento. Não aprende nada,
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
    "pesos aleatórios + treinamento": scratch_epochs.iloc[-1][["acurácia", "F1"]].set_axis(["accuracy", "f1"]),
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
assert f1["pré-treinado + ajuste fino"] > f1["pesos aleatórios + treinamento"], comparison

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
# salva checkpoints, retoma treinamentos interrompidos e tem dezenas de opções em `TrainingArguments`.

# %% [markdown]
# ## Avaliar, salvar e carregar de volta
#
# `trainer.evaluate()` roda só a avaliação, no `eval_dataset`, e devolve as métricas com o prefixo
# `eval_`. Com o modelo já ajustado, elas são as da última época da tabela acima.

# %%
eval_metrics = trainer.evaluate()
{name: round(value, 4) for name, value in eval_metrics.items() if name in ("eval_loss", "eval_accuracy", "eval_f1")}

# %% tags=["check"]
# Conferência: avaliar de novo o mesmo modelo nos mesmos dados dá as métricas da última época.
last_epoch = pretrained_epochs.iloc[-1]
assert abs(eval_metrics["eval_f1"] - last_epoch["F1"]) < 1e-6, (eval_metrics, last_epoch)
assert abs(eval_metrics["eval_loss"] - last_epoch["perda de validação"]) < 1e-4, (eval_metrics, last_epoch)

# %% [markdown]
# `trainer.save_model(pasta)` grava o modelo ajustado (`config.json` e `model.safetensors`) e, como
# passamos `processing_class=tokenizer`, também o tokenizador. A pasta vira um checkpoint local:
# `from_pretrained(pasta)` carrega tudo de volta, como se fosse um id do Hub.

# %%
saved_dir = Path(SAIDAS) / "mrpc-ajustado"
trainer.save_model(saved_dir)
print(sorted(p.name for p in saved_dir.iterdir()))

reloaded_tokenizer = AutoTokenizer.from_pretrained(saved_dir)
reloaded_model = AutoModelForSequenceClassification.from_pretrained(saved_dir).to(course.device).eval()
trained_model = trainer.model.eval()

pairs = raw_datasets["validation"][:8]
inputs = reloaded_tokenizer(pairs["sentence1"], pairs["sentence2"], padding=True, truncation=True,
                            return_tensors="pt").to(course.device)
with torch.no_grad():
    original_logits = trained_model(**inputs).logits
    reloaded_logits = reloaded_model(**inputs).logits
print("previsões do modelo treinado:   ", original_logits.argmax(-1).tolist())
print("previsões do modelo recarregado:", reloaded_logits.argmax(-1).tolist())

# %% tags=["check"]
# Conferência: o modelo recarregado do disco prevê exatamente o mesmo que o treinado.
assert (saved_dir / "model.safetensors").is_file() and (saved_dir / "tokenizer.json").is_file()
assert torch.equal(original_logits.argmax(-1), reloaded_logits.argmax(-1))
assert torch.allclose(original_logits, reloaded_logits, atol=1e-5)

# %% [markdown]
# ## Ajuste fino com o seu próprio CSV
#
# Seus dados não precisam estar no Hub. Um arquivo CSV com uma coluna por campo basta:
# `load_dataset("csv", data_files=...)` o lê como um `DatasetDict`, com uma divisão por arquivo.
# Para simular, gravamos num CSV algumas linhas do próprio MRPC (com `Dataset.to_csv`); com os seus
# dados, o arquivo viria de uma planilha ou de outro programa, com os nomes de coluna que você
# quiser.

# %%
csv_dir = Path(SAIDAS) / "meu-csv"
csv_dir.mkdir(parents=True, exist_ok=True)
raw_datasets["train"].select(range(CSV_TRAIN_ROWS)).to_csv(csv_dir / "treino.csv", index=False)
raw_datasets["validation"].select(range(CSV_EVAL_ROWS)).to_csv(csv_dir / "validacao.csv", index=False)
print((csv_dir / "treino.csv").read_text().splitlines()[:2])

csv_datasets = load_dataset("csv", data_files={"train": str(csv_dir / "treino.csv"),
                                                "validation": str(csv_dir / "validacao.csv")})
csv_datasets

# %% [markdown]
# Daqui em diante, o caminho é o de sempre: tokenizar com `map`, criar um modelo a partir do
# checkpoint e treinar com o `Trainer`. Com tão poucas linhas o treinamento é curto (uma época), e o
# que interessa aqui é o caminho, não o resultado. Num CSV seu, troque `"sentence1"` e
# `"sentence2"` pelos nomes das suas colunas de texto e garanta uma coluna `label` com inteiros
# (0, 1, ...).

# %%
csv_tokenized = csv_datasets.map(tokenize_function, batched=True)
set_seed(42)
csv_model = AutoModelForSequenceClassification.from_pretrained(CHECKPOINT, num_labels=2)
csv_trainer = Trainer(
    csv_model,
    TrainingArguments(csv_dir / "treino", num_train_epochs=1, save_strategy="no",
                      per_device_train_batch_size=BATCH_SIZE, learning_rate=LEARNING_RATE,
                      use_cpu=course.device.type == "cpu", report_to="none", seed=42),
    train_dataset=csv_tokenized["train"],
    eval_dataset=csv_tokenized["validation"],
    data_collator=data_collator,
    processing_class=tokenizer,
    compute_metrics=compute_metrics,
)
csv_result = csv_trainer.train()
csv_metrics = csv_trainer.evaluate()
print(f"{csv_result.global_step} passos, perda de treinamento {csv_result.training_loss:.3f}")
{name: round(value, 3) for name, value in csv_metrics.items() if name in ("eval_loss", "eval_accuracy", "eval_f1")}

# %% tags=["check"]
# Conferência: o CSV trouxe de volta as mesmas linhas do MRPC, e o treinamento percorreu todas uma vez.
assert csv_datasets["train"][0] == raw_datasets["train"][0], csv_datasets["train"][0]
assert csv_datasets["train"].num_rows == CSV_TRAIN_ROWS and csv_datasets["validation"].num_rows == CSV_EVAL_ROWS
assert csv_result.global_step == math.ceil(CSV_TRAIN_ROWS / BATCH_SIZE)
assert math.isfinite(csv_result.training_loss) and 0 <= csv_metrics["eval_accuracy"] <= 1

# %% [markdown]
# ## Resumo
#
# - `TrainingArguments` reúne os hiperparâmetros; `eval_strategy="epoch"` (antes
#   `evaluation_strategy`) avalia a cada época.
# - `Trainer(model, args, train_dataset=..., eval_dataset=..., data_collator=...,
#   processing_class=tokenizer, compute_metrics=...)` monta o treinamento; `processing_class`
#   substituiu `tokenizer=`. `trainer.train()` treina.
# - `trainer.predict` devolve logits, rótulos e métricas; `argmax` dos logits dá a classe prevista,
#   e `evaluate.load("glue", "mrpc")` calcula acurácia e F1.
# - `compute_metrics` faz o `Trainer` reportar essas métricas a cada avaliação; o histórico fica
#   em `trainer.state.log_history`.
# - Com o mesmo orçamento de treinamento, o modelo pré-treinado supera tanto a classe majoritária
#   quanto a mesma arquitetura com pesos aleatórios: é o ganho do pré-treinamento.
# - `trainer.evaluate()` só avalia; `trainer.save_model(pasta)` grava modelo e tokenizador, e
#   `from_pretrained(pasta)` os carrega de volta, com as mesmas previsões.
# - Dados próprios entram com `load_dataset("csv", data_files={"train": ..., "validation": ...})`
#   e seguem o mesmo caminho: `map`, modelo, `Trainer`.

# %% [markdown]
# ## Pratique
#
# 1. Troque `LEARNING_RATE` por um valor 10 vezes maior e depois 10 vezes menor. O que acontece com a
#    perda de treinamento e com o F1?
# 2. Rode `trainer.evaluate()` antes de `trainer.train()` e compare com o resultado depois: quanto o
#    ajuste fino melhorou a perda de validação?
