#!/usr/bin/env bash
# Benchmarks `dl4m prepare` (docs/prepare.md quotes its output):
#  1. Nottingham end to end vs mido's parse-only time on the same folder (goal: under 1/20 of mido's time);
#  2. a 100,000-file corpus of distinct mutations of Nottingham (built once in a temp folder with the
#     hidden `dl4m make-corpus`), prepared on 2 threads: files/s (goal ≥ 5,000) and peak RSS (goal < 1 GB).
# usage: tools/bench_prepare.sh [FILES]   (default 100000; needs /usr/bin/python3 with mido, /usr/bin/time)
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-100000}
corpus=../shared/corpus/nottingham
work=${TMPDIR:-/tmp}/dl4m-bench-prepare
big=$work/corpus-$files
mkdir -p "$work"

# The published, ReadyToRun-compiled tool (README, "Set up"): a plain build JIT-compiles everything at
# each start, which costs a ~1 s run about a third of its time.
dotnet publish src/Dl4m.Cli -c Release -r linux-x64 --self-contained false -o "$work/dl4m" -v quiet -nologo >/dev/null
dl4m=$work/dl4m/dl4m

echo "== Nottingham: mido parse-only vs dl4m prepare end to end"
mido=$(/usr/bin/python3 ../shared/peers/mido_parse_bench.py "$corpus" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds"])')
# dl4m's run is ~1 s, so one load spike skews it: take the median of 5 runs (mido's long run averages itself).
times=()
for run in 1 2 3 4 5; do
    rm -rf "$work/nottingham-ds"
    start=$(date +%s.%N)
    "$dl4m" prepare "$corpus" --out "$work/nottingham-ds" --json >/dev/null
    end=$(date +%s.%N)
    times+=("$(/usr/bin/python3 -c "print($end-$start)")")
done
/usr/bin/python3 -c "
import statistics; m=$mido; t=sorted([$(IFS=,; echo "${times[*]}")]); d=statistics.median(t)
print(f'mido parse {m:.3f} s, dl4m prepare median {d:.3f} s of {[round(x,3) for x in t]} (process wall time): {m/d:.1f}x faster, goal 20x')"

echo "== $files-file corpus, 2 threads"
if [ ! -d "$big" ]; then "$dl4m" make-corpus "$corpus" --out "$big" --files "$files"; fi
rm -rf "$work/big-ds"
/usr/bin/time -v "$dl4m" prepare "$big" --out "$work/big-ds" --threads 2 --json >"$work/big.json" 2>"$work/big.time"
/usr/bin/python3 - "$work/big.json" "$work/big.time" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1])); t = open(sys.argv[2]).read()
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1)
c = d["counts"]
print(f"files {c['files']:,} (parsed {c['parsed']:,}, salvaged {c['salvaged']:,}, failed {c['failed']:,}, duplicates {c['duplicates']:,}), "
      f"events {c['events']:,}; build {d['seconds']:.2f} s = {d['files_per_second']:,.0f} files/s (goal 5,000); "
      f"process wall {wall}; peak RSS {rss/1024:.0f} MB (goal < 1024)")
PY
echo "(corpus kept in $big; delete $work when done)"
