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
# # 1.3 · Como os Transformers funcionam
#
# **O que você vai aprender:**
#
# - as três famílias de Transformers (tipo GPT, tipo BERT, tipo BART/T5);
# - o que é um modelo de linguagem e a diferença entre prever o **próximo** token (causal) e
#   prever um token **mascarado**;
# - quão grandes são os checkpoints do curso, contados a partir das configurações, sem baixar
#   pesos;
# - pré-treinamento × ajuste fino (fine-tuning);
# - o que é atenção, como enxergar os pesos de atenção de um modelo de verdade, e para que
#   serve a máscara de atenção;
# - a diferença entre arquitetura e checkpoint.

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
CAUSAL_CHECKPOINT = "openai-community/gpt2"  # modelo de linguagem causal (prevê o próximo token)
MASKED_CHECKPOINT = "distilbert/distilroberta-base"  # modelo de linguagem mascarado
ENCODER_CHECKPOINT = "google-bert/bert-base-uncased"  # encoder usado para atenção e máscaras
NER_CHECKPOINT = "dbmdz/bert-large-cased-finetuned-conll03-english"  # outro checkpoint da mesma arquitetura BERT
TOP_K = 5  # quantos candidatos mostrar em cada previsão

# %%
from cursonlp import setup

course = setup(source=SOURCE, device=DEVICE)  # confere o ambiente e fixa as sementes aleatórias

# %% [markdown]
# ## Um pouco de história
#
# A arquitetura Transformer foi apresentada em 2017, no artigo *Attention Is All You Need*,
# para tradução automática. Logo vieram modelos que marcaram a área:
#
# | ano | modelo | ideia |
# |---|---|---|
# | 2018 | GPT | primeiro Transformer pré-treinado e depois ajustado a várias tarefas |
# | 2018 | BERT | encoder pré-treinado para entender frases, mascarando palavras |
# | 2019 | GPT-2 | um GPT maior, que gera textos longos e coerentes |
# | 2019 | DistilBERT | versão destilada do BERT: 40% menor, 60% mais rápida, quase tão boa |
# | 2019 | BART e T5 | encoder + decoder, pré-treinados para transformar uma sequência em outra |
# | 2020 | GPT-3 | grande o bastante para fazer tarefas só a partir de instruções e exemplos no prompt |
#
# Em linhas gerais, eles formam três famílias:
#
# - **tipo GPT**, chamados *autorregressivos* (só o decoder);
# - **tipo BERT**, chamados *autocodificadores* (*auto-encoding*; só o encoder);
# - **tipo BART/T5**, chamados *sequence-to-sequence* (encoder + decoder).

# %% [markdown]
# ## Transformers são modelos de linguagem
#
# Todos esses modelos começam a vida como **modelos de linguagem**: são treinados em
# quantidades enormes de texto bruto de forma **autossupervisionada** — o alvo do treinamento é
# tirado do próprio texto, sem ninguém rotular nada. Há dois objetivos clássicos:
#
# - **modelagem causal**: prever o próximo token depois de ler os anteriores. A previsão
#   depende só do passado, nunca do futuro (é o caso do GPT-2);
# - **modelagem mascarada**: esconder alguns tokens da frase e prever quais eram, olhando para
#   os dois lados da lacuna (é o caso do BERT e do RoBERTa).
#
# Vamos ver os dois prevendo a mesma lacuna. O modelo causal recebe só o começo da frase; o
# mascarado recebe a frase inteira com a lacuna marcada — ele também vê o "models." que vem
# depois.

# %%
import torch
from transformers import AutoModelForCausalLM, AutoModelForMaskedLM, AutoTokenizer

causal_tokenizer = AutoTokenizer.from_pretrained(CAUSAL_CHECKPOINT)
causal_model = AutoModelForCausalLM.from_pretrained(CAUSAL_CHECKPOINT)
causal_model = causal_model.to(course.device).eval()

prefix = "This course will teach you all about"
inputs = causal_tokenizer(prefix, return_tensors="pt").to(course.device)
with torch.no_grad():
    logits = causal_model(**inputs).logits  # (lote, tokens, vocabulário)
