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
# # 4.3 · Compartilhando modelos pré-treinados
#
# **O que você vai aprender:**
#
# - como se autenticar no Hub (`hf auth login`, `notebook_login`, a variável `HF_TOKEN`) e
#   conferir quem você é com `whoami()`, sem nunca escrever um token no notebook;
# - três maneiras de enviar um modelo para o Hub:
#   1. pelo `Trainer`, com `push_to_hub=True` e `trainer.push_to_hub()`;
#   2. direto do modelo e do tokenizador, com `model.push_to_hub` e `tokenizer.push_to_hub`;
#   3. pela API do `huggingface_hub` (`HfApi`): `create_repo`, `upload_file`, `upload_folder`,
#      `create_commit` e `create_branch`, para controlar cada commit;
# - como carregar de volta o modelo enviado, pelo id e numa revisão fixa, e conferir que ele
#   prevê exatamente o mesmo que o modelo local;
# - o que mudou em relação ao caminho antigo pelo git, e como usar o git se você preferir.
#
# Na seção 4.1 lemos o Hub. Agora vamos escrever nele: tudo o que um notebook envia vira um
# commit num repositório seu, com um sha e um endereço, como os que aparecem nas saídas abaixo.

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
CHECKPOINT = "google-bert/bert-base-uncased"  # checkpoint pré-treinado que vamos ajustar e enviar
TRAIN_SIZE = 500  # int | None: quantos pares do MRPC usar no ajuste rápido (None: todos)
EPOCHS = 1  # épocas de treinamento
BATCH_SIZE = 8  # exemplos por lote
REPO_NAME = "bert-finetuned-mrpc"  # repositório enviado pelo Trainer (caminho 1)
REPO_PUSH_NAME = "bert-finetuned-mrpc-push"  # repositório enviado com model.push_to_hub (caminho 2)
REPO_API_NAME = "bert-finetuned-mrpc-api"  # repositório privado montado com a HfApi (caminho 3)
BRANCH = "experimento"  # branch criado no repositório do caminho 3
DELETE_REPOS = False  # apagar, no fim, os três repositórios criados por este notebook

# %%
from cursonlp import setup

course = setup(source=SOURCE, device=DEVICE)  # confere o ambiente e fixa as sementes aleatórias

# %%
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import torch
from datasets import load_dataset
from huggingface_hub import CommitOperationAdd, CommitOperationDelete, HfApi
from huggingface_hub.errors import HfHubHTTPError, LocalTokenNotFoundError
from transformers import (AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding,
                          Trainer, TrainingArguments, set_seed)

api = HfApi()
workdir = Path(tempfile.mkdtemp(prefix="curso-4-3-"))  # pasta temporária para o que o notebook grava


def hf(*args):
    """Roda `hf <args>` e mostra o que ele escreve; para com o erro se o comando falhar."""
    run = subprocess.run([sys.executable, "-m", "huggingface_hub.cli.hf", *args],
                         capture_output=True, text=True)
    print(run.stdout if run.returncode == 0 else run.stderr)
    run.check_returncode()


# %% [markdown]
# ## Autenticação
#
# Ler repositórios públicos não exige conta; **escrever** exige. O Hub reconhece você por um
# **token de acesso**, criado em [huggingface.co/settings/tokens](https://huggingface.co/settings/tokens).
# Para enviar modelos, o token precisa da permissão *write* (ou de um token *fine-grained* com
# escrita nos seus repositórios). Há três jeitos de entregá-lo às bibliotecas:
#
# - **num terminal**: `hf auth login` pede o token e o guarda em `~/.cache/huggingface/token`;
#   todas as bibliotecas passam a usá-lo (`hf auth whoami` confere, `hf auth logout` apaga);
# - **num notebook**: `from huggingface_hub import notebook_login; notebook_login()` mostra uma
#   caixa onde você cola o token. No Colab, você também pode guardá-lo nos *Secrets* (o ícone de
#   chave) com o nome `HF_TOKEN`, e ele é lido sem que apareça no notebook;
# - **pela variável de ambiente** `HF_TOKEN`, o jeito usual em servidores e em CI.
#
# Nunca escreva o token numa célula (`login(token="hf_...")`): quem receber o notebook recebe
# junto a sua senha de escrita no Hub. Se isso acontecer, revogue o token na página de tokens.
#
# A célula abaixo confere a autenticação. `whoami()` devolve o seu usuário e as suas
# organizações; sem token, ela falha, e trocamos o erro por uma mensagem que diz o que fazer.

