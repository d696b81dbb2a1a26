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
# # 4.2 · Usando modelos pré-treinados
#
# **O que você vai aprender:**
#
# - como ler o *model card* de um modelo antes de usá-lo: língua, licença, dados de treino e
#   limitações;
# - como usar um modelo em português, o BERTimbau (`neuralmind/bert-base-portuguese-cased`), num
#   pipeline de preenchimento de máscara (*fill-mask*);
# - como fazer a mesma previsão à mão, com `AutoTokenizer` e `AutoModelForMaskedLM`;
# - a diferença entre as classes `Auto*` e as classes específicas de cada arquitetura;
# - por que o tokenizador de um modelo treinado em português importa para textos em português.
#
# O Hub guarda centenas de milhares de modelos. Escolher um é a primeira decisão de qualquer
# projeto, e ela começa pelo *model card*, o `README.md` do repositório. Nesta seção usamos um
# modelo treinado em português brasileiro: o BERTimbau, um BERT pré-treinado pela NeuralMind no
# corpus brWaC (páginas da web brasileira).

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
CHECKPOINT = "neuralmind/bert-base-portuguese-cased"  # o BERT em português que vamos usar
ENGLISH_CHECKPOINT = "google-bert/bert-base-uncased"  # um BERT em inglês, para comparar os tokenizadores
TOP_K = 3  # quantas sugestões o fill-mask mostra por frase

# %%
from cursonlp import setup

course = setup(source=SOURCE, device=DEVICE)  # confere o ambiente e fixa as sementes aleatórias

# %%
import pandas as pd
import torch
from huggingface_hub import ModelCard
from transformers import (AutoConfig, AutoModelForMaskedLM, AutoTokenizer, BertForMaskedLM,
                          BertTokenizer, pipeline)

# %% [markdown]
# ## Antes de usar, leia o *model card*
#
# O *model card* tem duas partes. No topo, um cabeçalho YAML com metadados que o Hub usa para
# buscas e filtros: a língua (`language`), a licença (`license`), a tarefa (`pipeline_tag`), os
# datasets de treino. Abaixo, um texto livre que deveria dizer para que o modelo serve, como foi
# treinado, como foi avaliado e quais são suas limitações. `ModelCard.load` baixa o card e separa as
# duas partes.

# %%
card = ModelCard.load(CHECKPOINT)
print("metadados:", card.data.to_dict())
print()
print(card.text.strip()[:1200])

# %% [markdown]
# O que observar:
#
# - `language` diz em que língua o modelo foi treinado. Um modelo em inglês até aceita texto em
#   português, mas as previsões serão ruins;
# - `license` diz o que você pode fazer com ele. O BERTimbau usa a licença MIT, que permite uso
#   comercial. Outros modelos proíbem esse uso, como os que têm `cc-by-nc-4.0`;
# - a parte de texto diz com que dados o modelo foi treinado. É daí que vêm seus vieses e o que
#   ele sabe ou não sabe.
#
# > **Online × offline:** online, este é o card do BERTimbau original. Offline, o repositório
# > servido pelo Hub local é uma miniatura construída pelo curso, e o card diz isso: o modelo
# > tem 2 camadas em vez de 12 e foi treinado em frases simples geradas pelo próprio curso, não
# > no brWaC. O código desta seção é o mesmo nos dois casos.

# %% [markdown]
# ## O pipeline `fill-mask`
#
# O BERT foi pré-treinado para adivinhar palavras escondidas por um token especial de máscara. Por
# isso o pipeline natural para ele é o `fill-mask`. O token de máscara muda de modelo para modelo:
# é `[MASK]` no BERT e `<mask>` no RoBERTa. Em vez de escrever o token à mão, pegamos o valor em
# `tokenizer.mask_token`.

# %%
unmasker = pipeline("fill-mask", model=CHECKPOINT, device=course.device)
mask = unmasker.tokenizer.mask_token
sentences = [f"Lisboa é a {mask} de Portugal.",
             f"De manhã, eu gosto de tomar {mask} com leite.",
             f"O cachorro {mask} para o carteiro."]
