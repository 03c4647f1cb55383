#!/usr/bin/env bash
# Writes a benchmark corpus of N distinct mutations of the Nottingham files (transposed, velocity-shifted,
# a marker naming each file; every 50th cut short) with the hidden `dl4m make-corpus` command.
# usage: tools/make_big_corpus.sh OUT_DIR [FILES]   (default 100000; about 195 MB for 100,000 files)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: tools/make_big_corpus.sh OUT_DIR [FILES]}
dotnet build src/Dl4m.Cli -c Release -v quiet -nologo >/dev/null
src/Dl4m.Cli/bin/Release/net10.0/dl4m make-corpus ../shared/corpus/nottingham --out "$out" --files "${2:-100000}"
