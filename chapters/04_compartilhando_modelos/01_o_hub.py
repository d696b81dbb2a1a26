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
# # 4.1 · O Hub do Hugging Face
#
# **O que você vai aprender:**
#
# - o que é um repositório do Hub: um repositório git com arquivos grandes (LFS ou Xet), commits,
#   branches e revisões;
# - como procurar modelos pelo código, com `HfApi().list_models`, filtrando por tarefa e
#   ordenando por downloads;
# - como olhar um repositório por dentro (`model_info`, `list_repo_files`, `list_repo_refs`,
#   `list_repo_commits`) sem baixar nada;
# - como baixar um arquivo (`hf_hub_download`) ou só uma parte do repositório
#   (`snapshot_download` com `allow_patterns`);
# - por que fixar `revision=` num commit torna um experimento reproduzível;
# - onde fica o cache local e como inspecioná-lo com `scan_cache_dir()` e com a CLI `hf`.
#
# Até aqui usamos o Hub sem pensar nele: `from_pretrained("google-bert/bert-base-uncased")` e
# `load_dataset("nyu-mll/glue", "mrpc")` buscavam os arquivos e pronto. Neste capítulo o Hub passa
# a ser o assunto. Nesta seção aprendemos a **ler** o Hub; na 4.3 e na 4.4, a **escrever** nele.

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
MODEL_ID = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"  # o repositório de modelo que vamos explorar
DATASET_ID = "nyu-mll/glue"  # um repositório de dataset, para comparar
SEARCH = "bert"  # texto procurado nos ids dos modelos
TASK = "text-classification"  # tarefa (pipeline_tag) usada como filtro na busca
LIMIT = 8  # quantos resultados da busca mostrar

# %%
from cursonlp import setup

course = setup(source=SOURCE, device=DEVICE)  # confere o ambiente e fixa as sementes aleatórias

# %%
import json
import subprocess
from pathlib import Path

import pandas as pd
from huggingface_hub import HfApi, hf_hub_download, scan_cache_dir, snapshot_download
from huggingface_hub.errors import RevisionNotFoundError
from transformers import AutoConfig

api = HfApi()

# %% [markdown]
# ## Um repositório do Hub é um repositório git
#
# Cada modelo, dataset ou Space do Hub mora num **repositório** com endereço
# `huggingface.co/<dono>/<nome>` (datasets ficam em `huggingface.co/datasets/<dono>/<nome>`). O
# `<dono>` é um usuário ou uma organização: `google-bert/bert-base-uncased` é o repositório
# `bert-base-uncased` da organização `google-bert`. Esse id é exatamente o texto que passamos para
# `from_pretrained` e `load_dataset`.
#
# Por baixo, cada repositório é um repositório **git**, com tudo o que o git traz:
#
# - **commits**: cada mudança nos arquivos é um commit, identificado por um hash de 40 dígitos
#   hexadecimais (o *sha*); o histórico nunca se perde;
# - **branches**: ponteiros móveis para um commit; o principal se chama `main`, e é ele que as
#   bibliotecas usam quando não dizemos nada;
# - **tags**: nomes fixos para um commit (por exemplo `v1.0`);
# - **revisão** (*revision*): qualquer um desses três nomes, um branch, uma tag ou um sha. Todas
#   as funções de download aceitam `revision=`.
#
# Arquivos de pesos têm centenas de MB ou vários GB, grandes demais para o git comum. O git guarda
# só um pequeno **ponteiro** (o hash SHA-256 e o tamanho do arquivo) e o conteúdo vai para um
# armazenamento à parte: primeiro foi o **Git LFS** (*Large File Storage*), hoje é o **Xet**, que
# divide os arquivos em pedaços e só envia de novo os pedaços que mudaram. Para quem usa as
# bibliotecas, isso é transparente: baixar `model.safetensors` funciona igual nos dois casos.

# %% [markdown]
# ## Procurando modelos pelo código
#
# A página [huggingface.co/models](https://huggingface.co/models) tem filtros por tarefa,
# biblioteca, idioma e licença. Os mesmos filtros existem no `HfApi().list_models`:
#
# - `search`: um trecho do id (`"bert"` acha `google-bert/bert-base-uncased`, `distilbert/...`);
# - `filter`: tags; a tarefa (`"text-classification"`, `"fill-mask"`, os nomes dos pipelines)
#   também é uma tag, assim como a biblioteca, o idioma e a licença (`"pt"`, `"license:mit"`);
# - `pipeline_tag`: só a tarefa (`filter` com o nome da tarefa dá o mesmo resultado);
# - `author`: o dono;
# - `sort`: a ordem (`"downloads"`, `"likes"`, `"last_modified"`), sempre do maior para o menor;
# - `limit`: quantos resultados no máximo. Sem ele, a busca percorre o Hub inteiro, página por
#   página.
#
# `list_models` devolve um gerador de `ModelInfo`; cada um tem `id`, `pipeline_tag`,
# `downloads`, `likes`, `tags` e outros campos.

