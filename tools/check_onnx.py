#!/usr/bin/python3
"""Checks an ONNX file written by `dl4m model export-onnx` with the reference checker of the Python
onnx package (Debian's python3-onnx 1.12: opset <= 17, IR version <= 8), and prints its signature.

usage: /usr/bin/python3 tools/check_onnx.py model.onnx

Runs onnx.checker.check_model with full_check (which includes strict shape inference), then prints
the opset, the input and inferred output shapes, the operators used and the weight count.
Exit code 0 when the model is valid; a checker error raises (exit code 1) with onnx's message.
"""
import sys

import onnx
import onnx.checker
import onnx.shape_inference


def dims(value_info):
    shape = value_info.type.tensor_type.shape
    return "(" + ", ".join(d.dim_param or str(d.dim_value) for d in shape.dim) + ")"


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    path = argv[1]
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)  # full_check also runs strict shape inference
    inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
    opsets = ", ".join(f"{o.domain or 'ai.onnx'} {o.version}" for o in model.opset_import)
    ops = sorted({n.op_type for n in model.graph.node})
    print(f"{path}: valid ONNX (IR {model.ir_version}, opset {opsets}, producer {model.producer_name} {model.producer_version})")
    for i in model.graph.input:
        print(f"  input  {i.name} {dims(i)}")
    for o in inferred.graph.output:
        print(f"  output {o.name} {dims(o)}")
    print(f"  {len(model.graph.node)} nodes: {', '.join(ops)}; "
          f"{sum(len(t.raw_data) // 4 or len(t.float_data) for t in model.graph.initializer if t.data_type == 1)} float weights")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
