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
# # 2.4 · Múltiplas sequências
#
# **O que você vai aprender:**
#
# - por que o modelo sempre espera um **lote** (*batch*) e o erro que aparece quando falta esse eixo;
# - como juntar frases de comprimentos diferentes num só tensor com **padding** (*preenchimento*);
# - por que o padding muda o resultado e como a **máscara de atenção** (*attention mask*)
#   resolve isso;
# - o que fazer com textos maiores do que o modelo aceita (**truncamento**).
#
# Até aqui o tokenizador fez tudo por nós. Nesta seção montamos as entradas à mão para entender
# cada peça que ele acrescenta.

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
from transformers import AutoModelForSequenceClassification, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained(CHECKPOINT)
model = AutoModelForSequenceClassification.from_pretrained(CHECKPOINT).to(course.device)
torch.set_grad_enabled(False)  # só inferência neste notebook: nenhum gradiente é necessário


def logits_for(input_ids, attention_mask=None):
    """Roda o modelo sobre listas (ou tensores) de ids e devolve os logits na CPU."""
    input_ids = torch.as_tensor(input_ids).to(course.device)
    if attention_mask is not None:
        attention_mask = torch.as_tensor(attention_mask).to(course.device)
    return model(input_ids, attention_mask=attention_mask).logits.cpu()

# %% [markdown]
# ## O modelo espera um lote
#
# Pegamos os ids de uma frase (uma lista de inteiros, como na seção anterior), transformamos em
# tensor e entregamos ao modelo:

# %%
sequence = "I've been waiting for a HuggingFace course my whole life."
ids = tokenizer(sequence)["input_ids"]
input_ids = torch.tensor(ids)
print(input_ids.shape)

# %% tags=["raises-exception"]
model(input_ids.to(course.device))

# %% [markdown]
# Deu erro. O tensor tem **um** eixo (os tokens), mas os modelos da biblioteca esperam **dois**:
# (lote, sequência). Sem o eixo do lote, o modelo lê os eixos no lugar errado (toma os tokens pelo
# lote e a dimensão dos vetores pela sequência) e a conta quebra adiante, quando os tamanhos não
# batem. A mensagem exata depende do modelo e da versão; em versões antigas era um `IndexError:
# Dimension out of range`. A causa é sempre a mesma: falta o eixo do lote.
#
# O tokenizador não cometeu esse erro quando pedimos tensores: ele devolve duas dimensões, mesmo
# para uma frase só.

# %%
tokenizer(sequence, return_tensors="pt")["input_ids"].shape

# %% [markdown]
# Para consertar, basta pôr a lista dentro de outra lista: um lote com uma sequência.

# %%
input_ids = torch.tensor([ids])
print("formato:", tuple(input_ids.shape))
single_logits = logits_for(input_ids)
print("logits:", single_logits)
print("probabilidades:", torch.softmax(single_logits, dim=-1))

# %% tags=["check"]
# Conferência: com o eixo do lote, o modelo devolve uma linha de logits por frase.
assert tuple(single_logits.shape) == (1, model.config.num_labels)

# %% [markdown]
# ## Lotes com várias frases
#
# Processar várias frases de uma vez (*batching*) é só empilhar mais linhas. Um lote com a mesma
# frase duas vezes dá duas linhas iguais:

# %%
twice = logits_for([ids, ids])
twice

# %% tags=["check"]
# Conferência: cada linha do lote é calculada de forma independente, então as duas coincidem.
assert torch.allclose(twice[0], twice[1], atol=1e-5) and torch.allclose(twice[0], single_logits[0], atol=1e-5)

# %% [markdown]
# ## Frases de comprimentos diferentes
#
# Com frases diferentes aparece um problema: elas têm quantidades diferentes de tokens, e um
# tensor precisa ser retangular.

# %%
sentences = ["I've been waiting for a HuggingFace course my whole life.", "I hate this so much!"]
ids_1, ids_2 = (tokenizer(s)["input_ids"] for s in sentences)
print(len(ids_1), "tokens na primeira frase,", len(ids_2), "na segunda")

# %% tags=["raises-exception"]
torch.tensor([ids_1, ids_2])

# %% [markdown]
# O PyTorch se recusa a montar o tensor, porque as linhas têm comprimentos diferentes. A solução é
# o **padding** (*preenchimento*): completar as frases curtas com um token especial até o
# comprimento da maior. O id desse token fica em `tokenizer.pad_token_id`.

# %%
pad_length = len(ids_1) - len(ids_2)
batched_ids = [ids_1, ids_2 + [tokenizer.pad_token_id] * pad_length]
print("pad_token:", tokenizer.pad_token, "id:", tokenizer.pad_token_id)
print(torch.tensor(batched_ids))

# %% [markdown]
# Agora o lote vira um tensor. Comparemos os logits de cada frase sozinha com os do lote:

# %%
alone_1 = logits_for([ids_1])
alone_2 = logits_for([ids_2])
batched = logits_for(batched_ids)
print("frase 1 sozinha:", alone_1)
print("frase 2 sozinha:", alone_2)
print("lote preenchido:", batched)

# %% [markdown]
# A primeira linha do lote bate com a frase 1 sozinha, mas a segunda **não** bate com a frase 2:
# os números mudaram só porque acrescentamos `[PAD]`. O motivo é a atenção, o coração do
# Transformer: cada token olha para **todos** os outros da sequência para construir o seu
# contexto, e isso inclui os tokens de padding. Para o modelo, a segunda frase passou a
# ser "I hate this so much! [PAD] [PAD] ...", outro texto.

