"""One step of the default world (model.onnx) and its initial state (init.onnx)."""
import math

import torch

from image_style import ImageStyle

from audio import AUDIO_STATE, Sound
from render import Renderer
from styles import INDEX as S
from terrain import EYE_HEIGHT, WATER_LEVEL, smoothstep

ACTIONS = [
    dict(name="move_x", min=-1.0, max=1.0, condition="move[0]"),
    dict(name="move_y", min=-1.0, max=1.0, condition="move[1]"),
    dict(name="look_yaw", min=-3.0, max=3.0, condition="look[0]"),
    dict(name="look_pitch", min=-2.0, max=2.0, condition="look[1]"),
    dict(name="sprint", min=0.0, max=1.0, condition="actions.sprint"),
    dict(name="jump", min=0.0, max=1.0, condition="actions.jump"),
    dict(name="fly", min=0.0, max=1.0, condition="actions.fly"),
]
POSE = ["x", "y", "ground_z", "vx", "vy", "yaw", "pitch", "fly", "jump_h", "jump_v", "time", "step_phase"]


def approach(value, target, rate, dt):
    return value + (target - value) * (1.0 - math.exp(-rate * dt))


class Step(torch.nn.Module):
    def __init__(self, terrain, sky, tables, width, height, depth_samples, fps, rate, fov_deg=75.0):
        super().__init__()
        self.terrain = terrain
        self.renderer = Renderer(terrain, sky, width, height, depth_samples, fov_deg=fov_deg)
        self.sound = Sound(tables, rate, rate // fps)
        self.dt = 1.0 / fps
        self.w, self.h = width, height
        self.register_buffer("vignette_x", 0.35 * (torch.arange(width, dtype=torch.float32) / width - 0.5) ** 2)
        self.register_buffer("vignette_y", 0.35 * (torch.arange(height, dtype=torch.float32) / height - 0.5) ** 2)

    def move(self, action, pose, mood):
        dt = self.dt
        move_x, move_y = torch.clamp(action[0], -1.0, 1.0), torch.clamp(action[1], -1.0, 1.0)
        norm = torch.clamp(torch.sqrt(move_x * move_x + move_y * move_y), min=1.0)
        fly = approach(pose[7], torch.clamp(action[6], 0.0, 1.0), 1.2, dt)
        top = 4.5 * (1.0 + 1.3 * torch.clamp(action[4], 0.0, 1.0)) * (1.0 + 5.0 * fly)
        yaw = pose[5] - torch.clamp(action[2], -3.0, 3.0) * dt
        pitch = torch.clamp(pose[6] + torch.clamp(action[3], -2.0, 2.0) * dt, -0.5, 0.5)
        fx, fy, rx, ry = torch.cos(yaw), torch.sin(yaw), torch.sin(yaw), -torch.cos(yaw)
        target_vx = (fx * move_y + rx * move_x) / norm * top
        target_vy = (fy * move_y + ry * move_x) / norm * top
        vx, vy = approach(pose[3], target_vx, 6.0, dt), approach(pose[4], target_vy, 6.0, dt)
        x, y = pose[0] + vx * dt, pose[1] + vy * dt
        ground = torch.clamp(self.terrain(x[None], y[None])[0][0], min=WATER_LEVEL)
        ground_z = torch.maximum(approach(pose[2], ground, 10.0, dt), ground)
        on_ground = (pose[8] <= 0.0) & (fly < 0.3)
        jump_v = torch.where(on_ground & (action[5] > 0.5), torch.full_like(pose[9], 5.5), pose[9] - 15.0 * dt)
        jump_h = torch.clamp(pose[8] + jump_v * dt, min=0.0)
        jump_v = torch.where(jump_h <= 0.0, torch.zeros_like(jump_v), jump_v)
        speed = torch.sqrt(vx * vx + vy * vy)
        walking = smoothstep(0.4, 2.0, speed) * (1.0 - smoothstep(0.05, 0.3, fly)) * (jump_h <= 0.05).float()
        step_rate = torch.clamp(speed * 0.42, 0.0, 4.0)
        time = pose[10] + dt
        step_phase = pose[11] + step_rate * dt
        step_phase = step_phase - torch.floor(step_phase)
        bob = 0.025 * torch.sin(2.0 * math.pi * step_phase) * walking
        eye = ground_z + EYE_HEIGHT + fly * 70.0 + jump_h + bob
        new_pose = torch.stack([x, y, ground_z, vx, vy, yaw, pitch, fly, jump_h, jump_v, time, step_phase])
        return new_pose, eye, speed, walking, step_rate, fly

    def forward(self, action, style, pose, mood, audio):
        action, style, pose, mood, audio = action[0], style[0], pose[0], mood[0], audio[0]
        mood = mood + (style - mood) * (1.0 - math.exp(-self.dt / 0.9))
        new_pose, eye, speed, walking, step_rate, fly = self.move(action, pose, mood)
        colour = self.renderer(new_pose, mood, eye, new_pose[10])
        frame = finish(colour, mood, self.vignette_x, self.vignette_y)
        sound, new_audio = self.sound(audio, mood, pose[10], speed, walking, pose[11], step_rate, fly)
        return frame, sound, new_pose[None], mood[None], new_audio[None]


def finish(colour, mood, vignette_x, vignette_y):
    """Exposure, saturation, painterly posterisation, vignette; [3, H, W] float -> [1, H, W, 4] u8 RGBA."""
    c = colour * mood[S["exposure"]]
    c = c / (1.0 + 0.12 * c)
    grey = c[0:1] * 0.299 + c[1:2] * 0.587 + c[2:3] * 0.114
    c = grey + (c - grey) * mood[S["saturation"]]
    levels = 5.0
    c = c + (torch.floor(c * levels + 0.5) / levels - c) * mood[S["posterize"]]
    c = c * (1.0 - vignette_x[None, :] - vignette_y[:, None])[None]
    c = torch.sqrt(torch.clamp(c, 0.0, 1.0)) * (255.0 * 0.35) + torch.clamp(c, 0.0, 1.0) * (255.0 * 0.65)
    alpha = c[0:1] * 0.0 + 255.0
    return torch.cat([c, alpha], 0).round().to(torch.uint8).permute(1, 2, 0)[None]


class Init(torch.nn.Module):
    """seed + style + image -> the first state: a spot on dry land, a little above the water, facing a seeded
    way, in the colours of the image (ImageStyle); also the style it implies, which the host then holds."""
    CANDIDATES = 48

    def __init__(self, terrain):
        super().__init__()
        self.terrain = terrain
        self.image_style = ImageStyle()
        self.register_buffer("k", torch.arange(self.CANDIDATES, dtype=torch.float32))

    def forward(self, seed, style, image, image_present):
        style = self.image_style(image, image_present, style)
        s = seed[0, 0]
        hx = torch.sin(s * 12.9898 + self.k * 78.233) * 43758.5453
        hy = torch.sin(s * 39.3468 + self.k * 11.135) * 24634.6345
        px = (hx - torch.floor(hx)) * 48000.0
        py = (hy - torch.floor(hy)) * 48000.0
        yaws = (hx - torch.floor(hx) + hy - torch.floor(hy)) * math.pi
        ahead = []
        for reach in (60.0, 250.0):
            ahead.append(self.terrain(px + torch.cos(yaws) * reach, py + torch.sin(yaws) * reach)[1])
        full, land, woods = self.terrain(px, py)[:3]
        # dry land a little above the water, no forest underfoot, and an open view downhill
        view = land - torch.maximum(ahead[0], ahead[1])
        score = -0.3 * torch.abs(land - (WATER_LEVEL + 20.0)) - woods * 10.0 + torch.clamp(view, max=40.0)
        best = torch.argmax(score)
        x, y = px[best], py[best]
        ground = torch.clamp(full[best], min=WATER_LEVEL)
        yaw = yaws[best]
        zero = torch.zeros_like(x)
        pose = torch.stack([x, y, ground, zero, zero, yaw, zero, zero, zero, zero, zero, zero])
        st = style[0]
        root = st[S["drone_hz"]]
        freqs = [root, root * st[S["drone_ratio2"]], root * st[S["drone_ratio3"]], root * 2.0]
        audio = torch.stack([zero, zero, zero, zero, zero, zero, zero, zero, zero, *freqs])
        assert audio.shape[0] == len(AUDIO_STATE)
        return pose[None], style, audio[None], style
