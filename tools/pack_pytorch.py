#!/usr/bin/env python3
"""Pack a PyTorch velocity MLP into a Fluxion model file.

The network must be an nn.Sequential of Linear layers with SiLU (or ReLU / Tanh) between
them, taking [x (d values), t] and returning the d velocity components: the reference
architecture of Fluxion (t concatenated, fourierFrequencies = 0).

    # from a state dict saved with torch.save(model.state_dict(), "velocity.pt")
    python3 tools/pack_pytorch.py velocity.pt velocity.fluxion --dimension 2
    # or from arrays saved with numpy.savez("velocity.npz", **{k: v.numpy() for k, v in sd.items()})
    python3 tools/pack_pytorch.py velocity.npz velocity.fluxion --dimension 2

Options: --activation silu|relu|tanh, --schedule "condot(sigmaMin=0.0)", --mean X Y ...
and --scale S (the data normalisation used in training: model x = (data - mean) / scale),
--name NAME. Needs numpy; torch only for .pt input.

PyTorch stores Linear.weight as [out, in] and computes x @ W.T + b; Fluxion stores
layerL.weight.npy as [in, out] (x @ W + b), so weights are transposed here.
"""
import argparse
import io
import json
import re
import sys
import zipfile
import zlib

import numpy as np


CHECKSUM_PREFIX = b"fluxion-crc32:"


def load_state_dict(path):
    if path.endswith(".npz"):
        with np.load(path) as arrays:
            return {key: np.asarray(arrays[key]) for key in arrays.files}
    import torch  # only needed for .pt files
    state = torch.load(path, map_location="cpu")
    if hasattr(state, "state_dict"):
        state = state.state_dict()
    return {key: value.detach().cpu().numpy() for key, value in state.items()}


def linear_layers(state):
    """(weight [out, in], bias [out]) pairs in order, from keys like '0.weight', 'net.2.bias'."""
    indices = {}
    for key in state:
        match = re.match(r"^(.*?)(\d+)\.(weight|bias)$", key)
        if not match:
            raise SystemExit(f"unexpected key '{key}': expected nn.Sequential keys such as '0.weight'")
        indices.setdefault(int(match.group(2)), {})[match.group(3)] = state[key]
    layers = []
    for index in sorted(indices):
        entry = indices[index]
        if "weight" not in entry or "bias" not in entry:
            raise SystemExit(f"layer {index} lacks a weight or a bias")
        layers.append((np.asarray(entry["weight"], dtype=np.float32), np.asarray(entry["bias"], dtype=np.float32)))
    return layers


def npy_bytes(array):
    buffer = io.BytesIO()
    np.save(buffer, np.ascontiguousarray(array, dtype="<f4"))
    return buffer.getvalue()


def pack(state, output, dimension, activation="silu", schedule="condot(sigmaMin=0.0)", mean=None, scale=1.0,
         name="pytorch"):
    layers = linear_layers(state)
    if len(layers) < 2:
        raise SystemExit("need at least one hidden layer and an output layer")
    width = layers[0][0].shape[0]
    if layers[0][0].shape[1] != dimension + 1:
        raise SystemExit(f"first layer takes {layers[0][0].shape[1]} inputs, expected d + 1 = {dimension + 1}")
    for i, (weight, bias) in enumerate(layers):
        out_features, in_features = weight.shape
        expected_in = dimension + 1 if i == 0 else width
        expected_out = dimension if i == len(layers) - 1 else width
        if (in_features, out_features) != (expected_in, expected_out) or bias.shape != (out_features,):
            raise SystemExit(f"layer {i}: weight {weight.shape}, bias {bias.shape} do not fit a "
                             f"{dimension}-d MLP of width {width}")
    tensors = []
    manifest = {
        "format": "fluxion-model",
        "formatVersion": 1,
        "name": name,
        "architecture": {"type": "mlp", "dimension": dimension, "width": width, "depth": len(layers) - 1,
                         "activation": activation, "fourierFrequencies": 0,
                         "weightLayout": "[in, out]: a layer computes x·W + b"},
        "path": {"schedule": schedule},
        "normalization": {"mean": [float(m) for m in (mean or [0.0] * dimension)], "scale": float(scale)},
        "training": {"source": "pytorch", "packedBy": "tools/pack_pytorch.py"},
        "tensors": tensors,
    }
    for i, (weight, bias) in enumerate(layers):
        tensors.append({"name": f"layer{i}.weight", "shape": list(weight.T.shape)})
        tensors.append({"name": f"layer{i}.bias", "shape": list(bias.shape)})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.comment = CHECKSUM_PREFIX + b"00000000"
        archive.writestr("model.json", json.dumps(manifest, indent=2) + "\n")
        for i, (weight, bias) in enumerate(layers):
            archive.writestr(f"layer{i}.weight.npy", npy_bytes(weight.T))
            archive.writestr(f"layer{i}.bias.npy", npy_bytes(bias))
    data = bytearray(buffer.getvalue())
    # the zip comment holds the CRC-32 of every byte before its 8 hex digits, as Fluxion writes it
    data[-8:] = b"%08x" % (zlib.crc32(bytes(data[:-8])) & 0xFFFFFFFF)
    with open(output, "wb") as out:
        out.write(data)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input", help="state dict (.pt) or arrays (.npz) of an nn.Sequential")
    parser.add_argument("output", help="the Fluxion model file to write")
    parser.add_argument("--dimension", type=int, required=True)
    parser.add_argument("--activation", default="silu", choices=["silu", "relu", "tanh"])
    parser.add_argument("--schedule", default="condot(sigmaMin=0.0)")
    parser.add_argument("--mean", type=float, nargs="*")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--name", default="pytorch")
    args = parser.parse_args(argv)
    pack(load_state_dict(args.input), args.output, args.dimension, args.activation, args.schedule, args.mean,
         args.scale, args.name)


if __name__ == "__main__":
    main(sys.argv[1:])
