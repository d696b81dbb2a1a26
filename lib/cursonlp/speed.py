"""Training throughput, `make bench-train`: the chapter-3 loop, padding to a fixed
length, and a faster recipe built one change at a time, each kept only when measured faster.

    python -m cursonlp.speed --source minihub --device cpu --train-size 256

The Hugging Face libraries are imported inside the functions: `setup(source="minihub")` must run
before they are first imported (they read HF_ENDPOINT then), and `main` calls it first.
"""
from __future__ import annotations

import argparse
import contextlib
import dataclasses
import math
import time
from dataclasses import dataclass

import torch

CHECKPOINT = "google-bert/bert-base-uncased"
KEEP_THRESHOLD = 1.10  # a change is kept only if at least 10% faster than the recipe so far
PADDINGS = ("dynamic", "fixed")
ATTENTIONS = ("sdpa", "eager")


@dataclass(frozen=True)
class Recipe:
    """How to train; the defaults are chapter 3's loop (section 3.3)."""
    padding: str = "dynamic"  # "dynamic" (each batch to its longest) or "fixed" (all to fixed_length)
    fixed_length: int = 128  # the length of every example when padding="fixed"
    group_by_length: bool = False  # batches of similar lengths, as TrainingArguments(group_by_length=True)
    batch_size: int = 8  # examples per forward/backward (micro-batch)
    accumulation: int = 1  # micro-batches whose gradients are summed before each optimizer step
    bf16: bool = False  # bfloat16 autocast in the forward pass and the loss
    attention: str = "sdpa"  # attn_implementation: "sdpa" (the default) or "eager"
    compile: bool = False  # torch.compile the model
    workers: int = 0  # DataLoader worker processes

    def __post_init__(self):
        if self.padding not in PADDINGS:
            raise ValueError(f"padding must be one of {PADDINGS}, got {self.padding!r}")
        if self.attention not in ATTENTIONS:
            raise ValueError(f"attention must be one of {ATTENTIONS}, got {self.attention!r}")
        for name in ("fixed_length", "batch_size", "accumulation"):
            if not (isinstance(getattr(self, name), int) and getattr(self, name) >= 1):
                raise ValueError(f"{name} must be a positive integer, got {getattr(self, name)!r}")
        if not (isinstance(self.workers, int) and self.workers >= 0):
            raise ValueError(f"workers must be an integer >= 0, got {self.workers!r}")

    @property
    def effective_batch(self) -> int:
        return self.batch_size * self.accumulation


def load_mrpc(tokenizer, train_size: int | None = None, seed: int = 42):
    """MRPC tokenized as in section 3.3 (columns input_ids, token_type_ids, attention_mask, labels,
    torch format): the `train_size` first pairs of the shuffled train split, and the validation split."""
    from datasets import load_dataset

    raw = load_dataset("nyu-mll/glue", "mrpc")
    if train_size is not None and not 1 <= train_size <= len(raw["train"]):
        raise ValueError(f"train_size must be between 1 and {len(raw['train'])}, got {train_size}")
    tokenized = raw.map(lambda b: tokenizer(b["sentence1"], b["sentence2"], truncation=True), batched=True)
    tokenized = tokenized.remove_columns(["sentence1", "sentence2", "idx"]).rename_column("label", "labels")
    tokenized.set_format("torch")
    train = tokenized["train"]
    if train_size is not None:
        train = train.shuffle(seed=seed).select(range(train_size))
    return train, tokenized["validation"]


def make_loader(dataset, tokenizer, recipe: Recipe, *, seed: int = 42, device=torch.device("cpu")):
    """The shuffled training DataLoader of `recipe` over a tokenized dataset."""
    from torch.utils.data import DataLoader, RandomSampler
    from transformers import DataCollatorWithPadding
    from transformers.trainer_pt_utils import LengthGroupedSampler

    lengths = [len(ids) for ids in dataset["input_ids"]]
    if recipe.padding == "fixed":
        if max(lengths) > recipe.fixed_length:
            raise ValueError(f"fixed_length={recipe.fixed_length} is shorter than the longest example "
                             f"({max(lengths)} tokens); raise fixed_length")
        collator = DataCollatorWithPadding(tokenizer, padding="max_length", max_length=recipe.fixed_length)
    else:
        collator = DataCollatorWithPadding(tokenizer)
    generator = torch.Generator().manual_seed(seed)
    if recipe.group_by_length:
        sampler = LengthGroupedSampler(recipe.batch_size, lengths=lengths, generator=generator)
    else:
        sampler = RandomSampler(dataset, generator=generator)
    return DataLoader(dataset, batch_size=recipe.batch_size, sampler=sampler, collate_fn=collator,
                      num_workers=recipe.workers, persistent_workers=recipe.workers > 0,
                      pin_memory=device.type == "cuda")


