#!/usr/bin/python3
"""Peer benchmark: dl4m's categorical model in PyTorch, on CPU, trained as a user would write it.

LSTM(F -> H) on every step -> Linear(H -> O) logits, many-to-many; input = dense one-hot float rows of
dl4m's default categorical encoding (pitch 128 | velocity bin 16 | delta class 40 | duration class 40 | bar position 96
| label 3 = 323), output = note 128 | velocity 16 | delta 40 | duration 40 = 224 logits; loss = soft-target cross-entropy of the
note head (label-smoothed rows, F.cross_entropy with probabilities) + cross-entropy of the three bin heads; Adam.
Random events, fixed seed. Prints one JSON object. Needs Debian's python3-torch (run with /usr/bin/python3).

usage: torch_categorical_bench.py [--hidden 128] [--lookback 32] [--batch 32] [--threads 2] [--steps 30]
"""
import argparse, json, time
import torch
import torch.nn.functional as F

GROUPS = [128, 16, 40, 40]  # note, velocity, delta, duration
BAR_POSITIONS = 96  # input only
LABELS = 3

p = argparse.ArgumentParser()
p.add_argument("--hidden", type=int, default=128)
p.add_argument("--lookback", type=int, default=32)
p.add_argument("--batch", type=int, default=32)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--steps", type=int, default=30)
p.add_argument("--smoothing", type=float, default=0.1)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)

inputs = sum(GROUPS) + BAR_POSITIONS + LABELS
outputs = sum(GROUPS)
B, T = a.batch, a.lookback


class Categorical(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(inputs, a.hidden, batch_first=True)
        self.dense = torch.nn.Linear(a.hidden, outputs)

    def forward(self, x):  # x (B,T,F)
        out, _ = self.lstm(x)
        return self.dense(out)  # (B,T,O)


def one_hot_input():
    parts = [F.one_hot(torch.randint(0, n, (B, T)), n) for n in GROUPS + [BAR_POSITIONS, LABELS]]
    return torch.cat(parts, dim=-1).float()  # (B,T,323), ~6 ones per row


# Smoothed note targets: (1-eps)*onehot + eps*w with a fixed spread w (its values do not matter for speed).
classes = GROUPS[0]
w = torch.softmax(-torch.abs(torch.arange(classes).view(1, -1) - torch.arange(classes).view(-1, 1)).float(), dim=1)
w.fill_diagonal_(0)
w = w / w.sum(dim=1, keepdim=True)
table = (1 - a.smoothing) * torch.eye(classes) + a.smoothing * w  # (C,C)

m = Categorical()
opt = torch.optim.Adam(m.parameters(), 1e-3)
x = one_hot_input()
targets = [torch.randint(0, n, (B * T,)) for n in GROUPS]
note_soft = table[targets[0]]  # (B*T, C)


def step():
    opt.zero_grad()
    y = m(x).reshape(B * T, outputs)
    heads = torch.split(y, GROUPS, dim=1)
    loss = F.cross_entropy(heads[0], note_soft)
    for logits, t in zip(heads[1:], targets[1:]):
        loss = loss + F.cross_entropy(logits, t)
    loss.backward()
    opt.step()


for _ in range(3):
    step()
t0 = time.perf_counter()
for _ in range(a.steps):
    step()
train_s = time.perf_counter() - t0

print(json.dumps({
    "peer": "pytorch", "version": torch.__version__, "threads": torch.get_num_threads(),
    "hidden": a.hidden, "lookback": a.lookback, "batch": a.batch, "input_size": inputs, "output_size": outputs,
    "train_windows_per_s": round(a.steps * a.batch / train_s, 1),
}))
