"""cursonlp.speed (make bench-train): what each recipe does, checked without timing."""
import dataclasses

import pytest
import torch
from datasets import Dataset
from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

from cursonlp import minihub, speed

BATCH = 4


@pytest.fixture(scope="module")
def tokenizer():
    return AutoTokenizer.from_pretrained(minihub.resolve("google-bert/bert-base-uncased"))


def pairs(tokenizer, size):
    """`size` sentence pairs of 1 to 40 words each (4 to 83 tokens), in a scrambled order."""
    words = [(7 * i) % 40 + 1 for i in range(size)]
    data = Dataset.from_dict({**tokenizer(["word " * n for n in words], ["other " * n for n in words]),
                              "labels": [n % 2 for n in words]})
    data.set_format("torch")
    return data


@pytest.fixture(scope="module")
def dataset(tokenizer):
    return pairs(tokenizer, 40)


@pytest.fixture(scope="module")
def tiny_checkpoint(tmp_path_factory, tokenizer):
    path = tmp_path_factory.mktemp("tiny-bert")
    config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=16, num_hidden_layers=1,
                        num_attention_heads=2, intermediate_size=32, num_labels=2)
    torch.manual_seed(0)
    BertForSequenceClassification(config).save_pretrained(path)
    return str(path)


def batches(dataset, tokenizer, **fields):
    return list(speed.make_loader(dataset, tokenizer, speed.Recipe(batch_size=BATCH, **fields)))


def test_fixed_padding_pads_every_batch_to_the_fixed_length(dataset, tokenizer):
    for batch in batches(dataset, tokenizer, padding="fixed", fixed_length=96):
        assert batch["input_ids"].shape[1] == 96
    assert len(batches(dataset, tokenizer, padding="fixed", fixed_length=96)) == 10


def test_dynamic_padding_pads_each_batch_to_its_longest(dataset, tokenizer):
    for batch in batches(dataset, tokenizer):
        assert batch["input_ids"].shape[1] == batch["attention_mask"].sum(dim=1).max()


def test_fixed_length_shorter_than_an_example_is_refused(dataset, tokenizer):
    with pytest.raises(ValueError, match="raise fixed_length"):
        batches(dataset, tokenizer, padding="fixed", fixed_length=32)


def padding_share(loader_batches):
    return sum((b["attention_mask"] == 0).sum().item() for b in loader_batches) / \
        sum(b["attention_mask"].numel() for b in loader_batches)


def test_group_by_length_batches_have_similar_lengths(tokenizer):
    """400 pairs: LengthGroupedSampler sorts mega-batches of 25 batches by length (the longest
    example goes first, so that an out-of-memory error comes early)."""
    data = pairs(tokenizer, 400)
    grouped, shuffled = batches(data, tokenizer, group_by_length=True), batches(data, tokenizer)
    spreads = [(b["attention_mask"].sum(dim=1).max() - b["attention_mask"].sum(dim=1).min()).item()
               for b in grouped]
    assert sorted(spreads)[len(spreads) // 2] <= 4, spreads  # random batches of 4: ~40 tokens apart
    assert grouped[0]["input_ids"].shape[1] == max(len(ids) for ids in data["input_ids"])
    assert padding_share(grouped) < 0.25 * padding_share(shuffled)
    assert sorted(i for b in grouped for i in b["labels"].tolist()) == sorted(int(x) for x in data["labels"])


def test_loaders_are_deterministic_for_a_seed(dataset, tokenizer):
    first, second = (batches(dataset, tokenizer, group_by_length=True) for _ in range(2))
    assert all(torch.equal(a["input_ids"], b["input_ids"]) for a, b in zip(first, second))


class CountingAdamW(torch.optim.AdamW):
    calls = 0

    def step(self, closure=None):
        CountingAdamW.calls += 1
        return super().step(closure)


@pytest.mark.parametrize("accumulation, expected_steps", [(1, 10), (3, 4), (5, 2)])
def test_accumulation_steps_the_optimizer_every_n_micro_batches(dataset, tokenizer, tiny_checkpoint,
                                                                accumulation, expected_steps):
    recipe = speed.Recipe(batch_size=BATCH, accumulation=accumulation)
    model = speed.load_model(recipe, torch.device("cpu"), checkpoint=tiny_checkpoint)
    loader = speed.make_loader(dataset, tokenizer, recipe)  # 10 micro-batches
    optimizer = CountingAdamW(model.parameters(), lr=1e-3)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: 1.0)
    CountingAdamW.calls = 0
    before = [p.detach().clone() for p in model.parameters()]
    seen = speed.train_epoch(model, loader, optimizer, scheduler, recipe, torch.device("cpu"))
    assert seen == len(dataset) and CountingAdamW.calls == expected_steps  # the last group may be partial
    assert scheduler.last_epoch == expected_steps
    assert any(not torch.equal(a, b) for a, b in zip(before, model.parameters()))


