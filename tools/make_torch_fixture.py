#!/usr/bin/python3
"""Writes the PyTorch parity fixtures for dl4m's LSTM engine (tests/Dl4m.Tests/Nn/TorchParityTests.cs).

Regenerate (from the repository root, with Debian's python3-torch 1.13):

    /usr/bin/python3 tools/make_torch_fixture.py

It rewrites tests/Dl4m.Tests/Fixtures/torch/*.json; commit them together with this script.
The output is deterministic for a given torch version (fixed seed, float64 reference arithmetic).

Each fixture is one small model trained for three Adam steps on one fixed batch with MSE loss
(mean over every element, as Keras and PyTorch do). It records, in dl4m's Keras layout and names
(lstm_1/kernel (In,4H), lstm_1/recurrent_kernel (H,4H), lstm_1/bias (4H), gate blocks i,f,c,o;
dense_1/kernel (In,Out), dense_1/bias (Out)):
  - the config, the input, the target and the Adam hyper-parameters,
  - the initial weights,
  - per step: the model output and loss before the update, every gradient, the weights after the update.

Conversion notes:
  - torch's LSTM gate order i,f,g,o is Keras' i,f,c,o, so the gate blocks need no reordering;
    weight_ih (4H,In) is transposed to kernel (In,4H), weight_hh (4H,H) to recurrent_kernel (H,4H).
  - torch has two LSTM biases (bias_ih + bias_hh) where Keras has one. Adam would update both and so
    move their sum twice as far as dl4m moves its single bias. So the whole bias lives in bias_ih and
    bias_hh is frozen at zero: the forward pass, the gradient and the Adam update are then exactly
    those of a single bias.
  - Weights and inputs are drawn in float32 (so dl4m's float32 engine starts from the very same
    values) and the reference is computed in float64, so the fixture holds the exact answer and the
    test's tolerance measures only dl4m's float32 rounding.
"""
import json
import os

import torch

ADAM = {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-7}
STEPS = 3
BATCH, TIME, FEATURES = 3, 5, 3
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "Dl4m.Tests", "Fixtures", "torch")

ACTIVATIONS = {
    "linear": lambda x: x,
    "relu": torch.relu,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
}


class Stack(torch.nn.Module):
    """A dl4m model config as torch modules: LSTM layers (batch_first) and Dense layers."""

    def __init__(self, input_size, layers):
        super().__init__()
        self.layers = layers
        self.mods = torch.nn.ModuleList()
        self.names = []
        counts = {}
        size = input_size
        for layer in layers:
            kind = layer["kind"]
            counts[kind] = counts.get(kind, 0) + 1
            self.names.append(f"{kind}_{counts[kind]}")
            if kind == "lstm":
                self.mods.append(torch.nn.LSTM(size, layer["units"], batch_first=True))
            else:
                self.mods.append(torch.nn.Linear(size, layer["units"]))
            size = layer["units"]

    def forward(self, x):  # x (B,T,F)
        for layer, mod in zip(self.layers, self.mods):
            if layer["kind"] == "lstm":
                y, _ = mod(x)  # (B,T,H)
                x = y if layer["return_sequences"] else y[:, -1]  # (B,T,H) or (B,H)
            else:
                x = ACTIVATIONS[layer["activation"]](mod(x))  # Dense acts on the last axis
        return x


def init_weights(model, generator):
    """Uniform(-0.5, 0.5) everywhere, biases included (non-zero so the bias paths are tested)."""
    with torch.no_grad():
        for layer, mod in zip(model.layers, model.mods):
            if layer["kind"] == "lstm":
                for p in (mod.weight_ih_l0, mod.weight_hh_l0, mod.bias_ih_l0):
                    p.copy_(torch.rand(p.shape, generator=generator, dtype=torch.float32) - 0.5)
                mod.bias_hh_l0.zero_()
                mod.bias_hh_l0.requires_grad_(False)
            else:
                for p in (mod.weight, mod.bias):
                    p.copy_(torch.rand(p.shape, generator=generator, dtype=torch.float32) - 0.5)


def tensor_record(t):
    t = t.detach().to(torch.float64)
    return {"shape": list(t.shape), "data": t.reshape(-1).tolist()}


def keras_tensors(model, grad=False):
    """The model's weights (or their gradients) under dl4m's names, in Keras layout."""
    def value(p):
        return p.grad if grad else p

    out = {}
    for name, layer, mod in zip(model.names, model.layers, model.mods):
        if layer["kind"] == "lstm":
            out[f"{name}/kernel"] = tensor_record(value(mod.weight_ih_l0).t())  # (In,4H)
            out[f"{name}/recurrent_kernel"] = tensor_record(value(mod.weight_hh_l0).t())  # (H,4H)
            out[f"{name}/bias"] = tensor_record(value(mod.bias_ih_l0))  # (4H); bias_hh is 0
        else:
            out[f"{name}/kernel"] = tensor_record(value(mod.weight).t())  # (In,Out)
            out[f"{name}/bias"] = tensor_record(value(mod.bias))  # (Out)
    return out


