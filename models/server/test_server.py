"""The model server over real gRPC: run by models/server/server.test.ts (npm test) or
  cd models/server && /usr/bin/python3 -m unittest -v test_server
"""
import hashlib
import json
import os
import struct
import unittest

import grpc

from harness import ServerProcess
from wm_client import Client, output, pb, presets, step_request

MODEL = "default-320x180"
DAY = presets(MODEL)["day"]["values"]
WALK = [0.0, 1.0, 0.5, 0.0, 0.0, 0.0, 0.0]
STILL = [0.0] * 7


def manifest():
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", MODEL, "manifest.json")) as f:
        return json.load(f)


def run(client, requests):
    return list(client.stream(requests))


def frame_digests(client, sequence_id, seed, action, steps=3):
    answers = run(client, [step_request(MODEL, sequence_id, action, start=i == 0, end=i == steps - 1,
                                        seed=seed if i == 0 else None, style=DAY) for i in range(steps)])
    for a in answers:
        assert not a.error_message, a.error_message
    return [hashlib.sha1(output(a.infer_response, "frame")[2]).hexdigest() for a in answers]


class Server(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = ServerProcess("--max-sequences", "3", "--idle-seconds", "30")
        cls.client = Client(cls.server.target)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.server.stop()

    def assertCode(self, code, fn):
        with self.assertRaises(grpc.RpcError) as caught:
            fn()
        self.assertEqual(caught.exception.code(), code, caught.exception.details())
        return caught.exception.details()

    def test_live_ready_and_metadata_match_the_manifest(self):
        m = manifest()
        self.assertTrue(self.client.call("ServerLive", pb.ServerLiveRequest()).live)
        self.assertTrue(self.client.call("ServerReady", pb.ServerReadyRequest()).ready)
        self.assertTrue(self.client.call("ModelReady", pb.ModelReadyRequest(name=MODEL)).ready)
        self.assertFalse(self.client.call("ModelReady", pb.ModelReadyRequest(name="nope")).ready)
        meta = self.client.call("ModelMetadata", pb.ModelMetadataRequest(name=MODEL))
        inputs = [(t.name, t.datatype, list(t.shape)) for t in meta.inputs]
        outputs = [(t.name, t.datatype, list(t.shape)) for t in meta.outputs]
        image = m["init"]["image"]
        self.assertEqual(inputs, [("action", "FP32", [1, len(m["actions"])]), ("style", "FP32", [1, m["style"]["size"]]),
                                  ("seed", "FP32", [1, 1]), ("image", "UINT8", [1, image["height"], image["width"], 3]),
                                  ("image_present", "FP32", [1, 1])])
        self.assertEqual(outputs, [("frame", "UINT8", [1, m["height"], m["width"], 4]), ("frame_jpeg", "BYTES", [1]),
                                   ("audio", "FP32", [1, m["audio"]["channels"], m["audio"]["samplesPerStep"]])])
        details = self.assertCode(grpc.StatusCode.NOT_FOUND,
                                  lambda: self.client.call("ModelMetadata", pb.ModelMetadataRequest(name="other")))
        self.assertIn('"other"', details)

    def test_two_sequences_are_independent_and_deterministic(self):
        a = frame_digests(self.client, 11, 3.0, WALK)
        b = frame_digests(self.client, 12, 7.0, STILL)
        self.assertNotEqual(a, b)
        self.assertEqual(frame_digests(self.client, 13, 3.0, WALK), a)
        self.assertEqual(len(set(a)), 3, "walking changes the picture every step")

    def test_interleaved_sequences_keep_their_own_state(self):
        alone = frame_digests(self.client, 21, 5.0, WALK)
        first = self.client.infer(step_request(MODEL, 22, WALK, start=True, seed=5.0, style=DAY))
        other = self.client.infer(step_request(MODEL, 23, STILL, start=True, seed=9.0, style=DAY))
        rest = [self.client.infer(step_request(MODEL, 22, WALK, style=DAY, end=i == 1)) for i in range(2)]
        self.client.infer(step_request(MODEL, 23, STILL, style=DAY, end=True))
        got = [hashlib.sha1(output(r, "frame")[2]).hexdigest() for r in [first, *rest]]
        self.assertEqual(got, alone)
        self.assertNotEqual(output(other, "frame")[2], output(first, "frame")[2])

    def test_unknown_sequence_without_start_is_a_clear_error(self):
        details = self.assertCode(grpc.StatusCode.NOT_FOUND,
                                  lambda: self.client.infer(step_request(MODEL, 999, STILL, style=DAY)))
        self.assertIn("sequence 999", details)
        self.assertIn("sequence_start", details)
        answers = run(self.client, [step_request(MODEL, 998, STILL, style=DAY),
                                    step_request(MODEL, 998, STILL, start=True, end=True, seed=1.0, style=DAY)])
        self.assertIn("NOT_FOUND: sequence 998", answers[0].error_message)
        self.assertEqual(answers[1].error_message, "", "the stream goes on after an error")

    def test_malformed_requests_are_invalid_argument_and_the_server_stays_up(self):
        short = step_request(MODEL, 31, STILL, start=True, seed=1.0, style=DAY)
        short.raw_input_contents[0] = short.raw_input_contents[0][:-4]
        self.assertIn('"action"', self.assertCode(grpc.StatusCode.INVALID_ARGUMENT, lambda: self.client.infer(short)))
        wrong = step_request(MODEL, 31, [0.0] * 5, start=True, seed=1.0, style=DAY)
        self.assertIn("[1, 7]", self.assertCode(grpc.StatusCode.INVALID_ARGUMENT, lambda: self.client.infer(wrong)))
        missing = step_request(MODEL, 31, STILL, start=True, seed=1.0, style=DAY)
        del missing.inputs[0]
        del missing.raw_input_contents[0]
        self.assertIn('no "action"', self.assertCode(grpc.StatusCode.INVALID_ARGUMENT,
                                                     lambda: self.client.infer(missing)))
        no_id = step_request(MODEL, 31, STILL, start=True)
        del no_id.parameters["sequence_id"]
        self.assertIn("sequence_id", self.assertCode(grpc.StatusCode.INVALID_ARGUMENT, lambda: self.client.infer(no_id)))
        bad_text = step_request(MODEL, 31, STILL, start=True)
        bad_text.inputs.add(name="prompt", datatype="BYTES", shape=[1])
        bad_text.raw_input_contents.append(struct.pack("<I", 50) + b"short")
        self.assertIn("BYTES", self.assertCode(grpc.StatusCode.INVALID_ARGUMENT, lambda: self.client.infer(bad_text)))
        self.assertTrue(self.client.call("ServerLive", pb.ServerLiveRequest()).live)

    def test_prompt_is_accepted_and_reported_unused_jpeg_on_request(self):
        r = self.client.infer(step_request(MODEL, 41, STILL, start=True, end=True, seed=2.0, style=DAY,
                                           prompt="a snowy night", outputs=["frame_jpeg", "audio"]))
        self.assertFalse(r.parameters["prompt_used"].bool_param)
        self.assertEqual([t.name for t in r.outputs], ["frame_jpeg", "audio"])
        _, shape, data = output(r, "frame_jpeg")
        (length,) = struct.unpack_from("<I", data)
        self.assertEqual((shape, len(data), data[4:6]), ([1], 4 + length, b"\xff\xd8"))
        self.assertTrue(self.server.wait_log(r'sequence 41: prompt "a snowy night"'))

    def test_max_sequences_is_resource_exhausted(self):
        for i in range(3):
            self.client.infer(step_request(MODEL, 51 + i, STILL, start=True, seed=1.0, style=DAY))
        try:
            details = self.assertCode(grpc.StatusCode.RESOURCE_EXHAUSTED, lambda: self.client.infer(
                step_request(MODEL, 54, STILL, start=True, seed=1.0, style=DAY)))
            self.assertIn("--max-sequences 3", details)
        finally:
            for i in range(3):
                self.client.infer(step_request(MODEL, 51 + i, STILL, end=True, style=DAY))


class Lifecycle(unittest.TestCase):
    def test_idle_sequences_are_freed(self):
        server = ServerProcess("--idle-seconds", "0.5")
        client = Client(server.target)
        try:
            client.infer(step_request(MODEL, 61, STILL, start=True, seed=1.0, style=DAY))
            self.assertTrue(server.wait_log(r"sequence 61 ended \(idle"))
            with self.assertRaises(grpc.RpcError) as caught:
                client.infer(step_request(MODEL, 61, STILL, style=DAY))
            self.assertEqual(caught.exception.code(), grpc.StatusCode.NOT_FOUND)
        finally:
            client.close()
            server.stop()

    def test_sigterm_ends_sequences_finishes_streams_and_exits_0(self):
        server = ServerProcess()
        client = Client(server.target)
        gate = __import__("queue").Queue()
        requests = iter(gate.get, None)
        stream = client.stream(requests, timeout=30)
        gate.put(step_request(MODEL, 71, STILL, start=True, seed=1.0, style=DAY))
        self.assertEqual(next(stream).error_message, "")
        self.assertEqual(server.stop(), 0, server.log())
        with self.assertRaises(grpc.RpcError) as caught:
            next(stream)
        self.assertEqual(caught.exception.code(), grpc.StatusCode.UNAVAILABLE, caught.exception.details())
        gate.put(None)
        client.close()
        self.assertIn("sequence 71 ended (server shutting down)", server.log())


if __name__ == "__main__":
    unittest.main()
