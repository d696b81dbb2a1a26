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
# # 0 · Configuração do curso
#
# **O que você vai aprender:** as três maneiras de rodar os notebooks deste curso (JupyterLab no
# seu computador, Google Colab e offline), o que são os *parâmetros* e os *perfis* que trocam
# modelos reais por miniaturas locais, e como conferir que o seu ambiente está pronto.
#
# ## Três maneiras de rodar
#
# - **No seu computador, com JupyterLab.** Na pasta do curso, `make lab` cria o ambiente Python
#   (na primeira vez) e abre o JupyterLab já com as versões certas das bibliotecas.
# - **No Google Colab.** Cada notebook tem um botão "Open in Colab" no README. A primeira célula
#   de código instala o curso e as versões fixadas das bibliotecas; fora do Colab ela não faz nada.
# - **Sem internet.** O curso traz o **mini-hub**: versões em miniatura, construídas pelo próprio
#   curso, de cada modelo (de cada **checkpoint**: os pesos salvos de um modelo treinado, com a
#   configuração e o tokenizador dele), dataset e métrica que os capítulos usam. São pequenas o
#   bastante para treinar em segundos numa CPU e treinadas de verdade na mesma tarefa do original
#   — mas são miniaturas: os números que elas produzem não são os do modelo real.
#
# ## Parâmetros e perfis
#
# Todo notebook tem uma célula de **parâmetros** (marcada com a etiqueta `parameters`) logo no
# começo. Os valores padrão são os de quem está online: identificadores reais do Hugging Face Hub.
# Para rodar todos os notebooks de uma vez, o curso usa o papermill, que substitui esses valores
# pelos de um **perfil** da pasta `profiles/`:
#
# | comando | o que faz |
# |---|---|
# | `make run` | executa todos os notebooks com o perfil `offline` (mini-hub, CPU) |
# | `make run PROFILE=hub` | usa os checkpoints reais do Hub (precisa de internet) |
# | `make run PROFILE="offline gpu"` | perfis se combinam: mini-hub na GPU, com precisão mista |
#
# Os notebooks executados, suas versões em HTML e um resumo (tempo e memória de cada um) ficam em
# `build/executed/<perfil>/`; os notebooks originais não são alterados.
#
# Os termos em português que o curso usa (ajuste fino, lote, época, perda, padding...) estão
# definidos uma vez no [glossário](../glossario.md).

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
METRIC = "accuracy"  # métrica do teste rápido no fim (um id do Hub de métricas do 🤗 Evaluate)
EXACT_VERSIONS = True  # exigir as versões fixadas; False aceita versões mais novas (perfil latest)

# %% [markdown]
# A função `setup` confere o que você pediu antes de qualquer trabalho pesado: se `DEVICE="cuda"`
# e não há GPU, ou se `SOURCE="hub"` e o Hub não responde, ela falha em poucos segundos com uma
# mensagem que diz o que fazer. Ela também fixa as sementes aleatórias, para que os resultados se
# repitam de uma execução para outra.

# %%
from cursonlp import setup

course = setup(source=SOURCE, device=DEVICE)  # confere o ambiente e fixa as sementes aleatórias
course

# %% [markdown]
# ## As versões das bibliotecas
#
# Bibliotecas mudam: um código escrito para o 🤗 Transformers 4 pode falhar no 5. Por isso o curso
# fixa a versão de cada biblioteca que usa. A tabela compara o que está instalado com o que o curso
# pede (o PyTorch fica livre: no Colab usamos o que já vem instalado, com suporte à GPU).

# %%
import platform
from importlib.metadata import requires, version

from packaging.requirements import Requirement

print(f"Python {platform.python_version()}")
pinned = [Requirement(r) for r in requires("cursonlp") if "extra ==" not in r]
rows = [(r.name, str(r.specifier), version(r.name)) for r in pinned]
for name, wanted, installed in rows:
    print(f"{name:22} pedido {wanted or '(livre)':12} instalado {installed}")

# %% tags=["check"]
# Conferência: cada biblioteca fixada está na versão pedida (ou numa mais nova, se
# EXACT_VERSIONS=False, como no teste com as versões mais recentes).
from packaging.version import Version

mismatched = [(n, w, i) for n, w, i in rows if w.startswith("==")
              and (w[2:] != i if EXACT_VERSIONS else Version(i) < Version(w[2:]))]
assert not mismatched, f"versões diferentes das fixadas: {mismatched}"

# %% [markdown]
# ## O dispositivo
#
# `course.device` diz onde os tensores vão ser calculados. Com `DEVICE="auto"`, o curso usa a GPU
# quando existe uma e a CPU caso contrário. Uma multiplicação de matrizes pequena confirma que o
# dispositivo funciona.

# %%
import torch

x = torch.randn(256, 256, device=course.device)
print(course.device, (x @ x.T).shape, f"torch {torch.__version__}")

