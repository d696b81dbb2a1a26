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
# # 1.2 · O que os Transformers fazem
#
# **O que você vai aprender:**
#
# - usar a função `pipeline()` da 🤗 Transformers para análise de sentimento, classificação
#   *zero-shot*, geração de texto, preenchimento de máscara e reconhecimento de entidades;
# - os três passos que todo pipeline esconde: pré-processar, rodar o modelo, pós-processar;
# - responder perguntas, resumir e traduzir "à mão", com tokenizador + modelo + `generate()`
#   ou *logits* — o jeito da versão 5 da biblioteca, em que essas três tarefas deixaram de ser
#   pipelines.

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
SENTIMENT_CHECKPOINT = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"  # análise de sentimento
ZERO_SHOT_CHECKPOINT = "facebook/bart-large-mnli"  # classificação zero-shot
GENERATION_CHECKPOINT = "openai-community/gpt2"  # geração de texto
SMALL_GENERATION_CHECKPOINT = "distilbert/distilgpt2"  # geração de texto com um modelo destilado, menor
FILL_MASK_CHECKPOINT = "distilbert/distilroberta-base"  # preenchimento de máscara
NER_CHECKPOINT = "dbmdz/bert-large-cased-finetuned-conll03-english"  # reconhecimento de entidades nomeadas
QA_CHECKPOINT = "distilbert/distilbert-base-cased-distilled-squad"  # resposta a perguntas (extrativa)
SUMMARIZATION_CHECKPOINT = "sshleifer/distilbart-cnn-12-6"  # sumarização
TRANSLATION_CHECKPOINT = "Helsinki-NLP/opus-mt-fr-en"  # tradução do francês para o inglês
MAX_NEW_TOKENS = 30  # quantos tokens novos a geração de texto produz
MAX_ANSWER_TOKENS = 30  # tamanho máximo, em tokens, de uma resposta extraída do contexto

# %%
from cursonlp import setup

course = setup(source=SOURCE, device=DEVICE)  # confere o ambiente e fixa as sementes aleatórias

# %% [markdown]
# ## A função `pipeline()`
#
# O objeto mais simples da 🤗 Transformers é o **pipeline**: ele amarra um modelo aos passos
# de preparação e interpretação de que ele precisa, de modo que entra texto e sai uma resposta
# legível. Por dentro, são sempre três passos:
#
# 1. o texto é **pré-processado** (tokenizado) num formato que o modelo entende;
# 2. as entradas passam pelo **modelo**;
# 3. as saídas do modelo são **pós-processadas** em algo que faça sentido para nós
#    (um rótulo com probabilidade, um trecho de texto...).
#
# Começamos pela análise de sentimento. Sempre dizemos qual checkpoint usar: sem `model=`,
# o pipeline escolhe um padrão e avisa que isso não é recomendado em produção (o padrão pode
# mudar de uma versão para outra).

# %%
from transformers import pipeline

classifier = pipeline("sentiment-analysis", model=SENTIMENT_CHECKPOINT,
                      device=course.device)
classifier("I've been waiting for a HuggingFace course my whole life.")

# %% [markdown]
# O resultado é uma lista com um dicionário por texto: o rótulo escolhido e a confiança do
# modelo (uma probabilidade entre 0 e 1). Podemos passar vários textos de uma vez, numa lista:

# %%
results = classifier(["I've been waiting for a HuggingFace course my whole life.",
                      "I hate this so much!"])
results

# %% tags=["check"]
# Conferência: a primeira frase é positiva e a segunda negativa.
assert [r["label"] for r in results] == ["POSITIVE", "NEGATIVE"]

# %% [markdown]
# ## Classificação zero-shot
#
# Na prática, quase nunca temos textos já rotulados para treinar um classificador: anotar
# dá trabalho e exige conhecer o domínio. O pipeline `zero-shot-classification` deixa **você**
# escolher os rótulos na hora da chamada, sem treinamento nenhum — daí o nome *zero-shot*. O
# modelo `bart-large-mnli` foi treinado para dizer se uma frase decorre de outra
# (*inferência em linguagem natural*); o pipeline pergunta, para cada rótulo, se
# "This example is {rótulo}." decorre do texto, e compara as respostas.

