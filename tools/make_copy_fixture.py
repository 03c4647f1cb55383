#!/usr/bin/python3
"""Writes the PyTorch parity fixture of dl4m's copy layer (tests/Dl4m.Tests/Nn/CopyLayerParityTests.cs).

Regenerate (from the repository root, with Debian's python3-torch 1.13):

    /usr/bin/python3 tools/make_copy_fixture.py

It rewrites tests/Dl4m.Tests/Fixtures/torch/copy_layer.json; commit it together with this script. Same format,
conventions and conversion notes as tools/make_torch_fixture.py (whose Stack, weights and records it reuses):
three Adam steps on one fixed batch, MSE loss, float32 draws and float64 reference arithmetic.

The model is LSTM(F->6, every step) -> Dense(6 -> U+G) -> Copy(U logits over heads of widths 5, 3, 4; 2 suggestion
blocks at input offset 4; G = 2 blocks x 3 heads = 6 gates). The copy layer written here in torch, independently of
dl4m's loops:

    y[b,t,o] = a[b,t,o] + sum_k a[b,t,U + k*H + head(o)] * x[b,t,offset + k*U + o]

Input rows: 4 random features, then per block one one-hot per head (or none: a head without a suggestion, as a
song's first bars have), drawn at random; so every gate sees suggested, unsuggested and absent tokens.
"""
import json
import os

import torch

import make_torch_fixture as base

HEADS = [5, 3, 4]
BLOCKS = 2
OFFSET = 4
UNITS = sum(HEADS)
GATES = BLOCKS * len(HEADS)
FEATURES = OFFSET + BLOCKS * UNITS + 2  # 2 trailing features after the blocks (as the label one-hot follows them)


def copy_forward(a, x):
    """a (B,T,U+G) logits and gates, x (B,T,F) the model input -> y (B,T,U)."""
    logits, gates = a[..., :UNITS], a[..., UNITS:]
    y = logits
    for k in range(BLOCKS):
        block = x[..., OFFSET + k * UNITS: OFFSET + (k + 1) * UNITS]
        start = 0
        parts = []
        for h, width in enumerate(HEADS):
            parts.append(gates[..., k * len(HEADS) + h: k * len(HEADS) + h + 1] * block[..., start:start + width])
            start += width
        y = y + torch.cat(parts, dim=-1)
    return y


class CopyStack(torch.nn.Module):
    def __init__(self, layers):
        super().__init__()
        self.stack = base.Stack(FEATURES, layers[:-1])
        self.layers, self.mods, self.names = self.stack.layers, self.stack.mods, self.stack.names

    def forward(self, x):
        return copy_forward(self.stack(x), x)


def suggestion_input(generator):
    x = torch.randn((base.BATCH, base.TIME, FEATURES), generator=generator, dtype=torch.float32)
    x[..., OFFSET:OFFSET + BLOCKS * UNITS] = 0
    draws = torch.rand((base.BATCH, base.TIME, BLOCKS, len(HEADS)), generator=generator)
    for b in range(base.BATCH):
        for t in range(base.TIME):
            for k in range(BLOCKS):
                start = 0
                for h, width in enumerate(HEADS):
                    d = draws[b, t, k, h].item()
                    if d >= 0.2:  # a fifth of the heads get no suggestion
                        x[b, t, OFFSET + k * UNITS + start + int((d - 0.2) / 0.8 * width)] = 1
                    start += width
    return x


def main():
    torch.use_deterministic_algorithms(True)
    generator = torch.Generator().manual_seed(44)
    layers = [base.lstm(6, True), base.dense(UNITS + GATES, "linear"),
              {"kind": "copy", "units": UNITS, "copy_heads": HEADS, "copy_blocks": BLOCKS, "copy_input_offset": OFFSET}]
    model = CopyStack(layers)
    base.init_weights(model.stack, generator)
    x = suggestion_input(generator)
    y = torch.randn((base.BATCH, base.TIME, UNITS), generator=generator, dtype=torch.float32)
    model = model.double()
    x, y = x.double(), y.double()
    trainable = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.Adam(trainable, lr=base.ADAM["lr"], betas=(base.ADAM["beta1"], base.ADAM["beta2"]), eps=base.ADAM["eps"])
    record = {
        "name": "copy_layer",
        "description": "LSTM(F->6, every step) -> Dense(6->18) -> Copy(12 logits, heads 5+3+4, 2 blocks at input offset 4, 6 gates); target (B,T,12)",
        "config": {"input_size": FEATURES, "layers": layers},
        "many_to_many": True,
        "adam": base.ADAM,
        "input": base.tensor_record(x),
        "target": base.tensor_record(y),
        "initial_weights": base.keras_tensors(model.stack),
        "steps": [],
        "generator": f"tools/make_copy_fixture.py (torch {torch.__version__})",
    }
    for _ in range(base.STEPS):
        opt.zero_grad()
        output = model(x)
        loss = torch.nn.functional.mse_loss(output, y)
        loss.backward()
        weights = base.keras_tensors(model.stack)
        check = copy_forward(base.keras_forward(layers[:-1], weights, x), x)
        assert torch.allclose(check, output, rtol=1e-12, atol=1e-12), "Keras-layout forward differs from torch"
        step = {"output": base.tensor_record(output), "loss": loss.item(), "gradients": base.keras_tensors(model.stack, grad=True)}
        opt.step()
        step["weights_after"] = base.keras_tensors(model.stack)
        record["steps"].append(step)
    path = os.path.join(base.OUT_DIR, "copy_layer.json")
    with open(path, "w") as f:
        json.dump(record, f, indent=1)
        f.write("\n")
    losses = ", ".join(f"{s['loss']:.6f}" for s in record["steps"])
    print(f"{os.path.relpath(path)}: losses {losses}")


if __name__ == "__main__":
    main()