def load_model(recipe: Recipe, device, *, checkpoint: str = CHECKPOINT, seed: int = 42):
    from transformers import AutoModelForSequenceClassification, set_seed

    set_seed(seed)
    model = AutoModelForSequenceClassification.from_pretrained(
        checkpoint, num_labels=2, attn_implementation=recipe.attention).to(device)
    return torch.compile(model, dynamic=True) if recipe.compile else model


def autocast(recipe: Recipe, device):
    return torch.autocast(device.type, dtype=torch.bfloat16) if recipe.bf16 else contextlib.nullcontext()


def optimizer_and_scheduler(model, recipe: Recipe, loader, epochs: int, learning_rate: float):
    """AdamW and a linear decay to zero over `epochs` passes, as in section 3.3."""
    from transformers import get_scheduler

    optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate)
    steps = epochs * math.ceil(len(loader) / recipe.accumulation)
    return optimizer, get_scheduler("linear", optimizer=optimizer, num_warmup_steps=0, num_training_steps=steps)


def train_epoch(model, loader, optimizer, lr_scheduler, recipe: Recipe, device, max_steps: int | None = None) -> int:
    """One pass over `loader` (or its first `max_steps` optimizer steps); returns the examples seen.
    The loss is divided by `accumulation` so that the summed gradients are those of the mean."""
    model.train()
    samples = steps = 0
    for i, batch in enumerate(loader, start=1):
        batch = {k: v.to(device, non_blocking=True) for k, v in batch.items()}
        with autocast(recipe, device):
            loss = model(**batch).loss / recipe.accumulation
        loss.backward()
        samples += len(batch["labels"])
        if i % recipe.accumulation == 0 or i == len(loader):
            optimizer.step()
            lr_scheduler.step()
            optimizer.zero_grad()
            steps += 1
            if steps == max_steps:
                break
    return samples