# %%
zero_shot = pipeline("zero-shot-classification", model=ZERO_SHOT_CHECKPOINT,
                     device=course.device)
topics = zero_shot("This is a course about the Transformers library",
                   candidate_labels=["education", "politics", "business"])
topics

# %% [markdown]
# Os rótulos voltam ordenados do mais para o menos provável, e as pontuações somam 1.

# %% tags=["check"]
# Conferência: "education" é o rótulo mais provável e as pontuações somam 1.
assert topics["labels"][0] == "education"
assert abs(sum(topics["scores"]) - 1) < 1e-4

# %% [markdown]
# ## Geração de texto
#
# Aqui damos o começo de um texto (o *prompt*) e o modelo continua, um token por vez, como o
# corretor preditivo do celular. Com `do_sample=True` cada próximo token é **sorteado** de
# acordo com as probabilidades do modelo, então rodar de novo dá textos diferentes (fixamos a
# semente no início para o notebook ser reproduzível). Dois argumentos controlam a saída:
#
# - `max_new_tokens`: quantos tokens **novos** gerar. O antigo `max_length` também funciona,
#   mas conta o prompt junto — com um prompt longo, sobra pouco (ou nada) para gerar;
# - `num_return_sequences`: quantas continuações diferentes devolver.

# %%
generator = pipeline("text-generation", model=GENERATION_CHECKPOINT,
                     device=course.device)
prompt = "In this course, we will teach you how to"
generated = generator(prompt, max_new_tokens=MAX_NEW_TOKENS, do_sample=True,
                      num_return_sequences=2)
for g in generated:
    print(repr(g["generated_text"]), end="\n\n")

# %% [markdown]
# Por padrão, `generated_text` traz o prompt seguido da continuação
# (`return_full_text=False` devolveria só a parte nova).

# %% tags=["check"]
# Conferência: vieram duas continuações, e cada uma começa pelo prompt.
assert len(generated) == 2
assert all(g["generated_text"].startswith(prompt) for g in generated)

# %% [markdown]
# > **Online × offline:** Online, o GPT-2 de verdade (124 milhões de parâmetros, treinado em
# > gigabytes de texto) continua o prompt com frases quase sempre gramaticais. Offline, a
# > miniatura tem menos de 1 milhão de parâmetros e aprendeu com pouco texto: as palavras são
# > inglesas, mas a continuação logo perde o sentido e a gramática. O pipeline e os argumentos
# > são os mesmos.

# %% [markdown]
# Qualquer modelo do Hub treinado para gerar texto serve. O `distilgpt2` é uma versão
# **destilada** do GPT-2: um modelo menor treinado para imitar o maior, mais rápido e um pouco
# menos capaz.

# %%
small_generator = pipeline("text-generation", model=SMALL_GENERATION_CHECKPOINT,
                           device=course.device)
for g in small_generator(prompt, max_new_tokens=MAX_NEW_TOKENS, do_sample=True,
                         num_return_sequences=2):
    print(repr(g["generated_text"]), end="\n\n")

# %% [markdown]
# ## Preenchimento de máscara
#
# Na tarefa `fill-mask` o texto tem uma lacuna, marcada por um token especial de **máscara**,
# e o modelo sugere o que colocar ali; `top_k` diz quantas sugestões devolver. Cada família de
# modelos usa a sua máscara (`<mask>` no RoBERTa, `[MASK]` no BERT), então em vez de escrever
# a máscara à mão pedimos ao tokenizador do pipeline: `tokenizer.mask_token`.

# %%
unmasker = pipeline("fill-mask", model=FILL_MASK_CHECKPOINT, device=course.device)
mask = unmasker.tokenizer.mask_token
print("token de máscara deste modelo:", mask)
filled = unmasker(f"This course will teach you all about {mask} models.", top_k=2)
filled

# %% tags=["check"]
# Conferência: vieram duas sugestões, em ordem decrescente, e a frase completa não tem mais máscara.
assert len(filled) == 2 and filled[0]["score"] >= filled[1]["score"]
assert all(mask not in f["sequence"] and f["sequence"].startswith("This course will teach you all about")
           for f in filled)