# %%
try:
    me = api.whoami()
except (LocalTokenNotFoundError, HfHubHTTPError) as err:
    raise RuntimeError(
        "Você não está autenticado no Hub, e este notebook cria repositórios na sua conta. "
        "Crie um token com permissão de escrita em https://huggingface.co/settings/tokens e faça "
        "login: num terminal, `hf auth login`; aqui, `from huggingface_hub import notebook_login; "
        "notebook_login()`; ou defina a variável HF_TOKEN (no Colab, nos Secrets). Depois, rode "
        "esta célula de novo.") from None
user = me["name"]
print("usuário:", user)
print("organizações:", [org["name"] for org in me.get("orgs", [])])

# %%
hf("auth", "whoami")

# %% [markdown]
# > **Online × offline.** Online, `whoami()` devolve o seu usuário do Hub. Offline, o Hub local do
# > curso tem um único usuário, `aluno`, e o `setup` já deixou um token dele em `HF_TOKEN`; todos os
# > repositórios deste notebook são criados ali. O código é o mesmo: o nome do dono vem sempre de
# > `whoami()["name"]`, nunca escrito à mão.
#
# O que observar: a CLI `hf auth whoami` encontra o mesmo usuário que a função, porque as duas
# procuram o token nos mesmos lugares (a variável `HF_TOKEN` primeiro, depois o arquivo gravado
# pelo `hf auth login`).

# %% [markdown]
# ## Um modelo para enviar
#
# Precisamos de algo para compartilhar: um ajuste fino **bem curto** do BERT no MRPC, como na
# seção 3.2, só para ter pesos nossos. A qualidade não importa aqui; o assunto é o envio.

# %%
raw_datasets = load_dataset("nyu-mll/glue", "mrpc")
tokenizer = AutoTokenizer.from_pretrained(CHECKPOINT)


def tokenize_function(examples):
    return tokenizer(examples["sentence1"], examples["sentence2"], truncation=True)


train_dataset = raw_datasets["train"]
if TRAIN_SIZE is not None:
    train_dataset = train_dataset.shuffle(seed=42).select(range(TRAIN_SIZE))
train_dataset = train_dataset.map(tokenize_function, batched=True)
print(f"treinamento: {len(train_dataset)} pares")

set_seed(42)
model = AutoModelForSequenceClassification.from_pretrained(
    CHECKPOINT, num_labels=2, id2label={0: "not_equivalent", 1: "equivalent"},
    label2id={"not_equivalent": 0, "equivalent": 1})

# %% [markdown]
# Demos nomes aos rótulos (`id2label`): eles vão para o `config.json` enviado, e quem usar o
# modelo pelo `pipeline` verá `equivalent` em vez de `LABEL_1`.

# %% [markdown]
# ## Caminho 1: o `Trainer` envia
#
# Três argumentos do `TrainingArguments` ligam o envio:
#
# - `push_to_hub=True`: o `Trainer` cria o repositório (se ainda não existir) e passa a enviar
#   para ele;
# - `hub_model_id`: o id do repositório, `dono/nome`. Sem ele, o nome seria o da pasta de saída,
#   na sua conta; com um dono de organização (`minha-org/nome`), o repositório vai para ela;
# - `hub_private_repo=True`: cria o repositório privado; tornar público depois é um clique (ou
#   `api.update_repo_settings(repo_id, private=False)`).
#
# `hub_strategy` decide **quando** enviar: o padrão, `"every_save"`, envia a cada checkpoint
# salvo, em segundo plano; aqui não salvamos checkpoints (`save_strategy="no"`), então o envio
# acontece só quando chamarmos `trainer.push_to_hub()`. A pasta de saída fica numa pasta
# temporária: é dela que o `Trainer` envia os arquivos.

# %%
repo_trainer = f"{user}/{REPO_NAME}"
training_args = TrainingArguments(
    str(workdir / REPO_NAME),
    push_to_hub=True,
    hub_model_id=repo_trainer,
    hub_private_repo=True,
    save_strategy="no",
    num_train_epochs=EPOCHS,
    per_device_train_batch_size=BATCH_SIZE,
    use_cpu=course.device.type == "cpu",
    report_to="none",
    seed=42,
)
trainer = Trainer(model=model, args=training_args, train_dataset=train_dataset,
                  data_collator=DataCollatorWithPadding(tokenizer=tokenizer), processing_class=tokenizer)
