#!/usr/bin/python3
"""Writes the PyTorch parity fixtures of dl4m's categorical model (tests/Dl4m.Tests/Nn/CategoricalParityTests.cs).

Regenerate (from the repository root, with Debian's python3-torch 1.13):

    /usr/bin/python3 tools/make_categorical_fixture.py

It rewrites tests/Dl4m.Tests/Fixtures/torch/categorical_*.json; commit them together with this script.
Deterministic for a given torch version (fixed seeds, float64 reference arithmetic).

Each fixture is a small categorical model, LSTM -> Dense logits, trained for three Adam steps on one batch of
one-hot input rows (dl4m's CategoricalEncoding layout: pitch 128 | velocity bins | delta bins | duration bins |
labels) with compact targets (4 floats per row: note class, then bin index or z-score per head). The loss is
dl4m's CategoricalLoss: mean over rows of
    cross-entropy(note logits, soft target row q[note class])   (F.cross_entropy with class probabilities)
  + per velocity/delta/duration head: cross-entropy(logits, bin) or (z - target)^2.
The soft target rows are random smoothed distributions (the test hands the same table to CategoricalLoss),
so the fixture checks soft-target cross-entropy in general, not one smoothing rule.
Besides what make_torch_fixture.py records (weights, output, loss, gradients, weights after each step) it holds
the encoding, the table rows of the classes used, and the loss parts per step (mean note CE, mean note NLL =
-log p(true class), velocity, delta, duration).
Layouts, names, bias handling and the float32-drawn/float64-computed convention are make_torch_fixture.py's.
"""
import json
import os

import torch
import torch.nn.functional as F

from make_torch_fixture import ADAM, STEPS, OUT_DIR, Stack, dense, init_weights, keras_forward, keras_tensors, lstm, tensor_record

PITCHES = 128
SMOOTHING = 0.2


def encoding_groups(enc):
    """Output heads (name, offset, width, kind) in dl4m's order: note, velocity, delta, duration."""
    note = PITCHES if enc["notes"] == "pitch" else 2 * enc["interval_range"] + 1
    velocity = enc["velocity_bins"] if enc["velocity"] == "classes" else 1
    delta = enc["delta_bins"] if enc["timing"] == "classes" else 1
    duration = enc["duration_bins"] if enc["timing"] == "classes" else 1
    groups, offset = [], 0
    for name, width, kind in (("note", note, "classes"), ("velocity", velocity, enc["velocity"]),
                              ("delta", delta, enc["timing"]), ("duration", duration, enc["timing"])):
        groups.append({"name": name, "offset": offset, "width": width, "kind": kind})
        offset += width
    return groups


def input_size(enc):
    return PITCHES + enc["velocity_bins"] + enc["delta_bins"] + enc["duration_bins"] + enc["labels"]


def one_hot_rows(enc, rows, generator):
    """(rows, F) one-hot groups as CategoricalEncoding.EncodeInput writes them (label one-hot only when labels exist)."""
    widths = [PITCHES, enc["velocity_bins"], enc["delta_bins"], enc["duration_bins"]] + ([enc["labels"]] if enc["labels"] else [])
    parts = [F.one_hot(torch.randint(0, w, (rows,), generator=generator), w) for w in widths]
    return torch.cat(parts, dim=1).to(torch.float32)


def targets(groups, rows, generator):
    """(rows, 4): class indices for class heads, z-scores for regression heads."""
    columns = []
    for g in groups:
        if g["kind"] == "classes":
            columns.append(torch.randint(0, g["width"], (rows,), generator=generator).to(torch.float32))
        else:
            columns.append(torch.randn((rows,), generator=generator, dtype=torch.float32))
    return torch.stack(columns, dim=1)


def soft_rows(classes, used, generator):
    """q[c] = (1 - eps) onehot(c) + eps * w_c, w_c a random distribution over the other classes, for each used class c."""
    rows = {}
    for c in sorted(set(used)):
        w = torch.softmax(torch.randn((classes,), generator=generator, dtype=torch.float32).double(), dim=0)
        w[c] = 0
        w = w / w.sum()
        q = SMOOTHING * w
        q[c] = 1 - SMOOTHING
        rows[c] = q.to(torch.float32).double()  # float32-representable, as the test loads it
        rows[c] = rows[c] / rows[c].sum()
    return rows


