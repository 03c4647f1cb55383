#!/bin/sh
# Regenerates tests/Dl4m.Tests/Fixtures/mido/nottingham_note_ons.json: mido's per-file count of note_on
# messages with velocity > 0 (all tracks, all channels) on the Nottingham corpus, with timing stripped so
# the fixture only changes when the counts do. Run from the repository root; needs Debian's python3-mido.
set -eu
corpus="${1:-../shared/corpus/nottingham}"
out="tests/Dl4m.Tests/Fixtures/mido/nottingham_note_ons.json"
/usr/bin/python3 ../shared/peers/mido_parse_bench.py "$corpus" --per-file | /usr/bin/python3 -c '
import json, sys
r = json.load(sys.stdin)
keep = ("peer", "version", "files", "parsed", "failed", "note_ons", "megabytes", "failures", "per_file")
json.dump({k: r[k] for k in keep}, sys.stdout, indent=1, sort_keys=True)
print()
' > "$out"
echo "wrote $out"