# %%
models = api.list_models(search=SEARCH, filter=TASK, sort="downloads", limit=LIMIT)
search_table = pd.DataFrame([{"id": m.id, "tarefa": m.pipeline_tag, "downloads": m.downloads,
                              "likes": m.likes} for m in models])
search_table

# %% [markdown]
# > **Online × offline.** Online, essa busca encontra milhares de modelos, e os primeiros da lista
# > são os mais baixados do mês (a ordem muda com o tempo). Offline, o Hub local do curso serve só
# > as miniaturas que o curso usa e os repositórios que você mesmo enviou (no usuário `aluno`,
# > veja a seção 4.3); ali o número de downloads é sempre 0, então a ordem por downloads não diz
# > nada. O código é o mesmo nos dois casos.
#
# O que observar:
#
# - a busca por texto olha o id do repositório; para achar "modelos BERT" de verdade é melhor
#   filtrar pela tag da arquitetura (`filter="bert"`), que vem do `config.json`;
# - `pipeline_tag` é a tarefa que o Hub atribui ao modelo. É ela que decide qual widget de teste
#   aparece na página do modelo e qual pipeline o `pipeline()` monta quando só damos o id.

# %% [markdown]
# ## Olhando um repositório por dentro
#
# `model_info` traz os metadados de um repositório sem baixar nenhum arquivo: o commit atual do
# `main` (`sha`), as tags, a tarefa, a lista de arquivos (`siblings`) e os metadados do cartão do
# modelo (`card_data`, o cabeçalho YAML do `README.md`, assunto da seção 4.4). Com
# `files_metadata=True` cada arquivo vem também com o tamanho.

# %%
info = api.model_info(MODEL_ID, files_metadata=True)
print("sha:     ", info.sha)
print("tarefa:  ", info.pipeline_tag)
print("tags:    ", info.tags[:12])
print("card_data:", info.card_data.to_dict() if info.card_data else None)
files = pd.DataFrame([{"arquivo": s.rfilename, "MB": round((s.size or 0) / 1e6, 2),
                       "LFS": s.lfs is not None} for s in info.siblings])
files

# %% [markdown]
# O que observar:
#
# - o `sha` tem 40 dígitos: é o commit para onde o `main` aponta agora;
# - o arquivo grande, o dos pesos, está marcado como LFS: no git só há o
#   ponteiro. Os pequenos (`config.json`, `README.md`) são arquivos git comuns;
# - online, o repositório real tem mais arquivos que a miniatura: os mesmos pesos em vários
#   formatos (`model.safetensors`, `pytorch_model.bin`, `tf_model.h5`, ONNX...). Quem usa PyTorch
#   precisa só de um deles, e a seção de download abaixo mostra como baixar só o necessário.
#
# Para um dataset, a função é `dataset_info`; as funções que servem aos três tipos de repositório
# recebem `repo_type="dataset"` (ou `"space"`). `list_repo_files` lista os arquivos,
# `list_repo_refs` os branches e tags, e `list_repo_commits` o histórico, do mais recente para o
# mais antigo.

# %%
print(api.list_repo_files(DATASET_ID, repo_type="dataset")[:10])
refs = api.list_repo_refs(MODEL_ID)
print("branches:", [(b.name, b.target_commit[:8]) for b in refs.branches])
print("tags:    ", [(t.name, t.target_commit[:8]) for t in refs.tags])
commits = api.list_repo_commits(MODEL_ID)
history = pd.DataFrame([{"commit": c.commit_id[:8], "data": c.created_at.date(), "título": c.title}
                        for c in commits[:5]])
print(f"{len(commits)} commit(s) no main; os mais recentes:")
history

# %% [markdown]
# O que observar:
#
# - o commit mais recente do histórico é o mesmo `sha` que o `model_info` deu, e é o alvo do
#   branch `main`;
# - online, um repositório antigo como esse tem dezenas de commits (conversões de formato,
#   correções no cartão); a miniatura do Hub local tem um só, o da sua construção.

