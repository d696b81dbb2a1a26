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
# # 2.1 · Por trás do pipeline
#
# **O que você vai aprender:**
#
# - que a função `pipeline` encadeia três etapas: tokenizador → modelo → pós-processamento;
# - o que o tokenizador entrega ao modelo (`input_ids` e `attention_mask`) e o que é um tensor;
# - a diferença entre `AutoModel` (estados ocultos) e `AutoModelForSequenceClassification` (logits);
# - como transformar logits em probabilidades com softmax e em rótulos com `id2label`;
# - como refazer à mão, passo a passo, exatamente o que o pipeline calcula.
#
# A biblioteca 🤗 Transformers oferece uma API única para carregar, usar, treinar e salvar
# modelos Transformer. Três ideias guiam o seu desenho:
#
# - **facilidade:** duas linhas bastam para usar um modelo de NLP de ponta;
# - **flexibilidade:** todo modelo é um `torch.nn.Module` comum, que você pode treinar, inspecionar
#   e modificar como qualquer rede PyTorch (desde a versão 5 a biblioteca é só PyTorch: o suporte a
#   TensorFlow e Flax foi removido);
# - **simplicidade:** cada arquitetura tem o seu próprio arquivo com toda a passagem para frente
#   (*forward*). Há pouca abstração compartilhada entre modelos, de propósito: dá para ler e alterar
#   um modelo sem abrir outros cinco arquivos e sem afetar os demais modelos.

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
CHECKPOINT = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"  # classificador de sentimento usado nesta seção

# %%
from cursonlp import setup

course = setup(source=SOURCE, device=DEVICE)  # confere o ambiente e fixa as sementes aleatórias

# %%
import torch
from transformers import AutoModel, AutoModelForSequenceClassification, AutoTokenizer, pipeline

# %% [markdown]
# ## O pipeline, de uma vez só
#
# No capítulo 1 usamos o pipeline de análise de sentimento como uma caixa-preta. Vamos começar do
# mesmo ponto, com duas frases: uma claramente positiva e outra claramente negativa. O checkpoint
# é o que o pipeline `"sentiment-analysis"` usa por padrão: um DistilBERT ajustado (*fine-tuned*)
# no SST-2, um conjunto de críticas de cinema em inglês rotuladas como positivas ou negativas.

# %%
raw_inputs = [
    "I've been waiting for a HuggingFace course my whole life.",
    "I hate this so much!",
]

classifier = pipeline("sentiment-analysis", model=CHECKPOINT, device=course.device)
pipeline_results = classifier(raw_inputs)
pipeline_results

# %% tags=["check"]
# Conferência: a primeira frase é positiva e a segunda negativa.
assert [r["label"] for r in pipeline_results] == ["POSITIVE", "NEGATIVE"]

# %% [markdown]
# Por dentro, o pipeline executou três etapas em sequência:
#
# ```
#  texto ──▶ tokenizador ──▶ ids dos tokens ──▶ modelo ──▶ logits ──▶ pós-processamento ──▶ previsões
#  "I hate this so much!"    [101, 1045, ...]            [4.2, -3.3]   softmax + id2label   NEGATIVE: 0.99
# ```
#
# 1. o **tokenizador** quebra o texto em pedaços (tokens) e troca cada um por um número inteiro;
# 2. o **modelo** transforma esses números em uma pontuação bruta por classe, os *logits*;
# 3. o **pós-processamento** converte os logits em probabilidades e as probabilidades em rótulos.
#
# No resto deste notebook refazemos cada etapa à mão.

# %% [markdown]
# ## Etapa 1: o tokenizador
#
# Redes neurais não leem texto, só números. O tokenizador faz a tradução:
#
# - divide a entrada em **tokens**: palavras, pedaços de palavras ou sinais de pontuação;
# - acrescenta **tokens especiais** que o modelo espera, como `[CLS]` no início e `[SEP]` no fim;
# - troca cada token pelo seu número no **vocabulário** do modelo (o seu *id*).
#
# Esse processo precisa ser idêntico ao usado no pré-treinamento do modelo; por isso carregamos o
# tokenizador a partir do mesmo checkpoint, com `AutoTokenizer.from_pretrained`. Na primeira vez os
# arquivos são baixados do Hub e ficam em cache; nas seguintes, vêm do disco.

# %%
tokenizer = AutoTokenizer.from_pretrained(CHECKPOINT)
type(tokenizer).__name__

# %% [markdown]
# Agora passamos as duas frases de uma vez. Três argumentos aparecem sempre juntos:
#
# - `padding=True` completa a frase mais curta com um token de padding (`[PAD]`) até o
#   tamanho da mais longa, porque um tensor precisa ser retangular;
# - `truncation=True` corta frases maiores do que o modelo aceita (não é o caso aqui);
# - `return_tensors="pt"` devolve tensores do PyTorch em vez de listas do Python.

