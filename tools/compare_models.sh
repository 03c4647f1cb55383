#!/usr/bin/env bash
# The README's model comparison table (issue 7), from commands anyone can rerun:
#  1. publishes the tool once, prepares ../shared/corpus/nottingham with --group-by name (every copy of a tune
#     in one split);
#  2. trains every row with the same budget (--epochs, --seed, --threads): the original model (all
#     defaults) and, when the tool has the categorical model, the categorical model with its defaults
#     (smoothing 0.1, augment transpose:5), --smoothing 0, --augment none, both, --notes interval, --normalize-key;
#  3. writes the same number of songs per model and per baseline (random, markov), with the same seeds;
#  4. scores every set with `dl4m evaluate SET --reference DATA --reference-split test --json` (copy lengths are
#     then measured against the train split), plus the real validation, test and train songs as reference rows;
#  5. prints a Markdown table (and writes it to WORK/compare.md), one row per set.
# usage: tools/compare_models.sh [--epochs N] [--seed S] [--count K] [--notes N] [--threads N]
#                                [--max-windows N] [--categorical auto|on|off] [--work DIR] [--out FILE]
# Defaults: 10 epochs, seed 1, 50 songs of 300 notes per model, all cores, every window, categorical rows when
# `dl4m train --help` lists --model and `dl4m generate --help` lists --top-k.
# Quick dry run: --epochs 1 --max-windows 2000 --count 4 --notes 100.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

epochs=10 seed=1 count=50 notes=300 threads=$(nproc) max_windows=0 categorical=auto
work=${TMPDIR:-/tmp}/dl4m-compare out=""
while [ $# -gt 0 ]; do
    case "$1" in
        --epochs) epochs=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --count) count=$2; shift 2 ;;
        --notes) notes=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --max-windows) max_windows=$2; shift 2 ;;
        --categorical) categorical=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "compare_models.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done
case "$categorical" in auto|on|off) ;; *) echo "compare_models.sh: --categorical must be auto, on or off" >&2; exit 2 ;; esac
corpus=$repo/../shared/corpus/nottingham
data=$work/data
out=${out:-$work/compare.md}
mkdir -p "$work"
start_all=$(date +%s)

# The published, ReadyToRun-compiled tool, as tools/bench_prepare.sh uses it.
echo "== publishing dl4m" >&2
dotnet publish src/Dl4m.Cli -c Release -r linux-x64 --self-contained false -o "$work/dl4m" -v quiet -nologo >/dev/null
dl4m=$work/dl4m/dl4m

# auto: on once the tool can both train (`train --model`) and sample (`generate --top-k`) the categorical model.
if [ "$categorical" = auto ]; then
    if "$dl4m" train --help | grep -q -- '--model' && "$dl4m" generate --help | grep -q -- '--top-k'; then
        categorical=on
    else
        categorical=off
        echo "(categorical rows off: this dl4m cannot train and generate --model categorical yet)" >&2
    fi
fi

echo "== prepare $corpus --group-by name" >&2
"$dl4m" prepare "$corpus" --out "$data" --group-by name --force --json >"$work/prepare.json"

# Rows: name|train options. The original model keeps all its defaults (the original's model and loss). The last two
# rows show the other options of the family (intervals instead of pitches; every song moved to C major / A minor).
rows=("original model|--model original")
if [ "$categorical" = on ]; then
    rows+=("categorical|--model categorical"
           "categorical, --smoothing 0|--model categorical --smoothing 0"
           "categorical, --augment none|--model categorical --augment none"
           "categorical, --smoothing 0 --augment none|--model categorical --smoothing 0 --augment none"
           "categorical, --notes interval|--model categorical --notes interval"
           "categorical, --normalize-key|--model categorical --normalize-key")
fi