trainer.train()

# %% [markdown]
# `trainer.push_to_hub` grava o modelo, o tokenizador (o `processing_class`), os argumentos de
# treinamento e um cartão do modelo (`README.md`, gerado pelo `trainer.create_model_card()`; veja a
# seção 4.4) na pasta de saída, e envia tudo num commit só. Ele devolve um `CommitInfo`, com o sha do
# commit (`oid`) e o seu endereço (`commit_url`).

# %%
commit = trainer.push_to_hub(commit_message="Ajuste fino rápido no MRPC")
print("commit:", commit.oid)
print("url:   ", commit.commit_url)
print(sorted(api.list_repo_files(repo_trainer)))

# %% [markdown]
# O que observar:
#
# - o endereço do commit é `<Hub>/<dono>/<nome>/commit/<sha>`; online, o Hub é
#   `https://huggingface.co`, offline é o endereço do Hub local (`127.0.0.1`);
# - o repositório tem os arquivos de `save_pretrained` do modelo (`config.json`,
#   `model.safetensors`) e do tokenizador, mais `training_args.bin` e o `README.md` que o
#   `Trainer` escreveu. Com eles, qualquer pessoa carrega o modelo com
#   `from_pretrained(repo_trainer)`.

# %% [markdown]
# ## Caminho 2: `push_to_hub` no modelo e no tokenizador
#
# Sem `Trainer` (num loop de treinamento seu, como o da seção 3.3, ou com um modelo que você só
# carregou e modificou), cada objeto do 🤗 Transformers tem o seu `push_to_hub(repo_id)`. Ele cria o
# repositório se preciso, grava os arquivos numa pasta temporária e os envia. Modelo e
# tokenizador são enviados **separadamente**, então cada um vira um commit.

# %%
repo_push = f"{user}/{REPO_PUSH_NAME}"
model_commit = trainer.model.push_to_hub(repo_push, private=True, commit_message="Pesos do modelo")
tokenizer_commit = tokenizer.push_to_hub(repo_push, private=True, commit_message="Tokenizador")
print("modelo:      ", model_commit.commit_url)
print("tokenizador: ", tokenizer_commit.commit_url)
for c in api.list_repo_commits(repo_push)[:3]:
    print(c.commit_id[:8], c.title)

# %% [markdown]
# O que observar: `list_repo_commits` lista do mais recente para o mais antigo, e os dois
# primeiros são os nossos dois envios, com as mensagens que demos (o repositório começa com um
# commit inicial, criado junto com ele). Se rodar a célula de novo sem mudar nada, o envio pode não
# criar commit novo: o `huggingface_hub` pula os arquivos que já estão iguais no Hub.

# %% [markdown]
# ## Caminho 3: a `HfApi`, commit a commit
#
# O `huggingface_hub` trabalha direto com a API HTTP do Hub, sem git na sua máquina. As funções
# principais:
#
# - `create_repo(repo_id, private=True, exist_ok=True)`: cria o repositório; com `exist_ok=True`,
#   rodar de novo não dá erro se ele já existe (o notebook pode ser repetido);
# - `upload_file(path_or_fileobj=..., path_in_repo=..., repo_id=...)`: envia **um** arquivo (de
#   um caminho ou de bytes em memória), num commit;
# - `upload_folder(folder_path=..., repo_id=...)`: envia uma pasta inteira, num commit; aceita
#   `allow_patterns`/`ignore_patterns`, como o `snapshot_download`;
# - `create_commit(repo_id, operations=[...])`: várias operações num commit só, cada uma um
#   `CommitOperationAdd` (adiciona ou substitui um arquivo) ou `CommitOperationDelete` (apaga);
# - `create_branch(repo_id, branch=..., revision=...)`: cria um branch a partir de um commit.
#
# Todas devolvem o resultado do envio; as que fazem commit devolvem um `CommitInfo`.

# %%
repo_api = f"{user}/{REPO_API_NAME}"
print(api.create_repo(repo_api, private=True, exist_ok=True))

