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
# # 3.3 · Um loop de treinamento completo
#
# **O que você vai aprender:**
#
# - a preparar um dataset tokenizado para um `DataLoader` do PyTorch (colunas, nomes, formato);
# - a escrever o loop de treinamento que o `Trainer` esconde: otimizador, *scheduler* da taxa de
#   aprendizado, dispositivo, barra de progresso;
# - a escrever o loop de avaliação, acumulando lotes com `metric.add_batch`;
# - a adaptar o mesmo loop ao 🤗 Accelerate, para que ele rode em uma CPU, uma GPU ou em vários
#   processos sem mudanças, e a lançá-lo como script com `accelerate launch`.
#
# O `Trainer` da seção 3.2 é prático, mas às vezes você precisa de controle total sobre cada
# passo. Aqui reproduzimos, à mão, o que ele fez.

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
MIXED_PRECISION = "no"  # precisão mista do Accelerate: "no", "fp16" ou "bf16" (as duas últimas só na GPU)
SCRIPT_TRAIN_SIZE = None  # int | None: pares de treino do script lançado no fim (None: todos)
SCRIPT_EPOCHS = 3  # épocas do script lançado no fim
SAIDAS = "saidas"  # pasta onde o notebook grava o que produz (modelos, tokenizadores, CSVs); relativa à pasta de trabalho

# %%
from cursonlp import setup

course = setup(source=SOURCE, device=DEVICE)  # confere o ambiente e fixa as sementes aleatórias

# %%
import json
import subprocess
from pathlib import Path

import evaluate
import matplotlib.pyplot as plt
import torch
from datasets import load_dataset
from torch.utils.data import DataLoader
from tqdm.auto import tqdm
from transformers import (AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding,
                          get_scheduler, set_seed)

# %% [markdown]
# ## Os dados, em resumo
#
# O começo é o de sempre: carregar, tokenizar com `map` e criar o *collator*.

# %%
raw_datasets = load_dataset("nyu-mll/glue", "mrpc")
tokenizer = AutoTokenizer.from_pretrained(CHECKPOINT)


def tokenize_function(examples):
    return tokenizer(examples["sentence1"], examples["sentence2"], truncation=True)


tokenized_datasets = raw_datasets.map(tokenize_function, batched=True)
data_collator = DataCollatorWithPadding(tokenizer=tokenizer)

# %% [markdown]
# ## Preparando os dados para o `DataLoader`
#
# O `Trainer` fazia três ajustes por nós, que agora fazemos à mão:
#
# 1. remover as colunas que o modelo não aceita como argumento (`sentence1`, `sentence2`, `idx`);
# 2. renomear `label` para `labels`, o nome do argumento que o modelo espera;
# 3. pedir que o dataset devolva tensores do PyTorch em vez de listas (`set_format("torch")`).

# %%
tokenized_datasets = tokenized_datasets.remove_columns(["sentence1", "sentence2", "idx"])
tokenized_datasets = tokenized_datasets.rename_column("label", "labels")
tokenized_datasets.set_format("torch")

train_dataset = tokenized_datasets["train"]
if TRAIN_SIZE is not None:
    train_dataset = train_dataset.shuffle(seed=42).select(range(TRAIN_SIZE))
eval_dataset = tokenized_datasets["validation"]
train_dataset.column_names

# %% [markdown]
# Com isso, os `DataLoader`s: o de treinamento embaralha os exemplos a cada época (com um gerador de
# semente fixa, para a ordem se repetir), e os dois usam o *collator* para o padding dinâmico.
# Um lote para conferir as formas:

# %%
train_dataloader = DataLoader(train_dataset, shuffle=True, batch_size=BATCH_SIZE, collate_fn=data_collator,
                              generator=torch.Generator().manual_seed(42))
eval_dataloader = DataLoader(eval_dataset, batch_size=BATCH_SIZE, collate_fn=data_collator)

for batch in train_dataloader:
    break
{k: tuple(v.shape) for k, v in batch.items()}

# %% tags=["check"]
# Conferência: o lote tem as quatro entradas que o modelo aceita, com BATCH_SIZE exemplos.
assert set(batch) == {"input_ids", "token_type_ids", "attention_mask", "labels"}
assert batch["labels"].shape == (min(BATCH_SIZE, len(train_dataset)),)

# %% [markdown]
# ## Modelo, otimizador e *scheduler*
#
# O modelo é criado como antes. Passando um lote com `labels`, ele devolve a perda e os logits
# (um par de logits por exemplo):

# %%
set_seed(42)
model = AutoModelForSequenceClassification.from_pretrained(CHECKPOINT, num_labels=2)
outputs = model(**batch)
print(outputs.loss, outputs.logits.shape)