# %% [markdown]
# ## Usando uma GPU
#
# Os capítulos 1 e 2 rodam bem na CPU; o ajuste fino do capítulo 3 fica muito mais rápido numa
# GPU. No Colab: menu **Ambiente de execução → Alterar o tipo de ambiente de execução**, escolha
# uma GPU (a T4 gratuita basta) e salve; o ambiente reinicia, e você roda o notebook do começo.
# O que muda na GPU:
#
# - `DEVICE="auto"` passa a escolher `cuda`, e `course.device` mostra `cuda`; os notebooks movem
#   modelo e lotes para lá com `.to(course.device)`;
# - a **precisão mista** (`MIXED_PRECISION="fp16"` na T4, ou `"bf16"` nas GPUs mais novas) faz
#   boa parte das contas em 16 bits: mais rápido e com menos memória;
# - cabem lotes e datasets maiores; o perfil `gpu` (`make run PROFILE="offline gpu"`) liga a
#   precisão mista e aumenta os tamanhos dos treinamentos.
#
# ### Quanto tempo cada notebook leva
#
# A coluna da CPU foi **medida**: o notebook inteiro (com o início do Python) no perfil offline,
# com as miniaturas e os tamanhos pequenos desse perfil, numa CPU de 2 núcleos compartilhada. A da
# GPU é uma **estimativa** (não medida) para o Colab com uma T4, online, com os modelos reais e os
# tamanhos padrão. Online na CPU, os capítulos 1 e 2 levam alguns minutos (quase tudo é baixar
# modelos), mas cada treinamento completo do capítulo 3 leva horas: para ele, use uma GPU.
#
# | notebook | CPU, offline (medido) | GPU T4, online (estimativa) |
# |---|---:|---|
# | 0 · Configuração | 9 s | menos de 1 min |
# | 1.1 a 1.4 | 10 s · 12 s · 10 s · 9 s | 1 a 3 min cada (downloads) |
# | 2.1 a 2.5 | 8 s · 8 s · 9 s · 13 s · 8 s | 1 a 2 min cada (downloads) |
# | 3.1 | 43 s | 1 a 2 min |
# | 3.2 · 3.3 · 3.4 | 167 s · 134 s · 133 s | 10 a 20 min cada (vários treinamentos do BERT) |

# %% [markdown]
# ## De onde vêm modelos, datasets e métricas
#
# Os capítulos escrevem os identificadores do Hub como eles são: `"google-bert/bert-base-uncased"`,
# `"nyu-mll/glue"`, `"accuracy"`. Online, as bibliotecas baixam tudo do Hugging Face Hub. Com
# `SOURCE="minihub"`, o `setup` liga um **Hub local** em `127.0.0.1`, que serve as miniaturas do
# curso com esses mesmos ids, e aponta as bibliotecas para ele pela variável `HF_ENDPOINT`. As
# bibliotecas leem essa variável quando são importadas: por isso a célula do `setup` vem antes de
# qualquer `import transformers`. O código é o mesmo nos dois casos, até para enviar modelos ao Hub
# (`push_to_hub`): offline, os envios vão para o Hub local, na conta `aluno`.

# %%
import os

print("HF_ENDPOINT =", os.environ.get("HF_ENDPOINT", "https://huggingface.co (o padrão)"))

# %% [markdown]
# ## Um teste rápido
#
# A acurácia é a fração de previsões iguais à resposta certa. Com três acertos em quatro, ela tem
# de dar 0,75 — a mesma conta, online ou offline.

# %%
import evaluate

predictions, references = [1, 0, 1, 1], [1, 0, 0, 1]
metric = evaluate.load(METRIC)
result = metric.compute(predictions=predictions, references=references)
result

# %% tags=["check"]
# Conferência: a métrica do 🤗 Evaluate dá o mesmo que a conta do scikit-learn (com "accuracy",
# três acertos em quatro: 0,75).
from sklearn import metrics as sk_metrics

by_hand = {"accuracy": sk_metrics.accuracy_score, "f1": sk_metrics.f1_score,
           "precision": sk_metrics.precision_score, "recall": sk_metrics.recall_score}
assert METRIC in by_hand, f"sem conta de referência para {METRIC!r}: use uma de {sorted(by_hand)}"
expected = by_hand[METRIC](references, predictions)
assert list(result) == [METRIC] and abs(result[METRIC] - expected) < 1e-9, (result, expected)

# %% [markdown]
# ## Resumo
#
# - O curso roda no JupyterLab (`make lab`), no Colab (botões do README) e offline, com o mini-hub.
# - A célula `parameters` de cada notebook guarda os valores que um perfil pode trocar; o padrão é
#   o de quem está online.
# - `setup(source=..., device=...)` confere o ambiente e devolve `course`, com `course.device`;
#   com `SOURCE="minihub"` ele liga o Hub local, e os ids do Hub valem offline também.
# - `make run` executa todos os notebooks e escreve um resumo em `build/executed/<perfil>/`.

# %% [markdown]
# ## Exercícios
#
# 1. Rode este notebook pela linha de comando com outro parâmetro:
#    `.venv/bin/python -m cursonlp.run -f offline chapters/00_configuracao/01_configuracao.ipynb`
#    e abra o HTML gerado em `build/executed/offline/`.
# 2. Troque `DEVICE` para `"cuda"` numa máquina sem GPU. Quanto tempo leva para a mensagem de erro
#    aparecer, e o que ela sugere?
# 3. Liste os arquivos da métrica com
#    `HfApi().list_repo_files("evaluate-metric/" + METRIC, repo_type="space")`: que arquivos uma
#    métrica do 🤗 Evaluate tem?
# 4. Troque `METRIC` por `"f1"` e rode de novo as duas últimas células: a conferência compara o F1
#    com a conta do scikit-learn. Por que ele difere da acurácia (0,8 contra 0,75)?
# 5. No Colab, troque o ambiente de execução para GPU e rode este notebook: o que `course.device`
#    mostra agora?
