#!/usr/bin/env bash
# Trains the model that ships inside dl4m (src/Dl4m/BuiltInModel/, embedded in Dl4m.Core.dll) on the Nottingham
# corpus, and records how in src/Dl4m/BuiltInModel/provenance.json: the exact commands, the corpus's hash, the
# dataset manifest's hash, the training metrics and the commit it was trained at. Rerun it whenever the model
# format changes (an old built-in model is refused like any old model folder), then rebuild.
#
#   tools/train_builtin_model.sh [CORPUS] [--threads N]      # default corpus ../shared/corpus/nottingham, 2 threads
#
# Nottingham is GPL-3 (see the corpus's own notice): the model's weights are derived from it, so the built-in model
# is distributed under GPL-3 too (README.md says so); the corpus itself is never copied into the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/nottingham}
threads=2
if [ "${2:-}" = "--threads" ]; then threads=$3; fi
[ -d "$corpus" ] || { echo "train_builtin_model: corpus '$corpus' does not exist" >&2; exit 1; }

# The settings: LSTM(128), 10 epochs, no label smoothing (the best in-key row of the comparison table at 10 epochs,
# docs/compare.md), split by file name so no test tune was seen in any form, fixed seed and threads.
epochs=10
hidden=128
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build src/Dl4m.Cli -c Release -v q -nologo >/dev/null
dl4m=(dotnet src/Dl4m.Cli/bin/Release/net10.0/dl4m.dll)

prepare_args=(prepare "$corpus" --out "$work/data" --group-by name --json)
train_args=(train "$work/data" --out "$work/model" --model categorical --hidden "$hidden" --epochs "$epochs" --smoothing 0 --seed 1 --threads "$threads" --json)
"${dl4m[@]}" "${prepare_args[@]}" > "$work/prepare.json"
start=$(date +%s.%N)
"${dl4m[@]}" "${train_args[@]}" > "$work/train-result.json"
end=$(date +%s.%N)

# The corpus's hash: SHA-256 over the sorted list of "sha256  relative/path" lines of its MIDI files.
corpus_sha=$(cd "$corpus" && find . -type f \( -iname '*.mid' -o -iname '*.midi' -o -iname '*.kar' -o -iname '*.rmi' \) -print0 \
    | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
files=$(cd "$corpus" && find . -type f \( -iname '*.mid' -o -iname '*.midi' -o -iname '*.kar' -o -iname '*.rmi' \) | wc -l)
manifest_sha=$(sha256sum "$work/data/manifest.json" | cut -d' ' -f1)

out=src/Dl4m/BuiltInModel
for f in config.json model.safetensors encoding.json train.json; do cp "$work/model/$f" "$out/$f"; done
/usr/bin/python3 - "$out" "$work" "$corpus_sha" "$files" "$manifest_sha" "$(git rev-parse HEAD)" "$(echo "$end - $start" | bc)" \
    "${prepare_args[*]}" "${train_args[*]}" <<'PY'
import json, sys, datetime
out, work, corpus_sha, files, manifest_sha, commit, seconds, prepare_cmd, train_cmd = sys.argv[1:]
result = json.load(open(f"{work}/train-result.json"))
record = {
    "name": "built-in",
    "what": "categorical LSTM model trained on the Nottingham folk-tune corpus (melodies with chords)",
    "licence": "GPL-3.0 (the weights are derived from the Nottingham corpus, which is GPL-3)",
    "trained": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    "commit": commit,
    "commands": ["dl4m " + prepare_cmd.replace(work, "$WORK"), "dl4m " + train_cmd.replace(work, "$WORK")],
    "corpus": {"files": int(files), "sha256_of_file_hashes": corpus_sha},
    "dataset_manifest_sha256": manifest_sha,
    "train_seconds": round(float(seconds), 1),
    "train_result": result,
}
json.dump(record, open(f"{out}/provenance.json", "w"), indent=2)
open(f"{out}/provenance.json", "a").write("\n")
PY
ls -l "$out"