draft = api.upload_file(path_or_fileobj=b"Rascunho: este arquivo sai no commit seguinte.\n",
                        path_in_repo="rascunho.txt", repo_id=repo_api, commit_message="Um rascunho")
print("upload_file:  ", draft.oid)

local_dir = workdir / "modelo-local"
trainer.model.save_pretrained(local_dir)
tokenizer.save_pretrained(local_dir)
folder_commit = api.upload_folder(folder_path=local_dir, repo_id=repo_api,
                                  commit_message="Modelo e tokenizador")
print("upload_folder:", folder_commit.oid)

# %% [markdown]
# Agora um commit com três operações: um `README.md` curto, um arquivo de exemplos e a remoção do
# rascunho. Elas entram juntas ou nenhuma entra: quem baixar o repositório nunca vê um estado pela
# metade.

# %%
examples = [{"sentence1": s1, "sentence2": s2}
            for s1, s2 in zip(raw_datasets["validation"][:2]["sentence1"], raw_datasets["validation"][:2]["sentence2"])]
readme = (f"# {REPO_API_NAME}\n\n`{CHECKPOINT}` com um ajuste fino rápido no MRPC, feito no curso. "
          "É um exemplo de envio, não um modelo para uso.\n")
operations = [
    CommitOperationAdd(path_in_repo="README.md", path_or_fileobj=readme.encode()),
    CommitOperationAdd(path_in_repo="exemplos.json", path_or_fileobj=json.dumps(examples, indent=1).encode()),
    CommitOperationDelete(path_in_repo="rascunho.txt"),
]
multi = api.create_commit(repo_api, operations=operations, commit_message="README, exemplos e sem rascunho")
print(multi.commit_url)
print(sorted(api.list_repo_files(repo_api)))

# %% [markdown]
# Por fim, um branch que aponta para o commit do `upload_folder`, o primeiro com o modelo. Branches
# servem para experimentos que não devem mexer no `main`: o `main` continua sendo o que as
# pessoas baixam por padrão. Se o branch já existe (de uma execução anterior), o apagamos antes,
# para que ele aponte para o commit desta execução.

# %%
if BRANCH in [b.name for b in api.list_repo_refs(repo_api).branches]:
    api.delete_branch(repo_api, branch=BRANCH)
api.create_branch(repo_api, branch=BRANCH, revision=folder_commit.oid)
for b in api.list_repo_refs(repo_api).branches:
    print(f"{b.name:12} -> {b.target_commit}")
for c in api.list_repo_commits(repo_api)[:4]:
    print(c.commit_id[:8], c.title)

# %% [markdown]
# O que observar:
#
# - o histórico tem um commit por chamada: o rascunho, a pasta e o commit múltiplo; o
#   `rascunho.txt` existiu por um commit e sumiu no seguinte, mas continua no histórico;
# - o branch `experimento` aponta para o sha do `upload_folder`, e o `main` para o commit
#   mais recente.

# %% [markdown]
# ## Carregando de volta
#
# A prova de que o envio deu certo: carregar o modelo pelo id do repositório e comparar com o
# modelo local. Carregamos três vezes: pelo `main`, pelo sha do commit (`revision=<sha>`, que
# nunca muda) e pelo branch (`revision="experimento"`). Os logits para um par de frases devem ser
# iguais aos do modelo que acabamos de treinar.

# %%
pair = raw_datasets["validation"][0]
inputs = tokenizer(pair["sentence1"], pair["sentence2"], return_tensors="pt")
local_model = trainer.model.to("cpu").eval()
with torch.no_grad():
    local_logits = local_model(**inputs).logits

for revision in ["main", folder_commit.oid, BRANCH]:
    remote = AutoModelForSequenceClassification.from_pretrained(repo_api, revision=revision).eval()
    with torch.no_grad():
        logits = remote(**inputs).logits
    label = remote.config.id2label[logits.argmax(-1).item()]
    print(f"{revision[:12]:12}  previsão: {label:15}  igual ao modelo local: "
          f"{torch.allclose(logits, local_logits, atol=1e-6)}")

