#!/usr/bin/env python3
"""Issue 11's table from tools/compare_corpora.sh results: one results.json (after) or two (before, after).

usage: tools/compare_table.py [--before BEFORE.json] AFTER.json

For every corpus: the real test songs, the generated songs before and after, and whether "after" meets the issue's
goals: on-grid rate and groove consistency within 0.1 of the real test songs; scale consistency within half of the
before-gap to the real songs; repeated interval 4-grams at least half the real songs' value; validation NLL clearly
below the unigram baseline (at most 90 % of it). Prints Markdown.
"""
import json
import sys


def mean(metrics, key):
    m = metrics.get(key)
    return None if m is None or m.get("count", 0) == 0 else m["mean"]


def unigram(train):
    for b in train.get("baselines", []):
        if b.get("name") == "unigram":
            return b["loss"].get("note_nll")
    return None


def fmt(x, digits=3):
    return "–" if x is None else f"{x:.{digits}f}"


def stop(train):
    best = train.get("best", {}) or {}
    epoch = best.get("epoch")
    reason = train.get("stop_reason") or train.get("stopped_by")
    ran = train.get("epochs_run") or train.get("epochs")
    parts = []
    if epoch is not None:
        parts.append(f"best epoch {epoch}")
    if ran is not None:
        parts.append(f"{ran} run")
    if reason:
        parts.append(f"stopped: {reason}")
    return ", ".join(parts) or "–"


def main(argv):
    before_path = None
    if len(argv) >= 2 and argv[0] == "--before":
        before_path, argv = argv[1], argv[2:]
    if len(argv) != 1:
        sys.exit(__doc__)
    after = json.load(open(argv[0]))
    before = json.load(open(before_path)) if before_path else None
    by_name = {c["name"]: c for c in before["corpora"]} if before else {}
    print(f"ISA: {after['isa']}\n")
    print("| corpus | metric | real test songs | before | after | goal for after | met |")
    print("|---|---|---:|---:|---:|---|:-:|")
    for c in after["corpora"]:
        b = by_name.get(c["name"])
        real = c["real"]
        rows = []
        for key, label in [("on_grid_rate", "on-grid rate"), ("groove_consistency", "groove consistency")]:
            r, a = mean(real, key), mean(c["generated"], key)
            bv = mean(b["generated"], key) if b else None
            ok = None if r is None or a is None else abs(a - r) <= 0.1
            rows.append((label, r, bv, a, "within 0.1 of real", ok))
        r, a = mean(real, "scale_consistency"), mean(c["generated"], "scale_consistency")
        bv = mean(b["generated"], "scale_consistency") if b else None
        ok = None if None in (r, a, bv) else abs(a - r) <= 0.5 * abs(bv - r) + 1e-9
        rows.append(("scale consistency", r, bv, a, "gap ≤ half of before's", ok))
        r, a = mean(real, "repeated_interval_ngrams"), mean(c["generated"], "repeated_interval_ngrams")
        bv = mean(b["generated"], "repeated_interval_ngrams") if b else None
        ok = None if r is None or a is None else a >= 0.5 * r
        rows.append(("repeated interval 4-grams", r, bv, a, "≥ half of real", ok))
        for key, label in [("repeated_rhythm_ngrams", "repeated rhythm 4-grams"), ("bar_self_similarity", "bar self-similarity"),
                           ("key_change_rate", "key change rate")]:
            r, a = mean(real, key), mean(c["generated"], key)
            bv = mean(b["generated"], key) if b else None
            rows.append((label, r, bv, a, "(shown)", None))
        u, a = unigram(c["train"]), c["train"].get("val_nll_per_note")
        bv = b["train"].get("val_nll_per_note") if b else None
        ok = None if u is None or a is None else a <= 0.9 * u
        rows.append((f"validation NLL, nats/note (unigram {fmt(u)})", None, bv, a, "≤ 0.9 × unigram", ok))
        rows.append(("training", None, None, None, None, None))
        for label, r, bv, a, goal, ok in rows:
            if label == "training":
                bt = f"{b['train_seconds']:.0f} s, {stop(b['train'])}" if b else "–"
                print(f"| {c['name']} | training (wall, budget) | | {bt} | {c['train_seconds']:.0f} s, {stop(c['train'])} | | |")
                continue
            mark = "" if ok is None else ("yes" if ok else "**no**")
            print(f"| {c['name']} | {label} | {fmt(r)} | {fmt(bv)} | {fmt(a)} | {goal} | {mark} |")


if __name__ == "__main__":
    main(sys.argv[1:])
