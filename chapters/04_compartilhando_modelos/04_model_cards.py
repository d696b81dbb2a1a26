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
# # 4.4 · Criando um model card
#
# **O que você vai aprender:**
#
# - o que é o *model card* (o cartão do modelo): o `README.md` do repositório, com um cabeçalho
#   YAML de metadados e um texto para pessoas;
# - como ler o cartão de um modelo do Hub com `ModelCard.load`;
# - como escrever metadados com `ModelCardData` (idioma, licença, datasets, métricas) e
#   resultados de avaliação com `EvalResult`;
# - como montar o cartão a partir de um modelo de texto com `ModelCard.from_template`, conferi-lo
#   com `card.validate()` e enviá-lo com `card.push_to_hub`;
# - o que faz um bom cartão: uso pretendido, limitações e vieses, dados de treino e avaliação.
#
# Um modelo sem cartão é um arquivo de pesos sem bula: ninguém sabe para que serve, com que dados
# foi treinado, quão bem funciona e onde falha. Nesta seção escrevemos o cartão de um
# classificador de sentimento, com números que o próprio notebook mede.

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
MODEL_ID = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"  # o modelo que vamos avaliar e documentar
DATASET_ID = "stanfordnlp/sst2"  # o dataset de avaliação (frases de críticas de cinema, em inglês)
EVAL_SIZE = 200  # int | None: quantas frases da validação avaliar (None: todas)
REPO_NAME = "distilbert-sst2-com-cartao"  # repositório seu que recebe o modelo e o cartão
DELETE_REPOS = False  # apagar, no fim, o repositório criado por este notebook

# %%
from cursonlp import setup

course = setup(source=SOURCE, device=DEVICE)  # confere o ambiente e fixa as sementes aleatórias

# %%
import re

import numpy as np
from datasets import load_dataset
from huggingface_hub import EvalResult, HfApi, ModelCard, ModelCardData
from huggingface_hub.errors import HfHubHTTPError, LocalTokenNotFoundError
from transformers import pipeline

api = HfApi()

# %% [markdown]
# ## Um cartão por dentro
#
# O cartão é o arquivo `README.md` do repositório, e tem duas partes:
#
# - um **cabeçalho YAML** entre duas linhas `---`, com metadados que o Hub lê: `language`,
#   `license`, `datasets`, `metrics`, `pipeline_tag`, `base_model`, `tags` e o `model-index`, com
#   os resultados de avaliação. Eles viram os filtros da busca (seção 4.1), o widget de teste da
#   página e a tabela de resultados;
# - um **texto em Markdown**, para pessoas: o que o modelo faz, como usar, como foi treinado e
#   avaliado, onde falha.
#
# `ModelCard.load(repo_id)` baixa e separa as duas partes: `card.data` é o cabeçalho, como um
# `ModelCardData`, e `card.text` é o texto.

# %%
reference = ModelCard.load(MODEL_ID)
print("cabeçalho:", reference.data.to_dict())
print(f"texto: {len(reference.text)} caracteres; o começo:\n")
print(reference.text.strip()[:600])

# %% [markdown]
# > **Online × offline.** Online, esse é o cartão real do modelo, escrito pelos seus autores.
# > Offline, o Hub local serve o cartão da miniatura, e ele diz logo no começo que é uma miniatura
# > construída pelo curso, não o original. Os números que medimos abaixo são os do modelo que você
# > estiver usando; offline, os da miniatura.
#
# O que observar: o cabeçalho vira um dicionário comum (`to_dict()`), e os seus campos são os
# mesmos que o `model_info(...).card_data` da seção 4.1 mostrava, sem precisar baixar o arquivo.

# %% [markdown]
# ## Medindo o que o cartão vai dizer
#
# Um cartão honesto traz números que alguém mediu, com o dataset e o tamanho da amostra. Vamos
# avaliar o classificador na validação do SST-2: a acurácia, a fração de frases com o rótulo
# certo. Os rótulos do dataset são `0` (negativo) e `1` (positivo), e o `config.json` do modelo
# diz que nome cada um tem.

