"""Measures `nacre model-server` on each device and checks that the devices agree on the world.

  /usr/bin/python3 models/server/bench_devices.py --devices cpu,cuda --models default-320x180,default

For each model: one server per device on loopback, the same scripted visit (walk, turn, jump, fly) stepped
one request at a time, as a kiosk does. Prints one JSON line per model and device: the first step (what a
visitor waits for after a new sequence: CUDA's kernels load then), the round trip of the others (median,
p95), the steps a second that gives, and, for every device after the first, how far its frames and sound
are from the first device's (0..255 mean and largest difference, share of pixels more than 8 apart).
With --concurrent N, N kiosks step their own sequences at once on the last device: the steps a second the
server gives them all together (how many kiosks one GPU holds).
"""
import argparse
import json
import os
import queue
import statistics
import sys
import threading
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import ServerProcess  # noqa: E402
from wm_client import Client, output, presets, step_request  # noqa: E402


def visit_action(i):
    """move_x, move_y, look_yaw, look_pitch, sprint, jump, fly: a visit that exercises every path of the step"""
    walk = 1.0 if i % 40 < 30 else 0.0
    return [0.3 if i % 20 < 10 else -0.3, walk, 0.4 if 10 <= i % 40 < 20 else 0.0, 0.0,
            1.0 if i % 50 > 40 else 0.0, 1.0 if i % 25 == 5 else 0.0, 1.0 if 60 <= i % 100 < 75 else 0.0]


class Visit:
    """one sequence stepped one request at a time: the stream's requests come from a queue"""

    def __init__(self, client, model, sequence_id, style):
        self.requests = queue.Queue()
        self.model, self.sequence_id, self.style = model, sequence_id, style
        self.answers = client.stream(iter(self.requests.get, None), timeout=600)

    def step(self, i, seed=None, last=False):
        self.requests.put(step_request(self.model, self.sequence_id, visit_action(i), start=i == 0, end=last,
                                       seed=seed, style=self.style if i == 0 else None))
        answer = next(self.answers)
        if answer.error_message:
            raise SystemExit(f"server: {answer.error_message}")
        return answer.infer_response

    def close(self):
        self.requests.put(None)


def run_visit(target, model, steps, keep, sequence_id=1):
    client = Client(target)
    visit = Visit(client, model, sequence_id, presets(model)["day"]["values"])
    times, frames, sounds = [], [], []
    for i in range(steps):
        started = time.perf_counter()
        response = visit.step(i, seed=7 if i == 0 else None, last=i == steps - 1)
        times.append((time.perf_counter() - started) * 1000)
        if i < keep:
            frames.append(np.frombuffer(output(response, "frame")[2], dtype=np.uint8))
            sounds.append(np.frombuffer(output(response, "audio")[2], dtype="<f4"))
    visit.close()
    client.close()
    return times, frames, sounds


def agreement(frames, sounds, ref_frames, ref_sounds):
    diff = np.concatenate([np.abs(a.astype(np.int16) - b.astype(np.int16)) for a, b in zip(frames, ref_frames)])
    rgb = diff.reshape(-1, 4)[:, :3]
    audio = max(float(np.max(np.abs(a - b))) for a, b in zip(sounds, ref_sounds))
    return {"frameMeanDiff": round(float(rgb.mean()), 3), "frameMaxDiff": int(rgb.max()),
            "pixelsOver8": round(float((rgb.max(axis=1) > 8).mean()), 5), "audioMaxDiff": round(audio, 5)}


def concurrent(target, model, kiosks, steps):
    """N visits at once, each on its own thread and sequence: all their steps over the wall time"""
    errors = []

    def one(n):
        try:
            run_visit(target, model, steps, 0, sequence_id=100 + n)
        except BaseException as e:  # noqa: BLE001 (a thread's failure is reported, not lost)
            errors.append(repr(e))

    threads = [threading.Thread(target=one, args=(n,)) for n in range(kiosks)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    if errors:
        raise SystemExit(f"concurrent visits failed: {errors[0]}")
    return round(kiosks * steps / wall, 1)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--devices", default="cpu", help="comma-separated: cpu, cuda, cuda:N (the first is the reference)")
    p.add_argument("--models", default="default-320x180,default")
    p.add_argument("--steps", type=int, default=60)
    p.add_argument("--compare", type=int, default=30, help="steps whose frames are compared across devices")
    p.add_argument("--threads", type=int, default=0, help="torch CPU threads for the server (0: torch's default)")
    p.add_argument("--concurrent", type=int, default=0, help="kiosks stepping at once on the last device")
    args = p.parse_args()
    devices = args.devices.split(",")
    for model in args.models.split(","):
        reference = None
        for n, device in enumerate(devices):
            server = ServerProcess("--max-sequences", str(max(16, args.concurrent + 1)), model=model,
                                   threads=args.threads, device=device)
            try:
                times, frames, sounds = run_visit(server.target, model, args.steps, args.compare)
                rest = sorted(times[1:])
                line = {"model": model, "device": device, "steps": args.steps,
                        "firstStepMs": round(times[0], 1), "medianMs": round(statistics.median(rest), 2),
                        "p95Ms": round(rest[int(0.95 * (len(rest) - 1))], 2),
                        "stepsPerSecond": round(1000 / statistics.mean(rest), 1)}
                if reference is None:
                    reference = (frames, sounds)
                else:
                    line["versus"] = devices[0]
                    line.update(agreement(frames, sounds, *reference))
                if args.concurrent and n == len(devices) - 1:
                    line["concurrentKiosks"] = args.concurrent
                    line["concurrentStepsPerSecond"] = concurrent(server.target, model, args.concurrent, args.steps)
                print(json.dumps(line), flush=True)
            finally:
                server.stop()


if __name__ == "__main__":
    main()
