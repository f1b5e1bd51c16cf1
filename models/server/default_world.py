"""The built-in model: the default world in torch, from the very modules models/default/build exports to ONNX.

The build code is imported from models/default/build (added to sys.path, not copied), so a remote folder
served by this and the embedded models/default show the same landscape. Its manifest is the folder's
manifest.json (models/default, default-320x180, default-1280x720) without "state"; the render size and depth
samples come from its "build" entry, and a render smaller than the manifest's frame is scaled up
bilinearly as the ONNX graph does.
"""
import copy
import json
import os
import sys

import torch
import torch.nn.functional as F

BUILD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "default", "build")
if BUILD not in sys.path:
    sys.path.insert(0, BUILD)

from image_style import IMAGE_HEIGHT, IMAGE_WIDTH  # noqa: E402
from terrain import Terrain  # noqa: E402
from textures import audio_tables, sky_texture, terrain_texture, wrap_pad  # noqa: E402
from world import Init, Step  # noqa: E402


def read_manifest(folder):
    with open(os.path.join(folder, "manifest.json")) as f:
        manifest = json.load(f)
    manifest.pop("state", None)
    manifest.pop("stateBudgetBytes", None)
    return manifest


class DefaultWorld:
    """state: {pose, mood, audio} as in the ONNX graphs, plus the style a starting picture implied"""
    takes_prompt = False

    def __init__(self, folder, device):
        self.manifest = read_manifest(folder)
        self.device = torch.device(device)
        m, build = self.manifest, self.manifest.get("build", {})
        self.render_w, self.render_h = build.get("renderWidth", m["width"]), build.get("renderHeight", m["height"])
        fps, rate = m["fps"], m["audio"]["rate"]
        with torch.no_grad():
            torch.manual_seed(0)  # as build.py: the textures are seeded noise, so the same seed gives the same world
            terrain = Terrain(wrap_pad(terrain_texture()))
            # the start place comes from a sin-based hash (fract(sin(x) * 43758)), which the GPU's sin rounds
            # differently again (README: torch and onnxruntime on the CPU agree for ~40 % of seeds): on CUDA a
            # seed started elsewhere than on the CPU. Init runs once a visit, so it stays on the CPU (with its
            # own terrain: .to() moves a module in place)
            self.init_module = Init(copy.deepcopy(terrain)).eval()
            self.step_module = Step(terrain, sky_texture(), audio_tables(rate=rate), self.render_w, self.render_h,
                                    build.get("depthSamples", 168), fps, rate).eval().to(self.device)

    def init(self, seed, style, image):
        with torch.no_grad():
            present = torch.ones(1, 1) if image is not None else torch.zeros(1, 1)
            if image is None:
                image = torch.zeros(1, IMAGE_HEIGHT, IMAGE_WIDTH, 3, dtype=torch.uint8)
            if style is None:
                style = self.preset(self.manifest["style"]["default"])
            seed_t = torch.tensor([[float(seed)]])
            made = self.init_module(seed_t, style.cpu(), image.cpu(), present)
            pose, mood, audio, style_out = (t.to(self.device) for t in made)
        held = style_out if float(present[0, 0]) > 0 else None
        return {"pose": pose, "mood": mood, "audio": audio, "held": held, "sent": style.to(self.device)}

    def preset(self, name):
        return torch.tensor([self.manifest["style"]["presets"][name]["values"]], dtype=torch.float32, device=self.device)

    def target(self, state, style):
        """the style to steer to: the picture's style while the host still sends the style it started with
        (the embedded host holds it the same way until a new instruction), else what the host sends"""
        if style is None:
            return state["held"] if state["held"] is not None else state["sent"]
        if state["held"] is not None and torch.equal(style, state["sent"]):
            return state["held"]
        state["held"] = None
        return style

    def step(self, state, action, style, prompt):
        with torch.no_grad():
            target = self.target(state, style)
            frame, audio, pose, mood, audio_state = self.step_module(action, target, state["pose"], state["mood"],
                                                                     state["audio"])
            if (self.render_w, self.render_h) != (self.manifest["width"], self.manifest["height"]):
                frame = self.upscale(frame)
        return frame, audio, {**state, "pose": pose, "mood": mood, "audio": audio_state}

    def upscale(self, frame):
        size = (self.manifest["height"], self.manifest["width"])
        x = frame.permute(0, 3, 1, 2).float()
        return F.interpolate(x, size=size, mode="bilinear", align_corners=False).round().clamp(0, 255) \
            .to(torch.uint8).permute(0, 2, 3, 1).contiguous()


def use_device(device):
    """a CUDA device asked for must be there. Nothing process-wide is set: the modules make every tensor on
    their inputs' device (torch 2 deprecates a default tensor type, and a default device costs every torch call)"""
    if torch.device(device).type == "cuda" and not torch.cuda.is_available():
        raise SystemExit("--device cuda: torch sees no CUDA device (torch.cuda.is_available() is False)")