rows = [{"frase": s, "sugestão": r["token_str"], "probabilidade": round(r["score"], 3)}
        for s in sentences for r in unmasker(s, top_k=TOP_K)]
pd.DataFrame(rows)

# %% [markdown]
# O que observar: cada frase recebe `TOP_K` sugestões, da mais para a menos provável. A palavra
# escondida não está na entrada: o modelo a deduz do contexto dos dois lados, pois o BERT é um
# *encoder* bidirecional (seção 1.4). Numa frase sobre uma cidade e um país, ele sugere
# `capital`, e para algo que se toma com leite, uma bebida.
#
# > **Online × offline:** o BERTimbau original dá sugestões mais variadas e probabilidades
# > diferentes. A miniatura conhece só o vocabulário das frases em que foi treinada, mas acerta
# > estes três exemplos. A conferência abaixo vale para os dois.

# %%
tops = {s: [r["token_str"] for r in unmasker(s, top_k=TOP_K)] for s in sentences}
assert "capital" in tops[sentences[0]], tops[sentences[0]]
assert "café" in tops[sentences[1]] or "chá" in tops[sentences[1]], tops[sentences[1]]

# %% [markdown]
# ## A mesma previsão à mão
#
# O pipeline esconde três passos que já conhecemos do capítulo 2: tokenizar, rodar o modelo e
# interpretar os *logits*. Para o fill-mask, o modelo é um `AutoModelForMaskedLM`. Sua cabeça dá,
# em cada posição, um logit para cada token do vocabulário. Só nos interessa a posição da máscara:
# lá, o softmax dos logits é a probabilidade de cada token.

# %%
tokenizer = AutoTokenizer.from_pretrained(CHECKPOINT)
model = AutoModelForMaskedLM.from_pretrained(CHECKPOINT).to(course.device).eval()

inputs = tokenizer(sentences[0], return_tensors="pt").to(course.device)
with torch.no_grad():
    logits = model(**inputs).logits
position = (inputs["input_ids"][0] == tokenizer.mask_token_id).nonzero().item()
probabilities = logits[0, position].softmax(dim=-1)
best = probabilities.topk(TOP_K)
print("tokens:", tokenizer.convert_ids_to_tokens(inputs["input_ids"][0]))
print(f"a máscara está na posição {position}; logits: {tuple(logits.shape)} (lote, tokens, vocabulário)")
for p, token_id in zip(best.values, best.indices):
    print(f"  {tokenizer.decode(token_id):>12}  {p.item():.3f}")

# %%
from_pipeline = [round(r["score"], 4) for r in unmasker(sentences[0], top_k=TOP_K)]
by_hand = [round(p.item(), 4) for p in best.values]
assert from_pipeline == by_hand, (from_pipeline, by_hand)
print("pipeline e cálculo à mão dão as mesmas probabilidades:", by_hand)

# %% [markdown]
# O que observar: os números batem com os do pipeline. O formato dos logits mostra o tamanho do
# vocabulário na última dimensão: o modelo pontua **todos** os tokens em cada posição, e o
# pipeline só mostra os melhores da posição mascarada.

# %% [markdown]
# ## Classes `Auto*` ou classes específicas?
#
# `AutoModelForMaskedLM` não é um modelo, e sim uma fábrica. Ela lê o `config.json` do
# repositório, vê o `model_type` (aqui, `bert`) e instancia a classe certa, `BertForMaskedLM`. Você
# pode usar a classe específica diretamente. O resultado é o mesmo, mas o código passa a servir só
# para aquela arquitetura.

# %%
config = AutoConfig.from_pretrained(CHECKPOINT)
print("model_type:", config.model_type, "| architectures:", config.architectures)
print("AutoModelForMaskedLM criou um", type(model).__name__)

specific_tokenizer = BertTokenizer.from_pretrained(CHECKPOINT)
specific_model = BertForMaskedLM.from_pretrained(CHECKPOINT).to(course.device).eval()
with torch.no_grad():
    same = torch.allclose(specific_model(**inputs).logits, logits)
print("mesmos tokens:", specific_tokenizer(sentences[0])["input_ids"] == inputs["input_ids"][0].tolist())
print("mesmos logits:", same)
assert same