def keras_forward(layers, weights, x):
    """An independent Keras-semantics forward pass on the recorded tensors (float64, plain loops over
    time): proves the layout conversion above, since it must reproduce torch's output."""
    def w(name):
        rec = weights[name]
        return torch.tensor(rec["data"], dtype=torch.float64).reshape(rec["shape"])

    counts = {}
    for layer in layers:
        kind = layer["kind"]
        counts[kind] = counts.get(kind, 0) + 1
        name = f"{kind}_{counts[kind]}"
        if kind == "lstm":
            kernel, recurrent, bias = w(f"{name}/kernel"), w(f"{name}/recurrent_kernel"), w(f"{name}/bias")
            units = layer["units"]
            h = torch.zeros(x.shape[0], units, dtype=torch.float64)  # (B,H)
            c = torch.zeros_like(h)
            steps = []
            for t in range(x.shape[1]):
                z = x[:, t] @ kernel + h @ recurrent + bias  # (B,4H), gate blocks i,f,c,o
                i, f, g, o = (z[:, k * units:(k + 1) * units] for k in range(4))
                c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
                h = torch.sigmoid(o) * torch.tanh(c)
                steps.append(h)
            x = torch.stack(steps, dim=1) if layer["return_sequences"] else h
        else:
            x = ACTIVATIONS[layer["activation"]](x @ w(f"{name}/kernel") + w(f"{name}/bias"))
    return x


def make_case(name, description, seed, input_size, layers, many_to_many):
    generator = torch.Generator().manual_seed(seed)
    model = Stack(input_size, layers)
    init_weights(model, generator)
    x = torch.randn((BATCH, TIME, input_size), generator=generator, dtype=torch.float32)
    out_units = layers[-1]["units"]
    target_shape = (BATCH, TIME, out_units) if many_to_many else (BATCH, out_units)
    y = torch.randn(target_shape, generator=generator, dtype=torch.float32)

    model = model.double()
    x, y = x.double(), y.double()
    trainable = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.Adam(trainable, lr=ADAM["lr"], betas=(ADAM["beta1"], ADAM["beta2"]), eps=ADAM["eps"])

    record = {
        "name": name,
        "description": description,
        "config": {"input_size": input_size, "layers": layers},
        "many_to_many": many_to_many,
        "adam": ADAM,
        "input": tensor_record(x),
        "target": tensor_record(y),
        "initial_weights": keras_tensors(model),
        "steps": [],
    }
    for _ in range(STEPS):
        opt.zero_grad()
        output = model(x)
        loss = torch.nn.functional.mse_loss(output, y)  # mean over all elements
        loss.backward()
        weights = keras_tensors(model)
        check = keras_forward(layers, weights, x)
        assert torch.allclose(check, output, rtol=1e-12, atol=1e-12), f"{name}: Keras-layout forward differs from torch"
        step = {"output": tensor_record(output), "loss": loss.item(), "gradients": keras_tensors(model, grad=True)}
        opt.step()
        step["weights_after"] = keras_tensors(model)
        record["steps"].append(step)
    return record


def lstm(units, return_sequences):
    return {"kind": "lstm", "units": units, "return_sequences": return_sequences}


def dense(units, activation):
    return {"kind": "dense", "units": units, "activation": activation}


CASES = [
    ("stacked_many_to_one",
     "LSTM(3->6, every step) -> LSTM(6->5, last step) -> Dense(5->4, tanh) -> Dense(4->3); target (B,3)",
     11, FEATURES, [lstm(6, True), lstm(5, False), dense(4, "tanh"), dense(3, "linear")], False),
    ("many_to_many",
     "LSTM(3->6, every step) -> Dense(6->3) on every step; target (B,T,3)",
     22, FEATURES, [lstm(6, True), dense(3, "linear")], True),
    ("dense_activations",
     "LSTM(3->4, last step) -> Dense(4->5, relu) -> Dense(5->3, sigmoid); target (B,3)",
     33, FEATURES, [lstm(4, False), dense(5, "relu"), dense(3, "sigmoid")], False),
]


def main():
    torch.use_deterministic_algorithms(True)
    os.makedirs(OUT_DIR, exist_ok=True)
    for name, description, seed, input_size, layers, many_to_many in CASES:
        record = make_case(name, description, seed, input_size, layers, many_to_many)
        record["generator"] = f"tools/make_torch_fixture.py (torch {torch.__version__})"
        path = os.path.join(OUT_DIR, f"{name}.json")
        with open(path, "w") as f:
            json.dump(record, f, indent=1)  # Python floats print with repr: full float64 precision
            f.write("\n")
        losses = ", ".join(f"{s['loss']:.6f}" for s in record["steps"])
        print(f"{os.path.relpath(path)}: losses {losses}")


if __name__ == "__main__":
    main()
