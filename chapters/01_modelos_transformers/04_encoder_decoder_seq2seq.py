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
# # 1.4 · Encoders, decoders e modelos sequence-to-sequence
#
# **O que você vai aprender:**
#
# - o que um modelo **encoder** (tipo BERT) devolve e o que significa a atenção ser
#   bidirecional;
# - como a **máscara causal** de um modelo **decoder** (tipo GPT) o impede de olhar para o
#   futuro — vista num gráfico e nos pesos de atenção do GPT-2;
# - como um modelo **sequence-to-sequence** (Marian, BART) usa a saída do encoder enquanto o
#   decoder gera a resposta token a token, e como isso se compara a `generate()`.

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
ENCODER_CHECKPOINT = "google-bert/bert-base-uncased"  # modelo só encoder (tipo BERT)
DECODER_CHECKPOINT = "openai-community/gpt2"  # modelo só decoder (tipo GPT)
SEQ2SEQ_CHECKPOINT = "Helsinki-NLP/opus-mt-fr-en"  # modelo encoder-decoder (tradução francês → inglês)
MAX_STEPS = 40  # número máximo de passos da decodificação feita à mão

# %%
from cursonlp import setup

course = setup(source=SOURCE, device=DEVICE)  # confere o ambiente e fixa as sementes aleatórias

# %% [markdown]
# ## Modelos encoder
#
# Um modelo encoder usa só a metade esquerda do Transformer. Para cada token da entrada ele
# devolve um vetor — o **vetor de características** (*feature vector*) — cujo tamanho é fixado
# pela arquitetura (768 no BERT base). Esse vetor não descreve a palavra sozinha: é calculado
# pela **autoatenção** (*self-attention*) a partir de todos os tokens da frase.

# %%
import torch
from transformers import AutoModel, AutoTokenizer

bert_tokenizer = AutoTokenizer.from_pretrained(ENCODER_CHECKPOINT)
bert = AutoModel.from_pretrained(ENCODER_CHECKPOINT).to(course.device).eval()

inputs = bert_tokenizer("Welcome to NYC", return_tensors="pt").to(course.device)
with torch.no_grad():
    outputs = bert(**inputs, output_hidden_states=True)
print("tokens:", bert_tokenizer.convert_ids_to_tokens(inputs["input_ids"][0]))
print("last_hidden_state:", tuple(outputs.last_hidden_state.shape), "(lote, tokens, dimensão)")
print("hidden_states:", len(outputs.hidden_states), "tensores (embeddings + uma saída por camada)")

# %% [markdown]
# `last_hidden_state` tem um vetor por token; com `output_hidden_states=True` recebemos também
# as saídas de todas as camadas intermediárias.

# %% tags=["check"]
# Conferência: um vetor por token, do tamanho definido na configuração, e uma saída por camada.
assert outputs.last_hidden_state.shape == (1, inputs["input_ids"].shape[1], bert.config.hidden_size)
assert len(outputs.hidden_states) == bert.config.num_hidden_layers + 1

# %% [markdown]
# A atenção de um encoder é **bidirecional**: cada token olha para a esquerda e para a
# direita. Um teste simples mostra isso: duas frases que começam igual e só mudam no fim.
# Se o modelo olha para a direita, os vetores do começo (iguais nas duas frases) também mudam.

# %%
def prefix_change(tokenizer, model, first: str, second: str) -> float:
    """Maior diferença entre os vetores dos tokens iniciais que as duas frases têm em comum."""
    a = tokenizer(first, return_tensors="pt").to(course.device)
    b = tokenizer(second, return_tensors="pt").to(course.device)
    ids_a, ids_b = a["input_ids"][0].tolist(), b["input_ids"][0].tolist()
    common = next(i for i, (x, y) in enumerate(zip(ids_a, ids_b)) if x != y)
    with torch.no_grad():
        ha = model(**a).last_hidden_state[0, :common]
        hb = model(**b).last_hidden_state[0, :common]
    print(f"{common} tokens iniciais em comum: {tokenizer.convert_ids_to_tokens(ids_a[:common])}")
    return (ha - hb).abs().max().item()


