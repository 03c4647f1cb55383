#!/usr/bin/python3
"""Read a dl4m model.safetensors by hand with numpy (no safetensors package needed), as a check that
the files are standard: 8-byte little-endian header length, JSON header, raw little-endian data.

usage: /usr/bin/python3 tools/read_safetensors.py MODEL_DIR_OR_FILE
Prints each tensor's name, shape, and a few values; with a model folder, also the config.json.
"""
import json, os, struct, sys
import numpy as np

path = sys.argv[1]
config = None
if os.path.isdir(path):
    with open(os.path.join(path, "config.json")) as f:
        config = json.load(f)
    path = os.path.join(path, "model.safetensors")
with open(path, "rb") as f:
    blob = f.read()
(n,) = struct.unpack("<Q", blob[:8])
header = json.loads(blob[8:8 + n])
data = blob[8 + n:]
print("metadata:", header.pop("__metadata__", {}))
if config is not None:
    print("config:", json.dumps(config))
total = 0
for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]):
    assert info["dtype"] == "F32", name
    begin, end = info["data_offsets"]
    array = np.frombuffer(data[begin:end], dtype="<f4").reshape(info["shape"])
    total += array.size
    print(f"{name:28s} {str(tuple(array.shape)):12s} first {array.ravel()[:3]}  sum {array.sum(dtype=np.float64):.6f}")
print("parameters:", total)
