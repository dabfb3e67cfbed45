"""Reads a safetensors file by hand (struct, json, numpy — the `safetensors` package is not installed here) and checks
it the way the reference implementation does: header length, JSON header, dtypes, exact tiling of the data section,
8-byte alignment of the data, and the writer's order (descending dtype alignment, then name).

Optionally loads it into a PyTorch model through load_state_dict.

    /usr/bin/python3 nn/src/test/python/read_safetensors.py FILE [--torch-mlp IN,HIDDEN,OUT]
"""
import json
import struct
import sys

import numpy as np

ORDER = ["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64",
         "U64"]
NUMPY = {"F32": "<f4", "F64": "<f8", "I64": "<i8", "I32": "<i4", "F16": "<f2", "U8": "u1", "I8": "i1"}
SIZE = {"F32": 4, "F64": 8, "I64": 8, "I32": 4, "F16": 2, "U8": 1, "I8": 1}


def read(path):
    raw = open(path, "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])
    assert n % 8 == 0, "header not padded to 8 bytes"
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    data = raw[8 + n:]
    entries = sorted(header.items(), key=lambda kv: kv[1]["data_offsets"])
    expected_order = sorted(header.items(), key=lambda kv: (-ORDER.index(kv[1]["dtype"]), kv[0].encode()))
    assert [e[0] for e in entries] == [e[0] for e in expected_order], "not in the reference writer's order"
    end, tensors = 0, {}
    for name, info in entries:
        b, e = info["data_offsets"]
        assert b == end, f"{name}: gap or overlap at {b}"
        count = int(np.prod(info["shape"])) if info["shape"] else 1
        assert e - b == count * SIZE[info["dtype"]], f"{name}: size mismatch"
        tensors[name] = np.frombuffer(data[b:e], dtype=NUMPY[info["dtype"]]).reshape(info["shape"])
        end = e
    assert end == len(data), "data section not fully covered"
    return tensors, meta


if __name__ == "__main__":
    tensors, meta = read(sys.argv[1])
    print("metadata:", meta)
    for name, t in tensors.items():
        print(f"{name:28s} {str(t.dtype):8s} {list(t.shape)}")
    if len(sys.argv) > 3 and sys.argv[2] == "--torch-mlp":
        import torch
        i, h, o = map(int, sys.argv[3].split(","))
        model = torch.nn.Sequential(torch.nn.Linear(i, h), torch.nn.BatchNorm1d(h), torch.nn.ReLU(),
                                    torch.nn.Linear(h, o))
        model.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in tensors.items()})
        print("loaded into PyTorch; num_batches_tracked =", int(model[1].num_batches_tracked),
              "dtype", model[1].num_batches_tracked.dtype)