# %% [markdown]
# ## Baixando arquivos
#
# `hf_hub_download(repo_id, filename)` baixa **um** arquivo para o cache local e devolve o caminho
# dele. Se o arquivo já está no cache, na versão certa, nada é baixado de novo. Vamos ler o
# `config.json` do modelo:

# %%
config_path = hf_hub_download(MODEL_ID, "config.json")
config = json.loads(Path(config_path).read_text())
print(Path(config_path).relative_to(scan_cache_dir().cache_dir))
print(config["architectures"], config["id2label"])

# %% [markdown]
# O caminho segue o formato do cache, `models--<dono>--<nome>/snapshots/<sha>/<arquivo>`: cada
# commit baixado tem a sua pasta, nomeada pelo sha.
#
# `snapshot_download` baixa o repositório inteiro (todos os arquivos de uma revisão). Com
# `allow_patterns` (ou `ignore_patterns`) ele baixa só os arquivos cujos nomes casam com os
# padrões. Aqui, só a configuração e o tokenizador, sem os pesos. Com `local_dir`, os arquivos
# vão para uma pasta comum, fora do cache, o que deixa fácil ver o que veio (a pasta do cache
# para esse commit pode já ter os pesos, de um download anterior):

# %%
folder = Path(snapshot_download(MODEL_ID, allow_patterns=["*.json", "*.txt"],
                                local_dir="saidas/so-configuracao"))
sorted(p.name for p in folder.iterdir() if p.is_file())

# %% [markdown]
# O que observar: só vieram arquivos `.json` (e `.txt`, se o repositório tiver um `vocab.txt`);
# nenhum arquivo de pesos. É assim que se baixa apenas o formato de pesos que interessa
# (`allow_patterns=["*.safetensors", "*.json"]`) de um repositório que traz vários.

# %% [markdown]
# ## Fixando a revisão
#
# Sem `revision=`, todas as funções usam o `main`, que é um ponteiro **móvel**: se os autores
# enviarem pesos novos amanhã, o mesmo código passa a baixar outro modelo, e os seus resultados
# mudam sem que nenhuma linha do seu código tenha mudado. Para um experimento que outras pessoas
# (ou você, daqui a um ano) devem conseguir repetir, fixe a revisão num **sha de commit**: um
# commit nunca muda. Um branch ou uma tag podem ser movidos; um sha, não.
#
# `revision=` funciona em todo lugar: `from_pretrained`, `hf_hub_download`, `snapshot_download`,
# `load_dataset`, `model_info`.

# %%
pinned = info.sha
config_pinned = AutoConfig.from_pretrained(MODEL_ID, revision=pinned)
path_pinned = hf_hub_download(MODEL_ID, "config.json", revision=pinned)
print(config_pinned.model_type, config_pinned.id2label)
print("mesmo arquivo do main hoje:", Path(path_pinned) == Path(config_path))

try:
    api.model_info(MODEL_ID, revision="versao-que-nao-existe")
except RevisionNotFoundError as err:
    print("erro:", type(err).__name__)

# %% [markdown]
# O que observar:
#
# - hoje o sha fixado é o próprio `main`, então os dois downloads dão o mesmo arquivo do cache.
#   A diferença aparece quando o `main` andar: o código com `revision=pinned` continua recebendo
#   exatamente estes arquivos;
# - uma revisão que não existe dá `RevisionNotFoundError`, um erro claro, em vez de um download
#   silencioso de outra coisa;
# - o `pipeline()` sem modelo (capítulo 1) avisa "*Using a pipeline without specifying a model
#   name and revision in production is not recommended*" pelo mesmo motivo: em produção, fixe o
#   id **e** a revisão.

# %% [markdown]
# ## O cache local
#
# Tudo o que é baixado fica no cache do Hugging Face, por padrão em `~/.cache/huggingface/hub`
# (a variável `HF_HOME` muda a pasta-base). O cache é compartilhado por todas as bibliotecas:
# um modelo baixado pelo 🤗 Transformers não é baixado de novo pelo `hf_hub_download`.
#
# Os arquivos ficam guardados uma única vez, em `blobs/`, nomeados pelo próprio hash; as pastas
# `snapshots/<sha>/` só têm links para eles. Duas revisões que compartilham um arquivo o guardam
# uma vez só. `scan_cache_dir()` percorre o cache e resume o que há nele:

