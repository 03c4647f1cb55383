#!/usr/bin/python3
"""Writes the PyTorch parity fixture for dl4m's LSTM with a carried initial state
(tests/Dl4m.Tests/Nn/StatefulParityTests.cs): nn.LSTM(...)(x, (h0, c0)) and truncated backpropagation.

Regenerate (from the repository root, with Debian's python3-torch):

    /usr/bin/python3 tools/make_stateful_fixture.py

It rewrites tests/Dl4m.Tests/Fixtures/torch/stateful_*.json; commit them together with this script.

Each fixture is a stack of LSTM layers (every step) and a Dense output, trained with MSE for three Adam steps on one
fixed batch. Step 1 starts every LSTM layer of every row from a given nonzero (h0, c0); step k+1 starts from the final
state (h_T, c_T) of step k, detached — exactly what dl4m's CarriedState does between the windows of a lane: the
gradients see h0·U and c0 but flow no further back (truncated BPTT). Per step the fixture records the output, the loss,
every gradient, each layer's final (h_T, c_T) and the weights after the update. Layout, names, the single-bias
convention and float64 reference arithmetic are those of tools/make_torch_fixture.py (imported from it).
"""
import json
import os

import torch

from make_torch_fixture import ADAM, ACTIVATIONS, OUT_DIR, Stack, init_weights, keras_tensors, tensor_record, lstm, dense

STEPS = 3


class StatefulStack(Stack):
    def forward(self, x, states):  # x (B,T,F); states: per LSTM layer (h0, c0), each (1,B,H)
        finals = []
        k = 0
        for layer, mod in zip(self.layers, self.mods):
            if layer["kind"] == "lstm":
                y, (h, c) = mod(x, states[k])  # y (B,T,H); h, c (1,B,H)
                finals.append((h, c))
                k += 1
                x = y if layer["return_sequences"] else y[:, -1]
            else:
                x = ACTIVATIONS[layer["activation"]](mod(x))
        return x, finals


def make_case(name, description, seed, batch, time, input_size, layers):
    generator = torch.Generator().manual_seed(seed)
    model = StatefulStack(input_size, layers)
    init_weights(model, generator)
    x = torch.randn((batch, time, input_size), generator=generator, dtype=torch.float32)
    y = torch.randn((batch, time, layers[-1]["units"]), generator=generator, dtype=torch.float32)
    states = []
    for layer in layers:
        if layer["kind"] == "lstm":
            h0 = torch.rand((1, batch, layer["units"]), generator=generator, dtype=torch.float32) * 1.6 - 0.8  # |h| < 1
            c0 = torch.randn((1, batch, layer["units"]), generator=generator, dtype=torch.float32)
            states.append((h0, c0))

    model = model.double()
    x, y = x.double(), y.double()
    states = [(h.double(), c.double()) for h, c in states]
    trainable = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.Adam(trainable, lr=ADAM["lr"], betas=(ADAM["beta1"], ADAM["beta2"]), eps=ADAM["eps"])

    record = {
        "name": name,
        "description": description,
        "config": {"input_size": input_size, "layers": layers},
        "many_to_many": True,
        "adam": ADAM,
        "input": tensor_record(x),
        "target": tensor_record(y),
        "initial_state": [{"h": tensor_record(h[0]), "c": tensor_record(c[0])} for h, c in states],  # each (B,H)
        "initial_weights": keras_tensors(model),
        "steps": [],
    }
    for _ in range(STEPS):
        opt.zero_grad()
        output, finals = model(x, states)
        loss = torch.nn.functional.mse_loss(output, y)
        loss.backward()
        step = {
            "output": tensor_record(output),
            "loss": loss.item(),
            "gradients": keras_tensors(model, grad=True),
            "final_state": [{"h": tensor_record(h[0]), "c": tensor_record(c[0])} for h, c in finals],
        }
        opt.step()
        step["weights_after"] = keras_tensors(model)
        record["steps"].append(step)
        states = [(h.detach(), c.detach()) for h, c in finals]  # carried, truncated: no gradient into the past
    return record


CASES = [
    ("stateful_stacked",
     "LSTM(3->20) -> LSTM(20->5) -> Dense(5->3), every step, each LSTM from a nonzero (h0, c0) carried over 3 steps; target (B,T,3)",
     44, 3, 4, 3, [lstm(20, True), lstm(5, True), dense(3, "linear")]),
    ("stateful_single",
     "LSTM(4->9) -> Dense(9->2, tanh), every step, from a nonzero (h0, c0) carried over 3 steps; target (B,T,2)",
     55, 5, 3, 4, [lstm(9, True), dense(2, "tanh")]),
]


def main():
    torch.use_deterministic_algorithms(True)
    os.makedirs(OUT_DIR, exist_ok=True)
    for name, description, seed, batch, time, input_size, layers in CASES:
        record = make_case(name, description, seed, batch, time, input_size, layers)
        record["generator"] = f"tools/make_stateful_fixture.py (torch {torch.__version__})"
        path = os.path.join(OUT_DIR, f"{name}.json")
        with open(path, "w") as f:
            json.dump(record, f, indent=1)
            f.write("\n")
        losses = ", ".join(f"{s['loss']:.6f}" for s in record["steps"])
        print(f"{os.path.relpath(path)}: losses {losses}")


if __name__ == "__main__":
    main()