causal_probs = logits[0, -1].softmax(-1)  # distribuição do token seguinte ao último
causal_top = causal_probs.topk(TOP_K)
causal_words = [causal_tokenizer.decode(i) for i in causal_top.indices.tolist()]
print(f"{prefix} ___")
for word, p in zip(causal_words, causal_top.values):
    print(f"  {word!r:16} {p:.3f}")

# %% [markdown]
# A saída do modelo (*logits*) tem um número por token do vocabulário **em cada posição**.
# Para prever o que vem depois do prompt olhamos só a última posição e aplicamos *softmax*
# para obter probabilidades. Agora o modelo mascarado:

# %%
masked_tokenizer = AutoTokenizer.from_pretrained(MASKED_CHECKPOINT)
masked_model = AutoModelForMaskedLM.from_pretrained(MASKED_CHECKPOINT)
masked_model = masked_model.to(course.device).eval()

masked_text = f"{prefix} {masked_tokenizer.mask_token} models."
inputs = masked_tokenizer(masked_text, return_tensors="pt").to(course.device)
mask_position = (inputs["input_ids"][0] == masked_tokenizer.mask_token_id).nonzero().item()
with torch.no_grad():
    logits = masked_model(**inputs).logits
masked_probs = logits[0, mask_position].softmax(-1)  # distribuição na posição da máscara
masked_top = masked_probs.topk(TOP_K)
masked_words = [masked_tokenizer.decode(i) for i in masked_top.indices.tolist()]
print(masked_text)
for word, p in zip(masked_words, masked_top.values):
    print(f"  {word!r:16} {p:.3f}")

# %%
import matplotlib.pyplot as plt

fig, axes = plt.subplots(1, 2, figsize=(11, 3.5))
for ax, words, top, title in [
        (axes[0], causal_words, causal_top, "causal (GPT-2): próximo token"),
        (axes[1], masked_words, masked_top, "mascarado (DistilRoBERTa): token da máscara")]:
    ax.barh(range(TOP_K), top.values.cpu(), color="tab:blue")
    ax.set_yticks(range(TOP_K), [repr(w) for w in words])
    ax.invert_yaxis()
    ax.set_xlabel("probabilidade")
    ax.set_title(title)
plt.tight_layout()
plt.show()

# %% [markdown]
# O que observar: os dois devolvem uma distribuição de probabilidade sobre o vocabulário
# inteiro, e os candidatos mais prováveis mostram o que cada modelo aprendeu sobre a língua.
# O modelo causal precisa apostar sem saber o que vem depois; o mascarado usa o contexto dos
# dois lados. É por isso que modelos causais são os naturais para **gerar** texto e modelos
# mascarados para **entender** frases.
#
# > **Online × offline:** Online, os candidatos dos dois modelos completam a frase com palavras
# > plausíveis. Offline, as miniaturas, treinadas com pouco texto, põem no topo as palavras mais
# > frequentes do inglês ("the", "a", "to"...). O mecanismo (uma distribuição de probabilidade
# > sobre o vocabulário inteiro) é o mesmo, e a conferência abaixo só exige o que vale nos dois casos.

# %% tags=["check"]
# Conferência: cada modelo deu TOP_K candidatos distintos, em ordem decrescente de probabilidade.
for top in (causal_top, masked_top):
    assert len(set(top.indices.tolist())) == TOP_K
    assert (top.values[:-1] >= top.values[1:]).all() and 0 < top.values.sum() <= 1 + 1e-5

# %% [markdown]
# ## Transformers são modelos grandes
#
# Fora exceções como os modelos destilados, a receita para melhorar o desempenho tem sido
# aumentar o modelo e a quantidade de dados de pré-treinamento. Quantos parâmetros têm os
# checkpoints deste curso? Não precisamos baixar pesos para saber: a **configuração**
# (`config.json`, poucos kB) descreve a arquitetura. Criamos o modelo no dispositivo `meta`,
# um dispositivo "de mentira" do PyTorch em que os tensores têm forma mas não têm dados —
# nenhuma memória é alocada para os pesos — e contamos.
#
# `AutoModel` monta só o corpo do modelo, sem a "cabeça" da tarefa (que é pequena perto do
# resto).

