"""The KServe v2 gRPC messages, generated from models/remote/proto/grpc_service.proto with protoc.

The Python classes are written into a cache folder the first time and again whenever the .proto is newer
than them, so no generated code is committed and no grpc Python plugin is needed (the service itself is
hand-written with grpc's generic handlers, see service.py).
"""
import importlib
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PROTO_DIR = os.path.join(HERE, "..", "remote", "proto")
PROTO = os.path.join(PROTO_DIR, "grpc_service.proto")


def cache_dir():
    base = os.environ.get("NACRE_CACHE") or os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(base, "nacre", "model-server-proto")


def generate(out):
    """protoc --python_out; writes into a temporary folder then renames, so concurrent starts never read half a file"""
    os.makedirs(out, exist_ok=True)
    tmp = os.path.join(out, f".tmp-{os.getpid()}")
    os.makedirs(tmp, exist_ok=True)
    try:
        result = subprocess.run(["protoc", f"-I{PROTO_DIR}", f"--python_out={tmp}", PROTO],
                                capture_output=True, text=True)
    except FileNotFoundError:
        raise SystemExit("protoc not found: install Debian's protobuf-compiler (scripts/install-system-packages.sh)")
    if result.returncode != 0:
        raise SystemExit(f"protoc failed on {PROTO}: {result.stderr.strip()}")
    os.replace(os.path.join(tmp, "grpc_service_pb2.py"), os.path.join(out, "grpc_service_pb2.py"))
    os.rmdir(tmp)


def load():
    """the grpc_service_pb2 module, generated when missing or older than the .proto"""
    out = cache_dir()
    target = os.path.join(out, "grpc_service_pb2.py")
    if not os.path.exists(target) or os.path.getmtime(target) < os.path.getmtime(PROTO):
        generate(out)
    if out not in sys.path:
        sys.path.insert(0, out)
    return importlib.import_module("grpc_service_pb2")