# %% [markdown]
# Faltam o otimizador e o *scheduler* da taxa de aprendizado. Usamos os mesmos padrões do
# `Trainer`: o `torch.optim.AdamW` (o `transformers.AdamW` de tutoriais antigos foi removido na
# versão 5) e uma taxa de aprendizado que cai **linearmente** do valor inicial até zero ao longo
# do treinamento. O *scheduler* precisa saber quantos passos haverá: épocas × lotes por época.

# %%
optimizer = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE)

num_training_steps = EPOCHS * len(train_dataloader)
lr_scheduler = get_scheduler(
    "linear",
    optimizer=optimizer,
    num_warmup_steps=0,
    num_training_steps=num_training_steps,
)
print(num_training_steps)

# %% [markdown]
# ## O loop de treinamento
#
# Usamos o dispositivo escolhido em `setup` (a GPU, se houver e `DEVICE` permitir). O modelo vai
# para lá uma vez; cada lote, a cada passo. O corpo do loop é o passo da seção 3.1 mais o
# `lr_scheduler.step()`. Guardamos a perda e a taxa de aprendizado de cada passo para olhá-las
# depois, e a barra do `tqdm.auto` mostra o progresso.

# %%
device = course.device
model.to(device)
print(device)

# %%
progress_bar = tqdm(range(num_training_steps))
losses, learning_rates = [], []

model.train()
for epoch in range(EPOCHS):
    for batch in train_dataloader:
        batch = {k: v.to(device) for k, v in batch.items()}
        outputs = model(**batch)
        loss = outputs.loss
        loss.backward()

        optimizer.step()
        learning_rates.append(lr_scheduler.get_last_lr()[0])
        lr_scheduler.step()
        optimizer.zero_grad()
        losses.append(loss.item())
        progress_bar.update(1)

# %%
fig, (ax_loss, ax_lr) = plt.subplots(1, 2, figsize=(11, 3.2))
ax_loss.plot(losses, alpha=0.4, label="por lote")
window = max(1, len(losses) // 10)
smooth = torch.tensor(losses).unfold(0, window, 1).mean(dim=1)
ax_loss.plot(range(window - 1, len(losses)), smooth, label=f"média móvel ({window} lotes)")
ax_loss.set(xlabel="passo", ylabel="perda de treinamento", title="Perda")
ax_loss.legend()
ax_lr.plot(learning_rates)
ax_lr.set(xlabel="passo", ylabel="taxa de aprendizado", title="Scheduler linear")
plt.tight_layout()
plt.show()

# %% [markdown]
# A perda de cada lote oscila bastante (cada lote tem exemplos diferentes), mas a média móvel cai.
# À direita, a taxa de aprendizado descendo em linha reta até zero, como pedimos ao *scheduler*.
#
# ## O loop de avaliação
#
# Para avaliar, `model.eval()` desliga o dropout e `torch.no_grad()` dispensa o cálculo de
# gradientes (mais rápido e com menos memória). As métricas do 🤗 Evaluate acumulam lotes com
# `metric.add_batch` e só calculam o resultado final em `metric.compute()`.

# %%
metric = evaluate.load("glue", "mrpc")
model.eval()
for batch in eval_dataloader:
    batch = {k: v.to(device) for k, v in batch.items()}
    with torch.no_grad():
        outputs = model(**batch)

    logits = outputs.logits
    predictions = torch.argmax(logits, dim=-1)
    metric.add_batch(predictions=predictions, references=batch["labels"])

loop_metrics = metric.compute()
loop_metrics

# %% tags=["check"]
# Conferência: o modelo treinado à mão acerta mais do que responder sempre a classe mais comum.
positive_share = sum(int(label) for label in eval_dataset["labels"]) / len(eval_dataset)
majority_share = max(positive_share, 1 - positive_share)
assert loop_metrics["accuracy"] > majority_share, (loop_metrics, majority_share)

# %% [markdown]
# O resultado é da mesma ordem do obtido com o `Trainer` na seção 3.2 (não idêntico: a ordem dos
# lotes e detalhes do otimizador diferem). Com os valores padrão, no BERT real, ficaria em torno
# de acurácia 0,84 e F1 0,89.
#
# ## O mesmo loop com 🤗 Accelerate
#
# O loop acima roda em um dispositivo. Para treinar em várias GPUs (ou TPUs, ou vários processos
# de CPU), ou ligar a precisão mista, seria preciso reescrever bastante coisa. A biblioteca
# 🤗 Accelerate faz isso com poucas mudanças. Em forma de *diff* (`-` sai, `+` entra):
#
# ```diff
# + from accelerate import Accelerator
#
# + accelerator = Accelerator()
#   model = AutoModelForSequenceClassification.from_pretrained(checkpoint, num_labels=2)
#   optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)
# - model.to(device)
# + train_dataloader, eval_dataloader, model, optimizer = accelerator.prepare(
# +     train_dataloader, eval_dataloader, model, optimizer
# + )
#   ...
#       for batch in train_dataloader:
# -         batch = {k: v.to(device) for k, v in batch.items()}
#           outputs = model(**batch)
#           loss = outputs.loss
# -         loss.backward()
# +         accelerator.backward(loss)
# ```
#
# - `Accelerator()` examina o ambiente (quantos processos, qual dispositivo, que precisão) e
#   prepara a configuração distribuída;
# - `accelerator.prepare(...)` põe modelo e otimizador no dispositivo certo e, com vários
#   processos, divide os lotes entre eles; por isso sai o `.to(device)`;
# - `accelerator.backward(loss)` substitui `loss.backward()` (com precisão mista, ele também
#   escala a perda);
# - na avaliação, `accelerator.gather_for_metrics` junta as previsões de todos os processos.
#
# O *scheduler* é criado depois do `prepare`, porque com vários processos cada um vê menos lotes.
# Aqui, num único processo, `cpu=True` respeita o `DEVICE` escolhido:

# %%
from accelerate import Accelerator

accelerator = Accelerator(mixed_precision=MIXED_PRECISION, cpu=course.device.type == "cpu")

set_seed(42)
model = AutoModelForSequenceClassification.from_pretrained(CHECKPOINT, num_labels=2)
optimizer = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE)
train_dataloader = DataLoader(train_dataset, shuffle=True, batch_size=BATCH_SIZE, collate_fn=data_collator,
                              generator=torch.Generator().manual_seed(42))
