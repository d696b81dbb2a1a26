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
# # 1.1 · O que é NLP?
#
# **O que você vai aprender:**
#
# - o que é NLP (processamento de linguagem natural) e quais são as tarefas mais comuns da área;
# - por que a linguagem é difícil para um computador: ambiguidade e dependência do contexto;
# - como um modelo Transformer resolve parte do problema dando a cada palavra um vetor que
#   depende da frase inteira — e como medir isso com a similaridade de cosseno.

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
CHECKPOINT = "google-bert/bert-base-uncased"  # checkpoint usado nesta seção

# %%
from cursonlp import setup

course = setup(source=SOURCE, device=DEVICE)  # confere o ambiente e fixa as sementes aleatórias

# %% [markdown]
# ## O que é NLP
#
# NLP (*Natural Language Processing*) é a área que junta linguística e aprendizado de máquina
# para fazer computadores lidarem com a linguagem humana. O objetivo vai além de reconhecer
# palavras isoladas: queremos que o modelo capte o que elas significam **naquele contexto**.
#
# Algumas tarefas clássicas, todas vistas ao longo do curso:
#
# | tarefa | exemplo |
# |---|---|
# | classificar uma frase inteira | dizer se uma avaliação é positiva ou negativa, se um e-mail é spam, se duas frases dizem a mesma coisa |
# | classificar cada palavra | marcar a classe gramatical (substantivo, verbo...) ou as entidades nomeadas (pessoa, lugar, organização) |
# | gerar texto | continuar um texto a partir de um início, preencher lacunas de palavras mascaradas |
# | extrair uma resposta | dada uma pergunta e um contexto, apontar o trecho do contexto que responde |
# | gerar uma frase a partir de outra | traduzir, resumir |
#
# NLP não se limita a texto escrito: transcrever áudio (reconhecimento de fala) ou descrever
# uma imagem em palavras também são problemas de linguagem, e os mesmos modelos Transformer
# aparecem nesses casos.

# %% [markdown]
# ## Por que é difícil
#
# Quando lemos "estou com fome", entendemos na hora; também percebemos sem esforço que
# "estou com fome" e "estou faminto" dizem quase o mesmo. Um computador só manipula números,
# então o primeiro passo de qualquer modelo é transformar texto em números. O **tokenizador**
# corta o texto em pedaços (tokens) e troca cada pedaço por um número inteiro, o seu índice no
# vocabulário. Vamos ver isso com o tokenizador do BERT (o capítulo 2 detalha como funciona).

# %%
import torch
from transformers import AutoModel, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained(CHECKPOINT)
encoded = tokenizer("I am hungry.")
print(encoded["input_ids"])
print(tokenizer.convert_ids_to_tokens(encoded["input_ids"]))

# %% [markdown]
# Repare que o tokenizador acrescenta dois tokens especiais, `[CLS]` no início e `[SEP]` no
# fim, e que este checkpoint é *uncased*: tudo vira minúscula.
#
# Esses números, porém, não carregam significado nenhum: o índice de uma palavra é sempre o
# mesmo, não importa a frase. E a linguagem é cheia de **ambiguidade**. Em inglês, *bank* pode
# ser um banco (instituição financeira) ou a margem de um rio; só o resto da frase decide.
# Um bom modelo precisa representar a mesma palavra de jeitos diferentes conforme o contexto.

# %%
sentences = [
    "I deposited money at the bank.",
    "The bank gave me a loan.",
    "We sat on the bank of the river.",
    "The river overflowed its bank.",
]
senses = ["dinheiro", "dinheiro", "rio", "rio"]  # o sentido de "bank" em cada frase
bank_id = tokenizer.convert_tokens_to_ids("bank")
for s in sentences:
    ids = tokenizer(s)["input_ids"]
    print(f"{s:36} posição de 'bank': {ids.index(bank_id)}   id: {bank_id}")

# %% [markdown]
# Para o tokenizador, *bank* é sempre o número acima. Agora passamos as frases pelo
# **modelo** BERT. Ele devolve, para cada token, um vetor (o *estado oculto* da última camada)
# calculado olhando a frase inteira. Guardamos dois vetores de *bank* por frase:
#
# - o vetor **estático**, tirado da tabela de *embeddings* de entrada do modelo, antes de
#   qualquer camada — é o mesmo em toda frase;
# - o vetor **contextual**, que sai da última camada depois de o modelo ler a frase toda.

# %%
model = AutoModel.from_pretrained(CHECKPOINT).to(course.device).eval()

