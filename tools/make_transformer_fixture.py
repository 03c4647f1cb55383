#!/usr/bin/python3
"""Writes the PyTorch parity fixtures of dl4m's transformer (tests/Dl4m.Tests/Nn/TransformerParityTests.cs).

Regenerate (from the repository root, with Debian's python3-torch 1.13):

    /usr/bin/python3 tools/make_transformer_fixture.py

It rewrites tests/Dl4m.Tests/Fixtures/torch/transformer_*.json; commit them together with this script.
Deterministic for a given torch version (fixed seeds, float64 arithmetic on float32-drawn values).

The model (dl4m's TransformerNetwork, written independently here in torch ops): x (B,T,F) -> linear embedding ->
blocks of [LN -> causal multi-head self-attention with relative positions -> residual; LN -> Linear -> tanh-GELU ->
Linear -> residual] -> final LN -> linear output (B,T,O). Relative attention follows the Music Transformer (Huang et
al. 2018) with its "skewing" procedure done literally (pad a column, reshape, drop a row), so the fixture checks
dl4m's index-map formulation against the paper's. Dropout 0 (dl4m's hash dropout is tested on its own).
Loss: mean squared error over every output value (dl4m's default IOutputLoss); three Adam steps (torch.optim.Adam).
Tensors are recorded under dl4m's names and layout: kernels (in, out), relative embeddings (H, C, Dh) where row r
holds the embedding of relative distance C-1-r.
Format as tools/make_torch_fixture.py's (shape + row-major data), plus "config" in TransformerConfig's fields.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

from make_torch_fixture import ADAM, STEPS, OUT_DIR, tensor_record


class Transformer(torch.nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        d, f, h, c = cfg["width"], cfg["feed_forward"], cfg["heads"], cfg["context"]
        self.names = []
        self.params = torch.nn.ParameterDict()

        def add(name, *shape):
            self.params[name.replace("/", "__")] = torch.nn.Parameter(torch.zeros(shape, dtype=torch.float32))
            self.names.append(name)

        add("embedding/kernel", cfg["input_size"], d)
        add("embedding/bias", d)
        for l in range(1, cfg["layers"] + 1):
            p = f"block_{l}/"
            add(p + "norm_1/gain", d)
            add(p + "norm_1/bias", d)
            add(p + "attention/qkv_kernel", d, 3 * d)
            add(p + "attention/qkv_bias", 3 * d)
            add(p + "attention/relative", h, c, d // h)
            add(p + "attention/out_kernel", d, d)
            add(p + "attention/out_bias", d)
            add(p + "norm_2/gain", d)
            add(p + "norm_2/bias", d)
            add(p + "feed_forward/up_kernel", d, f)
            add(p + "feed_forward/up_bias", f)
            add(p + "feed_forward/down_kernel", f, d)
            add(p + "feed_forward/down_bias", d)
        add("final_norm/gain", d)
        add("final_norm/bias", d)
        add("output/kernel", d, cfg["output_size"])
        add("output/bias", cfg["output_size"])

    def p(self, name):
        return self.params[name.replace("/", "__")]

    def attention(self, x, prefix):
        cfg = self.cfg
        b, t, d = x.shape
        h, c = cfg["heads"], cfg["context"]
        dh = d // h
        qkv = x @ self.p(prefix + "qkv_kernel") + self.p(prefix + "qkv_bias")
        q, k, v = qkv.split(d, dim=-1)
        q, k, v = (z.reshape(b, t, h, dh).transpose(1, 2) for z in (q, k, v))      # (B,H,T,Dh)
        e = self.p(prefix + "relative")[:, c - t:, :]                               # (H,T,Dh): distances T-1 ... 0
        qe = torch.einsum("bhid,hjd->bhij", q, e)                                   # (B,H,T,T)
        # Music Transformer skewing: pad a zero column on the left, reshape (T+1, T), drop the first row.
        padded = F.pad(qe, (1, 0))                                                  # (B,H,T,T+1)
        srel = padded.reshape(b, h, t + 1, t)[:, :, 1:, :]                          # (B,H,T,T)
        scores = (q @ k.transpose(-1, -2) + srel) / math.sqrt(dh)
        mask = torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1)
        scores = scores.masked_fill(mask, float("-inf"))
        o = torch.softmax(scores, dim=-1) @ v                                       # (B,H,T,Dh)
        o = o.transpose(1, 2).reshape(b, t, d)
        return o @ self.p(prefix + "out_kernel") + self.p(prefix + "out_bias")

    def forward(self, x):
        d = self.cfg["width"]
        hs = x @ self.p("embedding/kernel") + self.p("embedding/bias")
        for l in range(1, self.cfg["layers"] + 1):
            p = f"block_{l}/"
            a = F.layer_norm(hs, (d,), self.p(p + "norm_1/gain"), self.p(p + "norm_1/bias"), eps=1e-5)
            hs = hs + self.attention(a, p + "attention/")
            a = F.layer_norm(hs, (d,), self.p(p + "norm_2/gain"), self.p(p + "norm_2/bias"), eps=1e-5)
            u = a @ self.p(p + "feed_forward/up_kernel") + self.p(p + "feed_forward/up_bias")
            hs = hs + F.gelu(u, approximate="tanh") @ self.p(p + "feed_forward/down_kernel") + self.p(p + "feed_forward/down_bias")
        a = F.layer_norm(hs, (d,), self.p("final_norm/gain"), self.p("final_norm/bias"), eps=1e-5)
        return a @ self.p("output/kernel") + self.p("output/bias")

    def tensors(self, grad=False):
        return {n: tensor_record(self.p(n).grad if grad else self.p(n)) for n in self.names}


def init_weights(model, generator):
    """Uniform(-0.5, 0.5) everywhere (non-zero biases), LayerNorm gains 1 + U(-0.1, 0.1)."""
    with torch.no_grad():
        for n in model.names:
            p = model.p(n)
            r = torch.rand(p.shape, generator=generator, dtype=torch.float32)
            p.copy_(1 + 0.2 * (r - 0.5) if n.endswith("gain") else r - 0.5)


def multi_hot(rows, groups, generator):
    """(rows, sum(groups)) one-hot groups, as the categorical encoding's input rows."""
    parts = [F.one_hot(torch.randint(0, w, (rows,), generator=generator), w) for w in groups]
    return torch.cat(parts, dim=1).to(torch.float32)