eval_dataloader = DataLoader(eval_dataset, batch_size=BATCH_SIZE, collate_fn=data_collator)

train_dl, eval_dl, model, optimizer = accelerator.prepare(
    train_dataloader, eval_dataloader, model, optimizer
)

num_training_steps = EPOCHS * len(train_dl)
lr_scheduler = get_scheduler(
    "linear",
    optimizer=optimizer,
    num_warmup_steps=0,
    num_training_steps=num_training_steps,
)

progress_bar = tqdm(range(num_training_steps), disable=not accelerator.is_local_main_process)
model.train()
for epoch in range(EPOCHS):
    for batch in train_dl:
        outputs = model(**batch)
        loss = outputs.loss
        accelerator.backward(loss)

        optimizer.step()
        lr_scheduler.step()
        optimizer.zero_grad()
        progress_bar.update(1)

model.eval()
for batch in eval_dl:
    with torch.no_grad():
        outputs = model(**batch)
    predictions = outputs.logits.argmax(dim=-1)
    predictions, references = accelerator.gather_for_metrics((predictions, batch["labels"]))
    metric.add_batch(predictions=predictions, references=references)

accelerate_metrics = metric.compute()
print(accelerator.device, accelerator.num_processes, accelerator.mixed_precision)
accelerate_metrics

# %% tags=["check"]
# Conferência: com o Accelerate, o mesmo treinamento também supera a classe majoritária.
assert accelerate_metrics["accuracy"] > majority_share, (accelerate_metrics, majority_share)

# %% [markdown]
# Mesmo loop, mesmo resultado em espírito; o dispositivo e a precisão agora são decididos pelo
# `Accelerator`. Com `MIXED_PRECISION="bf16"` ou `"fp16"` numa GPU, o treinamento fica mais rápido e
# gasta menos memória, sem mudar nenhuma outra linha.
#
# ## Como script: `accelerate launch`
#
# Num notebook há um processo só. Para usar vários (uma GPU por processo, por exemplo), o loop vai
# para um script, que o comando `accelerate launch` inicia em quantos processos se pedir. O curso
# traz esse script pronto dentro do seu pacote, `cursonlp.treino_accelerate`: é o loop acima, com
# opções de linha de comando (modelo, dataset, tamanhos, épocas, pasta de saída). Por vir com o
# pacote, ele roda de qualquer pasta (no Colab também) com `accelerate launch -m
# cursonlp.treino_accelerate`; uma célula mais abaixo mostra o código dele. No fim, o processo
# principal grava o modelo e um `metricas.json` com quantos processos rodaram e quantos exemplos
# cada um treinou.
#
# Antes de lançar numa máquina nova, `accelerate config` faz algumas perguntas (quantas GPUs, que
# precisão...) e grava as respostas num arquivo de configuração que o `accelerate launch` lê. Sem
# ele, valem os padrões e as opções da linha de comando, como abaixo. Dois processos na CPU:
#
# ```bash
# ACCELERATE_USE_CPU=true accelerate launch --multi_gpu --num_processes 2 -m cursonlp.treino_accelerate --train_size 200 --epochs 1
# ```
#
# `--multi_gpu` pede vários processos coordenados (o `torchrun` por baixo) e
# `ACCELERATE_USE_CPU=true` os mantém na CPU. Cuidado: `--cpu --num_processes 2` parece dizer o
# mesmo, mas roda **um** processo só.
#
# Cada processo carrega o modelo e recebe metade dos lotes; a cada passo, os gradientes dos
# processos são **somados e divididos pelo número de processos** (a média, feita pelo
# `DistributedDataParallel` do PyTorch, que o `accelerator.prepare` põe em volta do modelo), de
# modo que todos dão o mesmo passo e terminam com os mesmos pesos. Aqui rodamos o script com um
# processo só; ele recebe os mesmos ids do Hub (offline, o processo filho herda o `HF_ENDPOINT`
# do Hub local):

