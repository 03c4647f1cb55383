#!/usr/bin/env bash
# Issue 12's proof: the transformer family beside the default LSTM (categorical) family, same data, same wall-clock
# budget, the same user commands; for each corpus NAME=DIR:
#   dl4m prepare DIR --out WORK/NAME/data
#   dl4m train WORK/NAME/data --out WORK/NAME/MODEL --model MODEL --time BUDGET --threads T     (MODEL: categorical, transformer)
#   dl4m generate WORK/NAME/MODEL --out WORK/NAME/songs-MODEL/song.mid --count K --notes N --seed 1
#   dl4m evaluate WORK/NAME/songs-MODEL --reference WORK/NAME/data --reference-split test --json
#   dl4m evaluate WORK/NAME/data --split test --reference WORK/NAME/data --reference-split test --json   (real row)
# The runs are sequential, so each training has the machine's cores to itself (other jobs aside).
# Writes WORK/results.json (per corpus: the training summaries and the metric sets) and prints the table.
# usage: tools/compare_transformer.sh [--dl4m PATH] [--work DIR] [--time 10m] [--count 30] [--notes 300] [--threads T] NAME=DIR...
set -euo pipefail
cd "$(dirname "$0")/.."
script=compare_transformer.sh help_lines=2,11 work=${TMPDIR:-/tmp}/dl4m-transformer budget=10m
own_option() { case "$1" in --time) budget=$2; shifted=2 ;; *) return 1 ;; esac; }
source tools/compare_common.sh
compare_parse "$@"
compare_publish
for entry in "${corpora[@]}"; do
    compare_prepare "$entry"
    "$dl4m" evaluate "$w/data" --split test --reference "$w/data" --reference-split test --threads "$threads" --json >"$w/eval-real.json"
    for model in categorical transformer; do
        echo "== $name: train $model ($budget) $(date -u +%H:%M:%S)" >&2
        compare_timed "$w/train-$model.ms" "$dl4m" train "$w/data" --out "$w/$model" --model "$model" --time "$budget" --threads "$threads" --json >"$w/train-$model.json"
        echo "== $name: generate $count × $notes notes with $model" >&2
        "$dl4m" generate "$w/$model" --out "$w/songs-$model/song.mid" --count "$count" --notes "$notes" --seed 1 --json >"$w/generate-$model.json"
        "$dl4m" evaluate "$w/songs-$model" --reference "$w/data" --reference-split test --threads "$threads" --json >"$w/eval-$model.json"
    done
done
/usr/bin/python3 - "$work" "$budget" "${corpora[@]}" <<'PY'
import json, sys
work, budget, *corpora = sys.argv[1:]
out = {"budget": budget, "corpora": []}
rows = []
for entry in corpora:
    name, path = entry.split("=", 1)
    w = f"{work}/{name}"
    load = lambda f: json.load(open(f"{w}/{f}"))
    c = {"name": name, "path": path, "real": load("eval-real.json")["set"]["metrics"], "models": {}}
    for model in ("categorical", "transformer"):
        c["models"][model] = {"train": load(f"train-{model}.json"), "train_seconds": int(open(f"{w}/train-{model}.ms").read()) / 1000,
                              "generated": load(f"eval-{model}.json")["set"]["metrics"]}
    out["corpora"].append(c)
json.dump(out, open(f"{work}/results.json", "w"), indent=1)
print(f"{work}/results.json")
PY