def make_case(name, description, seed, cfg, batch, time, sparse_groups):
    generator = torch.Generator().manual_seed(seed)
    model = Transformer(cfg)
    init_weights(model, generator)
    if sparse_groups:
        x = multi_hot(batch * time, sparse_groups, generator).reshape(batch, time, cfg["input_size"])
    else:
        x = torch.randn((batch, time, cfg["input_size"]), generator=generator, dtype=torch.float32)
    target = torch.randn((batch, time, cfg["output_size"]), generator=generator, dtype=torch.float32)
    model = model.double()
    x, target = x.double(), target.double()
    opt = torch.optim.Adam(model.parameters(), lr=ADAM["lr"], betas=(ADAM["beta1"], ADAM["beta2"]), eps=ADAM["eps"])
    record = {
        "name": name,
        "description": description,
        "config": cfg,
        "adam": ADAM,
        "input": tensor_record(x),
        "target": tensor_record(target),
        "initial_weights": model.tensors(),
        "steps": [],
    }
    for _ in range(STEPS):
        opt.zero_grad()
        output = model(x)                                 # (B,T,O)
        loss = F.mse_loss(output, target)
        loss.backward()
        step = {"output": tensor_record(output), "loss": loss.item(), "gradients": model.tensors(grad=True)}
        opt.step()
        step["weights_after"] = model.tensors()
        record["steps"].append(step)
    return record


CASES = [
    ("transformer_sparse",
     "D 16, 2 heads, 2 blocks, FF 32, context 10, T 8, B 3; one-hot input groups 20+12+8 (the sparse embedding path); O 7",
     1201, {"input_size": 40, "output_size": 7, "width": 16, "heads": 2, "layers": 2, "feed_forward": 32, "context": 10, "dropout": 0.0},
     3, 8, [20, 12, 8]),
    ("transformer_dense",
     "D 12, 3 heads, 1 block, FF 20, context 6 = T, B 2; Gaussian input F 5 (the dense embedding path); O 4",
     1202, {"input_size": 5, "output_size": 4, "width": 12, "heads": 3, "layers": 1, "feed_forward": 20, "context": 6, "dropout": 0.0},
     2, 6, None),
]


def main():
    torch.use_deterministic_algorithms(True)
    os.makedirs(OUT_DIR, exist_ok=True)
    for name, description, seed, cfg, batch, time, groups in CASES:
        record = make_case(name, description, seed, cfg, batch, time, groups)
        record["generator"] = f"tools/make_transformer_fixture.py (torch {torch.__version__})"
        path = os.path.join(OUT_DIR, f"{name}.json")
        with open(path, "w") as f:
            json.dump(record, f)
            f.write("\n")
        print(f"wrote {path}: loss {record['steps'][0]['loss']:.6f} -> {record['steps'][-1]['loss']:.6f}")


if __name__ == "__main__":
    main()
