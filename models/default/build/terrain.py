"""The world's shape: a wrapping height field sampled at four scales from one baked tile."""
import math

import torch
import torch.nn.functional as F

WATER_LEVEL = 33.0
EYE_HEIGHT = 1.7

# (tile size in metres, rotation in radians): rotated, unrelated scales hide the tile's repetition.
OCTAVES = [(7000.0, 0.0), (700.0, 1.1), (60.0, 2.3)]


def smoothstep(a, b, x):
    t = torch.clamp((x - a) / (b - a), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


class Terrain(torch.nn.Module):
    def __init__(self, texture):
        super().__init__()
        self.register_buffer("texture", torch.tensor(texture[None], dtype=torch.float16))
        self.padded = texture.shape[-1]
        self.size = self.padded - 2

    def octave_grid(self, px, py):
        grids = []
        for tile, angle in OCTAVES:
            c, s = math.cos(angle), math.sin(angle)
            u = (px * c - py * s) / tile
            v = (px * s + py * c) / tile
            u = u - torch.floor(u)
            v = v - torch.floor(v)
            scale = 2.0 * self.size / self.padded
            grids.append(torch.stack([u * scale + 2.0 / self.padded - 1.0, v * scale + 2.0 / self.padded - 1.0], -1))
        return torch.stack(grids, 0)[None]  # [1, octaves, P, 2]

    def forward(self, px, py, detail_fade=None):
        """px, py: [P] metres; detail_fade: [P] in [0, 1], 0 drops the fine octave and trees (far away, where
        they would alias). Returns ground height (with trees), terrain height, forest cover and three noises."""
        tex = self.texture.float()
        s = F.grid_sample(tex, self.octave_grid(px, py), mode="bilinear", padding_mode="border", align_corners=False)
        s = s[0]  # [2 channels, 3 octaves, P]
        base, forest = s[0, 0], s[1, 0]
        variation, mid = s[0, 1], s[1, 1]
        canopy, detail = s[0, 2], s[1, 2]
        fade = 1.0 if detail_fade is None else detail_fade
        height = 210.0 * base + 9.0 * (mid - 0.5) + 0.8 * (detail - 0.5) * fade + 4.0
        grassy = smoothstep(WATER_LEVEL + 3.0, WATER_LEVEL + 7.0, height) * (1.0 - smoothstep(95.0, 125.0, height))
        woods = smoothstep(0.55, 0.63, forest) * grassy
        trees = woods * (3.0 + 6.0 * canopy) * fade
        return height + trees, height, woods, variation, canopy, detail
