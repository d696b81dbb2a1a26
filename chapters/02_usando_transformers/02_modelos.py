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
# # 2.2 · Modelos
#
# **O que você vai aprender:**
#
# - o que a configuração de um modelo (`BertConfig`) descreve e como um modelo é construído a
#   partir dela;
# - a diferença entre um modelo com pesos aleatórios e um carregado com `from_pretrained`;
# - como salvar um modelo com `save_pretrained` e quais arquivos ele grava hoje;
# - como rodar um modelo diretamente sobre um tensor de ids de tokens.
#
# As classes `AutoModel*` são atalhos: leem o campo `model_type` do `config.json` do checkpoint,
# descobrem a arquitetura e instanciam a classe certa. Quando você já sabe qual arquitetura quer,
# pode usar a classe dela diretamente. Nesta seção fazemos isso com o BERT.

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
CHECKPOINT = "google-bert/bert-base-cased"  # BERT pré-treinado usado para configuração, carga e gravação
SENTIMENT_CHECKPOINT = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"  # classificador de sentimento usado para comparar pesos aleatórios e pré-treinados
SAIDAS = "saidas"  # pasta onde o notebook grava o que produz (modelos, tokenizadores, CSVs); relativa à pasta de trabalho

# %%
from cursonlp import setup

course = setup(source=SOURCE, device=DEVICE)  # confere o ambiente e fixa as sementes aleatórias

# %%
import json
from pathlib import Path

import torch
from transformers import (AutoConfig, AutoModelForSequenceClassification, AutoTokenizer, BertConfig,
                          BertModel)

# %% [markdown]
# ## A configuração
#
# Todo modelo nasce de um objeto de **configuração**, que descreve a arquitetura: quantas camadas,
# o tamanho dos vetores, o tamanho do vocabulário e assim por diante. Um `BertConfig()` criado sem
# argumentos traz os valores do BERT *base* original:

# %%
default_config = BertConfig()
SHOWN = ["vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads",
         "intermediate_size", "max_position_embeddings"]
{name: getattr(default_config, name) for name in SHOWN}

# %% [markdown]
# O que cada campo significa:
#
# - `vocab_size`: quantos tokens diferentes o modelo conhece (o tamanho da tabela de embeddings);
# - `hidden_size`: a dimensão do vetor que representa cada token (o "tamanho oculto" da seção 2.1);
# - `num_hidden_layers`: quantos blocos Transformer empilhados;
# - `num_attention_heads`: quantas cabeças de atenção por bloco;
# - `intermediate_size`: a largura da camada interna da rede feed-forward de cada bloco;
# - `max_position_embeddings`: o comprimento máximo de sequência, em tokens.
#
# O `print(default_config)` mostra todos os campos, inclusive os de treinamento, como as taxas de
# dropout. Cada checkpoint do Hub traz a sua configuração no arquivo `config.json`; a classe
# `BertConfig` sabe lê-lo:

# %%
config = BertConfig.from_pretrained(CHECKPOINT)
{name: getattr(config, name) for name in SHOWN}

# %% [markdown]
# ## Pesos aleatórios ou pré-treinados
#
# Construir o modelo a partir da configuração, `BertModel(config)`, cria a arquitetura com
# **pesos aleatórios**. Já `BertModel.from_pretrained(...)` cria a mesma arquitetura e preenche os
# pesos com os do checkpoint. Ao carregar, a biblioteca imprime um relatório quando os pesos do
# arquivo e os da classe não batem: `UNEXPECTED` são pesos do checkpoint que a classe não usa (aqui,
# a cabeça de pré-treinamento, que o `BertModel` não tem) e `MISSING` são pesos da classe que o
# checkpoint não traz, e que por isso começam aleatórios.

# %%
random_bert = BertModel(config)
pretrained_bert = BertModel.from_pretrained(CHECKPOINT)


def count_parameters(model):
    return sum(p.numel() for p in model.parameters())


print(f"parâmetros (aleatório):     {count_parameters(random_bert):,}")
print(f"parâmetros (pré-treinado):  {count_parameters(pretrained_bert):,}")
word_embeddings = "embeddings.word_embeddings.weight"
print("primeiros pesos do embedding (aleatório):   ", random_bert.state_dict()[word_embeddings][5, :4])
print("primeiros pesos do embedding (pré-treinado):", pretrained_bert.state_dict()[word_embeddings][5, :4])