# %%
import inspect

import cursonlp.treino_accelerate

print(inspect.getsource(cursonlp.treino_accelerate))

# %%
output_dir = Path(SAIDAS) / "modelo-accelerate"
command = ["accelerate", "launch", "--num_processes", "1", "--num_machines", "1",
           "--mixed_precision", MIXED_PRECISION, "--dynamo_backend", "no"]
if course.device.type == "cpu":
    command.append("--cpu")
command += ["-m", "cursonlp.treino_accelerate", "--model", CHECKPOINT,
            "--dataset", "nyu-mll/glue", "--metric", "glue",
            "--epochs", str(SCRIPT_EPOCHS), "--batch_size", str(BATCH_SIZE),
            "--learning_rate", str(LEARNING_RATE), "--output_dir", str(output_dir)]
if SCRIPT_TRAIN_SIZE is not None:
    command += ["--train_size", str(SCRIPT_TRAIN_SIZE)]
print(" ".join(command))
# `python -m accelerate.commands.launch` é o mesmo `accelerate launch`, no Python deste notebook
run = subprocess.run([sys.executable, "-m", "accelerate.commands.launch", *command[2:]],
                     capture_output=True, text=True)
print(run.stdout[-2000:] if run.returncode == 0 else run.stderr[-4000:])
run.check_returncode()

# %%
script_metrics = json.loads((output_dir / "metricas.json").read_text())
print(sorted(p.name for p in output_dir.iterdir()))
script_metrics

# %% tags=["check"]
# Conferência: o script rodou em 1 processo, treinou todos os exemplos pedidos e gravou o modelo.
assert script_metrics["num_processes"] == 1
assert sum(script_metrics["samples_per_process"]) == script_metrics["train_size"] * SCRIPT_EPOCHS
assert (output_dir / "model.safetensors").exists() and (output_dir / "config.json").exists()

# %% [markdown]
# O modelo gravado em `output_dir` (`SAIDAS/modelo-accelerate`) se carrega como qualquer
# checkpoint, com `AutoModelForSequenceClassification.from_pretrained(output_dir)`, e já traz os
# nomes das classes (`id2label`). Com `--num_processes 2`, `samples_per_process` teria dois
# números, cada um com cerca de metade dos exemplos.

# %% [markdown]
# ## Resumo
#
# - Para um `DataLoader`, o dataset tokenizado perde as colunas de texto, `label` vira `labels` e
#   o formato passa a ser `"torch"`.
# - O loop de treinamento: `model(**batch).loss` → `loss.backward()` → `optimizer.step()` →
#   `lr_scheduler.step()` → `optimizer.zero_grad()`, com `torch.optim.AdamW` e
#   `get_scheduler("linear", ...)`, tudo no `course.device`.
# - O loop de avaliação usa `model.eval()`, `torch.no_grad()` e `metric.add_batch` a cada lote,
#   com `metric.compute()` no fim.
# - Com o 🤗 Accelerate: `Accelerator(mixed_precision=...)`, `accelerator.prepare(...)`,
#   `accelerator.backward(loss)` e `gather_for_metrics`; o mesmo código roda em CPU, GPU ou em
#   vários processos.
# - Num script, `accelerate launch --num_processes N -m cursonlp.treino_accelerate ...` inicia o
#   treinamento distribuído; o script vem com o pacote do curso e roda de qualquer pasta.

# %% [markdown]
# ## Pratique
#
# 1. Acrescente ao loop de treinamento uma lista com `loss.item()` de cada passo e desenhe a curva da
#    perda. Ela cai de forma suave ou ruidosa?
# 2. Rode o script com dois processos na CPU (o comando `ACCELERATE_USE_CPU=true accelerate launch
#    --multi_gpu --num_processes 2 -m cursonlp.treino_accelerate ...` acima) e confira, em
#    `metricas.json`, quantos exemplos cada processo treinou.
