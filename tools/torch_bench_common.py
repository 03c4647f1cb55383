"""What tools/torch_categorical_bench.py and tools/torch_transformer_bench.py share: dl4m's benchmark categorical
encoding (one-hot input rows, the heads' logits), the common arguments and set-up, and the timed training loop
(soft-target cross-entropy of the note head + cross-entropy of the three bin heads, Adam, 3 warm-up steps).
A module, not a script: the two peers import it from this folder.
"""
import argparse, time
import torch
import torch.nn.functional as F

GROUPS = [128, 16, 40, 40]  # note, velocity, delta, duration
BAR_POSITIONS = 96  # input only
LABELS = 3
INPUTS = sum(GROUPS) + BAR_POSITIONS + LABELS  # 323
OUTPUTS = sum(GROUPS)  # 224


def parser():
    """An argument parser with the options both peers take (--batch, --threads, --smoothing); each adds its own."""
    p = argparse.ArgumentParser()
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--smoothing", type=float, default=0.1)
    return p


def parse(p):
    """Parses the command line, sets torch's threads and the fixed seed, returns the arguments."""
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    return a


def one_hot(b, t):
    """(B,T,323) random one-hot rows of the encoding, ~6 ones per row."""
    parts = [F.one_hot(torch.randint(0, n, (b, t)), n) for n in GROUPS + [BAR_POSITIONS, LABELS]]
    return torch.cat(parts, dim=-1).float()


def note_table(smoothing):
    """Smoothed note targets: (1-eps)*onehot + eps*w with a fixed spread w (its values do not matter for speed)."""
    classes = GROUPS[0]
    w = torch.softmax(-torch.abs(torch.arange(classes).view(1, -1) - torch.arange(classes).view(-1, 1)).float(), dim=1)
    w.fill_diagonal_(0)
    w = w / w.sum(dim=1, keepdim=True)
    return (1 - smoothing) * torch.eye(classes) + smoothing * w  # (C,C)


def train_windows_per_s(model, batch, steps, timed_steps, smoothing):
    """Trains model (input (B,T,323) -> logits (B,T,224)) on one random batch: 3 warm-up steps, then windows per
    second over timed_steps steps, rounded to 0.1."""
    table = note_table(smoothing)
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    x = one_hot(batch, steps)
    targets = [torch.randint(0, n, (batch * steps,)) for n in GROUPS]
    note_soft = table[targets[0]]  # (B*T, C)

    def step():
        opt.zero_grad()
        y = model(x).reshape(batch * steps, OUTPUTS)
        heads = torch.split(y, GROUPS, dim=1)
        loss = F.cross_entropy(heads[0], note_soft)
        for logits, t in zip(heads[1:], targets[1:]):
            loss = loss + F.cross_entropy(logits, t)
        loss.backward()
        opt.step()

    for _ in range(3):
        step()
    t0 = time.perf_counter()
    for _ in range(timed_steps):
        step()
    return round(timed_steps * batch / (time.perf_counter() - t0), 1)