def categorical_loss(y, t, groups, table):
    """dl4m's CategoricalLoss on (rows, O) logits and (rows, 4) targets; returns the total and the mean parts."""
    parts = {}
    total = 0
    for h, g in enumerate(groups):
        z = y[:, g["offset"]:g["offset"] + g["width"]]
        if g["kind"] == "regression":
            part = F.mse_loss(z[:, 0], t[:, h])
        elif h == 0:
            classes = t[:, 0].long()
            q = torch.stack([table[int(c)] for c in classes])
            part = F.cross_entropy(z, q)  # probabilities as target (torch >= 1.10)
            parts["note_nll"] = F.cross_entropy(z, classes).item()
        else:
            part = F.cross_entropy(z, t[:, h].long())
        parts["note_cross_entropy" if h == 0 else g["name"]] = part.item()
        total = total + part
    return total, parts


def make_case(name, description, seed, enc, layers, many_to_many, batch, time):
    generator = torch.Generator().manual_seed(seed)
    groups = encoding_groups(enc)
    size = input_size(enc)
    assert layers[-1]["units"] == groups[-1]["offset"] + groups[-1]["width"]
    model = Stack(size, layers)
    init_weights(model, generator)
    x = one_hot_rows(enc, batch * time, generator).reshape(batch, time, size)
    rows = batch * time if many_to_many else batch
    t = targets(groups, rows, generator)
    table = soft_rows(groups[0]["width"], [int(c) for c in t[:, 0]], generator)

    model = model.double()
    x, t = x.double(), t.double()
    trainable = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.Adam(trainable, lr=ADAM["lr"], betas=(ADAM["beta1"], ADAM["beta2"]), eps=ADAM["eps"])
    record = {
        "name": name,
        "description": description,
        "config": {"input_size": size, "layers": layers},
        "many_to_many": many_to_many,
        "adam": ADAM,
        "encoding": enc,
        "groups": groups,
        "note_table_rows": {str(c): q.tolist() for c, q in table.items()},
        "input": tensor_record(x),
        "target": tensor_record(t.reshape(batch, time, 4) if many_to_many else t),
        "initial_weights": keras_tensors(model),
        "steps": [],
    }
    for _ in range(STEPS):
        opt.zero_grad()
        output = model(x)  # (B,T,O) or (B,O)
        loss, parts = categorical_loss(output.reshape(rows, -1), t, groups, table)
        loss.backward()
        weights = keras_tensors(model)
        check = keras_forward(layers, weights, x)
        assert torch.allclose(check, output, rtol=1e-12, atol=1e-12), f"{name}: Keras-layout forward differs from torch"
        step = {"output": tensor_record(output), "loss": loss.item(), "parts": parts, "gradients": keras_tensors(model, grad=True)}
        opt.step()
        step["weights_after"] = keras_tensors(model)
        record["steps"].append(step)
    return record


def encoding(notes="interval", interval_range=3, velocity_bins=3, velocity="classes", timing="classes", delta_bins=3, duration_bins=2, labels=2):
    return {"notes": notes, "interval_range": interval_range, "velocity_bins": velocity_bins, "velocity": velocity,
            "timing": timing, "delta_bins": delta_bins, "duration_bins": duration_bins, "labels": labels}


CASES = [
    ("categorical_many_to_many",
     "interval head R=3 (7 classes), 3 velocity, 3 delta, 2 duration bins, 2 labels: LSTM(138->6, every step) -> Dense(6->15); target (B,T,4)",
     71, encoding(), [lstm(6, True), dense(15, "linear")], True, 3, 5),
    ("categorical_many_to_one",
     "pitch head (128 classes), 4 velocity, 3 delta, 3 duration bins, no labels: LSTM(138->5, last step) -> Dense(5->138); target (B,4)",
     72, encoding(notes="pitch", velocity_bins=4, delta_bins=3, duration_bins=3, labels=0), [lstm(5, False), dense(138, "linear")], False, 3, 4),
    ("categorical_regression",
     "interval head R=2 (5 classes), velocity and timing as z-score regressions, 3 labels: LSTM(139->4, every step) -> Dense(4->8); target (B,T,4)",
     73, encoding(interval_range=2, velocity_bins=3, velocity="regression", timing="regression", delta_bins=3, duration_bins=2, labels=3),
     [lstm(4, True), dense(8, "linear")], True, 2, 4),
]


def main():
    torch.use_deterministic_algorithms(True)
    os.makedirs(OUT_DIR, exist_ok=True)
    for name, description, seed, enc, layers, many_to_many, batch, time in CASES:
        record = make_case(name, description, seed, enc, layers, many_to_many, batch, time)
        record["generator"] = f"tools/make_categorical_fixture.py (torch {torch.__version__})"
        path = os.path.join(OUT_DIR, f"{name}.json")
        with open(path, "w") as f:
            json.dump(record, f, separators=(",", ":"))  # one line: these fixtures are mostly long number arrays
            f.write("\n")
        losses = ", ".join(f"{s['loss']:.6f}" for s in record["steps"])
        print(f"{os.path.relpath(path)}: losses {losses}")


if __name__ == "__main__":
    main()
