"""The stand-in's headless output: frames made at the stand-in's fps while a headless session runs, the
newest kept for GET /api/v1/session/frame, and each one fanned out to the MPEG-TS streams of
GET /api/v1/session/output.ts.

The stream is made as Scope's headless.py makes it: PyAV's "mpegts" muxer writing into a byte queue, video
only (the stand-in makes no audio), libx264 at rate 30 with the encoder's defaults, yuv420p, the size padded to
even, the container opened on the first frame. So its delay is Scope's too: x264's default lookahead holds
about 40 frames before the first comes out.
"""

import asyncio
import os
import time

import av
import numpy
from aiohttp import web

CHUNK_FRAMES = 4
RATE = 30


class TsStreamer:
    """One client's MPEG-TS stream: encodes frames, queues the muxer's bytes for the response."""

    def __init__(self):
        self.queue = asyncio.Queue()
        self.container = None
        self.stream = None
        self.closed = False

    # PyAV's output file: the muxer writes TS packets here
    def write(self, data):
        if not self.closed and data:
            self.queue.put_nowait(bytes(data))
        return len(data)

    def flush(self):
        return None

    def on_frame(self, rgb):
        if self.closed:
            return
        h, w = rgb.shape[:2]
        if self.container is None:
            self.container = av.open(self, "w", format="mpegts")
            self.stream = self.container.add_stream("libx264", rate=RATE)
            self.stream.width, self.stream.height = w + w % 2, h + h % 2
            self.stream.pix_fmt = "yuv420p"
        if w % 2 or h % 2:
            rgb = numpy.pad(rgb, ((0, h % 2), (0, w % 2), (0, 0)), mode="edge")
        for packet in self.stream.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")):
            self.container.mux(packet)

    def close(self):
        if self.closed:
            return
        self.closed = True
        self.queue.put_nowait(None)


async def produce(world):
    """Scope's headless frame consumer, drawn: a frame every 1/fps, a new chunk of parameters every CHUNK_FRAMES."""
    n = 0
    start = time.time()
    while world.headless:
        if world.parameters.get("paused"):
            world.next_chunk()
            await asyncio.sleep(0.05)
            continue
        if n % CHUNK_FRAMES == 0:
            world.next_chunk()
        w, h = world.args.width, world.args.height
        rgb = numpy.frombuffer(world.picture(), dtype=numpy.uint8).reshape(h, w, 3)
        world.last_picture = rgb
        world.frames_made += 1
        for s in list(world.streamers):
            s.on_frame(rgb)
        n += 1
        wait = start + n / world.args.fps - time.time()
        await asyncio.sleep(max(0, wait))


def start(world):
    stop(world)
    world.last_picture = None
    world.producer = asyncio.ensure_future(produce(world))


def stop(world):
    if getattr(world, "producer", None):
        world.producer.cancel()
        world.producer = None
    for s in list(world.streamers):
        s.close()


async def output_ts(req, world):
    """GET /api/v1/session/output.ts: 404 without a headless session, else video/mp2t until it ends."""
    if not world.headless:
        return web.json_response({"detail": "No active headless session"}, status=404)
    resp = web.StreamResponse(headers={"Content-Type": "video/mp2t", "Cache-Control": "no-store", "Connection": "keep-alive"})
    await resp.prepare(req)
    if world.args.ts_garbage:
        # a fault of the stand-in's own (Scope has none such): bytes that are not MPEG-TS
        while world.headless:
            await resp.write(os.urandom(4096))
            await asyncio.sleep(0.02)
        return resp
    streamer = TsStreamer()
    world.streamers.add(streamer)
    try:
        while True:
            chunk = await streamer.queue.get()
            if chunk is None:
                break
            await resp.write(chunk)
    finally:
        world.streamers.discard(streamer)
        streamer.close()
    return resp
