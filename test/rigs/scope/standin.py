#!/usr/bin/python3
"""A stand-in for Daydream Scope's server (daydreamlive/scope), for Nacre's Scope backend tests.

It answers the endpoints the backend uses, with Scope's request and response fields:
  GET  /health
  POST /api/v1/pipeline/load        {pipeline_ids, load_params} or {pipelines: [{node_id, pipeline_id, load_params}]}
  GET  /api/v1/pipeline/status      {status: not_loaded|loading|loaded|error, pipeline_id, load_params, error, ...}
  POST /api/v1/webrtc/offer         {sdp, type, initialParameters} -> {sdp, type, sessionId}; a data channel
                                    "parameters" carries JSON parameter updates
  DELETE /api/v1/webrtc/offer/{id}
  POST /api/v1/session/start        headless: {pipeline_id, prompts, parameters}
  POST /api/v1/session/parameters   headless parameter updates -> {status, applied_parameters}
  GET  /api/v1/session/frame        the newest frame as one JPEG
  GET  /api/v1/session/output.ts    the headless frames as an MPEG-TS stream (H.264, as Scope encodes it)
  POST /api/v1/session/stop
and one of its own, which Scope does not have: GET /_standin/state (what it received, for the tests).

Instead of a model it draws solid frames whose colour encodes the controls of the last chunk:
  green 220 while KeyW is held (else 30), blue 220 while KeyS is held (else 30),
  red 128 + 4 * (the mouse dx summed over the chunk), clamped to 0..255.
Parameters are merged as Scope's pipeline_processor merges them: ctrl_input buttons are the latest state,
mouse deltas are summed until the next chunk and then reset.

Run with Debian's python3-aiortc and python3-aiohttp:
  /usr/bin/python3 standin.py --port 0 [--pipelines a,b] [--load-delay 0.5] [--load-hang] [--fps 20] [--ts-garbage]
(--ts-garbage: output.ts sends random bytes, a fault for the tests.)
It prints "LISTENING <port>" once it serves.
"""

import argparse
import asyncio
import fractions
import io
import json
import sys
import time
import uuid

import av
import numpy
from aiohttp import web
from aiortc import RTCPeerConnection, RTCSessionDescription, VideoStreamTrack

import standin_ts
from standin_ts import CHUNK_FRAMES


class World:
    """The pipeline's state: what was loaded, and the parameters merged as Scope merges them."""

    def __init__(self, args):
        self.args = args
        self.status = "not_loaded"
        self.pipeline_id = None
        self.load_params = None
        self.error = None
        self.loads = 0
        self.parameters = {}
        self.pending = []
        self.received = []
        self.chunk = {"button": [], "mouse": [0.0, 0.0]}
        self.chunks = 0
        self.headless = False
        self.last_picture = None
        self.frames_made = 0
        self.streamers = set()
        self.track_paused = False

    def update(self, data, via):
        self.received.append({"via": via, "at": time.time(), "data": data})
        self.pending.append(dict(data))

    def next_chunk(self):
        """Takes the updates queued since the last chunk (keys: latest; mouse: summed), then resets the mouse."""
        while self.pending:
            new = self.pending.pop(0)
            if "ctrl_input" in new:
                old = self.parameters.get("ctrl_input", {"button": [], "mouse": [0, 0]})
                ctrl = new["ctrl_input"]
                m_old = old.get("mouse", [0, 0])
                m_new = ctrl.get("mouse", [0, 0])
                new["ctrl_input"] = {"button": ctrl.get("button", []), "mouse": [m_old[0] + m_new[0], m_old[1] + m_new[1]]}
            if "transition" in new and new["transition"]:
                new["prompts"] = new["transition"]["target_prompts"]
            self.parameters = {**self.parameters, **new}
        ctrl = self.parameters.get("ctrl_input", {"button": [], "mouse": [0, 0]})
        self.chunk = {"button": list(ctrl.get("button", [])), "mouse": list(ctrl.get("mouse", [0, 0]))}
        if "ctrl_input" in self.parameters:
            self.parameters["ctrl_input"]["mouse"] = [0.0, 0.0]
        self.chunks += 1

    def colour(self):
        buttons = set(self.chunk["button"])
        red = max(0, min(255, int(round(128 + 4 * self.chunk["mouse"][0]))))
        return red, 220 if "KeyW" in buttons else 30, 220 if "KeyS" in buttons else 30

    def picture(self):
        r, g, b = self.colour()
        w, h = self.args.width, self.args.height
        return bytes([r, g, b]) * (w * h)


