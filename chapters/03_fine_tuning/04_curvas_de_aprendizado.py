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
# # 3.4 · Curvas de aprendizado
#
# **O que você vai aprender:**
#
# - a registrar a perda de treinamento e a perda e as métricas de validação ao longo do treinamento, com o
#   `log_history` do `Trainer`;
# - a desenhar as **curvas de aprendizado** e a lê-las;
# - a reconhecer *overfitting* (sobreajuste) e *underfitting* (subajuste) pelas curvas, e o que
#   fazer em cada caso.
#
# Até aqui olhamos sobretudo o resultado final. Mas o caminho diz muito: se o modelo ainda estava
# melhorando quando o treinamento acabou, se começou a decorar o conjunto de treinamento, se a taxa de
# aprendizado era alta demais. As curvas de aprendizado mostram isso num relance.

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
TRAIN_SIZE = None  # int | None: pares de treino do treino normal (None: todos)
EVAL_SIZE = None  # int | None: pares de validação avaliados a cada registro (None: todos)
EPOCHS = 3  # épocas do treinamento normal
BATCH_SIZE = 8  # exemplos por lote
LEARNING_RATE = 5e-5  # taxa de aprendizado do AdamW
LOG_STEPS = 50  # de quantos em quantos passos registrar as perdas e avaliar no treinamento normal
OVERFIT_TRAIN_SIZE = 64  # pares de treinamento do treinamento que vai sobreajustar
OVERFIT_EPOCHS = 20  # épocas do treinamento que vai sobreajustar
MIXED_PRECISION = "no"  # precisão mista: "no", "fp16" ou "bf16" (as duas últimas só na GPU)
SAIDAS = "saidas"  # pasta onde o notebook grava o que produz (modelos, tokenizadores, CSVs); relativa à pasta de trabalho

# %%
from cursonlp import setup

course = setup(source=SOURCE, device=DEVICE)  # confere o ambiente e fixa as sementes aleatórias

# %%
import evaluate
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from datasets import load_dataset
from transformers import (AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding,
                          Trainer, TrainingArguments, set_seed)

# %% [markdown]
# ## Dados, métrica e uma função de treinamento
#
# Os dados e a métrica são os das seções anteriores. Como vamos treinar duas vezes com
# configurações diferentes, juntamos numa função o que a seção 3.2 fez passo a passo: criar o
# modelo, os `TrainingArguments` e o `Trainer`, treinar e devolver o `log_history`.

# %%
raw_datasets = load_dataset("nyu-mll/glue", "mrpc")
tokenizer = AutoTokenizer.from_pretrained(CHECKPOINT)


def tokenize_function(examples):
    return tokenizer(examples["sentence1"], examples["sentence2"], truncation=True)


tokenized_datasets = raw_datasets.map(tokenize_function, batched=True)
data_collator = DataCollatorWithPadding(tokenizer=tokenizer)
shuffled_train = tokenized_datasets["train"].shuffle(seed=42)
eval_dataset = tokenized_datasets["validation"]
if EVAL_SIZE is not None:
    eval_dataset = eval_dataset.shuffle(seed=42).select(range(EVAL_SIZE))

metric = evaluate.load("glue", "mrpc")


def compute_metrics(eval_preds):
    logits, labels = eval_preds
    return metric.compute(predictions=np.argmax(logits, axis=-1), references=labels)


def train(train_dataset, epochs, strategy, steps=None, output_dir=f"{SAIDAS}/curvas"):
    """Ajuste fino do checkpoint; registra e avalia a cada `steps` passos ou a cada época."""
    set_seed(42)
    model = AutoModelForSequenceClassification.from_pretrained(CHECKPOINT, num_labels=2)
    args = TrainingArguments(
        output_dir,
        eval_strategy=strategy,
        logging_strategy=strategy,
        eval_steps=steps,
        logging_steps=steps,
        save_strategy="no",
        num_train_epochs=epochs,
        per_device_train_batch_size=BATCH_SIZE,
        per_device_eval_batch_size=BATCH_SIZE,
        learning_rate=LEARNING_RATE,
        fp16=MIXED_PRECISION == "fp16",
        bf16=MIXED_PRECISION == "bf16",
        use_cpu=course.device.type == "cpu",
        report_to="none",
        seed=42,
    )
    trainer = Trainer(model, args, train_dataset=train_dataset, eval_dataset=eval_dataset,
                      data_collator=data_collator, processing_class=tokenizer,
                      compute_metrics=compute_metrics)
    trainer.train()
    return trainer.state.log_history


# %% [markdown]
# ## O que o `Trainer` registra
#
# Com `logging_strategy="steps"` e `logging_steps=LOG_STEPS`, o `Trainer` anota a perda de treinamento
# (a média dos últimos `LOG_STEPS` lotes); com `eval_strategy="steps"` e `eval_steps=LOG_STEPS`,
# avalia na validação na mesma cadência. Tudo vai para `trainer.state.log_history`, uma lista de
# dicionários: os de treinamento têm a chave `loss`, os de avaliação, `eval_loss` e as métricas.