# %% tags=["check"]
# Conferência: sem máscara, o padding altera os logits da frase curta (e só dela).
assert torch.allclose(batched[0], alone_1[0], atol=1e-4)
assert not torch.allclose(batched[1], alone_2[0], atol=1e-3)

# %% [markdown]
# ## Máscaras de atenção
#
# A **máscara de atenção** diz às camadas de atenção quais posições ignorar. É um tensor com o
# mesmo formato dos `input_ids`, feito de 1 (token de verdade: preste atenção) e 0 (padding:
# ignore).

# %%
attention_mask = [
    [1] * len(ids_1),
    [1] * len(ids_2) + [0] * pad_length,
]
masked = logits_for(batched_ids, attention_mask)
print("frase 2 sozinha:     ", alone_2)
print("lote com máscara:    ", masked)
print("maior diferença na linha 2:", (masked[1] - alone_2[0]).abs().max().item())

# %% [markdown]
# Com a máscara, a segunda linha volta a coincidir com a frase 2 sozinha. Se sobrar alguma
# diferença, ela é minúscula (abaixo de 1e-5): arredondamento de ponto flutuante de contas feitas
# em outra ordem, não uma mudança de significado.

# %% tags=["check"]
# Conferência: com a máscara, cada linha do lote tem os mesmos logits da frase processada sozinha.
assert torch.allclose(masked[1], alone_2[0], atol=1e-5, rtol=1e-4)
assert torch.allclose(masked[0], alone_1[0], atol=1e-5, rtol=1e-4)

# %% [markdown]
# Era exatamente isso que o tokenizador fazia quando chamamos `tokenizer(frases, padding=True)`:
# preencher com `pad_token_id` e montar a máscara.

# %%
auto = tokenizer(sentences, padding=True)
print(auto["input_ids"] == batched_ids, auto["attention_mask"] == attention_mask)

# %% tags=["check"]
# Conferência: o tokenizador produz os mesmos ids preenchidos e a mesma máscara que montamos à mão.
assert auto["input_ids"] == batched_ids
assert auto["attention_mask"] == attention_mask

# %% [markdown]
# ## Sequências longas
#
# Todo Transformer tem um comprimento máximo de sequência. Os modelos da família BERT aprendem um
# vetor para cada posição, e só existem vetores para `max_position_embeddings` posições:

# %%
max_length = model.config.max_position_embeddings
print("max_position_embeddings:", max_length)

long_text = " ".join([sequence] * (max_length // 10))
long_ids = tokenizer(long_text, return_tensors="pt")["input_ids"]
print("tokens no texto longo:", long_ids.shape[1])

# %% [markdown]
# O tokenizador já avisou que essa sequência é longa demais para o modelo. Se insistirmos:

# %% tags=["raises-exception"]
model(long_ids.to(course.device))

# %% [markdown]
# O modelo não tem vetor de posição para os tokens além do limite, e a soma dos embeddings falha.
# Há duas saídas:
#
# - usar um modelo feito para sequências longas, como o Longformer ou o LED (e muitos modelos
#   recentes, que aceitam milhares de tokens);
# - **truncar** a sequência, descartando o que passa do limite.
#
# Tutoriais antigos truncam fatiando a *string* (`sequence[:max_sequence_length]`), o que corta
# caracteres, não tokens, e ainda perde o `[SEP]` final. O jeito certo é pedir ao tokenizador,
# que corta no nível dos tokens e mantém os tokens especiais:

# %%
truncated = tokenizer(long_text, truncation=True, max_length=max_length, return_tensors="pt")
truncated_ids = truncated["input_ids"]
print("formato:", tuple(truncated_ids.shape))
print("últimos tokens:", tokenizer.convert_ids_to_tokens(truncated_ids[0, -3:]))
print("logits:", logits_for(truncated_ids, truncated["attention_mask"]))

# %% tags=["check"]
# Conferência: a sequência truncada cabe no modelo e ainda termina com [SEP].
assert truncated_ids.shape[1] == max_length
assert truncated_ids[0, -1].item() == tokenizer.sep_token_id

# %% [markdown]
# ## Resumo
#
# - Modelos recebem tensores de formato (lote, sequência); uma frase sozinha precisa de um eixo
#   de lote (`torch.tensor([ids])`), senão a conta quebra com um erro de tamanhos.
# - Frases de comprimentos diferentes são completadas com `tokenizer.pad_token_id` para formar um
#   tensor retangular.
# - Sem **máscara de atenção**, os `[PAD]` entram na atenção e mudam o resultado; com ela (1 =
#   token real, 0 = padding), cada frase do lote dá os mesmos logits que daria sozinha.
# - O comprimento máximo está em `model.config.max_position_embeddings`; textos maiores exigem
#   um modelo para sequências longas ou truncamento (`truncation=True, max_length=...`).

# %% [markdown]
# ## Pratique
#
# 1. Monte um lote com três frases de comprimentos bem diferentes e confira, com a máscara de
#    atenção, que cada uma dá os mesmos logits que daria sozinha.
# 2. Tokenize um texto com mais tokens que `model.config.max_position_embeddings` sem
#    `truncation=True` e passe-o pelo modelo. Que erro aparece? E com `truncation=True,
#    max_length=...`?
