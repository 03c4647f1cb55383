#!/usr/bin/python3
"""Independent reference values for `dl4m evaluate`'s per-song metrics.

Written from the metric definitions in docs/evaluate.md, with mido and plain Python only (no numpy), by
a different route than the C# code where one exists: a tick-by-tick piano roll for polyphony, a set of beats
for the empty-beat rate, bar arrays for the groove, explicit n-gram tuples. Its JSON output is committed as
tests/Dl4m.Tests/Fixtures/eval/reference_metrics.json and the C# test must match it.

Run from the repository root:
    /usr/bin/python3 tools/eval_reference.py ../shared/corpus/nottingham > tests/Dl4m.Tests/Fixtures/eval/reference_metrics.json
"""
import json
import math
import sys
from collections import Counter, defaultdict, deque

import mido

FILES = [
    "ashover1.mid", "jigs131.mid", "reelsd-g26.mid",
    "melody/jigs269.mid", "melody/reelsh-l43.mid",
    "chords/jigs18.mid", "chords/reelsr-t81.mid",
]

KK_MAJOR = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88]
KK_MINOR = [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17]
NAMES = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"]
MAJOR_STEPS = {0, 2, 4, 5, 7, 9, 11}
MINOR_STEPS = {0, 2, 3, 5, 7, 8, 10}


def round_half_up(x):
    return math.floor(x + 0.5)


def read_notes(path):
    """Notes as dicts (pitch, on, off in ticks), drums dropped; time signatures as (tick, bar length in beats)."""
    mid = mido.MidiFile(path)
    assert mid.type in (0, 1), "the fixture files are format 0/1 with PPQ division"
    notes, signatures = [], []
    for track in mid.tracks:
        tick = 0
        pending = defaultdict(deque)
        for msg in track:
            tick += msg.time
            if msg.type == "time_signature":
                signatures.append((tick, msg.numerator * 4.0 / msg.denominator))
            if msg.type not in ("note_on", "note_off") or msg.channel == 9:
                continue
            if msg.type == "note_on" and msg.velocity > 0:
                pending[(msg.channel, msg.note)].append(tick)
            elif pending[(msg.channel, msg.note)]:
                notes.append({"pitch": msg.note, "on": pending[(msg.channel, msg.note)].popleft(), "off": tick})
        for (channel, pitch), ons in pending.items():
            for on in ons:
                notes.append({"pitch": pitch, "on": on, "off": max(on, tick)})
    notes.sort(key=lambda n: (n["on"], n["pitch"]))
    tpq = mid.ticks_per_beat
    for n in notes:
        n["b_on"] = n["on"] / tpq
        n["b_off"] = n["off"] / tpq
    signatures.sort(key=lambda s: s[0])  # stable: the last at a tick wins below
    return notes, [(t / tpq, length) for t, length in signatures]


def entropy(counter):
    total = sum(counter.values())
    if total == 0:
        return None
    return -sum((c / total) * math.log2(c / total) for c in counter.values() if c > 0)


def polyphony_by_roll(notes):
    """A literal piano roll: for each tick, the set of sounding pitches."""
    if not notes:
        return None, None
    length = max(n["off"] for n in notes)
    roll = [set() for _ in range(length)]
    for n in notes:
        for t in range(n["on"], n["off"]):
            roll[t].add(n["pitch"])
    sounding = [len(s) for s in roll if s]
    poly = sum(sounding) / len(sounding) if sounding else None
    rate = sum(1 for s in roll if len(s) >= 2) / length if length > 0 else None
    return poly, rate


def empty_beat_rate(notes):
    if not notes:
        return None
    covered = set()
    last = 0
    for n in notes:
        first = math.floor(n["b_on"])
        end = max(first, math.ceil(n["b_off"]) - 1)
        covered.update(range(first, end + 1))
        last = max(last, end)
    return 1 - len(covered) / (last + 1)


def bar_starts(signatures, last_beat):
    """Bars from time signatures (4/4 before the first); every bar starting at or before last_beat."""
    segs = {0.0: 4.0}
    for start, length in signatures:
        if length > 0:
            segs[start] = length
    seg_list = sorted(segs.items())
    starts = []
    for i, (start, length) in enumerate(seg_list):
        seg_end = seg_list[i + 1][0] if i + 1 < len(seg_list) else float("inf")
        bar = start
        while bar < seg_end and (bar <= last_beat or not starts):
            starts.append(bar)
            bar = start + (len([s for s in starts if s >= start])) * length
        if seg_end > last_beat:
            break
    return starts, seg_list


def bar_of(starts, beat):
    index = 0
    for i, s in enumerate(starts):
        if s <= beat:
            index = i
    return index


def length_at(seg_list, beat):
    current = seg_list[0][1]
    for start, length in seg_list:
        if start <= beat:
            current = length
    return current


def groove(onsets, signatures):
    if not onsets:
        return None
    q = [round_half_up(b * 4) / 4 for b in onsets]
    starts, seg_list = bar_starts(signatures, q[-1])
    if len(starts) < 2:
        return None
    steps = []
    for i, s in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else s + length_at(seg_list, s)
        steps.append(round_half_up((end - s) * 4))
    rows = [[0] * max(st, 1) for st in steps]
    for b in q:
        i = bar_of(starts, b)
        slot = min(max(round_half_up((b - starts[i]) * 4), 0), max(0, steps[i] - 1))
        rows[i][slot] = 1
    total = 0.0
    for i in range(1, len(rows)):
        width = max(steps[i - 1], steps[i])
        a = rows[i - 1] + [0] * (width - len(rows[i - 1]))
        b = rows[i] + [0] * (width - len(rows[i]))
        total += sum(1 for x, y in zip(a, b) if x != y) / width
    return 1 - total / (len(rows) - 1)


