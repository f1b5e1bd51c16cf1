"""Request tensors in, response tensors out: raw little-endian row-major bytes, checked against the metadata.

BYTES tensors: each element a 4-byte little-endian length and then its bytes (KServe v2 / Triton).
"""
import io
import struct

import torch

DTYPES = {"FP32": (torch.float32, 4), "UINT8": (torch.uint8, 1)}


class BadRequest(Exception):
    """a request the binding does not allow: answered INVALID_ARGUMENT, the server goes on"""


def read_inputs(request, expected):
    """{name: tensor (CPU) or list of bytes}; expected: {name: (datatype, shape)} from interface.metadata"""
    inputs = list(request.inputs)
    raw = list(request.raw_input_contents)
    if len(raw) != len(inputs):
        raise BadRequest(f"{len(inputs)} inputs but {len(raw)} raw_input_contents entries: wm/1 sends every "
                         "input's data in raw_input_contents, one entry per input in the order of inputs")
    out = {}
    for tensor, data in zip(inputs, raw):
        if tensor.name not in expected:
            raise BadRequest(f'unknown input "{tensor.name}": this model takes {", ".join(expected)}')
        datatype, shape = expected[tensor.name]
        if tensor.datatype != datatype or list(tensor.shape) != shape:
            raise BadRequest(f'input "{tensor.name}": expected {datatype} {shape}, '
                             f"got {tensor.datatype or '(no datatype)'} {list(tensor.shape)}")
        out[tensor.name] = decode(tensor.name, datatype, shape, data)
    return out


def decode(name, datatype, shape, data):
    if datatype == "BYTES":
        return decode_bytes(name, data, count(shape))
    dtype, size = DTYPES[datatype]
    if len(data) != count(shape) * size:
        raise BadRequest(f'input "{name}": {datatype} {shape} is {count(shape) * size} bytes, got {len(data)}')
    t = torch.frombuffer(bytearray(data), dtype=dtype).reshape(shape)
    if dtype.is_floating_point and not bool(torch.isfinite(t).all()):
        raise BadRequest(f'input "{name}" holds NaN or infinite values')
    return t


def decode_bytes(name, data, n):
    items, at = [], 0
    for i in range(n):
        if at + 4 > len(data):
            raise BadRequest(f'input "{name}": BYTES element {i} has no 4-byte length ({len(data)} bytes in all)')
        (length,) = struct.unpack_from("<I", data, at)
        if at + 4 + length > len(data):
            raise BadRequest(f'input "{name}": BYTES element {i} says {length} bytes, only {len(data) - at - 4} left')
        items.append(bytes(data[at + 4:at + 4 + length]))
        at += 4 + length
    if at != len(data):
        raise BadRequest(f'input "{name}": {len(data) - at} bytes after its {n} BYTES element(s)')
    return items


def count(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def encode_bytes(items):
    return b"".join(struct.pack("<I", len(b)) + b for b in items)


def raw(tensor):
    """a tensor on any device -> little-endian row-major bytes (numpy comes with python3-torch)"""
    return tensor.detach().to("cpu").contiguous().numpy().tobytes()


def jpeg_frames(frames, quality):
    """[1, H, W, 4] or [1, T, H, W, 4] UINT8 RGBA -> a list of T JPEG files (alpha dropped)"""
    from PIL import Image
    f = frames.detach().to("cpu")
    f = f[0] if f.dim() == 5 else f
    out = []
    for frame in f:
        rgb = frame[:, :, :3].contiguous()
        picture = Image.frombuffer("RGB", (rgb.shape[1], rgb.shape[0]), raw(rgb), "raw", "RGB", 0, 1)
        buffer = io.BytesIO()
        picture.save(buffer, format="JPEG", quality=quality)
        out.append(buffer.getvalue())
    return out