# %%
classifier = pipeline("text-classification", model=MODEL_ID, device=course.device)
eval_dataset = load_dataset(DATASET_ID, split="validation")
if EVAL_SIZE is not None:
    eval_dataset = eval_dataset.shuffle(seed=42).select(range(EVAL_SIZE))

label2id = classifier.model.config.label2id
outputs = classifier(list(eval_dataset["sentence"]), batch_size=32)
predictions = np.array([label2id[o["label"]] for o in outputs])
accuracy = float((predictions == np.array(list(eval_dataset["label"]))).mean())
print(f"{len(eval_dataset)} frases, acurácia {accuracy:.3f}")

# %% [markdown]
# O que observar: a acurácia vale para **esta** amostra, de `EVAL_SIZE` frases sorteadas com
# semente fixa; é esse número, com esse contexto, que vai para o cartão.

# %% [markdown]
# ## Os metadados: `ModelCardData` e `EvalResult`
#
# `ModelCardData` recebe os campos do cabeçalho como argumentos. `EvalResult` descreve um
# resultado: a tarefa, o dataset (id e nome legível, configuração e split) e a métrica (tipo e
# valor). Com `eval_results` e `model_name`, o `ModelCardData` escreve o `model-index`, o formato
# que o Hub usa na tabela de resultados da página do modelo.

# %%
result = EvalResult(
    task_type="text-classification", task_name="Análise de sentimento",
    dataset_type=DATASET_ID, dataset_name="SST-2", dataset_split="validation",
    metric_type="accuracy", metric_name="Acurácia", metric_value=round(accuracy, 4),
)
card_data = ModelCardData(
    language="en",
    license="apache-2.0",
    library_name="transformers",
    pipeline_tag="text-classification",
    base_model=MODEL_ID,
    datasets=[DATASET_ID],
    metrics=["accuracy"],
    tags=["sentiment-analysis", "curso-nlp"],
    model_name=REPO_NAME,
    eval_results=[result],
)
print(card_data.to_yaml())

# %% [markdown]
# O que observar: os campos simples saem como estão; o resultado virou um bloco `model-index`
# aninhado (`results` → `task`, `dataset`, `metrics`). Escrever esse bloco à mão é fácil de
# errar; o `EvalResult` faz isso por nós.

# %% [markdown]
# ## O texto: o que faz um bom cartão
#
# O texto é para quem vai decidir se usa o modelo. Quatro partes não podem faltar:
#
# - **uso pretendido**: para que o modelo serve, e para que **não** serve;
# - **limitações e vieses**: onde ele erra, que grupos ou textos ele trata pior, que riscos o uso
#   traz;
# - **dados de treino**: de onde vieram, em que idioma, com que rótulos;
# - **avaliação**: com que dados, que métrica, que resultado, e quão grande foi a amostra.
#
# `ModelCard.from_template(card_data, template_str=..., **campos)` monta o cartão a partir de um
# modelo de texto Jinja: o cabeçalho entra no lugar de `{{ card_data }}` e cada `{{ campo }}` é
# preenchido com o argumento de mesmo nome. Sem `template_str`, o `huggingface_hub` usa o seu modelo
# padrão, bem completo (vemos as seções dele logo abaixo). Aqui usamos um modelo curto, com as
# quatro partes.

# %%
TEMPLATE = """---
{{ card_data }}
---

# {{ model_id }}

Cópia de [`{{ base_model }}`](https://huggingface.co/{{ base_model }}), um classificador de
sentimento em inglês (rótulos `NEGATIVE` e `POSITIVE`), avaliada e documentada no Curso NLP.

## Uso pretendido

{{ intended_use }}

## Limitações e vieses

{{ limitations }}

## Dados de treino

{{ training_data }}

## Avaliação

{{ evaluation }}
"""