def pearson(xs, ys):
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy)


def key_of(notes):
    weights = [0.0] * 12
    for n in notes:
        weights[n["pitch"] % 12] += n["b_off"] - n["b_on"]
    if sum(weights) <= 0:
        weights = [0.0] * 12
        for n in notes:
            weights[n["pitch"] % 12] += 1
    if len(set(weights)) == 1:
        return None
    best = None
    for mode, profile in ((0, KK_MAJOR), (1, KK_MINOR)):
        for tonic in range(12):
            r = pearson(profile, [weights[(tonic + i) % 12] for i in range(12)])
            if best is None or r > best[0]:
                best = (r, mode * 12 + tonic)
    return best


def key_change_rate(notes):
    windows = defaultdict(list)
    for n in notes:
        windows[math.floor(n["b_on"] / 8)].append(n)
    keys = [k[1] for k in (key_of(windows[w]) for w in sorted(windows)) if k is not None]
    if len(keys) < 2:
        return None
    return sum(1 for a, b in zip(keys, keys[1:]) if a != b) / (len(keys) - 1)


def repeated_share(seq, n=4):
    grams = [tuple(seq[i:i + n]) for i in range(len(seq) - n + 1)]
    if not grams:
        return None
    counts = Counter(grams)
    return sum(1 for g in grams if counts[g] > 1) / len(grams)


def self_similarity(notes, signatures):
    if not notes:
        return None
    starts, _ = bar_starts(signatures, notes[-1]["b_on"])
    vectors = defaultdict(lambda: [0] * 12)
    for n in notes:
        vectors[bar_of(starts, n["b_on"])][n["pitch"] % 12] += 1
    bars = [vectors[k] for k in sorted(vectors)]
    if len(bars) < 2:
        return None

    def cosine(a, b):
        return sum(x * y for x, y in zip(a, b)) / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))

    return sum(max(cosine(a, b) for j, b in enumerate(bars) if j != i) for i, a in enumerate(bars)) / len(bars)


def metrics(path):
    notes, signatures = read_notes(path)
    pitches = Counter(n["pitch"] for n in notes)
    classes = Counter(n["pitch"] % 12 for n in notes)
    by_onset = defaultdict(list)
    for n in notes:
        by_onset[n["on"]].append(n)
    onset_ticks = sorted(by_onset)
    tpq_beats = {t: by_onset[t][0]["b_on"] for t in onset_ticks}
    onsets = [tpq_beats[t] for t in onset_ticks]
    iois = [round_half_up((b - a) * 12) for a, b in zip(onsets, onsets[1:])]
    skyline = [max(n["pitch"] for n in by_onset[t]) for t in onset_ticks]
    intervals = [b - a for a, b in zip(skyline, skyline[1:])]
    total = len(notes)

    scale = None
    if total:
        scale = max(sum(c for pc, c in classes.items() if (pc - tonic) % 12 in steps) / total
                    for steps in (MAJOR_STEPS, MINOR_STEPS) for tonic in range(12))
    key = key_of(notes) if notes else None
    poly, poly_rate = polyphony_by_roll(notes)
    sizes = [len(by_onset[t]) for t in onset_ticks]
    on_grid = None
    if total:
        on_grid = sum(1 for n in notes if abs(n["b_on"] * 4 - round_half_up(n["b_on"] * 4)) <= 0.1 + 1e-9) / total
    return {
        "note_count": total,
        "key": None if key is None else f"{NAMES[key[1] % 12]} {'major' if key[1] < 12 else 'minor'}",
        "pitch_class_counts": [classes.get(i, 0) for i in range(12)],
        "chord_size_counts": [sum(1 for s in sizes if min(s, 5) == k) for k in range(1, 6)],
        "metrics": {
            "pitch_range": (max(pitches) - min(pitches)) if total else None,
            "n_pitches_used": len(pitches),
            "n_pitch_classes_used": len(classes),
            "polyphony": poly,
            "polyphony_rate": poly_rate,
            "pitch_entropy": entropy(pitches),
            "pitch_class_entropy": entropy(classes),
            "scale_consistency": scale,
            "empty_beat_rate": empty_beat_rate(notes),
            "groove_consistency": groove(onsets, signatures),
            "key_clarity": None if key is None else key[0],
            "key_change_rate": key_change_rate(notes),
            "repeated_interval_ngrams": repeated_share(intervals),
            "repeated_rhythm_ngrams": repeated_share(iois),
            "bar_self_similarity": self_similarity(notes, signatures),
            "ioi_entropy": entropy(Counter(iois)) if iois else None,
            "on_grid_rate": on_grid,
            "chord_onset_rate": (sum(1 for s in sizes if s >= 3) / len(sizes)) if sizes else None,
            "notes_per_onset": (total / len(sizes)) if sizes else None,
        },
    }


def main():
    corpus = sys.argv[1]
    out = {"generator": "tools/eval_reference.py (mido " + mido.__version__ + ")",
           "files": {f: metrics(f"{corpus}/{f}") for f in FILES}}
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
