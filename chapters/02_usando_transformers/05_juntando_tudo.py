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
# # 2.5 · Juntando tudo
#
# **O que você vai aprender:**
#
# - como uma única chamada do tokenizador faz tudo o que montamos à mão nas seções anteriores;
# - as opções `padding` (`"longest"`, `"max_length"`), `truncation`, `max_length` e
#   `return_tensors`;
# - por que a chamada acrescenta tokens especiais que `tokenize` não acrescenta;
# - o exemplo completo: de duas frases a rótulos e probabilidades, em poucas linhas.
#
# Nas seções 2.3 e 2.4 separamos o trabalho do tokenizador em pedaços: tokenizar, converter em
# ids, acrescentar `[CLS]` e `[SEP]`, preencher, montar a máscara, truncar, virar tensor. Na
# prática, tudo isso sai de uma chamada só.

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

# %% [markdown]
# ## Uma chamada, uma ou várias frases
#
# A mesma chamada aceita uma frase ou uma lista de frases; com uma lista, cada campo passa a ter
# uma entrada por frase.

# %%
sequence = "I've been waiting for a HuggingFace course my whole life."
sequences = ["I've been waiting for a HuggingFace course my whole life.", "So have I!"]

print(tokenizer(sequence)["input_ids"])
print(tokenizer(sequences)["input_ids"])

# %% [markdown]
# ## Padding (preenchimento)
#
# Sem padding, as listas de ids têm comprimentos diferentes e não viram tensor. O
# argumento `padding` escolhe até onde preencher:
#
# - `padding="longest"` (ou `padding=True`): até a maior frase **do lote**;
# - `padding="max_length"`: até o comprimento máximo **do modelo**, guardado em
#   `tokenizer.model_max_length`;
# - `padding="max_length", max_length=N`: até `N` tokens.
#
# O tokenizador conhece o limite do modelo:

# %%
print("tokenizer.model_max_length:", tokenizer.model_max_length)

# %% tags=["check"]
# Conferência: o limite do tokenizador é o comprimento máximo de posições do modelo.
assert tokenizer.model_max_length == model.config.max_position_embeddings

# %%
def lengths(encoding):
    return [len(ids) for ids in encoding["input_ids"]]


padding_options = {
    'padding="longest"': dict(padding="longest"),
    'padding="max_length"': dict(padding="max_length"),
    'padding="max_length", max_length=8': dict(padding="max_length", max_length=8),
}
print(f"{'sem padding':38} → comprimentos {lengths(tokenizer(sequences))}")
padded = {name: lengths(tokenizer(sequences, **options)) for name, options in padding_options.items()}
for name, sizes in padded.items():
    print(f"{name:38} → comprimentos {sizes}")

# %% [markdown]
# Repare no último caso: pedimos 8 tokens, mas a primeira frase tem mais do que isso e continua
# com o seu comprimento; só a segunda, que é curta, foi até 8. `padding` só **acrescenta** `[PAD]`,
# nunca corta, e as linhas ainda não formam um retângulo. Para cortar existe outro argumento.

# %% tags=["check"]
# Conferência: "longest" vai até a maior frase e "max_length" vai até o limite do modelo.
longest = max(lengths(tokenizer(sequences)))
assert padded['padding="longest"'] == [longest, longest]
assert padded['padding="max_length"'] == [tokenizer.model_max_length] * 2

# %% [markdown]
# ## Truncamento: `truncation` e `max_length`
#
# `truncation=True` corta as frases maiores do que o limite: o do modelo, ou o de `max_length`,
# se você o passar. O corte é feito em tokens e preserva os tokens especiais das pontas.

# %%
truncated = tokenizer(sequences, truncation=True, max_length=8)
for ids in truncated["input_ids"]:
    print(len(ids), tokenizer.convert_ids_to_tokens(ids))

# %% [markdown]
# Para um lote de comprimento fixo, o mais comum é combinar os dois: preencher e truncar até o
# mesmo `max_length`.

# %%
fixed = tokenizer(sequences, padding="max_length", truncation=True, max_length=8, return_tensors="pt")
fixed["input_ids"].shape

# %% tags=["check"]
# Conferência: com truncamento nenhuma frase passa de 8 tokens, e o corte mantém [SEP] no fim.
assert all(len(ids) <= 8 and ids[-1] == tokenizer.sep_token_id for ids in truncated["input_ids"])
assert tuple(fixed["input_ids"].shape) == (2, 8)

# %% [markdown]
# ## Tensores: `return_tensors`
#
# Por padrão a chamada devolve listas do Python. `return_tensors="pt"` devolve tensores do
# PyTorch, prontos para o modelo; `"np"` devolve arrays do NumPy. Tutoriais antigos usam também
# `"tf"` (TensorFlow) e `"jax"`: desde a versão 5 a biblioteca é só PyTorch e essas opções não
# existem mais.

# %%
as_pt = tokenizer(sequences, padding=True, return_tensors="pt")
as_np = tokenizer(sequences, padding=True, return_tensors="np")
print(type(as_pt["input_ids"]), tuple(as_pt["input_ids"].shape))
print(type(as_np["input_ids"]), as_np["input_ids"].shape)

# %% [markdown]
# ## Tokens especiais
#
# Compare os ids da chamada completa com os de `tokenize` + `convert_tokens_to_ids`:

# %%
call_ids = tokenizer(sequence)["input_ids"]
step_ids = tokenizer.convert_tokens_to_ids(tokenizer.tokenize(sequence))
print(call_ids)
print(step_ids)
print(tokenizer.decode(call_ids))
print(tokenizer.decode(step_ids))