first, second = "The movie was great.", "The movie was terrible."
bert_change = prefix_change(bert_tokenizer, bert, first, second)
print(f"BERT: maior mudança nos vetores do começo = {bert_change:.4f}")

# %% [markdown]
# Trocar "great" por "terrible" mudou o vetor de "movie", que vem antes. Por isso encoders vão
# bem em tarefas que pedem entender a frase inteira: classificação de frases, reconhecimento
# de entidades (classificar cada palavra), resposta extrativa a perguntas e, claro, a
# modelagem mascarada com que foram pré-treinados (corromper a frase e reconstruí-la). São
# chamados de modelos **autocodificadores** (*auto-encoding*). Representantes: ALBERT, BERT,
# DistilBERT, ELECTRA, RoBERTa.

# %% [markdown]
# ## Modelos decoder
#
# Um modelo decoder usa só a metade direita do Transformer. Ele também devolve um vetor por
# token, mas a sua autoatenção é **mascarada**: o vetor de uma palavra só pode depender dela e
# das palavras **anteriores**. As da direita ficam escondidas. A atenção é **unidirecional**,
# e esses modelos são chamados **autorregressivos**: pré-treinados para prever a próxima
# palavra, geram texto usando cada palavra gerada como entrada do passo seguinte.
#
# A máscara causal é só uma matriz triangular: a linha *i* (o token que está olhando) tem 1
# nas colunas 0..*i* e 0 depois.

# %%
import matplotlib.pyplot as plt

from cursonlp.plots import heatmap

gpt2_tokenizer = AutoTokenizer.from_pretrained(DECODER_CHECKPOINT)
gpt2 = AutoModel.from_pretrained(DECODER_CHECKPOINT,
                                 attn_implementation="eager").to(course.device).eval()

text = "In this course, we will teach you how to"
inputs = gpt2_tokenizer(text, return_tensors="pt").to(course.device)
tokens = [gpt2_tokenizer.decode(i) for i in inputs["input_ids"][0].tolist()]
n = len(tokens)
causal_mask = torch.tril(torch.ones(n, n))

with torch.no_grad():
    outputs = gpt2(**inputs, output_attentions=True)
gpt2_attention = outputs.attentions[-1][0].mean(0).cpu()  # última camada, média das cabeças

fig, axes = plt.subplots(1, 2, figsize=(12, 5))
heatmap(causal_mask, tokens, title="máscara causal (1 = pode olhar)", ax=axes[0], cmap="Greys")
heatmap(gpt2_attention, tokens, title="atenção do GPT-2 (última camada)", ax=axes[1])
plt.tight_layout()
plt.show()

# %% [markdown]
# Carregamos o GPT-2 com `attn_implementation="eager"` para que `output_attentions=True`
# devolva os pesos (como visto no notebook 1.3). À direita, tudo acima da diagonal é zero:
# nenhum token dá atenção a um token que vem depois dele. O primeiro token só pode olhar para
# si mesmo (peso 1).

# %% tags=["check"]
# Conferência: em todas as camadas e cabeças do GPT-2, os pesos acima da diagonal são zero.
for layer in outputs.attentions:
    assert torch.triu(layer[0], diagonal=1).abs().max() < 1e-6
    assert torch.allclose(layer[0].sum(-1), torch.ones(1, device=course.device), atol=1e-4)

# %% [markdown]
# O mesmo teste do encoder confirma: no GPT-2, mudar o fim da frase **não** muda os vetores do
# começo.

# %%
gpt2_change = prefix_change(gpt2_tokenizer, gpt2, first, second)
print(f"GPT-2: maior mudança nos vetores do começo = {gpt2_change:.2e}")

# %% tags=["check"]
# Conferência: o encoder (bidirecional) muda o começo da frase; o decoder (causal) não.
assert bert_change > 1e-3
assert gpt2_change < 1e-4