# %%
train_dataset = shuffled_train if TRAIN_SIZE is None else shuffled_train.select(range(TRAIN_SIZE))
history = train(train_dataset, EPOCHS, "steps", steps=LOG_STEPS)
history[:2]

# %% [markdown]
# Separamos os dois tipos de registro em duas tabelas, indexadas pelo passo (`step`):

# %%
def curves(log_history):
    """(tabela de treinamento, tabela de validação) a partir do `log_history`, indexadas pelo passo."""
    train_log = pd.DataFrame([e for e in log_history if "loss" in e]).set_index("step")
    eval_log = pd.DataFrame([e for e in log_history if "eval_loss" in e]).set_index("step")
    return train_log[["epoch", "loss"]], eval_log[["epoch", "eval_loss", "eval_accuracy", "eval_f1"]]


def plot_curves(train_log, eval_log, title):
    fig, (ax_loss, ax_metrics) = plt.subplots(1, 2, figsize=(11, 3.5))
    ax_loss.plot(train_log.index, train_log["loss"], "o-", label="treinamento")
    ax_loss.plot(eval_log.index, eval_log["eval_loss"], "o-", label="validação")
    ax_loss.set(xlabel="passo", ylabel="perda", title=f"{title}: perdas")
    ax_loss.legend()
    ax_metrics.plot(eval_log.index, eval_log["eval_accuracy"], "o-", label="acurácia")
    ax_metrics.plot(eval_log.index, eval_log["eval_f1"], "o-", label="F1")
    ax_metrics.set(xlabel="passo", ylabel="na validação", title=f"{title}: métricas")
    ax_metrics.legend()
    plt.tight_layout()
    plt.show()


train_log, eval_log = curves(history)
plot_curves(train_log, eval_log, "Treino normal")
eval_log.round(3)

# %% [markdown]
# Como ler estas curvas:
#
# - a perda de **treinamento** mede o quanto o modelo acerta os exemplos que está vendo; a de
#   **validação**, o quanto acerta exemplos novos. É a segunda que importa;
# - num treinamento saudável, as duas caem juntas e a de validação fica um pouco acima da de treinamento;
# - a perda de treinamento registrada é a média dos lotes desde o último registro, enquanto o modelo
#   ainda mudava; por isso ela "atrasa" um pouco em relação à de validação, medida no fim;
# - se as duas ainda estão caindo no último passo, o treinamento parou cedo: mais épocas ajudariam;
# - se a de validação volta a subir no fim, o modelo começou a decorar os dados de treinamento (veja a próxima
#   parte). Online, com o BERT de verdade e o MRPC inteiro em 3 épocas, isso é comum na última
#   época; com as miniaturas offline e 2 épocas, em geral não.

# %% tags=["check"]
# Conferência: no treinamento normal, a perda de treinamento terminou abaixo de onde começou, e a de
# validação chegou, em algum registro, abaixo da primeira medida (online ela pode subir no fim).
assert train_log["loss"].iloc[-1] < train_log["loss"].iloc[0], train_log
assert eval_log["eval_loss"].min() < eval_log["eval_loss"].iloc[0], eval_log

# %% [markdown]
# ## Provocando um sobreajuste
#
# *Overfitting* (sobreajuste) é quando o modelo passa a **decorar** o conjunto de treinamento em vez de
# aprender a regra geral. Para vê-lo com clareza, provocamos um: poucos exemplos de treinamento
# (`OVERFIT_TRAIN_SIZE`) e muitas épocas (`OVERFIT_EPOCHS`). Avaliamos a cada época.

# %%
overfit_history = train(shuffled_train.select(range(OVERFIT_TRAIN_SIZE)), OVERFIT_EPOCHS, "epoch",
                        output_dir=f"{SAIDAS}/curvas-sobreajuste")
overfit_train, overfit_eval = curves(overfit_history)
plot_curves(overfit_train, overfit_eval, "Sobreajuste")
best_step = overfit_eval["eval_loss"].idxmin()
print(f"menor perda de validação no passo {best_step} "
      f"(época {overfit_eval.loc[best_step, 'epoch']:.0f} de {OVERFIT_EPOCHS})")

# %% [markdown]
# O desenho clássico do sobreajuste:
#
# - a perda de **treinamento** despenca até quase zero: o modelo acerta com toda a confiança os poucos
#   exemplos que viu, de tanto revê-los;
# - a perda de **validação** cai no começo, chega a um mínimo e depois **sobe**: o modelo fica
#   cada vez mais confiante também nos exemplos novos que erra, e cada erro confiante custa caro;
# - a distância entre as duas curvas só aumenta.
#
# Repare que a acurácia de validação pode até ficar parada enquanto a perda sobe: a perda enxerga
# a confiança das respostas, a acurácia só o acerto. Por isso vale acompanhar as duas.