# %% [markdown]
# A chamada acrescentou um id no começo e outro no fim: `[CLS]` e `[SEP]`. O modelo foi
# pré-treinado (e ajustado) sempre com eles, então espera encontrá-los; sem eles, as previsões
# pioram. Nem todo modelo usa esses tokens, e alguns não usam nenhum: a chamada do tokenizador
# sabe o que cada checkpoint espera e faz a coisa certa, por isso é ela que você deve usar.

# %% tags=["check"]
# Conferência: a chamada envolve os ids de `tokenize` com [CLS] e [SEP].
assert call_ids == [tokenizer.cls_token_id] + step_ids + [tokenizer.sep_token_id]

# %% [markdown]
# ## O exemplo completo
#
# Tudo junto: tokenizador e modelo do mesmo checkpoint, a chamada completa do tokenizador, o
# modelo e o pós-processamento (softmax e `id2label`). Os nomes dos rótulos vêm da configuração
# do modelo, em vez de uma lista escrita à mão que poderia estar na ordem errada.

# %%
sentences = ["I've been waiting for a HuggingFace course my whole life.", "I hate this so much!"]

batch = tokenizer(sentences, padding=True, truncation=True, return_tensors="pt").to(course.device)
with torch.no_grad():
    logits = model(**batch).logits

probabilities = torch.softmax(logits, dim=-1).cpu()
predicted = probabilities.argmax(dim=-1).tolist()
labels = [model.config.id2label[i] for i in predicted]

for sentence, label, probs in zip(sentences, labels, probabilities.tolist()):
    print(f"Frase: {sentence}")
    print(f"  classe prevista: {label}")
    print("  probabilidades: " + ", ".join(f"{model.config.id2label[i]} {p:.4f}" for i, p in enumerate(probs)))

# %% tags=["check"]
# Conferência: a primeira frase é positiva e a segunda negativa.
assert labels == ["POSITIVE", "NEGATIVE"]

# %% [markdown]
# São as mesmas respostas do pipeline da seção 2.1, agora sem caixa-preta: você sabe o que cada
# linha faz e pode trocar qualquer peça (outro checkpoint, outro limite de comprimento, outro
# pós-processamento).

# %% [markdown]
# ## Resumo
#
# - A chamada `tokenizer(textos, ...)` faz tudo: tokeniza, converte em ids, acrescenta os tokens
#   especiais do checkpoint, preenche, trunca, monta a máscara de atenção e devolve tensores.
# - `padding="longest"` (ou `True`) preenche até a maior frase do lote; `padding="max_length"`,
#   até `max_length` ou, sem ele, até `tokenizer.model_max_length`. O padding nunca corta.
# - `truncation=True` corta até `max_length` (ou o limite do modelo) e preserva `[CLS]`/`[SEP]`.
# - `return_tensors="pt"` entrega tensores do PyTorch; `"np"`, arrays do NumPy.
# - O caminho completo é tokenizador → modelo → softmax → `model.config.id2label`.
#
# ### O capítulo em uma frase
#
# Por trás de `pipeline` há um tokenizador e um modelo carregados do mesmo checkpoint com
# `from_pretrained`; o tokenizador transforma texto em tensores de ids com máscara de atenção, o
# modelo transforma ids em logits, e softmax e `id2label` transformam logits em respostas.

# %% [markdown]
# ## Exercícios
#
# Nos exercícios, carregue checkpoints como nas seções, pelo id do Hub.
#
# 1. **O pipeline à mão, de novo.** Escolha três frases suas (em inglês) e classifique-as com o
#    pipeline `"sentiment-analysis"` e com o caminho completo desta seção. Confira que rótulos e
#    probabilidades coincidem. Depois, escreva uma função `classify(texts)` que devolva uma lista
#    de pares `(rótulo, probabilidade)`.
# 2. **Formatos.** Para as frases do exercício 1, preveja (antes de rodar) o formato de
#    `input_ids`, de `last_hidden_state` de `AutoModel` e de `logits` de
#    `AutoModelForSequenceClassification`. Rode e confira.
# 3. **Sem máscara.** Refaça o exemplo completo com `padding="max_length", max_length=64`.
#    As probabilidades mudam? E se você chamar o modelo só com `input_ids`, sem a
#    `attention_mask`? Explique a diferença.
# 4. **Truncamento agressivo.** Com `truncation=True, max_length=5`, quais tokens sobram de
#    "I've been waiting for a HuggingFace course my whole life."? O modelo ainda acerta o
#    sentimento? Procure o menor `max_length` que ainda dá a resposta certa.
# 5. **Tokens especiais.** Passe `add_special_tokens=False` no exemplo completo e compare as
#    probabilidades com as originais. O que isso diz sobre o pré-treinamento do modelo?
# 6. **Subpalavras em português.** Tokenize uma frase em português com o tokenizador do
#    `google-bert/bert-base-cased` e a mesma ideia em inglês. Qual das duas vira mais tokens? Por
#    quê? (Pense em que textos formaram o vocabulário.)
# 7. **Configuração.** Carregue a configuração do `google-bert/bert-base-cased`, mude
#    `num_hidden_layers` para 2, crie um `BertModel` a partir dela e salve-o com
#    `save_pretrained` em `saidas/`. Compare o tamanho do `model.safetensors` com o do modelo
#    original e explique a diferença.
