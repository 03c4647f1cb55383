#!/usr/bin/env bash
# Scores the built-in model's songs against the Nottingham test split, as the comparison table of docs/compare.md
# scores every model: 50 songs of 300 notes, seed 1, `dl4m evaluate SET --reference DATA --reference-split test`
# (copy lengths against the train split). Two rows: primed as a user gets it with no model folder (a built-in tune
# written in code, in a random key), and primed with Nottingham validation songs (--data), as the table's models are.
#
#   tools/evaluate_builtin_model.sh [CORPUS] [--threads N]      # default corpus ../shared/corpus/nottingham, 2 threads
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/nottingham}
threads=2
if [ "${2:-}" = "--threads" ]; then threads=$3; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build src/Dl4m.Cli -c Release -v q -nologo >/dev/null
dl4m=(dotnet src/Dl4m.Cli/bin/Release/net10.0/dl4m.dll)
"${dl4m[@]}" prepare "$corpus" --out "$work/data" --group-by name --json >/dev/null
mkdir -p "$work/tunes" "$work/corpus-primers"
"${dl4m[@]}" generate --out "$work/tunes/song.mid" --count 50 --notes 300 --seed 1 --json >/dev/null
"${dl4m[@]}" generate --data "$work/data" --out "$work/corpus-primers/song.mid" --count 50 --notes 300 --seed 1 --json >/dev/null
for set in tunes corpus-primers; do
    "${dl4m[@]}" evaluate "$work/$set" --reference "$work/data" --reference-split test --threads "$threads" --json >"$work/$set.json"
done
/usr/bin/python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
print("| built-in model, primed with | scale consistency | pitch-class OA vs test | pitch-class distance | groove consistency | copy length vs train (median / max) | songs |")
print("|---|---:|---:|---:|---:|---:|---:|")
for name, label in [("tunes", "a built-in tune (no model folder, no --data)"), ("corpus-primers", "Nottingham validation songs (--data)")]:
    e = json.load(open(f"{work}/{name}.json"))
    m, c, copy = e["set"]["metrics"], e["comparison"], e["copy_length"]
    print(f"| {label} | {m['scale_consistency']['mean']:.3f} | {c['pitch_class_distance']['overlap_area']:.3f} | "
          f"{m['pitch_class_distance']['mean']:.3f} | {m['groove_consistency']['mean']:.3f} | {copy['median']} / {copy['max']} | {e['set']['songs']} |")
PY