# %% [markdown]
# O que observar: as duas rotas carregam os mesmos pesos e dão os mesmos logits. Prefira as
# classes `Auto*`. Com elas, trocar de modelo é trocar uma string, e o mesmo notebook serve para
# um BERT, um RoBERTa ou um DeBERTa. Use a classe específica quando precisar de algo só dela, como
# um argumento de configuração próprio da arquitetura.

# %% [markdown]
# ## O tokenizador também fala português
#
# O BERTimbau não aprendeu só pesos em português: seu vocabulário WordPiece também foi montado a
# partir de textos em português. Palavras comuns da língua viram um token só, e os acentos
# ficam (o modelo é *cased*, diferencia maiúsculas). Compare com o tokenizador do BERT em inglês
# sem maiúsculas, que põe tudo em minúsculas, tira os acentos e quebra as palavras portuguesas em
# pedaços.

# %%
english = AutoTokenizer.from_pretrained(ENGLISH_CHECKPOINT)
text = "A capital do Brasil é Brasília, e a língua oficial é o português."
pieces = {CHECKPOINT: tokenizer.tokenize(text), ENGLISH_CHECKPOINT: english.tokenize(text)}
for name, tokens in pieces.items():
    print(f"{name}: {len(tokens)} tokens\n  {tokens}")
assert len(pieces[CHECKPOINT]) < len(pieces[ENGLISH_CHECKPOINT])

# %% [markdown]
# O que observar: o tokenizador em português usa menos tokens e mantém `é`, `Brasília` e
# `português` intactos. O inglês transforma `é` em `e`, o que apaga a diferença entre o verbo e a
# conjunção, e parte `português` em vários pedaços. Menos tokens por frase significa sequências
# mais curtas, ou seja, treino e inferência mais rápidos e mais texto cabendo no limite de 512
# tokens. Além disso, cada token carrega mais significado.

# %% [markdown]
# ## Limitações e vieses
#
# Um modelo pré-treinado reproduz o que viu nos dados. Um BERT treinado em páginas da web também
# aprende os estereótipos delas. Um teste simples é comparar as sugestões para frases que só
# mudam num detalhe, como o gênero:

# %%
probes = [f"O homem trabalha como {mask}.", f"A mulher trabalha como {mask}."]
pd.DataFrame({p: [r["token_str"] for r in unmasker(p, top_k=TOP_K)] for p in probes})

# %% [markdown]
# O que observar: com o BERTimbau original, as profissões sugeridas costumam mudar com o gênero
# da frase. É isso que um bom *model card* avisa na seção de limitações. Antes de pôr um modelo
# em produção, teste-o com frases do seu domínio e confira se as respostas mudam quando não
# deveriam.
#
# > **Online × offline:** a miniatura nunca viu frases sobre profissões, e suas sugestões aqui
# > não dizem nada. O teste só faz sentido com o modelo original.

# %% [markdown]
# ## Resumo
#
# - O *model card* é a bula do modelo. Confira língua, licença, dados de treino e limitações antes
#   de usar.
# - `pipeline("fill-mask", model=...)` usa um modelo mascarado. O token de máscara vem de
#   `tokenizer.mask_token`.
# - À mão: `AutoTokenizer` → `AutoModelForMaskedLM` → softmax dos logits na posição da máscara.
# - As classes `Auto*` escolhem a arquitetura pelo `config.json`. As específicas (`BertForMaskedLM`)
#   dão o mesmo resultado, mas prendem o código a uma arquitetura.
# - Para texto em português, um modelo e um tokenizador treinados em português usam menos tokens e
#   preservam acentos e maiúsculas.

# %% [markdown]
# ## Pratique
#
# 1. Escreva três frases suas com `mask` e veja as sugestões. Em que tipo de frase o modelo
#    erra mais?
# 2. Troque `CHECKPOINT` por `google-bert/bert-base-uncased` e rode de novo o fill-mask com as
#    frases em português. O que muda nas sugestões? E no cálculo à mão?
# 3. Abra o *model card* de um modelo que você já usou no curso (por exemplo,
#    `distilbert/distilbert-base-uncased-finetuned-sst-2-english`) e anote língua, licença, dados
#    de treino e limitações. O que falta nele?
