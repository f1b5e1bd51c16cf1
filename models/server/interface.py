"""The interface a world model implements to be served by `nacre model-server` (see README.md).

A model is an object with:
  manifest        dict: the model folder's manifest.json without "state" (wm/1: fps, framesPerStep,
                  width, height, audio, actions, style, init.image, ...)
  takes_prompt    bool: whether step() uses the instruction's text (ModelMetadata lists `prompt` then)
  init(seed, style, image) -> state
                  seed: float; style: FP32 tensor [1, S] on the device or None; image: UINT8 tensor
                  [1, H, W, 3] on the device or None. state: anything (tensors, KV caches), kept on the device
  step(state, action, style, prompt) -> (frames, audio, state)
                  action: FP32 [1, A] on the device; style: FP32 [1, S] or None; prompt: str or None (only
                  on the step that carries a new instruction). frames: UINT8 [1, H, W, 4] or [1, T, H, W, 4];
                  audio: FP32 [1, C, N] or None
A folder given to --model holds a server.py with `load(device) -> model` (and usually its manifest.json).
"""
import importlib.util
import os

MODELS_DIR = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


class ModelError(Exception):
    """a model that cannot be loaded or whose interface is incomplete"""


def load_model(spec, device):
    """--model: a built-in name (default, default-320x180, default-1280x720) or a folder with server.py"""
    if os.path.isdir(spec) and os.path.exists(os.path.join(spec, "server.py")):
        return load_folder(spec, device)
    if spec == "default" or spec.startswith("default-"):
        from default_world import DefaultWorld
        folder = os.path.join(MODELS_DIR, spec)
        if not os.path.exists(os.path.join(folder, "manifest.json")):
            raise ModelError(f'built-in model "{spec}": no {folder}/manifest.json')
        return check(DefaultWorld(folder, device), spec)
    if os.path.isdir(spec):
        raise ModelError(f'--model {spec}: the folder has no server.py (it must define load(device))')
    raise ModelError(f'--model {spec}: neither a built-in model (default, default-320x180, default-1280x720) nor a folder')


def load_folder(folder, device):
    path = os.path.join(folder, "server.py")
    spec = importlib.util.spec_from_file_location(f"nacre_model_{abs(hash(path))}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not hasattr(module, "load"):
        raise ModelError(f"{path} has no load(device) function")
    return check(module.load(device), path)


def check(model, where):
    for name in ("manifest", "init", "step"):
        if not hasattr(model, name):
            raise ModelError(f"model from {where} has no {name}")
    for key in ("width", "height", "actions", "fps"):
        if key not in model.manifest:
            raise ModelError(f'model from {where}: its manifest has no "{key}"')
    return model


def metadata(model):
    """(inputs, outputs): lists of (name, datatype, shape) as the wm/1 binding names them"""
    m = model.manifest
    h, w, t = m["height"], m["width"], m.get("framesPerStep", 1)
    inputs = [("action", "FP32", [1, len(m["actions"])])]
    if m.get("style"):
        inputs.append(("style", "FP32", [1, m["style"]["size"]]))
    if getattr(model, "takes_prompt", False):
        inputs.append(("prompt", "BYTES", [1]))
    inputs.append(("seed", "FP32", [1, 1]))
    image = (m.get("init") or {}).get("image")
    if image:
        inputs += [("image", "UINT8", [1, image["height"], image["width"], 3]), ("image_present", "FP32", [1, 1])]
    outputs = [("frame", "UINT8", [1, h, w, 4] if t == 1 else [1, t, h, w, 4]), ("frame_jpeg", "BYTES", [t])]
    if m.get("audio"):
        a = m["audio"]
        outputs.append(("audio", "FP32", [1, a["channels"], a["samplesPerStep"]]))
    return inputs, outputs