# %% [markdown]
# Decoders são os modelos naturais para **gerar** texto (NLG, *natural language generation*).
# Representantes: CTRL, GPT, GPT-2, Transformer XL — e a maior parte dos grandes modelos de
# linguagem atuais.

# %% [markdown]
# ## Modelos sequence-to-sequence
#
# Os modelos **encoder-decoder**, ou *sequence-to-sequence*, usam as duas metades: o encoder
# lê a entrada inteira (atenção bidirecional) e o decoder gera a saída (atenção causal), com
# uma segunda atenção, a **atenção cruzada** (*cross-attention*), que olha para a saída do
# encoder. O pré-treinamento pode usar os objetivos de encoders ou de decoders, mas costuma
# ser algo mais elaborado: o T5, por exemplo, troca trechos aleatórios do texto (de várias
# palavras) por um único token de máscara e aprende a escrever o trecho escondido.
#
# Vamos rodar um tradutor Marian passo a passo. Primeiro, o encoder transforma a frase em
# francês num vetor por token — e faz isso **uma vez só**.

# %%
from transformers import AutoModelForSeq2SeqLM

mt_tokenizer = AutoTokenizer.from_pretrained(SEQ2SEQ_CHECKPOINT)
mt_model = AutoModelForSeq2SeqLM.from_pretrained(SEQ2SEQ_CHECKPOINT,
                                                 attn_implementation="eager")
mt_model = mt_model.to(course.device).eval()

source = mt_tokenizer("Ce cours est produit par Hugging Face.", return_tensors="pt").to(course.device)
with torch.no_grad():
    encoder_outputs = mt_model.get_encoder()(**source)
source_tokens = mt_tokenizer.convert_ids_to_tokens(source["input_ids"][0])
print("tokens da entrada:", source_tokens)
print("saída do encoder:", tuple(encoder_outputs.last_hidden_state.shape))

# %% [markdown]
# Agora o decoder. Ele começa com um token especial de início (`decoder_start_token_id`) e, a
# cada passo, recebe a saída do encoder e os tokens que já gerou, e devolve a distribuição do
# próximo token. Pegamos o mais provável (decodificação **gulosa**, *greedy*), acrescentamos à
# sequência e repetimos até o token de fim (`eos`). Um detalhe do Marian: o token de
# padding (`pad`) nunca deve ser gerado, então o excluímos.

# %%
generation_config = mt_model.generation_config
decoder_ids = torch.tensor([[generation_config.decoder_start_token_id]], device=course.device)
for step in range(MAX_STEPS):
    with torch.no_grad():
        logits = mt_model(encoder_outputs=encoder_outputs, attention_mask=source["attention_mask"],
                          decoder_input_ids=decoder_ids).logits[0, -1]
    logits[mt_tokenizer.pad_token_id] = float("-inf")
    probs = logits.softmax(-1)
    next_id = probs.argmax()
    decoder_ids = torch.cat([decoder_ids, next_id.view(1, 1)], dim=1)
    print(f"passo {step:2}: {mt_tokenizer.convert_ids_to_tokens(next_id.item()):>12}  "
          f"p={probs[next_id]:.3f}")
    if next_id.item() == generation_config.eos_token_id:
        break

manual = mt_tokenizer.decode(decoder_ids[0], skip_special_tokens=True)
print("\ntradução passo a passo:", manual)

# %% [markdown]
# `generate()` faz esse loop por nós (e guarda resultados intermediários para não recalcular
# tudo a cada passo). Pedindo a mesma estratégia gulosa — um só feixe, sem sorteio — o
# resultado deve ser idêntico. Sem esses argumentos, `generate()` usaria a busca em feixe
# salva na configuração do checkpoint.

# %%
with torch.no_grad():
    generated_ids = mt_model.generate(**source, num_beams=1, do_sample=False,
                                      max_new_tokens=MAX_STEPS)
