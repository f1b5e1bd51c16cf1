"""Sound made with the world: wind from looping noise tables, a drone that follows the style, footsteps.
Everything is ramped across the chunk from the previous step's values (held in state), so chunk
boundaries are continuous."""
import math

import torch

from styles import INDEX as S

AUDIO_STATE = ["counter", "phase0", "phase1", "phase2", "phase3", "wind", "brightness", "drone", "feet",
               "freq0", "freq1", "freq2", "freq3"]
PAN = [(0.8, 0.6), (0.55, 0.85), (0.9, 0.45), (0.5, 0.9)]


class Sound(torch.nn.Module):
    def __init__(self, tables, rate, samples):
        super().__init__()
        self.register_buffer("tables", torch.tensor(tables, dtype=torch.float16))
        self.length = tables.shape[1]
        self.rate, self.n = rate, samples
        self.register_buffer("ramp", torch.arange(samples, dtype=torch.float32) / samples)
        self.register_buffer("index", torch.arange(samples, dtype=torch.float32))

    def forward(self, audio, mood, time, speed, walking, step_phase, step_rate, fly):
        n, r = self.index, self.ramp
        tables = self.tables.float()
        wind_new = mood[S["wind_level"]] * (0.55 + 0.45 * torch.sin(time * 0.37) * torch.sin(time * 0.13 + 1.0)) \
            + 0.012 * speed + 0.25 * fly
        bright_new = torch.clamp(0.15 + speed / 35.0 + 0.3 * fly, 0.0, 1.0)
        drone_new = mood[S["drone_level"]]
        feet_new = walking
        ramp = lambda prev, new: prev + (new - prev) * r  # noqa: E731

        at = (audio[0] + n).long() % self.length
        other = (at + self.length // 2) % self.length
        bright = ramp(audio[6], bright_new)
        wind_amp = ramp(audio[5], wind_new) * 0.09
        wind_l = (tables[0, at] * (1.0 - bright) + tables[1, at] * bright * 0.6) * wind_amp
        wind_r = (tables[0, other] * (1.0 - bright) + tables[1, other] * bright * 0.6) * wind_amp

        root = mood[S["drone_hz"]]
        freqs_new = [root, root * mood[S["drone_ratio2"]], root * mood[S["drone_ratio3"]], root * 2.0]
        harm = mood[S["drone_bright"]]
        t = time + n / self.rate
        left, right, phases = 0.0, 0.0, []
        for k in range(4):
            f0, f1 = audio[9 + k], freqs_new[k]
            phase = audio[1 + k] + (f0 * n + (f1 - f0) * n * n / (2.0 * self.n)) / self.rate
            angle = 2.0 * math.pi * phase
            wave = torch.sin(angle) + harm * (0.35 * torch.sin(2.0 * angle) + 0.15 * torch.sin(3.0 * angle))
            swell = 0.7 + 0.3 * torch.sin(2.0 * math.pi * 0.043 * (k + 1) * t + k * 1.7)
            left = left + wave * swell * PAN[k][0]
            right = right + wave * swell * PAN[k][1]
            end = audio[1 + k] + (f0 + f1) * 0.5 * self.n / self.rate
            phases.append(end - torch.floor(end))
        drone_amp = ramp(audio[7], drone_new) * 0.35

        steps = step_phase + step_rate * n / self.rate
        frac = steps - torch.floor(steps)
        envelope = (1.0 - torch.exp(-frac * 160.0)) * torch.exp(-frac * 20.0)
        crunch = tables[0, (at * 7) % self.length] * 0.7 + tables[1, (at * 3) % self.length] * 0.35
        feet = envelope * crunch * ramp(audio[8], feet_new) * 0.22

        mix_l = torch.tanh(wind_l + left * drone_amp + feet)
        mix_r = torch.tanh(wind_r + right * drone_amp + feet)
        counter = (audio[0] + self.n) % self.length
        state = torch.stack([counter, *phases, wind_new, bright_new, drone_new, feet_new, *freqs_new])
        return torch.stack([mix_l, mix_r])[None], state