# %%
cache = scan_cache_dir()
cached = pd.DataFrame([{"repositório": r.repo_id, "tipo": r.repo_type, "MB": round(r.size_on_disk / 1e6, 1),
                        "arquivos": r.nb_files, "revisões": len(r.revisions), "refs": ", ".join(sorted(r.refs))}
                       for r in cache.repos]).sort_values("MB", ascending=False)
print(f"{len(cache.repos)} repositórios, {cache.size_on_disk / 1e6:.0f} MB no total")
cached.head(10)

# %% [markdown]
# O que observar: o cache mostra tudo o que já foi baixado nesta máquina, não só neste notebook;
# a coluna `revisões` passa de 1 quando mais de um commit do mesmo repositório foi baixado, e
# `refs` diz quais nomes (como `main`) apontam para eles. Offline, o curso usa um cache próprio
# (`HF_HOME` aponta para ele), separado do seu cache de verdade.
#
# ### A CLI `hf`
#
# O `huggingface_hub` instala também uma linha de comando, `hf` (a antiga `huggingface-cli` não
# existe mais). Num terminal, ou numa célula com `!hf ...`, os comandos equivalentes ao que
# fizemos são:
#
# ```bash
# hf cache ls                                       # o que há no cache
# hf download <repo_id> config.json --revision <sha> # um arquivo, numa revisão
# hf download <repo_id> --include "*.json"          # como o allow_patterns
# hf cache rm model/<repo_id>                       # apaga um repositório do cache
# ```
#
# Abaixo rodamos a CLI com o Python deste notebook (`python -m huggingface_hub.cli.hf` é o mesmo
# que `hf`), o que funciona mesmo quando a pasta dos executáveis não está no `PATH`.

# %%
def hf(*args):
    """Roda `hf <args>` e mostra o que ele escreve; para com o erro se o comando falhar."""
    run = subprocess.run([sys.executable, "-m", "huggingface_hub.cli.hf", *args],
                         capture_output=True, text=True)
    print(run.stdout if run.returncode == 0 else run.stderr)
    run.check_returncode()


hf("download", MODEL_ID, "config.json", "--revision", pinned)

# %%
hf("cache", "ls", "--filter", "type=model", "--sort", "size", "--limit", "5")

# %% [markdown]
# O que observar: `hf download` devolve a mesma pasta `snapshots/<sha>` que o `hf_hub_download`
# deu, porque o arquivo já estava no cache; `hf cache ls` lista os mesmos repositórios que o
# `scan_cache_dir()`, em outro formato (`--format json` dá uma saída fácil de ler por programas).

# %% [markdown]
# ## Resumo
#
# - Cada modelo, dataset ou Space é um repositório git `dono/nome` no Hub; os arquivos grandes
#   ficam fora do git (LFS ou Xet), com um ponteiro no lugar. Uma revisão é um branch, uma tag
#   ou um sha de commit.
# - `HfApi().list_models(search=..., pipeline_tag=..., filter=..., sort="downloads", limit=...)`
#   procura modelos; `model_info` (`sha`, `tags`, `siblings`, `card_data`), `list_repo_files`,
#   `list_repo_refs` e `list_repo_commits` inspecionam um repositório sem baixá-lo.
# - `hf_hub_download` baixa um arquivo; `snapshot_download(allow_patterns=...)` baixa o
#   repositório, ou só parte dele. Ambos usam o cache e devolvem caminhos dentro dele.
# - `revision="<sha>"` fixa exatamente os arquivos usados: o `main` anda, um commit não.
# - O cache (`~/.cache/huggingface/hub`) guarda cada arquivo uma vez; `scan_cache_dir()` e
#   `hf cache ls` mostram o que há nele, e `hf download` baixa pela linha de comando.
#
# ## Pratique
#
# 1. Procure modelos de `fill-mask` para português: `api.list_models(filter=["fill-mask", "pt"],
#    sort="downloads", limit=5)`. Qual é o primeiro? (Precisa do Hub: offline não há
#    modelos com a tag `pt`.)
# 2. Use `list_repo_files` em `google-bert/bert-base-uncased` e escreva o `allow_patterns` que
#    baixa só o necessário para carregar o modelo no PyTorch. Confira carregando-o com
#    `from_pretrained` a partir da pasta que o `snapshot_download` devolveu.
# 3. Faça um `snapshot_download` sem `allow_patterns` do mesmo modelo e rode de novo a célula do
#    `scan_cache_dir()`. O que mudou no número de arquivos e no tamanho do repositório?