card = ModelCard.from_template(
    card_data,
    template_str=TEMPLATE,
    model_id=REPO_NAME,
    intended_use=("Classificar a polaridade (positiva ou negativa) de frases curtas em inglês, como "
                  "críticas de filmes e produtos. Não serve para outros idiomas, para textos longos "
                  "com opiniões mistas nem para decisões sobre pessoas."),
    limitations=("O modelo só conhece duas classes: uma frase neutra recebe um dos dois rótulos, muitas "
                 "vezes com confiança alta. Ironia e negações duplas costumam enganá-lo. Modelos desse "
                 "tipo podem associar nomes, nacionalidades ou grupos a uma polaridade, porque os textos "
                 "de pré-treino trazem essas associações; teste com os seus dados antes de usar."),
    training_data=("Ajuste fino no SST-2 (Stanford Sentiment Treebank), frases de críticas de cinema em "
                   "inglês rotuladas como positivas ou negativas, a partir do DistilBERT pré-treinado em "
                   "livros e na Wikipédia em inglês."),
    evaluation=(f"Acurácia de {accuracy:.3f} em {len(eval_dataset)} frases da validação de `{DATASET_ID}` "
                "(amostra sorteada com semente 42), medida com o `pipeline` de `text-classification`."),
)
print(card.content)

# %% [markdown]
# O que observar: o cabeçalho veio do `card_data`, e o `base_model` do texto também (o modelo
# de texto pode usar os campos do `card_data`, além dos que passamos, como `model_id`). O número da
# seção de avaliação é o que medimos acima, com o tamanho da amostra e o dataset. O texto descreve o
# modelo original; offline, o modelo avaliado é a miniatura, e o cartão dela (lido no começo)
# conta como ela foi treinada: num cartão de verdade, é isso que iria em "Dados de treino".
#
# Para comparar, as seções do modelo padrão, que vêm preenchidas com `[More Information Needed]`
# até que você dê o texto de cada uma:

# %%
default_card = ModelCard.from_template(card_data)
print(re.findall(r"^## .*", default_card.text, flags=re.MULTILINE))

# %% [markdown]
# Quem treina com o `Trainer` tem ainda um atalho: `trainer.create_model_card()` (chamado também
# pelo `trainer.push_to_hub()`, seção 4.3) escreve um cartão com os hiperparâmetros, as perdas e as
# métricas do treinamento. Ele não sabe nada sobre uso pretendido nem limitações: essas partes,
# só quem treinou pode escrever.

# %% [markdown]
# ## Conferindo o cabeçalho: `card.validate()`
#
# `card.validate()` envia o cabeçalho para o Hub, que diz se os metadados são aceitáveis. Se não
# forem, ela levanta um `ValueError` com o motivo. Conferimos o nosso cartão e um com uma licença
# inventada:

# %%
card.validate()
print("nosso cartão: válido")

bad_card = ModelCard("---\nlicense: licenca-inventada\n---\n\n# Um cartão com licença inventada\n")
try:
    bad_card.validate()
    print("cartão com licença inventada: aceito")
except ValueError as err:
    print("cartão com licença inventada: recusado:", err)

# %% [markdown]
# > **Online × offline.** O Hub real confere os valores dos campos conhecidos: `license`, por
# > exemplo, deve ser um identificador da lista de licenças do Hub (ou `other`), e o cartão
# > inventado é recusado. O Hub local do curso só confere que o cabeçalho é um mapeamento YAML
# > (pares `chave: valor`), então ali o mesmo cartão passa. Um cabeçalho que não é um mapeamento
# > (uma lista, por exemplo) é recusado nos dois.
#
# O que observar: validar antes de enviar é barato e evita um cartão cujos metadados o Hub ignora
# (um modelo com licença inválida, por exemplo, não aparece no filtro de licença da busca).

# %% [markdown]
# ## Enviando o modelo e o cartão
#
# O cartão mora no repositório do modelo. Criamos um repositório nosso (privado, e com
# `exist_ok=True` para que o notebook possa ser repetido; a autenticação é a da seção 4.3), enviamos
# o modelo e o tokenizador, e por fim o cartão: `card.push_to_hub(repo_id)` grava o `README.md` num
# commit e devolve o `CommitInfo`.