# %% tags=["check"]
# Conferência: mesma arquitetura (mesmo número de parâmetros), pesos diferentes.
assert count_parameters(random_bert) == count_parameters(pretrained_bert)
assert not torch.equal(random_bert.state_dict()[word_embeddings], pretrained_bert.state_dict()[word_embeddings])

# %% [markdown]
# Os dois modelos têm exatamente os mesmos parâmetros, só que com valores diferentes. O que isso
# muda na prática? Um modelo aleatório funciona, no sentido de que roda e devolve números, mas
# esses números não significam nada: ele ainda não aprendeu coisa alguma.
#
# Para ver isso com uma tarefa que dá para julgar, usamos o classificador de sentimento da seção
# 2.1. Construímos duas versões: uma só com a configuração do checkpoint (pesos aleatórios) e outra
# com `from_pretrained`. `AutoModelForSequenceClassification.from_config` é o equivalente "Auto"
# de `BertModel(config)`.

# %%
sentences = ["I've been waiting for a HuggingFace course my whole life.", "I hate this so much!"]
sentiment_tokenizer = AutoTokenizer.from_pretrained(SENTIMENT_CHECKPOINT)
sentiment_config = AutoConfig.from_pretrained(SENTIMENT_CHECKPOINT)

candidates = {
    "aleatório": AutoModelForSequenceClassification.from_config(sentiment_config),
    "pré-treinado": AutoModelForSequenceClassification.from_pretrained(SENTIMENT_CHECKPOINT),
}

batch = sentiment_tokenizer(sentences, padding=True, return_tensors="pt").to(course.device)
probabilities = {}
for name, model in candidates.items():
    model.to(course.device).eval()
    with torch.no_grad():
        probabilities[name] = torch.softmax(model(**batch).logits, dim=-1).cpu()
    print(name)
    for sentence, probs in zip(sentences, probabilities[name].tolist()):
        scores = ", ".join(f"{sentiment_config.id2label[i]}: {p:.3f}" for i, p in enumerate(probs))
        print(f"   {sentence!r:62} → {scores}")

# %% [markdown]
# O modelo aleatório responde perto de 50% / 50% para as duas frases, seja qual for o texto: é um
# chute. O pré-treinado separa as frases com confiança. Treinar um modelo do zero até esse ponto
# exige muitos dados, tempo e energia; reaproveitar pesos já treinados, e depois ajustá-los à sua
# tarefa (o ajuste fino, ou *fine-tuning*, do capítulo 3), é o que torna tudo isso acessível.

# %% tags=["check"]
# Conferência: o modelo aleatório não tem opinião; o pré-treinado acerta com mais confiança.
random_confidence = probabilities["aleatório"].max(dim=-1).values
pretrained_confidence = probabilities["pré-treinado"].max(dim=-1).values
assert (random_confidence < 0.8).all(), random_confidence
assert (pretrained_confidence > random_confidence).all()
assert [sentiment_config.id2label[i] for i in probabilities["pré-treinado"].argmax(dim=-1).tolist()] == ["POSITIVE", "NEGATIVE"]

# %% [markdown]
# Daqui em diante preferimos as classes `Auto*` às classes específicas (`BertModel`): o mesmo
# código passa a funcionar com qualquer checkpoint compatível com a tarefa, mesmo de outra
# arquitetura. Os arquivos baixados ficam em cache (por padrão em `~/.cache/huggingface/hub`;
# a variável de ambiente `HF_HOME` muda esse lugar), e o identificador pode ser o de qualquer
# modelo do Hub compatível com a classe.

# %% [markdown]
# ## Salvando um modelo
#
# Salvar é o inverso de carregar: `save_pretrained(pasta)`. Gravamos o BERT pré-treinado numa
# subpasta de `SAIDAS` e listamos o que foi escrito. `SAIDAS` vale `"saidas"`, um caminho relativo à
# pasta de trabalho do notebook: no JupyterLab, ao lado dele; no Colab, `/content/saidas` (apagada
# quando o ambiente é reciclado: baixe ou copie para o Drive o que quiser guardar). O perfil
# offline troca `SAIDAS` por uma pasta dentro de `build/`, para que os testes não escrevam entre os
# capítulos.

# %%
save_dir = Path(SAIDAS) / "bert-salvo"
pretrained_bert.save_pretrained(save_dir)

saved_files = sorted(p.name for p in save_dir.iterdir())
for name in saved_files:
    print(f"{name:20} {(save_dir / name).stat().st_size / 1024:10,.0f} KiB")