def test_accumulated_gradient_is_the_gradient_of_the_big_batch(dataset, tokenizer, tiny_checkpoint):
    """4 micro-batches of 4 with the loss divided by 4 give the gradient of one batch of 16."""
    small = speed.Recipe(batch_size=4, accumulation=4)
    model = speed.load_model(small, torch.device("cpu"), checkpoint=tiny_checkpoint)
    model.eval()  # no dropout, so both ways see the same function
    data = Dataset.from_dict({k: [dataset[0][k].tolist()] * 16 for k in dataset.column_names})
    data.set_format("torch")
    for batch in speed.make_loader(data, tokenizer, small):
        (model(**batch).loss / small.accumulation).backward()
    accumulated = [p.grad.clone() for p in model.parameters()]
    model.zero_grad()
    big = next(iter(speed.make_loader(data, tokenizer, speed.Recipe(batch_size=16))))
    model(**big).loss.backward()
    for a, b in zip(accumulated, (p.grad for p in model.parameters())):
        torch.testing.assert_close(a, b, rtol=1e-4, atol=1e-6)


def test_throughput_trains_on_the_whole_dataset(dataset, tokenizer, tiny_checkpoint):
    recipe = speed.Recipe(batch_size=BATCH, group_by_length=True, bf16=True, attention="eager")
    assert speed.throughput(dataset, tokenizer, recipe, torch.device("cpu"), checkpoint=tiny_checkpoint) > 0


def fake_measure(speeds):
    """examples/s as a function of the recipe's fields: base 10, times each field's factor."""
    def measure(recipe):
        value = 10.0
        for field, factor in speeds.items():
            if getattr(recipe, field) != getattr(speed.Recipe(), field):
                value *= factor
        return value
    return measure


def test_build_recipe_keeps_only_changes_above_the_threshold():
    measure = fake_measure({"group_by_length": 1.5, "bf16": 1.05, "attention": 0.8, "workers": 1.2})
    changes = {"group": {"group_by_length": True}, "bf16": {"bf16": True},
               "eager": {"attention": "eager"}, "workers": {"workers": 2}}
    rows, recipe = speed.build_recipe(measure, speed.Recipe(), changes, threshold=1.1)
    assert recipe == speed.Recipe(group_by_length=True, workers=2)
    assert [row["mantido"] for row in rows] == [True, True, False, False, True]
    assert [round(row["vs. anterior"], 2) for row in rows] == [1.0, 1.5, 1.05, 0.8, 1.2]
    assert rows[-1]["vs. capítulo 3"] == pytest.approx(1.5 * 1.2)
    # the same 5% gain is kept under a lower threshold
    assert speed.build_recipe(measure, speed.Recipe(), changes, threshold=1.04)[1].bf16


def test_default_changes_follow_the_baseline_and_the_device():
    changes = speed.default_changes(torch.device("cpu"), speed.Recipe(batch_size=8), batch_size=32)
    assert {"accumulation": 4} in changes.values() and {"batch_size": 32, "accumulation": 1} in changes.values()
    assert {"bf16": True} in changes.values()
    with pytest.raises(ValueError, match="multiple"):
        speed.default_changes(torch.device("cpu"), speed.Recipe(batch_size=8), batch_size=20)


@pytest.mark.parametrize("fields, message", [
    ({"padding": "max"}, "padding must be one of"),
    ({"attention": "flash"}, "attention must be one of"),
    ({"batch_size": 0}, "batch_size must be a positive integer"),
    ({"accumulation": 1.5}, "accumulation must be a positive integer"),
    ({"workers": -1}, "workers must be an integer >= 0"),
])
def test_bad_recipe_gives_a_clear_error(fields, message):
    with pytest.raises(ValueError, match=message):
        speed.Recipe(**fields)
    with pytest.raises(ValueError, match=message):
        dataclasses.replace(speed.Recipe(), **fields)


def test_threshold_below_one_is_refused():
    with pytest.raises(ValueError, match="threshold must be >= 1"):
        speed.build_recipe(lambda r: 1.0, speed.Recipe(), {}, threshold=0.9)