class ColourTrack(VideoStreamTrack):
    """Solid frames at the stand-in's fps; a new chunk of parameters every CHUNK_FRAMES frames; while paused, the
    last frame again (as Scope's track does)."""

    def __init__(self, world):
        super().__init__()
        self.world = world
        self.n = 0
        self.start = None
        self.last = None

    async def recv(self):
        fps = self.world.args.fps
        if self.start is None:
            self.start = time.time()
        else:
            wait = self.start + self.n / fps - time.time()
            if wait > 0:
                await asyncio.sleep(wait)
        w, h = self.world.args.width, self.world.args.height
        if self.world.track_paused and self.last is not None:
            rgb = self.last  # Scope's VideoProcessingTrack while paused: the last frame again, at its pace
        else:
            if self.n % CHUNK_FRAMES == 0:
                self.world.next_chunk()
            rgb = numpy.frombuffer(self.world.picture(), dtype=numpy.uint8).reshape(h, w, 3)
            self.world.frames_made += 1
        self.last = rgb
        frame = av.VideoFrame.from_ndarray(rgb, format="rgb24")
        frame = frame.reformat(format="yuv420p")
        frame.pts = self.n * int(90000 / fps)
        frame.time_base = fractions.Fraction(1, 90000)
        self.n += 1
        return frame


def detail(status, message):
    return web.json_response({"detail": message}, status=status)