# %%
try:
    user = api.whoami()["name"]
except (LocalTokenNotFoundError, HfHubHTTPError):
    raise RuntimeError(
        "Você não está autenticado no Hub, e esta parte cria um repositório na sua conta. Faça login "
        "com `hf auth login` (terminal), `notebook_login()` (notebook) ou a variável HF_TOKEN, como "
        "na seção 4.3, e rode esta célula de novo.") from None
repo_id = f"{user}/{REPO_NAME}"
print(api.create_repo(repo_id, private=True, exist_ok=True))
classifier.model.push_to_hub(repo_id, commit_message="Pesos do modelo")
classifier.tokenizer.push_to_hub(repo_id, commit_message="Tokenizador")
card_commit = card.push_to_hub(repo_id, commit_message="Cartão do modelo")
print("commit:", card_commit.oid)
print("url:   ", card_commit.commit_url)

# %% [markdown]
# Para conferir, lemos o cartão de volta do Hub e os metadados pelo `model_info`, como faria
# qualquer pessoa que encontrasse o seu modelo:

# %%
loaded = ModelCard.load(repo_id)
print("resultados:", [(r.dataset_name, r.metric_type, r.metric_value) for r in loaded.data.eval_results])
print("igual ao enviado:", loaded.content.strip() == card.content.strip())
info = api.model_info(repo_id)
print("card_data no model_info:", {k: info.card_data.get(k) for k in ["license", "language", "datasets"]})

# %% [markdown]
# O que observar:
#
# - `ModelCard.load` reconstruiu o `EvalResult` a partir do `model-index`, com o valor que
#   medimos;
# - o `model_info` lê os mesmos metadados do cabeçalho: é assim que a busca do Hub encontra o
#   modelo pelo idioma, pela licença ou pelo dataset.

# %% [markdown]
# ## Limpeza
#
# Para apagar o repositório criado aqui, ponha `DELETE_REPOS = True` na célula de parâmetros e
# rode o notebook (ou só esta célula). Apagar um repositório não tem volta.

# %%
if DELETE_REPOS:
    api.delete_repo(repo_id, missing_ok=True)
    print("apagado:", repo_id)
else:
    print("repositório mantido:", repo_id)

# %% [markdown]
# ## Resumo
#
# - O cartão do modelo é o `README.md` do repositório: um cabeçalho YAML, que o Hub usa na busca, no
#   widget e na tabela de resultados, e um texto para pessoas. `ModelCard.load` lê os dois.
# - `ModelCardData(language=..., license=..., datasets=..., metrics=..., eval_results=[EvalResult(...)])`
#   escreve o cabeçalho, com o `model-index` dos resultados.
# - `ModelCard.from_template(card_data, template_str=..., **campos)` monta o cartão; sem
#   `template_str`, usa o modelo padrão do `huggingface_hub`. `trainer.create_model_card()` escreve um
#   cartão com os dados do treinamento.
# - Um bom cartão diz o uso pretendido (e o que está fora dele), as limitações e os vieses, os dados
#   de treino e a avaliação, com números medidos e o seu contexto.
# - `card.validate()` confere o cabeçalho no Hub; `card.push_to_hub(repo_id)` envia o cartão num
#   commit.
#
# ## Exercícios
#
# 1. Avalie o modelo em todas as frases da validação (`EVAL_SIZE = None`) e atualize o cartão. O
#    número mudou muito? O que isso diz sobre o tamanho de amostra que um cartão deve informar?
# 2. Escreva o cartão do modelo que você enviou na seção 4.3 (o ajuste fino no MRPC): meça a
#    acurácia e o F1 na validação com o 🤗 Evaluate, use dois `EvalResult` e envie o cartão para
#    aquele repositório. O que você escreveria em "Limitações", sabendo quão curto foi o treino?
# 3. Teste a seção de limitações: passe ao `classifier` três frases neutras ("The movie is two hours
#    long.") e três com ironia. Os resultados confirmam o que o cartão diz? Acrescente ao cartão
#    um exemplo do que encontrou.