static_vectors, contextual_vectors = [], []
with torch.no_grad():
    for s in sentences:
        inputs = tokenizer(s, return_tensors="pt").to(course.device)
        position = inputs["input_ids"][0].tolist().index(bank_id)
        hidden = model(**inputs).last_hidden_state[0]  # (tokens, dimensão oculta)
        contextual_vectors.append(hidden[position])
        static_vectors.append(model.get_input_embeddings()(inputs["input_ids"][0, position]))

contextual = torch.stack(contextual_vectors).cpu()
static = torch.stack(static_vectors).cpu()
print("dimensão de cada vetor:", contextual.shape[1])

# %% [markdown]
# Para comparar vetores usamos a **similaridade de cosseno**: o cosseno do ângulo entre eles.
# Vale 1 quando apontam para a mesma direção e fica menor quanto mais diferentes forem.
# Calculamos a similaridade de todos os pares de frases, para os dois tipos de vetor.

# %%
import torch.nn.functional as F


def cosine_matrix(vectors: torch.Tensor) -> torch.Tensor:
    unit = F.normalize(vectors, dim=-1)
    return unit @ unit.T


static_sim = cosine_matrix(static)
contextual_sim = cosine_matrix(contextual)
print("estático:\n", static_sim.numpy().round(3))
print("contextual:\n", contextual_sim.numpy().round(3))

# %% [markdown]
# Num gráfico fica mais fácil de ler. Cada célula é a similaridade entre o *bank* da frase da
# linha e o *bank* da frase da coluna.

# %%
import matplotlib.pyplot as plt

from cursonlp.plots import heatmap

labels = [f"{i + 1}: {sense}" for i, sense in enumerate(senses)]
fig, axes = plt.subplots(1, 2, figsize=(11, 4.5))
heatmap(static_sim, labels, title="vetor estático (embedding de entrada)", ax=axes[0],
        annotate=True, vmin=0, vmax=1)
heatmap(contextual_sim, labels, title="vetor contextual (última camada)", ax=axes[1],
        annotate=True)
plt.tight_layout()
plt.show()

# %%
same = [contextual_sim[0, 1].item(), contextual_sim[2, 3].item()]
different = [contextual_sim[i, j].item() for i in (0, 1) for j in (2, 3)]
print(f"mesmo sentido:     média {sum(same) / len(same):.3f}")
print(f"sentidos distintos: média {sum(different) / len(different):.3f}")

# %% [markdown]
# O que observar:
#
# - o vetor estático é idêntico nas quatro frases (similaridade 1 em todo lugar): sozinho, ele
#   não tem como separar os dois sentidos;
# - os vetores contextuais já são todos diferentes, e os pares com o **mesmo sentido**
#   (frases 1–2 e 3–4) ficam mais próximos do que os pares com sentidos distintos. O modelo
#   usou as palavras vizinhas (*money*, *loan*, *river*) para ajustar a representação.
#
# Os valores exatos dependem do checkpoint (no mini-hub, offline, o modelo é menor), mas a
# ordem entre eles é o que importa.

# %% tags=["check"]
# Conferência: o vetor estático não muda, o contextual muda, e o mesmo sentido fica mais próximo.
assert torch.allclose(static_sim, torch.ones_like(static_sim), atol=1e-5)
assert contextual_sim[0, 2] < 0.99
assert sum(same) / len(same) > sum(different) / len(different)

# %% [markdown]
# Essa é a ideia que atravessa todo o curso: um Transformer transforma cada token num vetor
# que depende do contexto, e as tarefas de NLP (classificar, extrair, gerar) são construídas em
# cima desses vetores. Há muitas formas de representar texto; os próximos notebooks mostram
# como os Transformers fazem isso e o que conseguem fazer com elas.

# %% [markdown]
# ## Resumo
#
# - NLP trata da linguagem humana: classificar frases ou palavras, extrair respostas, gerar,
#   traduzir e resumir texto — e também fala e imagens descritas em palavras.
# - O computador só vê números: o tokenizador troca pedaços de texto por índices, sempre os
#   mesmos para a mesma palavra.
# - A mesma palavra pode ter sentidos diferentes; o contexto decide. Um modelo Transformer dá a
#   cada token um vetor contextual, e a similaridade de cosseno mostra que *bank* de dinheiro
#   fica perto de *bank* de dinheiro e longe de *bank* de rio.

# %% [markdown]
# ## Pratique
#
# 1. Tokenize uma frase com uma palavra inventada (por exemplo, *"transformerização"*). Ela vira um
#    token só ou vários pedaços? E uma palavra comum em inglês?
# 2. Escreva duas frases novas com *bank* (uma de dinheiro, outra de rio) e calcule a similaridade de
#    cosseno entre os vetores de *bank* nelas e nas frases do notebook. O agrupamento se mantém?