# %%
inputs = tokenizer(raw_inputs, padding=True, truncation=True, return_tensors="pt")
inputs

# %% [markdown]
# O resultado funciona como um dicionário. As duas chaves que importam aqui:
#
# - `input_ids`: uma linha por frase, com o id de cada token. As linhas começam com o mesmo número
#   (o id de `[CLS]`) e a segunda termina com uma fileira de zeros: é o `[PAD]`;
# - `attention_mask`: 1 onde há um token de verdade e 0 onde há padding. O modelo usa essa
#   máscara para ignorar o `[PAD]` (voltaremos a ela na seção 2.4).
#
# Dependendo do tokenizador, pode aparecer também `token_type_ids`, que marca a qual frase de um
# par cada token pertence; o DistilBERT não precisa dele. Para enxergar os tokens em vez dos
# números, convertemos os ids de volta:

# %%
for row in inputs["input_ids"]:
    print(tokenizer.convert_ids_to_tokens(row))

# %% [markdown]
# Repare que palavras raras são quebradas em pedaços (os que continuam uma palavra começam com
# `##`) e que `[CLS]`, `[SEP]` e `[PAD]` foram inseridos pelo tokenizador, não por nós.

# %% [markdown]
# ### Um parêntese: tensores
#
# O modelo só aceita **tensores**: arrays de números com qualquer quantidade de dimensões (eixos).
# O `shape` (formato) de um tensor diz quantos elementos há em cada eixo:
#
# | dimensões | nome comum | exemplo |
# |---|---|---|
# | 0 | escalar | a temperatura de um dia |
# | 1 | vetor | os preços de uma ação ao longo de uma semana |
# | 2 | matriz | uma imagem em tons de cinza (altura × largura) |
# | 3 | tensor 3D | uma imagem colorida (canais × altura × largura) |
# | 4 ou mais | tensor ND | um vídeo (quadros × canais × altura × largura) |

# %%
scalar = torch.tensor(30.0)
vector = torch.tensor([10.5, 11.0, 10.8])
matrix = torch.tensor([[1, 2, 3], [4, 5, 6]])
for name, t in [("escalar", scalar), ("vetor", vector), ("matriz", matrix)]:
    print(f"{name:8} ndim={t.ndim}  shape={tuple(t.shape)}")

print("input_ids:", tuple(inputs["input_ids"].shape), "= (tamanho do lote, comprimento da sequência)")

# %% [markdown]
# Os `input_ids` são uma matriz: o primeiro eixo é o **lote** (*batch*, as 2 frases) e o segundo é
# a **sequência** (os tokens de cada frase, já com o padding).

# %% [markdown]
# ## Etapa 2: o modelo
#
# O modelo é carregado do mesmo jeito que o tokenizador. Começamos com `AutoModel`, que traz apenas
# o **corpo** do Transformer, sem nenhuma "cabeça" de tarefa. Ao carregar, a biblioteca avisa que
# alguns pesos do checkpoint ficaram de fora (`UNEXPECTED`): são os pesos da cabeça de
# classificação, que o `AutoModel` não tem. Aqui isso é esperado.
#
# Como só vamos fazer inferência, desligamos o cálculo de gradientes com `torch.no_grad()`: fica
# mais rápido e gasta menos memória.

# %%
body = AutoModel.from_pretrained(CHECKPOINT).to(course.device)
inputs = inputs.to(course.device)

with torch.no_grad():
    body_outputs = body(**inputs)

body_outputs.last_hidden_state.shape

# %% [markdown]
# O corpo devolve os **estados ocultos** (*hidden states*, também chamados de *features*): para
# cada token de cada frase, um vetor que representa aquele token no contexto da frase. O formato
# tem três eixos:
#
# - **tamanho do lote**: quantas sequências processamos de uma vez (2);
# - **comprimento da sequência**: quantos tokens há em cada uma (o mesmo dos `input_ids`);
# - **tamanho oculto** (*hidden size*): a dimensão de cada vetor, guardada em
#   `body.config.hidden_size` (768 no DistilBERT original; modelos maiores chegam a milhares).

# %%
batch_size, seq_len = inputs["input_ids"].shape
print("formato esperado:", (batch_size, seq_len, body.config.hidden_size))

# %% tags=["check"]
# Conferência: um vetor de tamanho `hidden_size` para cada token de cada frase.
assert tuple(body_outputs.last_hidden_state.shape) == (batch_size, seq_len, body.config.hidden_size)

# %% [markdown]
# As saídas dos modelos se comportam como uma tupla nomeada ou um dicionário: dá para acessar o
# mesmo tensor por atributo, por chave ou por posição.

# %%
same = body_outputs.last_hidden_state
print(torch.equal(same, body_outputs["last_hidden_state"]), torch.equal(same, body_outputs[0]))