# %% [markdown]
# O que observar:
#
# - as três revisões dão `True`: os pesos que voltaram do Hub são exatamente os que enviamos. O
#   commit múltiplo não mexeu nos pesos, por isso o `main` e o branch têm o mesmo modelo;
# - a previsão vem com o nome que demos ao rótulo, lido do `config.json` do repositório. Com
#   um ajuste tão curto, o rótulo em si não quer dizer muito;
# - quem usar o seu modelo num experimento deve fazer como aqui: `revision=<sha>`.

# %% [markdown]
# ## E o git?
#
# Nas versões antigas do `huggingface_hub`, havia a classe `Repository`, que clonava o repositório
# com git na sua máquina e enviava com `git push`. Ela **não existe mais** no `huggingface_hub` 1.x:
# as funções acima (`upload_file`, `upload_folder`, `create_commit`) fazem o mesmo pela API HTTP,
# sem clone, sem git instalado e sem baixar os arquivos grandes que já estão lá. Os `push_to_hub`
# do 🤗 Transformers usam essas funções por baixo.
#
# O repositório continua sendo git, então quem prefere o git pode usá-lo num terminal. O
# `git lfs install` (uma vez por máquina) liga o suporte a arquivos grandes; na hora de enviar, o
# git pede usuário e senha, e a senha é o token:
#
# ```bash
# git lfs install
# git clone https://huggingface.co/<seu-usuario>/bert-finetuned-mrpc
# cd bert-finetuned-mrpc
# cp /caminho/do/modelo/* .            # os arquivos do save_pretrained
# git add . && git commit -m "Novos pesos"
# git push
# ```
#
# Para arquivos grandes, o Hub guarda o conteúdo no Xet; o `hf` e o `huggingface_hub` já sabem
# enviar para ele, e no git é preciso instalar também a extensão `git-xet`. Por isso, fora de casos
# especiais, a API é o caminho mais simples.

# %% [markdown]
# ## Limpeza
#
# Os repositórios criados aqui são privados e ficam na sua conta. Para apagá-los, ponha
# `DELETE_REPOS = True` na célula de parâmetros e rode o notebook (ou só esta célula). Apagar um
# repositório não tem volta. A pasta temporária com os arquivos locais é apagada sempre.

# %%
if DELETE_REPOS:
    for repo_id in [repo_trainer, repo_push, repo_api]:
        api.delete_repo(repo_id, missing_ok=True)
        print("apagado:", repo_id)
else:
    print("repositórios mantidos:", repo_trainer, repo_push, repo_api)
shutil.rmtree(workdir, ignore_errors=True)

# %% [markdown]
# ## Resumo
#
# - Para escrever no Hub é preciso um token com permissão de escrita: `hf auth login` num
#   terminal, `notebook_login()` num notebook ou a variável `HF_TOKEN`. `whoami()` diz quem você
#   é; o dono dos repositórios vem de `whoami()["name"]`. Nunca escreva o token no código.
# - `TrainingArguments(push_to_hub=True, hub_model_id="dono/nome")` e `trainer.push_to_hub()`
#   enviam modelo, tokenizador e cartão num commit, e devolvem um `CommitInfo` (`oid`, `commit_url`).
# - `model.push_to_hub(repo_id)` e `tokenizer.push_to_hub(repo_id)` enviam cada um o seu commit;
#   `list_repo_commits` mostra o histórico.
# - A `HfApi` controla cada commit: `create_repo(private=True, exist_ok=True)`, `upload_file`,
#   `upload_folder`, `create_commit` com `CommitOperationAdd`/`CommitOperationDelete` e
#   `create_branch`.
# - `from_pretrained(repo_id, revision=<sha ou branch>)` carrega exatamente o que foi enviado.
# - A classe `Repository` não existe mais; quem prefere git usa `git lfs install`, `git clone` e
#   `git push` no terminal.
#
# ## Pratique
#
# 1. Crie uma tag `v1.0` no commit do `upload_folder` com `api.create_tag(repo_api, tag="v1.0",
#    revision=folder_commit.oid)` e carregue o modelo com `revision="v1.0"`. Confira com
#    `list_repo_refs`.
# 2. Envie só o `config.json` com `upload_folder(..., allow_patterns=["*.json"])` para um branch
#    novo (`revision=` no `upload_folder`, depois de criar o branch). O `main` mudou?
# 3. Treine mais uma época e envie de novo pelo `Trainer`. Carregue o modelo pelo sha do primeiro
#    commit e pelo `main` e compare os logits: qual revisão dá os pesos antigos?