# %% [markdown]
# > **Online × offline:** Online, o DistilRoBERTa sugere palavras que fazem sentido na lacuna
# > (como "mathematical" ou "computational"). Offline, a miniatura aprendeu pouco além das
# > palavras mais frequentes do inglês, e sugestões como "the" aparecem no topo. A conferência
# > acima só exige o que vale nos dois casos: duas sugestões ordenadas e a frase completa.

# %% [markdown]
# ## Reconhecimento de entidades nomeadas (NER)
#
# Em NER o modelo classifica **cada token**: faz parte de uma pessoa (PER), organização (ORG),
# lugar (LOC), outra entidade (MISC) ou de nada? Com `aggregation_strategy="simple"` o pipeline
# junta os pedaços que formam uma mesma entidade — "Hugging" e "Face" viram uma organização só.
# Tutoriais antigos usam `grouped_entities=True`; esse argumento foi substituído por
# `aggregation_strategy` e não existe mais na versão 5.

# %%
ner = pipeline("ner", model=NER_CHECKPOINT, aggregation_strategy="simple",
               device=course.device)
entities = ner("My name is Sylvain and I work at Hugging Face in Brooklyn.")
entities

# %% tags=["check"]
# Conferência: Sylvain é pessoa, Hugging Face é organização e Brooklyn é lugar.
assert [(e["entity_group"], e["word"]) for e in entities] == [
    ("PER", "Sylvain"), ("ORG", "Hugging Face"), ("LOC", "Brooklyn")]

# %% [markdown]
# Sem agregação vemos o que o modelo realmente classifica: **subpalavras**. O tokenizador pode
# partir um nome pouco comum em vários pedaços (os que começam com `##` continuam a palavra
# anterior), e os rótulos `B-` e `I-` marcam o início e a continuação de uma entidade. É o
# pós-processamento do pipeline que remonta as palavras.

# %%
for token in ner("My name is Sylvain and I work at Hugging Face in Brooklyn.",
                 aggregation_strategy="none"):
    print(f"{token['word']:10} {token['entity']:6} {token['score']:.3f}")

# %% [markdown]
# ## Sem pipeline: resposta a perguntas, sumarização e tradução
#
# Nas versões anteriores da biblioteca havia também os pipelines `question-answering`,
# `summarization` e `translation`. Na versão 5 eles foram **removidos** (a recomendação
# oficial para quem quer só o resultado é usar um modelo de chat com `text-generation`). A lista
# de tarefas que a versão instalada conhece mostra isso:

# %%
from transformers.pipelines import SUPPORTED_TASKS

removidas = ["question-answering", "summarization", "translation", "text2text-generation"]
{tarefa: tarefa in SUPPORTED_TASKS for tarefa in removidas + ["text-generation", "fill-mask"]}

# %% tags=["check"]
# Conferência: as quatro tarefas saíram da lista; geração de texto e fill-mask continuam.
assert not any(t in SUPPORTED_TASKS for t in removidas)
assert {"text-generation", "fill-mask"} <= set(SUPPORTED_TASKS)

# %% [markdown]
# Isso é uma boa oportunidade: vamos fazer os três passos nós mesmos — tokenizador, modelo e
# pós-processamento. É exatamente o que um pipeline faz por dentro, e o capítulo 2 explora
# cada peça com calma.
#
# ### Resposta a perguntas (extrativa)
#
# Um modelo de QA extrativo não **escreve** a resposta: ele aponta onde ela começa e onde
# termina dentro do contexto. Para isso, dá a cada token duas notas (*logits*): uma para ser o
# início da resposta e outra para ser o fim. Pergunta e contexto entram juntos no tokenizador,
# que os separa com um token especial.

# %%
import torch
from transformers import AutoModelForQuestionAnswering, AutoTokenizer

qa_tokenizer = AutoTokenizer.from_pretrained(QA_CHECKPOINT)
qa_model = AutoModelForQuestionAnswering.from_pretrained(QA_CHECKPOINT)
qa_model = qa_model.to(course.device).eval()