# %% [markdown]
# ### As cabeças de tarefa
#
# Uma **cabeça** (*head*) é uma ou poucas camadas lineares que recebem os estados ocultos e os
# projetam na dimensão que a tarefa pede. O mesmo corpo pode receber cabeças diferentes:
#
# | classe | para quê |
# |---|---|
# | `AutoModel` | só os estados ocultos |
# | `AutoModelForSequenceClassification` | classificar a frase inteira |
# | `AutoModelForTokenClassification` | classificar cada token (por exemplo, entidades) |
# | `AutoModelForQuestionAnswering` | achar a resposta dentro de um texto |
# | `AutoModelForMaskedLM` | adivinhar palavras mascaradas |
# | `AutoModelForCausalLM` | gerar texto, um token depois do outro |
# | `AutoModelForMultipleChoice` | escolher entre alternativas |
#
# Para decidir se a frase é positiva ou negativa precisamos de uma cabeça de classificação de
# sequências. Agora nenhum peso fica de fora: o checkpoint foi salvo justamente com essa cabeça.

# %%
model = AutoModelForSequenceClassification.from_pretrained(CHECKPOINT).to(course.device)

with torch.no_grad():
    outputs = model(**inputs)

outputs.logits.shape

# %% [markdown]
# A saída encolheu: em vez de um vetor enorme por token, há **um par de números por frase**, um
# para cada rótulo possível (negativo e positivo). Com 2 frases e 2 rótulos, o formato é 2 × 2.

# %% tags=["check"]
# Conferência: uma linha por frase e uma coluna por rótulo.
assert tuple(outputs.logits.shape) == (batch_size, model.config.num_labels) == (2, 2)

# %% [markdown]
# ## Etapa 3: o pós-processamento
#
# Vejamos os números:

# %%
outputs.logits

# %% [markdown]
# Esses valores não são probabilidades: podem ser negativos e não somam 1. São **logits**, as
# pontuações brutas da última camada; quanto maior o logit de uma classe, mais o modelo "acredita"
# nela. Os modelos da biblioteca devolvem logits porque, no treinamento, a função de perda (a entropia
# cruzada) já aplica a ativação internamente, de forma numericamente mais estável.
#
# Para obter probabilidades aplicamos a função **softmax** ao longo do último eixo (o dos rótulos):
# ela deixa todos os valores entre 0 e 1, somando 1 em cada linha.

# %%
probabilities = torch.softmax(outputs.logits, dim=-1)
probabilities

# %% [markdown]
# Falta saber qual coluna é qual rótulo. Essa informação fica na configuração do modelo, em
# `model.config.id2label` (a configuração é o assunto da próxima seção):

# %%
model.config.id2label

# %%
for sentence, probs in zip(raw_inputs, probabilities.tolist()):
    scores = ", ".join(f"{model.config.id2label[i]}: {p:.4f}" for i, p in enumerate(probs))
    print(f"{sentence!r:62} → {scores}")

# %% [markdown]
# O rótulo previsto é a coluna de maior probabilidade (`argmax`) e a pontuação que o pipeline
# mostra é essa probabilidade. Vamos montar a mesma lista de dicionários que o pipeline devolveu:

# %%
best = probabilities.argmax(dim=-1)
by_hand = [
    {"label": model.config.id2label[i.item()], "score": probabilities[row, i].item()}
    for row, i in enumerate(best)
]
by_hand

# %% tags=["check"]
# Conferência: à mão chegamos aos mesmos rótulos e às mesmas probabilidades que o pipeline.
assert [r["label"] for r in by_hand] == [r["label"] for r in pipeline_results]
for mine, theirs in zip(by_hand, pipeline_results):
    assert abs(mine["score"] - theirs["score"]) < 1e-4, (mine, theirs)

# %% [markdown]
# Mesmos rótulos, mesmas probabilidades: não há mágica no pipeline, só estas três etapas.

# %% [markdown]
# ## Resumo
#
# - O pipeline encadeia **tokenizador → modelo → pós-processamento**, e cada etapa pode ser feita
#   à mão com as classes `Auto*` carregadas do mesmo checkpoint.
# - O tokenizador devolve `input_ids` (os ids dos tokens, com `[CLS]`, `[SEP]` e `[PAD]`) e
#   `attention_mask` (1 = token real, 0 = padding); `return_tensors="pt"` os entrega como
#   tensores do PyTorch.
# - `AutoModel` produz estados ocultos de formato (lote, sequência, tamanho oculto);
#   `AutoModelForSequenceClassification` acrescenta uma cabeça e produz logits (lote, rótulos).
# - Logits viram probabilidades com `torch.softmax(..., dim=-1)`, e o índice da maior
#   probabilidade vira rótulo com `model.config.id2label`.

# %% [markdown]
# ## Pratique
#
# 1. Passe pelas três etapas à mão uma frase sua e confira que as probabilidades batem com as do
#    `pipeline` com o mesmo checkpoint.
# 2. Tire `padding=True` da chamada do tokenizador com as duas frases. Que erro aparece, e por quê?