def synchronize(device) -> None:
    """Wait for the GPU: its work is asynchronous, and a clock read too early measures nothing."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def throughput(dataset, tokenizer, recipe: Recipe, device, *, warmup_steps: int = 3, seed: int = 42,
               checkpoint: str = CHECKPOINT) -> float:
    """Training examples per second over one pass of `dataset`, after `warmup_steps` optimizer
    steps that are not timed (first calls, memory allocation, compilation, worker start)."""
    model = load_model(recipe, device, checkpoint=checkpoint, seed=seed)
    loader = make_loader(dataset, tokenizer, recipe, seed=seed, device=device)
    optimizer, lr_scheduler = optimizer_and_scheduler(model, recipe, loader, epochs=2, learning_rate=5e-5)
    train_epoch(model, loader, optimizer, lr_scheduler, recipe, device, max_steps=warmup_steps)
    synchronize(device)
    start = time.perf_counter()
    samples = train_epoch(model, loader, optimizer, lr_scheduler, recipe, device)
    synchronize(device)
    return samples / (time.perf_counter() - start)


def bf16_supported(device) -> bool:
    """bf16 autocast runs on every CPU (fast only on those with AVX-512 BF16 or AMX; the measure
    decides) but only on the GPUs that have bf16 (Ampere and newer)."""
    return device.type == "cpu" or torch.cuda.is_bf16_supported()


def default_changes(device, baseline: Recipe = Recipe(), batch_size: int = 32, workers: int = 2) -> dict[str, dict]:
    """The changes tried, in order, on top of the chapter-3 loop; label -> Recipe fields."""
    if batch_size % baseline.batch_size:
        raise ValueError(f"batch_size={batch_size} must be a multiple of the baseline's {baseline.batch_size}")
    steps = batch_size // baseline.batch_size
    changes = {
        "agrupar por comprimento": {"group_by_length": True},
        f"lote efetivo {batch_size} ({steps} × {baseline.batch_size}, acumulação)": {"accumulation": steps},
        f"micro-lotes de {batch_size}, sem acumulação": {"batch_size": batch_size, "accumulation": 1},
    }
    if bf16_supported(device):
        changes["bf16 (autocast)"] = {"bf16": True}
    changes["atenção eager em vez de SDPA"] = {"attention": "eager"}
    changes["torch.compile"] = {"compile": True}
    changes[f"DataLoader com {workers} workers"] = {"workers": workers}
    return changes


def build_recipe(measure, baseline: Recipe, changes: dict[str, dict], threshold: float = KEEP_THRESHOLD):
    """Apply each change on top of the recipe so far and keep it only if `measure` (Recipe ->
    examples/s) finds it `threshold` times faster. Returns (rows for a table, final recipe)."""
    if threshold < 1:
        raise ValueError(f"threshold must be >= 1 (a change must not be slower to be kept), got {threshold}")
    recipe, speed = baseline, measure(baseline)
    rows = [{"passo": "loop do capítulo 3", "amostras/s": speed, "vs. anterior": 1.0, "mantido": True}]
    for label, change in changes.items():
        candidate = dataclasses.replace(recipe, **change)
        candidate_speed = measure(candidate)
        kept = candidate_speed >= threshold * speed
        rows.append({"passo": label, "amostras/s": candidate_speed, "vs. anterior": candidate_speed / speed,
                     "mantido": kept})
        if kept:
            recipe, speed = candidate, candidate_speed
    for row in rows:
        row["vs. capítulo 3"] = row["amostras/s"] / rows[0]["amostras/s"]
    return rows, recipe


def accuracy(model, dataset, tokenizer, recipe: Recipe, device, batch_size: int = 64) -> float:
    from torch.utils.data import DataLoader
    from transformers import DataCollatorWithPadding

    loader = DataLoader(dataset, batch_size=batch_size, collate_fn=DataCollatorWithPadding(tokenizer))
    model.eval()
    correct = 0
    with torch.no_grad():
        for batch in loader:
            batch = {k: v.to(device) for k, v in batch.items()}
            with autocast(recipe, device):
                logits = model(**batch).logits
            correct += (logits.argmax(dim=-1) == batch["labels"]).sum().item()
    return correct / len(dataset)


def train_and_evaluate(train_dataset, eval_dataset, tokenizer, recipe: Recipe, device, *, epochs: int,
                       learning_rate: float, seed: int = 42, checkpoint: str = CHECKPOINT) -> dict:
    """Train `epochs` full epochs with `recipe`; the validation accuracy and the training seconds."""
    model = load_model(recipe, device, checkpoint=checkpoint, seed=seed)
    loader = make_loader(train_dataset, tokenizer, recipe, seed=seed, device=device)
    optimizer, lr_scheduler = optimizer_and_scheduler(model, recipe, loader, epochs, learning_rate)
    synchronize(device)
    start = time.perf_counter()
    for _ in range(epochs):
        train_epoch(model, loader, optimizer, lr_scheduler, recipe, device)
    synchronize(device)
    seconds = time.perf_counter() - start
    return {"acurácia": accuracy(model, eval_dataset, tokenizer, recipe, device), "segundos": seconds}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m cursonlp.speed", description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", choices=("hub", "minihub"), default="minihub",
                        help="where the model and MRPC come from (default: minihub, offline)")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    parser.add_argument("--train-size", type=int, default=256, help="training pairs timed per measurement")
    parser.add_argument("--batch-size", type=int, default=32, help="the larger batch the recipe tries")
    parser.add_argument("--threshold", type=float, default=KEEP_THRESHOLD, help="speed-up needed to keep a change")
    parser.add_argument("--epochs", type=int, default=0,
                        help="if > 0, also train chapter 3's loop and the recipe this many epochs and compare accuracy")
    parser.add_argument("--learning-rate", type=float, default=5e-5)
    args = parser.parse_args(argv)

    from . import setup

    course = setup(source=args.source, device=args.device)
    import pandas as pd
    from transformers import AutoTokenizer, logging

    logging.set_verbosity_error()
    tokenizer = AutoTokenizer.from_pretrained(CHECKPOINT)
    train, validation = load_mrpc(tokenizer, args.train_size)

    def measure(recipe):
        value = throughput(train, tokenizer, recipe, course.device)
        changed = {f.name: getattr(recipe, f.name) for f in dataclasses.fields(recipe)
                   if getattr(recipe, f.name) != getattr(baseline, f.name)}
        print(f"{value:8.1f} examples/s  {changed or 'baseline'}", flush=True)
        return value

    baseline = Recipe()
    fixed = measure(dataclasses.replace(baseline, padding="fixed"))
    rows, recipe = build_recipe(measure, baseline, default_changes(course.device, baseline, args.batch_size),
                                args.threshold)
    rows.insert(1, {"passo": f"padding fixo ({baseline.fixed_length})", "amostras/s": fixed,
                    "vs. anterior": float("nan"), "mantido": False, "vs. capítulo 3": fixed / rows[0]["amostras/s"]})
    print(f"device: {course.device}, {len(train)} training pairs, threshold {args.threshold:.2f}")
    print(pd.DataFrame(rows).round(2).to_string(index=False))
    print(f"recipe: {recipe}")
    if args.epochs > 0:
        results = {name: train_and_evaluate(train, validation, tokenizer, r, course.device, epochs=args.epochs,
                                            learning_rate=args.learning_rate)
                   for name, r in (("capítulo 3", baseline), ("receita", recipe))}
        std = math.sqrt(0.25 / len(validation))  # the binomial std of an accuracy, at its largest (p = 0.5)
        print(pd.DataFrame(results).T.round(3).to_string())
        print(f"accuracy noise: ± {std:.3f} (one binomial std on {len(validation)} validation pairs)")


if __name__ == "__main__":
    main()
