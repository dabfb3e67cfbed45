"""Writes the PyTorch fixture that SafeTensorsTest loads: torch_mlp.safetensors + torch_mlp.json.

A small PyTorch model (Linear, BatchNorm1d, ReLU, Linear) is trained for a few steps so that its BatchNorm buffers
(running statistics and the int64 num_batches_tracked) hold real values; its state_dict is then written in the
safetensors format by hand, exactly as the reference writer lays it out (the `safetensors` package is not installed
here): tensors sorted by descending dtype alignment then by name, compact JSON, `__metadata__` first, header padded
with spaces to a multiple of 8. The JSON file holds an input and the model's eval-mode output for it.

Run from the repository root:  /usr/bin/python3 nn/src/test/python/torch_state_dict_fixture.py
"""
import json
import struct

import numpy as np
import torch

OUT = "nn/src/test/resources/"
# safetensors' Dtype order (increasing alignment); the writer sorts by it, descending.
ORDER = ["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64",
         "U64"]
NAMES = {torch.float32: ("F32", "<f4"), torch.int64: ("I64", "<i8")}


def save_file(tensors, metadata, path):
    items = sorted(tensors.items(), key=lambda kv: (-ORDER.index(NAMES[kv[1].dtype][0]), kv[0].encode()))
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, t in items:
        dtype, np_type = NAMES[t.dtype]
        data = t.detach().contiguous().numpy().astype(np_type).tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


torch.manual_seed(7)
model = torch.nn.Sequential(torch.nn.Linear(5, 6), torch.nn.BatchNorm1d(6), torch.nn.ReLU(), torch.nn.Linear(6, 3))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for _ in range(3):
    x = torch.randn(8, 5)
    loss = model(x).square().mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
model.eval()
x = torch.randn(4, 5)
with torch.no_grad():
    y = model(x)
save_file(model.state_dict(), {"format": "pt"}, OUT + "torch_mlp.safetensors")
with open(OUT + "torch_mlp.json", "w") as f:
    json.dump({"layers": "Linear(5, 6), BatchNorm1d(6), ReLU, Linear(6, 3)",
               "num_batches_tracked": int(model[1].num_batches_tracked),
               "input": {"shape": list(x.shape), "values": x.flatten().tolist()},
               "output_eval_mode": {"shape": list(y.shape), "values": y.flatten().tolist()}}, f, indent=1)
print("wrote", OUT + "torch_mlp.safetensors", "and torch_mlp.json")
