"""Ajuste fino no MRPC com 🤗 Accelerate: o loop da seção 3.3 num script que roda em qualquer configuração.

O script vem com o pacote do curso (`cursonlp`), então roda de qualquer pasta — no Colab também —
com `accelerate launch -m cursonlp.treino_accelerate`. Um processo (CPU ou GPU):
    accelerate launch -m cursonlp.treino_accelerate --train_size 200 --epochs 1
Dois processos na CPU (treino distribuído, cada processo vê metade dos lotes; `--cpu` sozinho
rodaria um processo só):
    ACCELERATE_USE_CPU=true accelerate launch --multi_gpu --num_processes 2 -m cursonlp.treino_accelerate --train_size 200 --epochs 1
Várias GPUs com precisão mista:
    accelerate launch --num_processes 4 --mixed_precision bf16 -m cursonlp.treino_accelerate

No fim, o processo principal grava o modelo, o tokenizador e `metricas.json` em --output_dir
(um caminho relativo vale a partir da pasta atual).
"""
import argparse
import json
from pathlib import Path

import evaluate
import torch
from accelerate import Accelerator
from accelerate.utils import set_seed
from datasets import load_dataset
from torch.utils.data import DataLoader
from tqdm.auto import tqdm
from transformers import (AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding,
                          get_scheduler)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="google-bert/bert-base-uncased",
                        help="id do checkpoint no Hub ou pasta local (save_pretrained)")
    parser.add_argument("--dataset", default="nyu-mll/glue", help="id do dataset GLUE no Hub ou pasta local")
    parser.add_argument("--metric", default="glue", help="id da métrica GLUE no Hub ou pasta local")
    parser.add_argument("--train_size", type=int, default=None, help="pares de treino (padrão: todos)")
    parser.add_argument("--eval_size", type=int, default=None, help="pares de validação (padrão: todos)")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch_size", type=int, default=8, help="exemplos por lote, em cada processo")
    parser.add_argument("--learning_rate", type=float, default=5e-5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--output_dir", default="saidas/modelo-accelerate")
    return parser.parse_args(argv)


def load_data(args, tokenizer, accelerator):
    raw = load_dataset(args.dataset, "mrpc")
    train, validation = raw["train"], raw["validation"]
    if args.train_size is not None:
        train = train.shuffle(seed=args.seed).select(range(args.train_size))
    if args.eval_size is not None:
        validation = validation.select(range(args.eval_size))

    def tokenize(examples):
        return tokenizer(examples["sentence1"], examples["sentence2"], truncation=True)

    with accelerator.main_process_first():  # o principal tokeniza e grava o cache; os outros o reaproveitam
        splits = [split.map(tokenize, batched=True, remove_columns=["sentence1", "sentence2", "idx"])
                  .rename_column("label", "labels") for split in (train, validation)]
    return splits, raw["train"].features["label"].names


def main(argv=None):
    args = parse_args(argv)
    accelerator = Accelerator()  # lê processos, dispositivo e precisão mista do `accelerate launch`
    set_seed(args.seed)

    tokenizer = AutoTokenizer.from_pretrained(args.model)
    (train, validation), names = load_data(args, tokenizer, accelerator)
    collator = DataCollatorWithPadding(tokenizer=tokenizer)
    train_dataloader = DataLoader(train, shuffle=True, batch_size=args.batch_size, collate_fn=collator)
    eval_dataloader = DataLoader(validation, batch_size=args.batch_size, collate_fn=collator)

    model = AutoModelForSequenceClassification.from_pretrained(
        args.model, num_labels=len(names), id2label=dict(enumerate(names)),
        label2id={name: i for i, name in enumerate(names)})
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.learning_rate)
    train_dataloader, eval_dataloader, model, optimizer = accelerator.prepare(
        train_dataloader, eval_dataloader, model, optimizer)
    num_training_steps = args.epochs * len(train_dataloader)  # depois do prepare: lotes por processo
    lr_scheduler = get_scheduler("linear", optimizer=optimizer, num_warmup_steps=0,
                                 num_training_steps=num_training_steps)

    progress_bar = tqdm(range(num_training_steps), disable=not accelerator.is_local_main_process)
    samples_seen, last_loss = 0, float("nan")
    model.train()
    for _ in range(args.epochs):
        for batch in train_dataloader:
            loss = model(**batch).loss
            accelerator.backward(loss)
            optimizer.step()
            lr_scheduler.step()
            optimizer.zero_grad()
            samples_seen += len(batch["labels"])
            last_loss = loss.item()
            progress_bar.update(1)

    metric = evaluate.load(args.metric, "mrpc")
    model.eval()
    for batch in eval_dataloader:
        with torch.no_grad():
            logits = model(**batch).logits
        predictions, references = accelerator.gather_for_metrics((logits.argmax(dim=-1), batch["labels"]))
        metric.add_batch(predictions=predictions, references=references)
    scores = metric.compute()  # cada processo recebeu todas as previsões reunidas

    per_process = accelerator.gather(torch.tensor([samples_seen], device=accelerator.device)).tolist()
    accelerator.wait_for_everyone()
    if accelerator.is_main_process:
        out = Path(args.output_dir)
        accelerator.unwrap_model(model).save_pretrained(out)
        tokenizer.save_pretrained(out)
        report = {"num_processes": accelerator.num_processes, "samples_per_process": per_process,
                  "device": str(accelerator.device), "mixed_precision": accelerator.mixed_precision,
                  "train_size": len(train), "eval_size": len(validation), "epochs": args.epochs,
                  "last_train_loss": last_loss, **scores}
        (out / "metricas.json").write_text(json.dumps(report, indent=1))
        print(json.dumps(report))
    accelerator.end_training()


if __name__ == "__main__":
    main()