# %% tags=["check"]
# Conferência: sobreajuste — o treinamento quase zera a perda e a validação sobe depois do seu mínimo.
train_losses, eval_losses = overfit_train["loss"], overfit_eval["eval_loss"]
assert train_losses.iloc[-1] < 0.5 * train_losses.iloc[0], overfit_train
assert eval_losses.idxmin() < eval_losses.index[-1], overfit_eval
assert eval_losses.iloc[-1] > eval_losses.min() + 0.05, overfit_eval
assert eval_losses.iloc[-1] > 2 * train_losses.iloc[-1], (overfit_train, overfit_eval)

# %% [markdown]
# ## Um guia de leitura
#
# | o que as curvas mostram | diagnóstico | o que fazer |
# |---|---|---|
# | treinamento e validação caem juntas e se estabilizam próximas | bom ajuste | nada; no máximo, treinar um pouco mais |
# | treinamento e validação altas, planas ou ainda caindo no fim | *underfitting* (subajuste): o modelo ainda não aprendeu | mais épocas, taxa de aprendizado maior, modelo maior, mais dados |
# | treinamento cai, validação passa por um mínimo e sobe | *overfitting* (sobreajuste): o modelo decorou os dados de treinamento | parar no mínimo da validação, mais dados, regularização (`weight_decay`, dropout) |
# | treinamento sobe ou oscila muito | taxa de aprendizado alta demais | diminuir a taxa, usar *warmup* |
#
# Para não depender de olhar o gráfico, o `Trainer` sabe parar sozinho: com
# `load_best_model_at_end=True` e `metric_for_best_model="eval_loss"` nos `TrainingArguments`
# (e `save_strategy` igual à `eval_strategy`), ele volta, no fim, ao checkpoint com a menor perda
# de validação; o `EarlyStoppingCallback` interrompe o treinamento quando a validação para de melhorar
# por algumas avaliações seguidas. Nos dois casos, quem decide é o conjunto de **validação**,
# nunca o de teste, que fica guardado para a medida final.

# %% [markdown]
# ## Resumo
#
# - `trainer.state.log_history` guarda a perda de treinamento (a cada `logging_steps`) e a perda e as
#   métricas de validação (a cada avaliação); com `pandas`, vira tabela e gráfico em poucas linhas.
# - As curvas de treinamento e de validação, lado a lado, dizem se o modelo está aprendendo, se ainda
#   pode aprender mais (subajuste) ou se passou a decorar os dados de treinamento (sobreajuste).
# - No sobreajuste, a perda de treinamento vai a quase zero e a de validação sobe depois de um mínimo;
#   o remédio é parar no mínimo (`load_best_model_at_end`, `EarlyStoppingCallback`), ter mais
#   dados ou regularizar.
#
# ## Exercícios
#
# 1. **Quanto o pré-treinamento vale?** Na seção 3.2, diminua `TRAIN_SIZE` (por exemplo, para 100
#    e 300 pares) e refaça a comparação. A vantagem do modelo pré-treinado sobre o aleatório
#    cresce ou diminui com menos dados? Por quê?
# 2. **Padding e ordem dos lotes.** Na seção 3.1, ordene o dataset pelo comprimento dos pares
#    (`sort`) antes de medir o padding dinâmico. O que acontece com os tokens por lote e com as
#    amostras por segundo? Procure a opção `group_by_length` dos `TrainingArguments`, que faz algo
#    parecido no `Trainer`.
# 3. **Outro par de frases.** Troque `"mrpc"` por `"rte"` (implicação textual, também do GLUE) nas
#    seções 3.1 e 3.2. Quais colunas e rótulos mudam? Quais métricas o `evaluate.load("glue",
#    "rte")` devolve? (Precisa do Hub: o mini-hub traz só o MRPC.)
# 4. **Aquecimento da taxa de aprendizado.** No loop da seção 3.3, use `num_warmup_steps` igual a
#    10% dos passos e desenhe de novo a taxa de aprendizado. O que muda na perda dos primeiros
#    passos?
# 5. **Parando na hora certa.** No treinamento que sobreajusta, ligue `load_best_model_at_end=True`,
#    `metric_for_best_model="eval_loss"` e `save_strategy="epoch"` e acrescente
#    `callbacks=[EarlyStoppingCallback(early_stopping_patience=2)]` ao `Trainer`. Em que época o
#    treinamento para, e qual perda de validação o modelo final tem?
# 6. **Dois processos.** Rode o script da seção 3.3 com
#    `ACCELERATE_USE_CPU=true accelerate launch --multi_gpu --num_processes 2 -m cursonlp.treino_accelerate --train_size 200 --epochs 1`.
#    Quantos exemplos cada processo treinou (`metricas.json`)? O tempo total caiu pela metade?
# 7. **Precisão mista.** Numa GPU, rode a seção 3.2 com `MIXED_PRECISION="bf16"` (ou `"fp16"` se a
#    GPU não tiver bf16). Compare o tempo de treinamento e as métricas com `"no"`.