# %%
from tqdm.auto import tqdm
from transformers import AutoConfig, AutoModel

course_checkpoints = [
    "google-bert/bert-base-uncased",
    "distilbert/distilbert-base-uncased-finetuned-sst-2-english",
    "facebook/bart-large-mnli",
    "openai-community/gpt2",
    "distilbert/distilgpt2",
    "distilbert/distilroberta-base",
    "dbmdz/bert-large-cased-finetuned-conll03-english",
    "distilbert/distilbert-base-cased-distilled-squad",
    "sshleifer/distilbart-cnn-12-6",
    "Helsinki-NLP/opus-mt-fr-en",
]


def count_parameters(checkpoint: str) -> tuple[str, int]:
    config = AutoConfig.from_pretrained(checkpoint)
    with torch.device("meta"):
        model = AutoModel.from_config(config)
    return type(model).__name__, model.num_parameters()


sizes = {c: count_parameters(c) for c in tqdm(course_checkpoints, desc="configurações")}
for checkpoint, (architecture, n) in sorted(sizes.items(), key=lambda kv: kv[1][1]):
    print(f"{checkpoint:55} {architecture:14} {n / 1e6:9.1f} M")

# %%
ordered = sorted(sizes.items(), key=lambda kv: kv[1][1])
fig, ax = plt.subplots(figsize=(9, 4.5))
ax.barh([c.split("/")[-1] for c, _ in ordered], [n for _, (_, n) in ordered], color="tab:green")
ax.set_xscale("log")
ax.set_xlabel("parâmetros (escala logarítmica)")
ax.set_title("tamanho dos checkpoints do curso")
plt.tight_layout()
plt.show()

# %% [markdown]
# Com os checkpoints reais do Hub, os menores (Marian, DistilBERT) ficam na casa de 60 a 80
# milhões de parâmetros e os maiores (BART large, BERT large) passam de 300 milhões. Os
# modelos de hoje chegam a centenas de bilhões — fora da escala deste gráfico.
#
# > **Online × offline:** o gráfico conta os parâmetros das configurações carregadas. Online, são
# > os checkpoints reais, e a ordem é a esperada: os *large* acima dos *base*, os destilados abaixo
# > dos originais. Offline, são as miniaturas, de menos de 1 milhão a pouco mais de 20 milhões de
# > parâmetros, feitas para treinar em segundos; a ordem entre elas não segue a dos originais (a
# > miniatura do BART *large* é menor que a do BERT *base*, por exemplo). A conta é a mesma.
#
# Treinar um modelo desses do zero custa semanas de máquina, muito dinheiro e uma pegada de
# carbono considerável. Por isso reaproveitar modelos já treinados é tão importante.

# %% tags=["check"]
# Conferência: todos os checkpoints foram contados, e o DistilBERT, versão destilada do BERT, é menor que ele.
assert len(sizes) == len(course_checkpoints) and all(n > 0 for _, n in sizes.values())
assert (sizes["distilbert/distilbert-base-uncased-finetuned-sst-2-english"][1]
        < sizes["google-bert/bert-base-uncased"][1])

# %% [markdown]
# ## Pré-treinamento e ajuste fino
#
# **Pré-treinamento** é treinar um modelo do zero: os pesos começam aleatórios e o modelo
# aprende a língua com um dos objetivos acima, em muitos dados e por muito tempo.
#
# **Ajuste fino (fine-tuning)** é o treinamento feito **depois**, partindo de um modelo
# pré-treinado, com um conjunto de dados rotulado da sua tarefa. Por que não treinar direto
# na tarefa final?
#
# - o modelo pré-treinado já tem uma compreensão estatística da língua, e o ajuste fino
#   aproveita esse conhecimento — é a **transferência de aprendizado** (*transfer learning*);
# - por isso, o ajuste fino precisa de muito menos dados, tempo e dinheiro para dar bons
#   resultados, e é fácil testar variações;
# - o resultado costuma ser melhor do que treinar do zero, a menos que você tenha muitos dados.
#
# Na prática, o ajuste fino começa assim: carregamos o corpo pré-treinado e pomos em cima uma
# **cabeça** nova para a tarefa (aqui, classificar em 2 classes). A biblioteca avisa que os
# pesos da cabeça não estavam no **checkpoint** (o arquivo de pesos salvos de um modelo
# treinado) e foram iniciados aleatoriamente. O ajuste fino treina então o modelo **inteiro**: a
# cabeça nova, que parte do zero, e todos os pesos do corpo, que mudam só um pouco a partir dos
# pré-treinados. É o que o capítulo 3 faz, e o que o `Trainer` faz por padrão.
#
# Congelar o corpo (`requires_grad=False` nos pesos dele) e treinar só a cabeça é uma **escolha**,
# não a regra: vale quando há pouca memória ou pouquíssimos dados rotulados, ou quando se quer
# apenas usar o modelo como extrator de características. Costuma dar resultados piores do que o
# ajuste fino completo, mas é bem mais barato.

