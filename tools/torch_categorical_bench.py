#!/usr/bin/python3
"""Peer benchmark: dl4m's categorical model in PyTorch, on CPU, trained as a user would write it.

LSTM(F -> H) on every step -> Linear(H -> O) logits, many-to-many; input = dense one-hot float rows of
dl4m's default categorical encoding (pitch 128 | velocity bin 16 | delta class 40 | duration class 40 | bar position 96
| label 3 = 323), output = note 128 | velocity 16 | delta 40 | duration 40 = 224 logits; loss = soft-target cross-entropy of the
note head (label-smoothed rows, F.cross_entropy with probabilities) + cross-entropy of the three bin heads; Adam.
Random events, fixed seed. Prints one JSON object. Needs Debian's python3-torch (run with /usr/bin/python3).

usage: torch_categorical_bench.py [--hidden 128] [--lookback 32] [--batch 32] [--threads 2] [--steps 30]
"""
import json
import torch
from torch_bench_common import INPUTS, OUTPUTS, parse, parser, train_windows_per_s

p = parser()
p.add_argument("--hidden", type=int, default=128)
p.add_argument("--lookback", type=int, default=32)
p.add_argument("--steps", type=int, default=30)
a = parse(p)


class Categorical(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(INPUTS, a.hidden, batch_first=True)
        self.dense = torch.nn.Linear(a.hidden, OUTPUTS)

    def forward(self, x):  # x (B,T,F)
        out, _ = self.lstm(x)
        return self.dense(out)  # (B,T,O)


m = Categorical()
print(json.dumps({
    "peer": "pytorch", "version": torch.__version__, "threads": torch.get_num_threads(),
    "hidden": a.hidden, "lookback": a.lookback, "batch": a.batch, "input_size": INPUTS, "output_size": OUTPUTS,
    "train_windows_per_s": train_windows_per_s(m, a.batch, a.lookback, a.steps, a.smoothing),
}))
