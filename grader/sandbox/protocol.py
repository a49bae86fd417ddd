"""The wire protocol between the grader and its workers: frames of JSON plus .npy blobs.

    pieces = frame_pieces(header, blobs)      # write them in order
    value = decode(header["value"], blobs)    # read them back

A frame is a 4-byte big-endian length, a JSON header of that length, then the binary blobs the
header lists in "blobs" (their lengths). Arrays travel as .npy bytes read with
allow_pickle=False; objects that cannot travel stay where they are, behind a Handle. This file
runs on both sides, inside the sandbox too, so it needs nothing but the standard library and
numpy.
"""

from __future__ import annotations

import io
import json
import struct

import numpy as np

MAX_HEADER_BYTES = 64 << 20
MAX_FRAME_BYTES = 1 << 30
MAX_DEPTH = 32  # nesting of replies; deeper means a hostile or broken value


class ProtocolError(Exception):
    """A frame that is malformed, too large, or holds a value the protocol does not carry."""


def frame_pieces(header: dict, blobs: list) -> list:
    """One frame as buffers to write in order: length, JSON header (listing the blob sizes),
    then each blob (an array's .npy header and its data, uncopied)."""
    sizes = [blob.nbytes if isinstance(blob, NpyBlob) else len(blob) for blob in blobs]
    payload = json.dumps(dict(header, blobs=sizes)).encode()
    pieces = [struct.pack(">I", len(payload)), payload]
    for blob in blobs:
        pieces.extend((blob.header, blob.data) if isinstance(blob, NpyBlob) else (blob,))
    return pieces


class NpyBlob:
    """An array in .npy format without copying its data: the header, then the raw buffer."""

    def __init__(self, array: np.ndarray):
        if not array.flags.c_contiguous:
            array = array.copy(order="C")  # (np.ascontiguousarray would make 0-d arrays 1-d)
        header = io.BytesIO()
        np.lib.format.write_array_header_1_0(
            header, np.lib.format.header_data_from_array_1_0(array)
        )
        self.header = header.getvalue()
        self.data = memoryview(array.reshape(-1).view(np.uint8)) if array.size else b""
        self.nbytes = len(self.header) + array.nbytes


def load_npy(blob) -> np.ndarray:
    """Read .npy bytes without pickle; a bytearray blob becomes a writable array, uncopied."""
    stream = io.BytesIO(bytes(memoryview(blob)[: 65536 + 16]))
    try:
        version = np.lib.format.read_magic(stream)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(stream)
        else:
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(stream)
    except ValueError as error:
        raise ProtocolError(f"unreadable array: {error}") from None
    if dtype.hasobject:
        raise ProtocolError("arrays of Python objects cannot be sent (no pickle)")
    count = int(np.prod(shape, dtype=np.int64))
    if len(blob) - stream.tell() != count * dtype.itemsize:
        raise ProtocolError("array data does not match its header")
    array = np.frombuffer(blob, dtype=dtype, count=count, offset=stream.tell())
    return array.reshape(shape, order="F" if fortran else "C")


def parse_header(payload: bytes) -> dict:
    try:
        header = json.loads(payload)
    except (ValueError, RecursionError) as error:
        raise ProtocolError(f"unreadable frame header: {error}") from None
    if not isinstance(header, dict) or not isinstance(header.get("blobs", []), list):
        raise ProtocolError("frame header is not a JSON object with a blobs list")
    if sum(header.get("blobs", [])) > MAX_FRAME_BYTES:
        raise ProtocolError(f"frame larger than {MAX_FRAME_BYTES >> 20} MB")
    return header


def encode(value, blobs: list[bytes], keep=None, depth: int = 0):
    """Turn a value into JSON plus blobs. `keep(obj) -> id` stores what cannot travel."""
    if depth > MAX_DEPTH:
        raise ProtocolError(f"value nested deeper than {MAX_DEPTH} levels")
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, np.ndarray) and not value.dtype.hasobject:
        blobs.append(NpyBlob(value))
        return {"$array": len(blobs) - 1}
    if isinstance(value, np.generic) and not isinstance(value, np.object_):
        blobs.append(NpyBlob(np.asarray(value)))
        return {"$scalar": len(blobs) - 1}
    if isinstance(value, tuple | list):
        items = [encode(v, blobs, keep, depth + 1) for v in value]
        return {"$tuple": items} if isinstance(value, tuple) else items
    if isinstance(value, dict):
        return {"$dict": [[encode(k, blobs, keep, depth + 1), encode(v, blobs, keep, depth + 1)]
                          for k, v in value.items()]}  # fmt: skip
    if isinstance(value, Handle):
        return {"$handle": value.id, "type": value.type_name}
    if keep is None:
        raise ProtocolError(f"cannot send a value of type {type(value).__name__}")
    return {"$handle": keep(value), "type": type(value).__name__}


def decode(value, blobs: list[bytes], resolve=None, depth: int = 0):
    """Inverse of encode. `resolve(id)` maps handles to objects (worker side)."""
    if depth > MAX_DEPTH:
        raise ProtocolError(f"value nested deeper than {MAX_DEPTH} levels")
    if isinstance(value, list):
        return [decode(v, blobs, resolve, depth + 1) for v in value]
    if not isinstance(value, dict):
        return value
    if "$array" in value or "$scalar" in value:
        index = value.get("$array", value.get("$scalar"))
        if not isinstance(index, int) or not 0 <= index < len(blobs):
            raise ProtocolError(f"array reference {index!r} out of range")
        array = load_npy(blobs[index])
        return array if "$array" in value else array[()]
    if "$tuple" in value:
        return tuple(decode(v, blobs, resolve, depth + 1) for v in value["$tuple"])
    if "$dict" in value:
        pairs = value["$dict"]
        if not isinstance(pairs, list) or not all(
            isinstance(p, list) and len(p) == 2 for p in pairs
        ):
            raise ProtocolError("malformed dict in frame")
        result = {}
        for k, v in pairs:
            key = decode(k, blobs, resolve, depth + 1)
            try:
                result[key] = decode(v, blobs, resolve, depth + 1)
            except TypeError:
                raise ProtocolError(f"unhashable dict key of type {type(key).__name__}") from None
        return result
    if "$handle" in value:
        handle = Handle(value["$handle"], str(value.get("type", "object")))
        return resolve(handle.id) if resolve else handle
    raise ProtocolError(f"unknown value in frame: {sorted(value)[:3]}")


class Handle:
    """A reference to an object that stays in the worker (a classifier, a model, a cache)."""

    def __init__(self, id: int, type_name: str):
        self.id = id
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<{self.type_name} in the worker>"