# %%
from transformers import AutoModelForSequenceClassification

classifier, loading_info = AutoModelForSequenceClassification.from_pretrained(
    ENCODER_CHECKPOINT, num_labels=2, output_loading_info=True)
print("pesos novos (sem pré-treinamento):", sorted(loading_info["missing_keys"]))

# %% tags=["check"]
# Conferência: só a cabeça de classificação ficou sem pesos pré-treinados.
assert loading_info["missing_keys"] and all(k.startswith("classifier.")
                                            for k in loading_info["missing_keys"])

# %% [markdown]
# ## Arquitetura geral
#
# O Transformer tem dois blocos:
#
# - **encoder** (codificador): lê a entrada e constrói uma representação dela — um vetor por
#   token. É otimizado para *entender* a entrada;
# - **decoder** (decodificador): usa a representação do encoder e o que já foi gerado para
#   produzir a sequência de saída. É otimizado para *gerar*.
#
# ![encoder e decoder](https://huggingface.co/datasets/huggingface-course/documentation-images/resolve/main/en/chapter1/transformers_blocks.svg)
#
# Cada bloco pode ser usado sozinho:
#
# | família | serve para | exemplos |
# |---|---|---|
# | só encoder | entender a entrada: classificar frases, reconhecer entidades, QA extrativo | BERT, DistilBERT, RoBERTa |
# | só decoder | gerar texto | GPT, GPT-2 |
# | encoder + decoder (*sequence-to-sequence*) | gerar a partir de uma entrada: traduzir, resumir | BART, T5, Marian |
#
# O notebook 1.4 mostra cada família funcionando.

# %% [markdown]
# ## Camadas de atenção
#
# A peça central do Transformer é a **camada de atenção**. Ao calcular o vetor de um token, ela
# decide quanto "prestar atenção" em cada um dos outros tokens da frase. Pense em traduzir
# "You like this course" para o francês: para conjugar "like" o modelo precisa olhar para
# "You"; para escolher entre *ce* e *cette* ao traduzir "this", precisa olhar para "course"
# (o gênero do substantivo em francês). O resto da frase pouco importa para essas palavras. Em
# frases mais longas, a palavra decisiva pode estar bem longe.
#
# Os pesos de atenção são números entre 0 e 1: para cada token (linha), quanto ele olha para
# cada token (coluna); cada linha soma 1. Podemos pedir ao modelo que os devolva com
# `output_attentions=True`. Mas atenção a uma armadilha da versão 5: por padrão a biblioteca
# usa uma implementação otimizada da atenção (`sdpa`), que **não calcula** os pesos
# explicitamente, e você recebe uma tupla vazia (com um aviso):

# %%
encoder_tokenizer = AutoTokenizer.from_pretrained(ENCODER_CHECKPOINT)
fast_encoder = AutoModel.from_pretrained(ENCODER_CHECKPOINT).to(course.device).eval()

sentence = "The animal didn't cross the street because it was too tired."
inputs = encoder_tokenizer(sentence, return_tensors="pt").to(course.device)
with torch.no_grad():
    outputs = fast_encoder(**inputs, output_attentions=True)
print("implementação:", fast_encoder.config._attn_implementation)
print("camadas com pesos de atenção:", len(outputs.attentions or ()))

