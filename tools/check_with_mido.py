#!/usr/bin/python3
"""Opens MIDI files with mido (what the original project used) and prints, per file, its note count:
note_on messages with velocity > 0, all tracks, all channels. Proves that files dl4m writes open in mido.

usage: /usr/bin/python3 tools/check_with_mido.py FILE.mid [FILE.mid ...]
Exit code 1 if any file fails to open. Needs Debian's python3-mido (/usr/bin/python3).
"""
import json, sys
import mido

failed = 0
for path in sys.argv[1:]:
    try:
        midi = mido.MidiFile(path)
        notes = sum(1 for track in midi.tracks for msg in track if msg.type == "note_on" and msg.velocity > 0)
        print(json.dumps({"file": path, "mido": mido.__version__, "type": midi.type, "tracks": len(midi.tracks),
                          "ticks_per_beat": midi.ticks_per_beat, "note_ons": notes, "seconds": round(midi.length, 3)}))
    except Exception as e:  # mido raises many types on broken files
        failed += 1
        print(json.dumps({"file": path, "error": f"{type(e).__name__}: {e}"}))
if len(sys.argv) < 2:
    print(__doc__.strip(), file=sys.stderr)
    sys.exit(2)
sys.exit(1 if failed else 0)
