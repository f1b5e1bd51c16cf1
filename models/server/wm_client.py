"""A small wm/1 client for the server's tests and for trying a server by hand.

  /usr/bin/python3 models/server/wm_client.py --target 127.0.0.1:8001 --model default \
      --seed 3 --steps 5 --action 0,1,0.5,0,0,0,0 --style day --out frames.rgba

writes the raw RGBA frames of each step one after another (and prints their shape as JSON).
"""
import argparse
import json
import os
import struct
import sys

import grpc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import protos  # noqa: E402

pb = protos.load()
SERVICE = "/inference.GRPCInferenceService/"
LIMIT = 256 * 1024 * 1024


class Client:
    def __init__(self, target):
        self.channel = grpc.insecure_channel(target, options=[("grpc.max_receive_message_length", LIMIT),
                                                              ("grpc.max_send_message_length", LIMIT)])

    def unary(self, method, request, response):
        return self.channel.unary_unary(SERVICE + method, request.SerializeToString, response.FromString)

    def call(self, method, request, timeout=30):
        name = type(request).__name__.replace("Request", "Response")
        return self.unary(method, request, getattr(pb, name))(request, timeout=timeout)

    def stream(self, requests, timeout=60):
        rpc = self.channel.stream_stream(SERVICE + "ModelStreamInfer", pb.ModelInferRequest.SerializeToString,
                                         pb.ModelStreamInferResponse.FromString)
        return rpc(iter(requests), timeout=timeout)

    def infer(self, request, timeout=30):
        return self.call("ModelInfer", request, timeout)

    def close(self):
        self.channel.close()


def step_request(model, sequence_id, action, start=False, end=False, seed=None, style=None, prompt=None,
                 outputs=()):
    r = pb.ModelInferRequest(model_name=model)
    r.parameters["sequence_id"].uint64_param = sequence_id
    if start:
        r.parameters["sequence_start"].bool_param = True
    if end:
        r.parameters["sequence_end"].bool_param = True
    add_fp32(r, "action", action)
    if style is not None:
        add_fp32(r, "style", style)
    if seed is not None:
        add_fp32(r, "seed", [[seed]])
    if prompt is not None:
        text = prompt.encode("utf-8")
        add_input(r, "prompt", "BYTES", [1], struct.pack("<I", len(text)) + text)
    for name in outputs:
        r.outputs.add(name=name)
    return r


def add_fp32(request, name, rows):
    rows = rows if isinstance(rows[0], list) else [rows]
    flat = [v for row in rows for v in row]
    add_input(request, name, "FP32", [len(rows), len(rows[0])], struct.pack(f"<{len(flat)}f", *flat))


def add_input(request, name, datatype, shape, data):
    request.inputs.add(name=name, datatype=datatype, shape=shape)
    request.raw_input_contents.append(data)


def output(response, name):
    """(datatype, shape, raw bytes) of one output"""
    for tensor, data in zip(response.outputs, response.raw_output_contents):
        if tensor.name == name:
            return tensor.datatype, list(tensor.shape), data
    raise KeyError(f"no output {name} in the response ({[t.name for t in response.outputs]})")


def presets(model_name):
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", model_name)
    with open(os.path.join(folder, "manifest.json")) as f:
        return json.load(f)["style"]["presets"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--target", required=True)
    p.add_argument("--model", required=True)
    p.add_argument("--sequence", type=int, default=1)
    p.add_argument("--seed", type=float, default=0)
    p.add_argument("--steps", type=int, default=1)
    p.add_argument("--action", required=True, help="comma-separated action slot values")
    p.add_argument("--style", help="a preset of models/<model>/manifest.json")
    p.add_argument("--out", required=True)
    args = p.parse_args()
    action = [float(v) for v in args.action.split(",")]
    style = presets(args.model)[args.style]["values"] if args.style else None
    requests = [step_request(args.model, args.sequence, action, start=i == 0, end=i == args.steps - 1,
                             seed=args.seed if i == 0 else None, style=style) for i in range(args.steps)]
    client = Client(args.target)
    with open(args.out, "wb") as f:
        for answer in client.stream(requests):
            if answer.error_message:
                sys.exit(f"server: {answer.error_message}")
            _, shape, data = output(answer.infer_response, "frame")
            f.write(data)
    print(json.dumps({"steps": args.steps, "shape": shape}))


if __name__ == "__main__":
    main()