# %% [markdown]
# A solução é carregar o modelo com `attn_implementation="eager"`, a implementação direta,
# que materializa a matriz de atenção.

# %%
encoder = AutoModel.from_pretrained(ENCODER_CHECKPOINT,
                                    attn_implementation="eager").to(course.device).eval()
with torch.no_grad():
    outputs = encoder(**inputs, output_attentions=True)
attentions = outputs.attentions  # uma matriz por camada: (lote, cabeças, tokens, tokens)
print("camadas:", len(attentions), " forma de cada uma:", tuple(attentions[0].shape))

# %% tags=["check"]
# Conferência: há pesos para cada camada e cada linha de atenção é uma distribuição (soma 1).
assert len(attentions) == encoder.config.num_hidden_layers
assert torch.allclose(attentions[-1].sum(-1), torch.ones(1, device=course.device), atol=1e-4)

# %% [markdown]
# Cada camada tem várias **cabeças** de atenção, cada uma aprendendo um padrão diferente.
# Abaixo, a média das cabeças na última camada.

# %%
from cursonlp.plots import heatmap

tokens = encoder_tokenizer.convert_ids_to_tokens(inputs["input_ids"][0])
last_layer = attentions[-1][0].mean(0).cpu()  # média das cabeças: (tokens, tokens)
heatmap(last_layer, tokens, title="atenção na última camada (média das cabeças)")
plt.show()

# %%
it = tokens.index("it")
ranking = last_layer[it].argsort(descending=True)
print("tokens que mais recebem a atenção de 'it':",
      [(tokens[j], round(last_layer[it, j].item(), 3)) for j in ranking[:4]])

# %% [markdown]
# O que observar: cada linha mostra para onde um token olha. É comum ver muita atenção indo
# para os tokens especiais (`[CLS]`, `[SEP]`) e para o próprio token ou os vizinhos; algumas
# cabeças ligam palavras relacionadas, como o pronome "it" ao substantivo a que se refere.
# Atenção não é explicação: é só um dos ingredientes do cálculo, mas ajuda a intuir o que o
# modelo combina.

# %% [markdown]
# ## A arquitetura original
#
# O Transformer original foi feito para tradução. No treinamento, o **encoder** recebe a frase no
# idioma de origem e o **decoder** recebe a mesma frase no idioma de destino.
#
# - No encoder, a atenção pode usar **todas** as palavras da frase: a tradução de uma palavra
#   pode depender do que vem antes e depois dela.
# - O decoder trabalha em sequência: ao prever a 4ª palavra, só pode olhar para as palavras
#   1 a 3 já traduzidas. No treinamento ele recebe a frase de destino inteira (para ir mais rápido),
#   mas uma máscara o impede de espiar as palavras futuras — senão a tarefa seria trivial.
# - Cada bloco do decoder tem duas atenções: a primeira olha para a saída já gerada; a segunda
#   olha para a **saída do encoder**, ou seja, para a frase de origem inteira. Isso ajuda
#   quando os idiomas põem as palavras em ordens diferentes.
#
# ![a arquitetura Transformer original](https://huggingface.co/datasets/huggingface-course/documentation-images/resolve/main/en/chapter1/transformers.svg)
#
# ### Máscaras de atenção
#
# Máscaras também servem para impedir o modelo de olhar para tokens que não são texto. Ao
# processar frases de tamanhos diferentes num mesmo lote, completamos as curtas com um token
# de padding (*preenchimento*); a `attention_mask` marca com 0 essas posições. Vamos conferir
# que, com a máscara, o padding não muda nada nos vetores da frase curta.

# %%
batch = encoder_tokenizer(["The movie was great, I loved every minute of it.", "Short one."],
                          padding=True, return_tensors="pt").to(course.device)
print(batch["attention_mask"])
alone = encoder_tokenizer("Short one.", return_tensors="pt").to(course.device)
n = alone["input_ids"].shape[1]
with torch.no_grad():
    short_alone = encoder(**alone).last_hidden_state[0]
    with_mask = encoder(**batch).last_hidden_state[1, :n]
    without_mask = encoder(input_ids=batch["input_ids"]).last_hidden_state[1, :n]