# One list of sets for the table: kind|name|folder of songs or split|model folder (for the NLL)|train JSON.
sets=()
mkdir -p "$work/models" "$work/songs" "$work/eval"
i=0
for row in "${rows[@]}"; do
    i=$((i + 1))
    name=${row%%|*} options=${row#*|}
    model=$work/models/row$i songs=$work/songs/row$i
    echo "== train $name ($epochs epochs, seed $seed)" >&2
    # --patience 0: every row trains exactly --epochs epochs, the same budget (the categorical default would stop
    # a row early once its validation loss stops improving).
    # shellcheck disable=SC2086 # the row's options are words on purpose
    "$dl4m" train "$data" --out "$model" $options --epochs "$epochs" --patience 0 --seed "$seed" --threads "$threads" \
        --max-windows "$max_windows" --force --json >"$work/eval/row$i.train.json"
    echo "== generate $count songs of $notes notes" >&2
    rm -rf "$songs" && mkdir -p "$songs"
    "$dl4m" generate "$model" --out "$songs/song.mid" --count "$count" --notes "$notes" --seed "$seed" --json >"$work/eval/row$i.generate.json"
    sets+=("model|$name|$songs|$work/eval/row$i.train.json")
done

for kind in random markov; do
    echo "== baseline $kind" >&2
    "$dl4m" baseline "$data" --out "$work/songs/$kind" --kind "$kind" --count "$count" --notes "$notes" --seed "$seed" --force --json >/dev/null
    sets+=("baseline|baseline: $kind|$work/songs/$kind|")
done
for split in validation test train; do sets+=("real|real songs: $split split|$split|"); done

i=0
for entry in "${sets[@]}"; do
    i=$((i + 1))
    IFS='|' read -r kind name what train_json <<<"$entry"
    echo "== evaluate $name" >&2
    if [ "$kind" = real ]; then
        "$dl4m" evaluate "$data" --split "$what" --reference "$data" --reference-split test --threads "$threads" --json >"$work/eval/set$i.json"
    else
        "$dl4m" evaluate "$what" --reference "$data" --reference-split test --threads "$threads" --json >"$work/eval/set$i.json"
    fi
    printf '%s\t%s\t%s\t%s\n' "$kind" "$name" "$work/eval/set$i.json" "$train_json"
done >"$work/eval/sets.tsv"

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
seconds=$(( $(date +%s) - start_all ))
/usr/bin/python3 - "$work/eval/sets.tsv" "$out" "$epochs" "$seed" "$count" "$notes" "$max_windows" "$commit" "$seconds" <<'PY'
import json, sys

sets_path, out_path, epochs, seed, count, notes, max_windows, commit, seconds = sys.argv[1:]

def number(value, digits=3):
    return "n/a" if value is None else f"{value:.{digits}f}"

def find(node, key):
    """The first value under `key` anywhere in a JSON tree (depth first), or None."""
    if isinstance(node, dict):
        if key in node:
            return node[key]
        children = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        found = find(child, key)
        if found is not None:
            return found
    return None

def validation_nll(train):
    # The categorical model reports −ln p(true note) per note, in nats, at its best validation point; the seed
    # model's note loss is not a likelihood, so it has none.
    best = train.get("best") or {}
    return find(best.get("validation") or best, "note_nll")

rows = []
for line in open(sets_path):
    kind, name, eval_path, train_path = line.rstrip("\n").split("\t")
    e = json.load(open(eval_path))
    metrics, comparison = e["set"]["metrics"], e["comparison"]
    train = json.load(open(train_path)) if train_path else None
    copy = e["copy_length"]
    if name == "real songs: train split":
        copy_text = "(is the train split)"
    else:
        copy_text = f"{copy['median']} / {copy['max']}" if copy and copy["median"] is not None else "n/a"
    rows.append([
        name,
        (f"{train['seconds']:.0f}" if train["seconds"] >= 100 else f"{train['seconds']:.1f}") if train else "–",
        number(validation_nll(train)) if train else "–",
        number(metrics["scale_consistency"]["mean"]),
        number(comparison["pitch_class_distance"]["overlap_area"]),
        number(metrics["pitch_class_distance"]["mean"]),
        number(metrics["groove_consistency"]["mean"]),
        copy_text,
        str(e["set"]["songs"]),
    ])

header = ["model / set", "train s", "val NLL/note (nats)", "scale consistency", "pitch-class OA vs test",
          "pitch-class distance", "groove consistency", "copy length vs train (median / max)", "songs"]
lines = [
    f"Nottingham prepared with --group-by name; {epochs} epochs, seed {seed}"
    + (f", --max-windows {max_windows}" if max_windows != "0" else "")
    + f"; {count} songs of {notes} notes per model and baseline; every set scored with "
    "`dl4m evaluate SET --reference data --reference-split test` (copy lengths against the train split); "
    f"commit {commit}; whole run {int(seconds) // 60} min {int(seconds) % 60} s.",
    "",
    "| " + " | ".join(header) + " |",
    "|---|" + "---:|" * (len(header) - 1),
]
lines += ["| " + " | ".join(r) + " |" for r in rows]
text = "\n".join(lines) + "\n"
sys.stdout.write(text)
with open(out_path, "w") as f:
    f.write(text)
print(f"(table written to {out_path})", file=sys.stderr)
PY