question = "Where do I work?"
context = "My name is Sylvain and I work at Hugging Face in Brooklyn."
inputs = qa_tokenizer(question, context, return_offsets_mapping=True, return_tensors="pt")
offsets = inputs.pop("offset_mapping")[0].tolist()  # (início, fim) de cada token no texto original
in_context = torch.tensor([s == 1 for s in inputs.sequence_ids(0)])  # True nos tokens do contexto
tokens = qa_tokenizer.convert_ids_to_tokens(inputs["input_ids"][0])
print(tokens)

with torch.no_grad():
    outputs = qa_model(**inputs.to(course.device))
start_logits = outputs.start_logits[0].cpu()
end_logits = outputs.end_logits[0].cpu()
print(start_logits.shape, end_logits.shape)

# %% [markdown]
# Transformamos os *logits* em probabilidades com *softmax*, considerando só os tokens do
# contexto (a resposta não pode estar na pergunta). O gráfico mostra onde o modelo acha que a
# resposta começa e termina.

# %%
import matplotlib.pyplot as plt

start_probs = start_logits.masked_fill(~in_context, float("-inf")).softmax(-1)
end_probs = end_logits.masked_fill(~in_context, float("-inf")).softmax(-1)

positions = torch.arange(len(tokens))
fig, ax = plt.subplots(figsize=(11, 3.5))
ax.bar(positions - 0.2, start_probs, width=0.4, label="início")
ax.bar(positions + 0.2, end_probs, width=0.4, label="fim")
ax.set_xticks(positions, tokens, rotation=60, ha="right")
ax.set_ylabel("probabilidade")
ax.set_title(f"pergunta: {question!r}")
ax.legend()
plt.tight_layout()
plt.show()

# %% [markdown]
# A melhor resposta é o par (início, fim) com maior probabilidade conjunta
# `p_início × p_fim`, desde que o fim não venha antes do início e que o trecho não seja longo
# demais. Com os *offsets* (a posição de cada token no texto original) recortamos a resposta
# direto do contexto.

# %%
pair_probs = start_probs[:, None] * end_probs[None, :]  # linha = início, coluna = fim
length = positions[None, :] - positions[:, None]
valid = (length >= 0) & (length < MAX_ANSWER_TOKENS)
best = pair_probs.masked_fill(~valid, 0).argmax()
start, end = divmod(best.item(), len(tokens))
answer = context[offsets[start][0]:offsets[end][1]]
print({"answer": answer, "score": round(pair_probs[start, end].item(), 4),
       "start": offsets[start][0], "end": offsets[end][1]})

# %% tags=["check"]
# Conferência: a resposta extraída do contexto é "Hugging Face".
assert answer == "Hugging Face"

# %% [markdown]
# O dicionário tem o mesmo formato que o antigo pipeline devolvia: resposta, probabilidade e a
# posição no contexto.
#
# ### Sumarização
#
# Resumir é **gerar** um texto novo, mais curto, a partir de outro. Usamos um modelo
# *sequence-to-sequence* (BART): o codificador lê o artigo e o decodificador escreve o resumo
# token a token. O método `generate()` faz esse loop. As opções de geração escolhidas por quem
# treinou o modelo (busca em feixe, tamanhos mínimo e máximo, proibição de repetir trechos)
# vêm salvas com o checkpoint, em `generation_config`, e `generate()` as usa sozinho.

# %%
from transformers import AutoModelForSeq2SeqLM

sum_tokenizer = AutoTokenizer.from_pretrained(SUMMARIZATION_CHECKPOINT)
sum_model = AutoModelForSeq2SeqLM.from_pretrained(SUMMARIZATION_CHECKPOINT)
sum_model = sum_model.to(course.device).eval()
config = sum_model.generation_config
print({k: getattr(config, k) for k in
       ("num_beams", "min_length", "max_length", "no_repeat_ngram_size", "length_penalty")})

