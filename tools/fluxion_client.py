#!/usr/bin/env python3
"""A Python client of `fluxion serve`: one batch of samples, then a live stream of frames.

Needs only the standard library and NumPy. Run beside a server (`java -jar demo/target/fluxion.jar serve`):

    python3 tools/fluxion_client.py --model moons --frames 60

A frame on the wire (little-endian): magic b"FLXF", u16 version, u16 flags (1: ages, 2: labels),
i64 frame index, u32 count n, u32 dimension d, f32 flow time, u32 reserved, then float32
positions [n, d], float32 ages [n] and int32 labels [n] when flagged.
"""
import argparse
import base64
import io
import json
import os
import socket
import struct
import time
import urllib.parse
import urllib.request

import numpy as np

HEADER = struct.Struct("<4sHHqIIfI")  # 32 bytes


def batch(base, model, n, label=None, seed=0):
    """One batch of n samples as an (n, d) float32 array, read from the .npy the server sends."""
    query = {"n": n, "format": "npy", "seed": seed}
    if label is not None:
        query["label"] = label
    url = f"{base}/api/models/{urllib.parse.quote(model)}/samples?{urllib.parse.urlencode(query)}"
    with urllib.request.urlopen(url) as response:
        return np.load(io.BytesIO(response.read()))


def decode_frame(payload):
    """A frame as a dict: index, time, positions (n, d), and ages (n,) / labels (n,) when present."""
    magic, version, flags, index, n, d, t, _ = HEADER.unpack_from(payload, 0)
    if magic != b"FLXF" or version > 1:
        raise ValueError(f"not a Fluxion frame (magic {magic!r}, version {version})")
    offset = HEADER.size
    positions = np.frombuffer(payload, dtype="<f4", count=n * d, offset=offset).reshape(n, d)
    offset += 4 * n * d
    frame = {"index": index, "time": t, "positions": positions}
    if flags & 1:
        frame["ages"] = np.frombuffer(payload, dtype="<f4", count=n, offset=offset)
        offset += 4 * n
    if flags & 2:
        frame["labels"] = np.frombuffer(payload, dtype="<i4", count=n, offset=offset)
    return frame


class Stream:
    """A minimal WebSocket client (RFC 6455) for /api/models/{name}/stream: binary frames in, text control out."""

    def __init__(self, host, port, path):
        self.sock = socket.create_connection((host, port))
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        self.buffer = b""
        head = self._read_until(b"\r\n\r\n")
        if not head.startswith(b"HTTP/1.1 101"):
            raise ConnectionError(head.decode(errors="replace") + self.buffer.decode(errors="replace"))

    def _read_until(self, marker):
        while marker not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("the server closed the connection")
            self.buffer += chunk
        head, self.buffer = self.buffer.split(marker, 1)
        return head

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(max(65536, n - len(self.buffer)))
            if not chunk:
                raise ConnectionError("the server closed the connection")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def receive(self):
        """The next message: (opcode, payload); fragments are joined, pings answered."""
        message, first_opcode = b"", None
        while True:
            b0, b1 = self._read(2)
            opcode, fin, length = b0 & 0x0F, b0 & 0x80, b1 & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(length)
            if opcode == 9:  # ping
                self._send(10, payload)
                continue
            if opcode == 8:  # close
                code = struct.unpack(">H", payload[:2])[0] if len(payload) >= 2 else 1005
                return 8, (code, payload[2:].decode(errors="replace"))
            first_opcode = first_opcode if opcode == 0 else opcode
            message += payload
            if fin:
                return first_opcode, message

    def control(self, **settings):
        """A control message: particles, label, model, guidance, mode, fps, seed, ages, labels."""
        self._send(1, json.dumps(settings).encode())

    def _send(self, opcode, payload):
        mask = os.urandom(4)
        header = bytes([0x80 | opcode])
        if len(payload) < 126:
            header += bytes([0x80 | len(payload)])
        elif len(payload) < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", len(payload))
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", len(payload))
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def close(self):
        try:
            self._send(8, struct.pack(">H", 1000))
        finally:
            self.sock.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--model", default="moons")
    parser.add_argument("--particles", type=int, default=20000)
    parser.add_argument("--frames", type=int, default=60)
    args = parser.parse_args()
    base = f"http://{args.host}:{args.port}"

    points = batch(base, args.model, 5000, seed=1)
    print(f"batch: {points.shape[0]} samples of d = {points.shape[1]}, mean {points.mean(axis=0).round(3)}, "
          f"std {points.std(axis=0).round(3)}")

    path = f"/api/models/{urllib.parse.quote(args.model)}/stream?particles={args.particles}&fps=60&ages=true"
    stream = Stream(args.host, args.port, path)
    start, received, size = time.time(), 0, 0
    try:
        while received < args.frames:
            opcode, payload = stream.receive()
            if opcode == 8:
                print(f"closed by the server: {payload}")
                break
            if opcode == 1:
                print("server:", payload.decode())
                continue
            frame = decode_frame(payload)
            received += 1
            size += len(payload)
            if received == args.frames // 2:
                stream.control(particles=args.particles // 2)  # live change: half the particles
        elapsed = time.time() - start
        live = frame["ages"]
        print(f"stream: {received} frames in {elapsed:.1f} s ({received / elapsed:.1f} frames/s, "
              f"{size / elapsed / 1e6:.1f} MB/s); last frame #{frame['index']}: {frame['positions'].shape[0]} particles, "
              f"{(live >= 1).mean():.0%} arrived at the data")
    finally:
        stream.close()


if __name__ == "__main__":
    main()