generated = mt_tokenizer.decode(generated_ids[0], skip_special_tokens=True)
print("generate():", generated)

# %% tags=["check"]
# Conferência: a decodificação gulosa feita à mão dá o mesmo texto que generate().
assert manual == generated and manual.strip()

# %% [markdown]
# Por fim, a atenção cruzada: para cada token gerado (linha), quanto o decoder olhou para cada
# token da frase em francês (coluna). Costuma aparecer um alinhamento entre palavras
# correspondentes nas duas línguas.

# %%
with torch.no_grad():
    outputs = mt_model(**source, decoder_input_ids=decoder_ids[:, :-1], output_attentions=True)
cross = outputs.cross_attentions[-1][0].mean(0).cpu()  # última camada, média das cabeças
target_tokens = mt_tokenizer.convert_ids_to_tokens(decoder_ids[0, 1:])
heatmap(cross, source_tokens, target_tokens, title="atenção cruzada (decoder → encoder)")
plt.show()

# %% [markdown]
# O BART, usado na sumarização do notebook 1.2, funciona do mesmo jeito; o que muda é o
# pré-treinamento e os dados. Modelos *sequence-to-sequence* servem para gerar uma saída a
# partir de uma entrada: tradução, sumarização, resposta gerativa a perguntas.
# Representantes: BART, mBART, Marian, T5.

# %% [markdown]
# ## Resumo
#
# - **Encoder** (tipo BERT): um vetor contextual por token, atenção bidirecional — mudar o fim
#   da frase muda os vetores do começo. Bom para entender: classificar, reconhecer entidades,
#   QA extrativo.
# - **Decoder** (tipo GPT): atenção causal — a máscara triangular zera os pesos acima da
#   diagonal e o começo da frase não depende do fim. Bom para gerar texto.
# - **Encoder-decoder** (BART, Marian, T5): o encoder lê a entrada uma vez; o decoder gera
#   token a token, olhando para o que já gerou e, pela atenção cruzada, para a saída do
#   encoder. `generate()` é esse loop, com estratégias como a busca em feixe.
# - Para ver pesos de atenção na versão 5: `attn_implementation="eager"` e
#   `output_attentions=True`.

# %% [markdown]
# ## Exercícios
#
# 1. No notebook 1.1, troque *bank* por outra palavra ambígua em inglês (por exemplo *bat*:
#    taco ou morcego) e escreva quatro frases, duas de cada sentido. Os pares de mesmo sentido
#    continuam mais próximos? Os vetores de qual camada (use `output_hidden_states=True`)
#    separam melhor os sentidos?
# 2. No notebook 1.2, classifique uma notícia sua com o pipeline *zero-shot* usando outros
#    rótulos. O que acontece se você passar `multi_label=True`?
# 3. Gere texto com um prompt longo usando `max_length=20` e depois `max_new_tokens=20`.
#    Explique a diferença. E o que acontece com `do_sample=False` e `num_return_sequences=2`?
# 4. Na resposta a perguntas, pergunte "What is my name?" sobre o mesmo contexto e refaça o
#    gráfico de início e fim. O que o modelo responde se a resposta não está no contexto?
# 5. No notebook 1.3, desenhe cada cabeça da última camada separadamente (em vez da média).
#    Alguma cabeça liga "it" a "animal"? E em camadas anteriores?
# 6. Neste notebook, troque `num_beams=1` por `num_beams=4` em `generate()`. A tradução muda?
#    Por que a busca em feixe pode achar uma sequência que a decodificação gulosa não acha?
# 7. Aplique ao BERT o teste da máscara do decoder: os pesos de atenção dele acima da diagonal
#    são zero? O que isso confirma sobre encoders?
# 8. (Online) Conte, a partir da configuração e no dispositivo `meta`, os parâmetros de
#    `google-t5/t5-small` e `google-bert/bert-large-uncased`, e acrescente-os ao gráfico de
#    tamanhos do notebook 1.3.