# %%
article = """
America has changed dramatically during recent years. Not only has the number of
graduates in traditional engineering disciplines such as mechanical, civil,
electrical, chemical, and aeronautical engineering declined, but in most of
the premier American universities engineering curricula now concentrate on
and encourage largely the study of engineering science. As a result, there
are declining offerings in engineering subjects dealing with infrastructure,
the environment, and related issues, and greater concentration on high
technology subjects, largely supporting increasingly complex scientific
developments. While the latter is important, it should not be at the expense
of more traditional engineering.

Rapidly developing economies such as China and India, as well as other
industrial countries in Europe and Asia, continue to encourage and advance
the teaching of engineering. Both China and India, respectively, graduate
six and eight times as many traditional engineers as does the United States.
Other industrial countries at minimum maintain their output, while America
suffers an increasingly serious decline in the number of engineering graduates
and a lack of well-educated engineers.
"""
article_inputs = sum_tokenizer(article, truncation=True, return_tensors="pt").to(course.device)
with torch.no_grad():
    summary_ids = sum_model.generate(**article_inputs)
summary = sum_tokenizer.decode(summary_ids[0], skip_special_tokens=True)
print(f"artigo: {article_inputs['input_ids'].shape[1]} tokens; resumo: {summary_ids.shape[1]} tokens\n")
print(summary)

# %% tags=["check"]
# Conferência: o resumo não é vazio e é mais curto que o artigo.
assert summary.strip() and len(summary) < len(article)

# %% [markdown]
# ### Tradução
#
# Tradução é o mesmo esquema: um modelo *sequence-to-sequence* treinado em pares de frases.
# Os modelos Marian do grupo Helsinki-NLP têm um checkpoint por par de idiomas; o
# `opus-mt-fr-en` traduz do francês para o inglês.

# %%
tr_tokenizer = AutoTokenizer.from_pretrained(TRANSLATION_CHECKPOINT)
tr_model = AutoModelForSeq2SeqLM.from_pretrained(TRANSLATION_CHECKPOINT)
tr_model = tr_model.to(course.device).eval()

french = ["Ce cours est produit par Hugging Face."]
fr_inputs = tr_tokenizer(french, return_tensors="pt", padding=True).to(course.device)
with torch.no_grad():
    translated_ids = tr_model.generate(**fr_inputs)
translations = tr_tokenizer.batch_decode(translated_ids, skip_special_tokens=True)
translations

# %% tags=["check"]
# Conferência: a tradução saiu em inglês e preservou o nome "Hugging Face".
assert "Hugging Face" in translations[0] and "cours " not in translations[0]

# %% [markdown]
# Compare as três receitas: tokenizar → rodar o modelo → transformar a saída (escolher o melhor
# trecho pelos *logits*, ou decodificar os ids gerados). Um pipeline é só esse código
# embrulhado numa função.

# %% [markdown]
# ## Resumo
#
# - `pipeline(tarefa, model=checkpoint)` junta pré-processamento, modelo e pós-processamento;
#   sempre diga qual checkpoint usar.
# - Vimos os pipelines `sentiment-analysis`, `zero-shot-classification`, `text-generation`
#   (`max_new_tokens` conta só os tokens novos; `max_length` inclui o prompt), `fill-mask`
#   (`tokenizer.mask_token` em vez de escrever a máscara) e `ner`
#   (`aggregation_strategy`, que substituiu `grouped_entities`).
# - Na versão 5, resposta a perguntas, sumarização e tradução não são mais pipelines: usamos
#   tokenizador + modelo e, conforme a tarefa, os *logits* de início e fim (QA extrativo) ou
#   `generate()` seguido de `decode()` (sumarização e tradução).

# %% [markdown]
# ## Pratique
#
# 1. No pipeline `zero-shot-classification`, troque os rótulos candidatos por três temas seus. A
#    ordem das pontuações faz sentido? (Offline, a miniatura conhece só os temas com que foi
#    treinada.)
# 2. Na geração de texto, rode de novo com `do_sample=False` e depois com `do_sample=True` e duas
#    sementes diferentes. Qual das três saídas se repete sempre?
# 3. No `ner`, compare `aggregation_strategy="simple"` com `"none"`: quantas entidades (ou pedaços)
#    aparecem em cada caso?
