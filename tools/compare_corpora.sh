#!/usr/bin/env bash
# Issue 11's proof: the commands a new user runs, with every default, on several corpora, scored against each
# corpus's own real test songs. For each corpus NAME=DIR:
#   dl4m prepare DIR --out WORK/NAME/data
#   dl4m train WORK/NAME/data --out WORK/NAME/model --threads T
#   dl4m generate WORK/NAME/model --out WORK/NAME/songs/song.mid --count K --notes N --seed 1
#   dl4m evaluate WORK/NAME/songs --reference WORK/NAME/data --reference-split test --json
#   dl4m evaluate WORK/NAME/data --split test --reference WORK/NAME/data --reference-split test --json   (real row)
# and writes WORK/results.json (one object per corpus: the two metric sets, the training summary, wall times).
# tools/compare_table.py turns one or two results.json (before / after) into the README's table.
# usage: tools/compare_corpora.sh [--dl4m PATH] [--work DIR] [--count K] [--notes N] [--threads T] NAME=DIR...
# Without --dl4m the tool is published from this checkout first (ReadyToRun, as tools/bench_prepare.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
script=compare_corpora.sh help_lines=2,12 work=${TMPDIR:-/tmp}/dl4m-corpora
source tools/compare_common.sh
compare_parse "$@"
compare_publish
# The kernels take the best path the CPU has unless DL4M_ISA asks for another (src/Dl4m/Nn/Kernels/KernelIsa.cs).
isa=${DL4M_ISA:-$(grep -q -w avx512f /proc/cpuinfo && echo avx512 || (grep -q -w avx2 /proc/cpuinfo && echo avx2) || echo scalar)}
for entry in "${corpora[@]}"; do
    compare_prepare "$entry"
    mkdir -p "$w/songs"
    echo "== $name: train (defaults)" >&2
    compare_timed "$w/train.ms" "$dl4m" train "$w/data" --out "$w/model" --threads "$threads" --json >"$w/train.json"
    echo "== $name: generate $count × $notes notes" >&2
    "$dl4m" generate "$w/model" --out "$w/songs/song.mid" --count "$count" --notes "$notes" --seed 1 --json >"$w/generate.json"
    echo "== $name: evaluate" >&2
    "$dl4m" evaluate "$w/songs" --reference "$w/data" --reference-split test --threads "$threads" --json >"$w/eval-generated.json"
    "$dl4m" evaluate "$w/data" --split test --reference "$w/data" --reference-split test --threads "$threads" --json >"$w/eval-real.json"
done
/usr/bin/python3 - "$work" "$isa" "$dl4m" "${corpora[@]}" <<'PY'
import json, sys, subprocess
work, isa, tool, *corpora = sys.argv[1:]
out = {"isa": isa, "tool": tool, "corpora": []}
for entry in corpora:
    name, path = entry.split("=", 1)
    w = f"{work}/{name}"
    load = lambda f: json.load(open(f"{w}/{f}"))
    out["corpora"].append({
        "name": name, "path": path,
        "train": load("train.json"), "train_seconds": int(open(f"{w}/train.ms").read()) / 1000,
        "generated": load("eval-generated.json")["set"]["metrics"],
        "real": load("eval-real.json")["set"]["metrics"],
        "copy_length": load("eval-generated.json").get("copy_length"),
    })
json.dump(out, open(f"{work}/results.json", "w"), indent=1)
print(f"{work}/results.json")
PY