# %% [markdown]
# Dois arquivos, que andam sempre juntos:
#
# - `config.json`: a configuração, ou seja, a **arquitetura**. Traz também metadados, como a
#   classe do modelo (`architectures`) e a versão da biblioteca que o salvou;
# - `model.safetensors`: os **pesos**, o dicionário de estado (*state dict*) com todos os
#   parâmetros do modelo.
#
# Tutoriais antigos mostram `pytorch_model.bin` no lugar de `model.safetensors`: era o formato
# anterior, baseado em `pickle`, que pode executar código ao ser carregado. O formato
# *safetensors* guarda só os tensores, é seguro e carrega mais rápido; hoje é o padrão.

# %%
saved_config = json.loads((save_dir / "config.json").read_text())
{key: saved_config[key] for key in ["architectures", "model_type", "hidden_size", "num_hidden_layers",
                                    "transformers_version"]}

# %% tags=["check"]
# Conferência: a gravação tem configuração e pesos em safetensors, e a recarga devolve os mesmos pesos.
assert {"config.json", "model.safetensors"} <= set(saved_files)
assert "pytorch_model.bin" not in saved_files
reloaded = BertModel.from_pretrained(save_dir)
assert all(torch.equal(a, b) for a, b in zip(reloaded.state_dict().values(), pretrained_bert.state_dict().values()))

# %% [markdown]
# ## Inferência a partir de ids
#
# O modelo não lê texto: recebe **ids de tokens**. Normalmente o tokenizador cuida disso, mas vale
# ver o que chega ao modelo. Para as frases `"Hello!"`, `"Cool."` e `"Nice!"`, o tokenizador do
# classificador de sentimento produz as listas abaixo (101 e 102 são `[CLS]` e `[SEP]` no
# vocabulário do `bert-base-uncased`, que esse checkpoint usa):

# %%
sequences = ["Hello!", "Cool.", "Nice!"]
encoded_sequences = [
    [101, 7592, 999, 102],
    [101, 4658, 1012, 102],
    [101, 3835, 999, 102],
]

# %% tags=["check"]
# Conferência: são mesmo os ids que o tokenizador produz para essas frases.
assert sentiment_tokenizer(sequences)["input_ids"] == encoded_sequences

# %% [markdown]
# É uma lista de listas, e todas têm o mesmo comprimento: a "matriz" já é retangular, então
# vira um tensor direto, de formato (3 frases, 4 tokens).

# %%
model_inputs = torch.tensor(encoded_sequences)
model_inputs.shape

# %% [markdown]
# Basta chamar o modelo com esse tensor. O modelo aceita vários argumentos (a máscara de atenção,
# por exemplo), mas só os ids são obrigatórios.

# %%
sentiment_model = candidates["pré-treinado"]
with torch.no_grad():
    output = sentiment_model(model_inputs.to(course.device))

best = torch.softmax(output.logits, dim=-1).max(dim=-1)
for sentence, score, label_id in zip(sequences, best.values.tolist(), best.indices.tolist()):
    print(f"{sentence:8} → {sentiment_config.id2label[label_id]} {score:.3f}")

# %% [markdown]
# Os mesmos números significariam outras palavras para outro checkpoint: um id só tem sentido
# junto com o vocabulário do tokenizador com que foi produzido. Por isso tokenizador e modelo
# sempre vêm do mesmo checkpoint.

# %% [markdown]
# ## Resumo
#
# - A **configuração** (`BertConfig`, `config.json`) descreve a arquitetura; `BertModel(config)`
#   constrói o modelo com pesos aleatórios, que rodam mas não sabem nada.
# - `from_pretrained` constrói a mesma arquitetura e carrega os pesos do checkpoint; as classes
#   `Auto*` escolhem a classe certa sozinhas.
# - `save_pretrained(pasta)` grava `config.json` (arquitetura) e `model.safetensors` (pesos);
#   `pytorch_model.bin` é o formato antigo.
# - O modelo recebe um tensor de ids de tokens com formato (lote, sequência); os ids só fazem
#   sentido com o vocabulário do mesmo checkpoint.

# %% [markdown]
# ## Pratique
#
# 1. Crie um `BertConfig` com `num_hidden_layers=2` e conte os parâmetros de `BertModel(config)`.
#    Quanto diminuiu?
# 2. Carregue de volta o modelo salvo com `AutoModel.from_pretrained` apontando para a pasta e
#    confira que os estados ocultos de uma frase são iguais aos do modelo original.
