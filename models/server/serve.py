"""nacre model-server: serves a PyTorch world model over KServe v2 gRPC (wm/1 binding, models/README.md).

  /usr/bin/python3 models/server/serve.py --model default --port 8001 --device cpu
  (or: nacre model-server --model default --port 8001)

Logs go to stderr, one line per event; `listening on HOST:PORT` once it serves. SIGTERM/SIGINT: every
sequence ended, open streams finished with UNAVAILABLE, exit 0.
"""
import argparse
import os
import signal
import sys
import threading
import time
from concurrent import futures

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

MESSAGE_LIMIT = 256 * 1024 * 1024  # a multi-frame 720p step is tens of MB raw


def log(message):
    sys.stderr.write(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} model-server: {message}\n")
    sys.stderr.flush()


def parse(argv):
    p = argparse.ArgumentParser(prog="nacre model-server", description=__doc__.split("\n")[0])
    p.add_argument("--model", default="default", help="built-in name (default, default-320x180, default-1280x720) "
                   "or a folder with server.py")
    p.add_argument("--name", help="the model name clients ask for (default: the --model name or folder name)")
    p.add_argument("--port", type=int, default=8001, help="0: any free port (the `listening on` line says which)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--device", default="cpu", help="cpu, cuda or cuda:N")
    p.add_argument("--max-sequences", type=int, default=16)
    p.add_argument("--idle-seconds", type=float, default=60.0)
    p.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: torch's default)")
    args = p.parse_args(argv)
    if not (args.device == "cpu" or args.device == "cuda" or args.device.startswith("cuda:")):
        p.error(f"--device must be cpu, cuda or cuda:N, not {args.device}")
    if args.max_sequences < 1 or args.idle_seconds <= 0:
        p.error("--max-sequences must be at least 1 and --idle-seconds above 0")
    return args


def build(args):
    import grpc
    import torch
    import protos
    from default_world import use_device
    from infer import Runner
    from interface import ModelError, load_model
    from sequences import Sequences
    from service import Service

    if args.threads:
        torch.set_num_threads(args.threads)
    use_device(args.device)
    started = time.monotonic()
    try:
        model = load_model(args.model, args.device)
    except ModelError as e:
        raise SystemExit(f"model-server: {e}")
    name = args.name or os.path.basename(os.path.normpath(args.model))
    log(f'model "{name}" loaded from {args.model} on {args.device} in {time.monotonic() - started:.1f} s '
        f'({model.manifest["width"]}x{model.manifest["height"]}, {len(model.manifest["actions"])} actions)')
    sequences = Sequences(args.max_sequences, args.idle_seconds, log)
    service = Service(protos.load(), Runner(protos.load(), model, name, args.device, sequences, log), log)
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=args.max_sequences * 2 + 8),
                         options=[("grpc.max_receive_message_length", MESSAGE_LIMIT),
                                  ("grpc.max_send_message_length", MESSAGE_LIMIT)])
    server.add_generic_rpc_handlers((service.handler(),))
    port = server.add_insecure_port(f"{args.host}:{args.port}")
    if port == 0:
        raise SystemExit(f"model-server: cannot listen on {args.host}:{args.port} (in use, or no such address)")
    return server, service, sequences, port


def main(argv):
    args = parse(argv)
    server, service, sequences, port = build(args)
    stop = threading.Event()

    def on_signal(signum, frame):
        log(f"{signal.Signals(signum).name}: shutting down")
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    server.start()
    log(f"listening on {args.host}:{port}")
    while not stop.wait(0.5):
        pass
    service.closing.set()
    sequences.end_all("server shutting down")
    server.stop(grace=3).wait()
    log("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
