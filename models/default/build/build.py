"""Builds the default world as a wm/1 model folder (model.onnx, init.onnx, manifest.json).

  /usr/bin/python3 models/default/build/build.py --width 640 --height 360 --out models/default
  /usr/bin/python3 models/default/build/build.py --preview /tmp/preview   # PNGs of every preset, via torch
  models/default/build/build-all.sh   # the three shipped folders

Needs Debian's python3-torch and python3-onnx (build time only; users never need Python).
"""
import argparse
import json
import os
import sys

import onnx
import torch

from audio import AUDIO_STATE
from styles import PRESETS, SLOTS
from terrain import Terrain
from textures import audio_tables, sky_texture, terrain_texture, wrap_pad
from image_style import IMAGE_HEIGHT, IMAGE_WIDTH
from world import ACTIONS, POSE, Init, Step

FPS, RATE = 30, 48000


def build_modules(width, height, depth, fov=75.0):
    terrain = Terrain(wrap_pad(terrain_texture()))
    step = Step(terrain, sky_texture(), audio_tables(rate=RATE), width, height, depth, FPS, RATE, fov).eval()
    return step, Init(terrain).eval()


def manifest(width, height, depth):
    return {
        "format": "wm/1",
        "name": "nacre-default",
        "description": "Procedural voxel-space landscape with sky, clouds, water, fog, styles and sound.",
        "fps": FPS,
        "framesPerStep": 1,
        "width": width,
        "height": height,
        "audio": {"rate": RATE, "channels": 2, "samplesPerStep": RATE // FPS},
        "actions": ACTIONS,
        "perspectives": ["first"],
        "style": {
            "size": len(SLOTS),
            "slots": SLOTS,
            "default": "day",
            "transitionSeconds": 0.9,
            "presets": {name: p for name, p in PRESETS.items()},
        },
        "state": {
            "pose": {"dtype": "float32", "shape": [1, len(POSE)], "slots": POSE},
            "mood": {"dtype": "float32", "shape": [1, len(SLOTS)]},
            "audio": {"dtype": "float32", "shape": [1, len(AUDIO_STATE)], "slots": AUDIO_STATE},
        },
        "stateBudgetBytes": 4 * (len(POSE) + len(SLOTS) + len(AUDIO_STATE)),
        "init": {"file": "init.onnx", "inputs": ["seed", "style", "image"],
                 "image": {"width": IMAGE_WIDTH, "height": IMAGE_HEIGHT}},
        "build": {"depthSamples": depth, "opset": 16},
    }


def no_image():
    return torch.zeros(1, IMAGE_HEIGHT, IMAGE_WIDTH, 3, dtype=torch.uint8), torch.zeros(1, 1)


def example_inputs(init, style_name="day", seed=1.0, image=None):
    style = torch.tensor([PRESETS[style_name]["values"]], dtype=torch.float32)
    picture = (image, torch.ones(1, 1)) if image is not None else no_image()
    pose, mood, audio, _ = init(torch.tensor([[seed]]), style, *picture)
    return style if image is None else mood, pose, mood, audio


def upscale_output(path, factor):
    """Appends a bilinear Resize of the RGBA frame (NHWC u8, ORT's fast path), renaming the output."""
    model = onnx.load(path)
    frame = next(o for o in model.graph.output if o.name == "frame")
    for node in model.graph.node:
        node.output[:] = ["frame_small" if o == "frame" else o for o in node.output]
    scales = onnx.helper.make_tensor("frame_scales", onnx.TensorProto.FLOAT, [4], [1.0, factor, factor, 1.0])
    model.graph.initializer.append(scales)
    model.graph.node.append(onnx.helper.make_node("Resize", ["frame_small", "", "frame_scales"], ["frame"], mode="linear"))
    dims = frame.type.tensor_type.shape.dim
    dims[1].dim_value *= factor
    dims[2].dim_value *= factor
    onnx.save(model, path)


def export_init(init, style, out):
    torch.onnx.export(init, (torch.tensor([[1.0]]), style, *no_image()), os.path.join(out, "init.onnx"), opset_version=16,
                      input_names=["seed", "style", "image", "image_present"],
                      output_names=["state_out.pose", "state_out.mood", "state_out.audio", "style_out"],
                      do_constant_folding=False)


def init_only(out):
    """rebuilds init.onnx alone (model.onnx untouched: every committed rebuild stays in git history)"""
    _, init = build_modules(64, 36, 8)
    style, *_ = example_inputs(init)
    with torch.no_grad():
        export_init(init, style, out)
    print(f"wrote {out}/init.onnx {os.path.getsize(os.path.join(out, 'init.onnx')) // 1024} KiB")


def export(out, width, height, depth, upscale=1, init_file="init.onnx", fov=75.0):
    step, init = build_modules(width, height, depth, fov)
    os.makedirs(out, exist_ok=True)
    style, pose, mood, audio = example_inputs(init)
    action = torch.zeros(1, len(ACTIONS))
    model_path = os.path.join(out, "model.onnx")
    with torch.no_grad():
        torch.onnx.export(step, (action, style, pose, mood, audio), os.path.join(out, "model.onnx"), opset_version=16,
                          input_names=["action", "style", "state.pose", "state.mood", "state.audio"],
                          output_names=["frame", "audio", "state_out.pose", "state_out.mood", "state_out.audio"],
                          do_constant_folding=False)
        if init_file == "init.onnx":
            export_init(init, style, out)
    if upscale > 1:
        upscale_output(model_path, upscale)
    onnx.checker.check_model(onnx.load(model_path))
    spec = manifest(width * upscale, height * upscale, depth)
    spec["init"]["file"] = init_file
    spec["build"]["renderWidth"], spec["build"]["renderHeight"] = width, height
    if fov != 75.0:
        spec["build"]["fovDeg"] = fov
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(spec, f, indent=1)
        f.write("\n")
    print(f"wrote {out}: " + ", ".join(f"{n} {os.path.getsize(os.path.join(out, n)) // 1024} KiB"
                                       for n in os.listdir(out)))


def load_picture(path):
    from PIL import Image
    picture = Image.open(path).convert("RGB").resize((IMAGE_WIDTH, IMAGE_HEIGHT), Image.BILINEAR)
    return torch.frombuffer(bytearray(picture.tobytes()), dtype=torch.uint8).reshape(1, IMAGE_HEIGHT, IMAGE_WIDTH, 3)


def preview(out, width, height, depth, steps, image_path=None, fov=75.0):
    from PIL import Image
    step, init = build_modules(width, height, depth, fov)
    os.makedirs(out, exist_ok=True)
    image = load_picture(image_path) if image_path else None
    for name in (["day"] if image is not None else PRESETS):
        style, pose, mood, audio = example_inputs(init, name, image=image)
        action = torch.zeros(1, len(ACTIONS))
        action[0, 1] = 1.0
        with torch.no_grad():
            for _ in range(steps):
                frame, sound, pose, mood, audio = step(action, style, pose, mood, audio)
        Image.fromarray(frame[0, :, :, :3].numpy()).save(os.path.join(out, f"{name}.png"))
        print(name, "rms", float(sound.pow(2).mean().sqrt()), "pose", [round(v, 2) for v in pose[0].tolist()])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--width", type=int, default=640)
    parser.add_argument("--height", type=int, default=360)
    parser.add_argument("--depth", type=int, default=168, help="depth samples per column")
    parser.add_argument("--out")
    parser.add_argument("--upscale", type=int, default=1, help="output = render size x this (bilinear, in the graph)")
    parser.add_argument("--init", default="init.onnx", help="init file for the manifest; only init.onnx is built")
    parser.add_argument("--preview")
    parser.add_argument("--image", help="with --preview: start the worlds from this picture (PNG/JPEG)")
    parser.add_argument("--init-only", action="store_true", help="rebuild only --out/init.onnx")
    parser.add_argument("--steps", type=int, default=3)
    parser.add_argument("--fov", type=float, default=75.0, help="horizontal field of view in degrees (wide builds: wider)")
    args = parser.parse_args()
    torch.manual_seed(0)
    if args.preview:
        preview(args.preview, args.width, args.height, args.depth, args.steps, args.image, args.fov)
    elif args.init_only:
        init_only(args.out)
    elif args.out:
        export(args.out, args.width, args.height, args.depth, args.upscale, args.init, args.fov)
    else:
        sys.exit("give --out DIR or --preview DIR")