def make_app(world):
    pcs = {}
    app = web.Application()
    routes = web.RouteTableDef()

    @routes.get("/health")
    async def health(_req):
        return web.json_response({"status": "healthy", "timestamp": time.time(), "server_info": {}, "version": "standin", "git_commit": "standin"})

    @routes.post("/api/v1/pipeline/load")
    async def load(req):
        body = await req.json()
        if body.get("pipelines"):
            items = [(p["pipeline_id"], p.get("load_params")) for p in body["pipelines"]]
        elif body.get("pipeline_ids"):
            items = [(pid, body.get("load_params")) for pid in body["pipeline_ids"]]
        else:
            return detail(400, "Either 'pipelines' or 'pipeline_ids' must be provided")
        world.loads += 1
        world.status = "loading"
        world.error = None
        pipeline_id, params = items[0]

        async def finish():
            if world.args.load_hang:
                return
            await asyncio.sleep(world.args.load_delay)
            if pipeline_id not in world.args.pipelines.split(","):
                world.status = "error"
                world.error = f"Pipeline {pipeline_id} not available"
                world.pipeline_id = None
                return
            world.status = "loaded"
            world.pipeline_id = pipeline_id
            world.load_params = params

        asyncio.ensure_future(finish())
        return web.json_response({"message": "Pipeline loading initiated successfully"})

    @routes.get("/api/v1/pipeline/status")
    async def status(_req):
        return web.json_response({
            "status": world.status,
            "pipeline_id": world.pipeline_id,
            "load_params": world.load_params,
            "loaded_lora_adapters": None,
            "error": world.error,
            "loading_stage": "Loading diffusion model..." if world.status == "loading" else None,
            "produces_video": True,
            "produces_audio": False,
        })

    @routes.post("/api/v1/webrtc/offer")
    async def offer(req):
        body = await req.json()
        if "sdp" not in body or "type" not in body:
            return web.json_response({"detail": [{"type": "missing", "loc": ["body", "sdp"], "msg": "Field required"}]}, status=422)
        if world.status != "loaded":
            return detail(400, "Pipeline not loaded. Please load pipeline first.")
        session_id = str(uuid.uuid4())
        pc = RTCPeerConnection()
        pcs[session_id] = pc
        world.parameters = {}
        world.pending = []
        initial = body.get("initialParameters") or {}
        world.track_paused = bool(initial.get("paused", False))
        world.update(initial, "initialParameters")

        @pc.on("datachannel")
        def on_datachannel(channel):
            @channel.on("message")
            def on_message(message):
                try:
                    data = json.loads(message)
                except ValueError:
                    return
                # Scope takes "paused" at once, not at the next chunk: its video track repeats its last frame
                if "paused" in data:
                    world.track_paused = bool(data["paused"])
                world.update(data, f"datachannel:{channel.label}")

        @pc.on("connectionstatechange")
        async def on_state():
            if pc.connectionState in ("failed", "closed"):
                pcs.pop(session_id, None)
                await pc.close()

        pc.addTrack(ColourTrack(world))
        await pc.setRemoteDescription(RTCSessionDescription(sdp=body["sdp"], type=body["type"]))
        answer = await pc.createAnswer()
        await pc.setLocalDescription(answer)
        return web.json_response({"sdp": pc.localDescription.sdp, "type": pc.localDescription.type, "sessionId": session_id})

    @routes.delete("/api/v1/webrtc/offer/{session_id}")
    async def close_session(req):
        pc = pcs.pop(req.match_info["session_id"], None)
        if pc:
            await pc.close()
        return web.Response(status=204)

    @routes.post("/api/v1/session/start")
    async def session_start(req):
        body = await req.json()
        if body.get("pipeline_id") is None and body.get("graph") is None:
            return web.json_response({"detail": [{"type": "value_error", "loc": ["body"], "msg": "Either pipeline_id or graph must be provided"}]}, status=422)
        if world.status != "loaded":
            return detail(400, "Pipeline not loaded. Please load the pipeline first.")
        world.parameters = {}
        world.pending = []
        world.headless = True
        initial = dict(body.get("parameters") or {})
        if body.get("prompts"):
            initial["prompts"] = body["prompts"]
        world.update(initial, "session/start")
        standin_ts.start(world)
        return web.json_response({"status": "ok", "input_mode": body.get("input_mode", "text"), "cloud_mode": False, "pipeline_id": body["pipeline_id"]})

    @routes.post("/api/v1/session/parameters")
    async def session_parameters(req):
        body = {k: v for k, v in (await req.json()).items() if v is not None}
        if not body:
            return detail(400, "No parameters provided")
        world.update(body, "session/parameters")
        return web.json_response({"status": "ok", "applied_parameters": body})

    @routes.get("/api/v1/session/frame")
    async def session_frame(req):
        # Scope's last frame: the headless session's newest, or the picture a WebRTC session is drawing
        rgb = world.last_picture if world.headless else world.picture() if pcs else None
        if rgb is None:
            return detail(404, "No frame available (no active session or pipeline not running)")
        from PIL import Image

        img = Image.frombytes("RGB", (world.args.width, world.args.height), bytes(rgb))
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=int(req.query.get("quality", "85")))
        return web.Response(body=buf.getvalue(), content_type="image/jpeg")

    @routes.get("/api/v1/session/output.ts")
    async def session_output_ts(req):
        return await standin_ts.output_ts(req, world)

    @routes.post("/api/v1/session/stop")
    async def session_stop(_req):
        if not world.headless:
            return detail(404, "No active headless session")
        world.headless = False
        standin_ts.stop(world)
        return web.json_response({"status": "ok", "message": "Headless session stopped"})

    @routes.get("/_standin/state")
    async def state(_req):
        return web.json_response({
            "status": world.status, "loads": world.loads, "parameters": world.parameters, "received": world.received,
            "chunk": world.chunk, "chunks": world.chunks, "sessions": len(pcs), "headless": world.headless,
            "frames_made": world.frames_made, "ts_streams": len(world.streamers),
        })

    app.add_routes(routes)

    async def on_shutdown(_app):
        standin_ts.stop(world)
        await asyncio.gather(*(pc.close() for pc in pcs.values()))

    app.on_shutdown.append(on_shutdown)
    return app


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--pipelines", default="longlive,waypoint")
    p.add_argument("--load-delay", type=float, default=0.3)
    p.add_argument("--load-hang", action="store_true")
    p.add_argument("--fps", type=float, default=20)
    p.add_argument("--width", type=int, default=160)
    p.add_argument("--height", type=int, default=96)
    p.add_argument("--ts-garbage", action="store_true")
    args = p.parse_args()
    world = World(args)
    runner = web.AppRunner(make_app(world))
    await runner.setup()
    site = web.TCPSite(runner, args.host, args.port)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    print(f"LISTENING {port}", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
