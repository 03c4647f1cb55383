#!/usr/bin/python3
"""Peer benchmark: dl4m's transformer family in PyTorch, on CPU, written as a user would write it.

Model (dl4m's TransformerNetwork, same shapes): one-hot input rows of dl4m's benchmark categorical encoding
(pitch 128 | velocity 16 | delta 40 | duration 40 | bar position 96 | label 3 = 323) -> Linear(323 -> D) ->
N pre-LayerNorm blocks [causal multi-head self-attention with relative positions, Music Transformer skewing
(pad, reshape, slice); tanh-GELU feed-forward] -> LayerNorm -> Linear(D -> 224) logits (note 128 | velocity 16 |
delta 40 | duration 40). Dropout 0 on both sides (dl4m's benchmark also runs without it).

Training (--train-steps > 0): loss = soft-target cross-entropy of the note head + cross-entropy of the three bin
heads (as tools/torch_categorical_bench.py), Adam; prints train_windows_per_s.
Generation (--gen-steps > 0): batch 1, torch.no_grad(), one step at a time with its own key/value cache (per layer
K and V of the past positions; relative logits q.E over the cached distances), sequences of --context steps, as
dl4m's cached step; prints generate_notes_per_s (steps per second). Random one-hot rows, fixed seed.
Prints one JSON object. Needs Debian's python3-torch (run with /usr/bin/python3).

usage: torch_transformer_bench.py [--width 128] [--heads 4] [--blocks 2] [--ff 512] [--context 64] [--batch 32]
                                  [--threads 2] [--train-steps 20] [--gen-steps 0]
"""
import json, math, time
import torch
import torch.nn.functional as F
from torch_bench_common import INPUTS, OUTPUTS, one_hot, parse, parser, train_windows_per_s

p = parser()
p.add_argument("--width", type=int, default=128)
p.add_argument("--heads", type=int, default=4)
p.add_argument("--blocks", type=int, default=2)
p.add_argument("--ff", type=int, default=512)
p.add_argument("--context", type=int, default=64)
p.add_argument("--train-steps", type=int, default=20)
p.add_argument("--gen-steps", type=int, default=0)
a = parse(p)

D, H, C = a.width, a.heads, a.context
DH = D // H


class Block(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.norm1 = torch.nn.LayerNorm(D)
        self.qkv = torch.nn.Linear(D, 3 * D)
        self.relative = torch.nn.Parameter(torch.randn(H, C, DH) * 0.02)  # row r: distance C-1-r
        self.out = torch.nn.Linear(D, D)
        self.norm2 = torch.nn.LayerNorm(D)
        self.up = torch.nn.Linear(D, a.ff)
        self.down = torch.nn.Linear(a.ff, D)

    def forward(self, x):  # (B,T,D)
        b, t, _ = x.shape
        q, k, v = self.qkv(self.norm1(x)).split(D, dim=-1)
        q, k, v = (z.reshape(b, t, H, DH).transpose(1, 2) for z in (q, k, v))  # (B,H,T,Dh)
        qe = torch.matmul(q, self.relative[:, C - t:, :].transpose(-1, -2))      # (B,H,T,T)
        srel = F.pad(qe, (1, 0)).reshape(b, H, t + 1, t)[:, :, 1:, :]             # skewing
        s = (torch.matmul(q, k.transpose(-1, -2)) + srel) / math.sqrt(DH)
        s = s.masked_fill(torch.triu(torch.ones(t, t, dtype=torch.bool), 1), float("-inf"))
        o = torch.matmul(torch.softmax(s, dim=-1), v).transpose(1, 2).reshape(b, t, D)
        x = x + self.out(o)
        return x + self.down(F.gelu(self.up(self.norm2(x)), approximate="tanh"))

    def step(self, x, cache_k, cache_v, n):  # x (1,D); caches (H,C,Dh); n positions cached before this one
        q, k, v = self.qkv(self.norm1(x)).split(D, dim=-1)
        q, k, v = (z.reshape(H, DH) for z in (q, k, v))
        cache_k[:, n] = k
        cache_v[:, n] = v
        m = n + 1
        keys, values = cache_k[:, :m], cache_v[:, :m]                             # (H,m,Dh)
        e = self.relative[:, C - m:, :]                                            # distances m-1 … 0
        s = (torch.einsum("hd,hmd->hm", q, keys) + torch.einsum("hd,hmd->hm", q, e)) / math.sqrt(DH)
        o = torch.einsum("hm,hmd->hd", torch.softmax(s, dim=-1), values).reshape(1, D)
        x = x + self.out(o)
        return x + self.down(F.gelu(self.up(self.norm2(x)), approximate="tanh"))


class Transformer(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Linear(INPUTS, D)
        self.blocks = torch.nn.ModuleList([Block() for _ in range(a.blocks)])
        self.norm = torch.nn.LayerNorm(D)
        self.head = torch.nn.Linear(D, OUTPUTS)

    def forward(self, x):  # (B,T,F) -> (B,T,O)
        h = self.embed(x)
        for block in self.blocks:
            h = block(h)
        return self.head(self.norm(h))


m = Transformer()
result = {"peer": "pytorch", "version": torch.__version__, "threads": torch.get_num_threads(), "width": D, "heads": H,
          "blocks": a.blocks, "ff": a.ff, "context": C, "batch": a.batch, "input_size": INPUTS, "output_size": OUTPUTS,
          "train_windows_per_s": 0.0, "generate_notes_per_s": 0.0}

if a.train_steps > 0:
    result["train_windows_per_s"] = train_windows_per_s(m, a.batch, C, a.train_steps, a.smoothing)

if a.gen_steps > 0:
    rows = one_hot(1, C)[0]  # (C,F)
    caches = [(torch.zeros(H, C, DH), torch.zeros(H, C, DH)) for _ in m.blocks]

    def generate(steps):
        n = 0
        with torch.no_grad():
            for i in range(steps):
                if n == C:
                    n = 0  # a new sequence: the cache restarts
                h = m.embed(rows[i % C].view(1, -1))
                for block, (ck, cv) in zip(m.blocks, caches):
                    h = block.step(h, ck, cv, n)
                m.head(m.norm(h))
                n += 1

    generate(2 * C)
    t0 = time.perf_counter()
    generate(a.gen_steps)
    result["generate_notes_per_s"] = round(a.gen_steps / (time.perf_counter() - t0), 1)

print(json.dumps(result))