print(f"maior diferença com máscara: {(with_mask - short_alone).abs().max():.2e}")
print(f"maior diferença sem máscara: {(without_mask - short_alone).abs().max():.2e}")

# %% [markdown]
# Com a máscara, os vetores da frase curta são os mesmos (até erros de arredondamento) que ela
# teria sozinha; sem a máscara, o modelo presta atenção no padding e o resultado muda.

# %% tags=["check"]
# Conferência: a máscara de atenção anula o efeito do padding; sem ela o resultado muda.
assert torch.allclose(with_mask, short_alone, atol=1e-4)
assert not torch.allclose(without_mask, short_alone, atol=1e-2)

# %% [markdown]
# ## Arquiteturas × checkpoints
#
# Três palavras que aparecem o tempo todo:
#
# - **arquitetura**: o esqueleto do modelo, a definição de cada camada e operação;
# - **checkpoint**: os pesos que preenchem uma arquitetura;
# - **modelo**: termo guarda-chuva, pode querer dizer qualquer das duas coisas.
#
# BERT é uma arquitetura; `google-bert/bert-base-uncased` (pesos treinados pelo Google para o
# primeiro BERT) é um checkpoint. O checkpoint de NER do notebook anterior usa a mesma
# arquitetura com outra configuração e outros pesos. Montamos o corpo dos dois, de novo no
# dispositivo `meta`:

# %%
bert_configs = {c: AutoConfig.from_pretrained(c)
                for c in (ENCODER_CHECKPOINT, NER_CHECKPOINT)}
fields = ("hidden_size", "num_hidden_layers", "num_attention_heads", "vocab_size")
classes = {}
for checkpoint, config in bert_configs.items():
    with torch.device("meta"):
        classes[checkpoint] = type(AutoModel.from_config(config)).__name__
    print(checkpoint, classes[checkpoint], {f: getattr(config, f) for f in fields})

# %% [markdown]
# Mesma classe Python (`BertModel`), configurações diferentes: tamanho dos vetores, número de
# camadas e de cabeças, vocabulário (com ou sem maiúsculas). E, por cima disso, pesos
# diferentes. Quando o curso precisar ser preciso, dirá "arquitetura" ou "checkpoint".

# %% tags=["check"]
# Conferência: os dois checkpoints usam a classe BertModel, com configurações diferentes.
assert set(classes.values()) == {"BertModel"}
first, second = bert_configs.values()
assert any(getattr(first, f) != getattr(second, f) for f in fields)

# %% [markdown]
# ## Resumo
#
# - Transformers se dividem em três famílias: tipo GPT (decoder, autorregressivos), tipo BERT
#   (encoder, autocodificadores) e tipo BART/T5 (encoder + decoder, *sequence-to-sequence*).
# - Todos são pré-treinados como modelos de linguagem, sem rótulos humanos: prevendo o próximo
#   token (causal) ou tokens mascarados (olhando os dois lados).
# - São grandes; a configuração basta para contar os parâmetros (dispositivo `meta`), e
#   reaproveitar modelos pré-treinados poupa tempo, dinheiro e energia.
# - Ajuste fino (fine-tuning) parte do corpo pré-treinado, acrescenta uma cabeça nova e treina
#   todos os pesos com poucos dados rotulados; congelar o corpo e treinar só a cabeça é uma opção
#   mais barata, não o padrão.
# - A atenção decide quanto cada token olha para os outros; na versão 5, para obter os pesos
#   com `output_attentions=True`, carregue o modelo com `attn_implementation="eager"`.
# - Máscaras de atenção escondem o padding (e, no decoder, o futuro).
# - Arquitetura é o esqueleto (`BertModel`); checkpoint é um conjunto de pesos para ele.

# %% [markdown]
# ## Pratique
#
# 1. Congele o corpo do classificador (`for p in classifier.base_model.parameters(): p.requires_grad
#    = False`) e conte os parâmetros treináveis (`sum(p.numel() for p in classifier.parameters() if
#    p.requires_grad)`). Que fração do total sobra?
# 2. Some à tabela de tamanhos outro checkpoint, contando os parâmetros pela configuração no
#    dispositivo `meta`, como no notebook. Ele fica acima ou abaixo do BERT?
