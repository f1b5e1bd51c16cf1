"""Voxel-space column renderer: each screen column marches D depth samples; occlusion by prefix-min,
visibility per pixel by a scatter-count and a reverse cumulative sum (no per-pixel ray marching)."""
import math

import torch
import torch.nn.functional as F

from styles import INDEX as S
from terrain import WATER_LEVEL, smoothstep


def rgb(style, name):
    """A style colour as [3, 1, 1], to broadcast over channels-first images (ORT's fast broadcast path)."""
    i = S[name + "_r"]
    return style[i:i + 3].reshape(3, 1, 1)


def prefix_min(x):
    """Running minimum along dim 1 in log2(D) steps (ONNX opset 16 has no CumMin)."""
    k = 1
    while k < x.shape[1]:
        pad = x[:, :k] * 0.0 + 1e9  # computed, not a constant: keeps [W, k] blocks out of the file
        x = torch.minimum(x, torch.cat([pad, x[:, :-k]], 1))
        k *= 2
    return x


class Renderer(torch.nn.Module):
    def __init__(self, terrain, clouds, width, height, depth_samples, fov_deg=75.0, near=0.6, far=3400.0, sky_div=2):
        super().__init__()
        self.sky_div = sky_div
        self.terrain = terrain
        self.register_buffer("clouds", torch.tensor(clouds[None], dtype=torch.float16))
        self.w, self.h, self.d = width, height, depth_samples
        self.focal = (width / 2.0) / math.tan(math.radians(fov_deg) / 2.0)
        self.far = far
        i = torch.arange(depth_samples, dtype=torch.float32) / (depth_samples - 1)
        self.register_buffer("depths", near * (far / near) ** i)
        self.register_buffer("offsets", (torch.arange(width, dtype=torch.float32) - width / 2.0 + 0.5) / self.focal)
        self.register_buffer("rows", torch.arange(height, dtype=torch.float32) + 0.5)
        self.register_buffer("column_base", torch.arange(width) * (depth_samples + 1))
        sw, sh = width // sky_div, height // sky_div
        self.sky_w, self.sky_h = sw, sh
        self.register_buffer("sky_offsets", ((torch.arange(sw, dtype=torch.float32) + 0.5) * sky_div - width / 2.0) / self.focal)
        self.register_buffer("sky_rows", (torch.arange(sh, dtype=torch.float32) + 0.5) * sky_div)

    def sun_vector(self, mood):
        az, el = mood[S["sun_azimuth"]], mood[S["sun_elevation"]]
        return torch.cos(el) * torch.cos(az), torch.cos(el) * torch.sin(az), torch.sin(el)

    def forward(self, pose, mood, eye_z, time):
        x, y, yaw, pitch = pose[0], pose[1], pose[5], pose[6]
        fx, fy = torch.cos(yaw), torch.sin(yaw)
        rx, ry = torch.sin(yaw), -torch.cos(yaw)
        z = self.depths[None, :]
        o = self.offsets[:, None]
        px = x + z * (fx + rx * o)
        py = y + z * (fy + ry * o)
        fade = (1.0 - smoothstep(250.0, 900.0, z)).expand(self.w, self.d)
        fields = self.terrain(px.reshape(-1), py.reshape(-1), fade.reshape(-1))
        ground, land, trees, variation, canopy, detail = [f.reshape(self.w, self.d) for f in fields]
        surface = torch.clamp(ground, min=WATER_LEVEL)
        horizon = self.h / 2.0 + pitch * self.focal
        proj = horizon + (eye_z - surface) * self.focal / z

        colour = self.shade(mood, ground, land, trees, variation, canopy, detail, z, o, yaw, eye_z, time)
        sky = self.sky(mood, x, y, yaw, horizon, time)
        sky = F.interpolate(sky[None], size=(self.h, self.w), mode="bilinear", align_corners=False)[0]
        return self.compose(colour, proj, sky)

    def normals(self, ground, z):
        dd = torch.cat([ground[:, 1:2] - ground[:, 0:1], ground[:, 2:] - ground[:, :-2], ground[:, -1:] - ground[:, -2:-1]], 1)
        zz = torch.cat([z[:, 1:2] - z[:, 0:1], z[:, 2:] - z[:, :-2], z[:, -1:] - z[:, -2:-1]], 1)
        dl = torch.cat([ground[1:2] - ground[0:1], ground[2:] - ground[:-2], ground[-1:] - ground[-2:-1]], 0)
        lateral = 2.0 * z / self.focal
        gx, gy = -dl / lateral, -dd / zz
        inv = torch.rsqrt(gx * gx + gy * gy + 1.0)
        return gx * inv, gy * inv, inv

    def shade(self, mood, ground, land, trees, variation, canopy, detail, z, o, yaw, eye_z, time):
        nx, ny, nz = self.normals(land, z)
        sx, sy, sz = self.sun_vector(mood)
        sun_r = sx * torch.sin(yaw) - sy * torch.cos(yaw)
        sun_f = sx * torch.cos(yaw) + sy * torch.sin(yaw)
        diffuse = torch.relu(nx * sun_r + ny * sun_f + nz * sz)[None]
        light = rgb(mood, "ambient") * (0.6 + 0.4 * nz[None]) + rgb(mood, "sun") * diffuse

        near_detail = 1.0 - smoothstep(8.0, 60.0, z)  # grass tufts and stones up close, so walking shows
        mottle = torch.sin(detail * 90.0) * torch.sin(canopy * 75.0)  # fine clumps from two smooth noises
        tint = ((0.7 + 0.6 * variation) * (1.0 + mottle * 0.3 * near_detail))[None]
        dry = smoothstep(0.45, 0.8, variation)[None] * 0.6
        grass = rgb(mood, "grass")
        albedo = (grass + (grass.flip(0) * 0.5 + grass * 0.9 - grass) * dry) * tint
        steep = (1.0 - smoothstep(0.45, 0.7, nz))[None]
        albedo = albedo + (rgb(mood, "rock") * (0.8 + 0.4 * canopy[None]) - albedo) * steep
        sand = (1.0 - smoothstep(WATER_LEVEL + 1.0, WATER_LEVEL + 3.5, land))[None]
        albedo = albedo + (rgb(mood, "sand") * tint - albedo) * sand
        forest = trees[None]
        albedo = albedo + (rgb(mood, "tree") * (0.45 + 1.1 * canopy[None]) - albedo) * forest
        snow_line = mood[S["snow_line"]]
        snow = smoothstep(snow_line - 8.0, snow_line + 8.0, land + 30.0 * (variation - 0.5)) * smoothstep(0.45, 0.7, nz)
        albedo = albedo + (rgb(mood, "snow") - albedo) * snow[None]
        lit = albedo * light

        azimuth = yaw - torch.atan(o)
        sun_az = mood[S["sun_azimuth"]]
        facing_sun = torch.relu(torch.cos(azimuth - sun_az))
        grazing = (eye_z - WATER_LEVEL) / z
        fresnel = (1.0 - 0.75 * torch.clamp(grazing * 5.0, 0.0, 1.0))[None]
        calm = 1.0 - smoothstep(60.0, 700.0, z)  # far ripples would only alias into glitter noise
        ripple = 1.0 + 0.15 * torch.sin(time * 1.7 + canopy * 40.0 + z * 0.05) * calm
        reflected = rgb(mood, "horizon") * ripple[None]
        water = rgb(mood, "water") * (rgb(mood, "ambient") + 0.3 * rgb(mood, "sun"))
        water = water + (reflected - water) * fresnel
        glint = torch.exp((facing_sun.pow(2) - 1.0) * 300.0) * (torch.relu(ripple - 1.05) * 8.0 * calm + 0.15)
        water = water + rgb(mood, "sun") * (glint * (1.2 - torch.sin(mood[S["sun_elevation"]])))[None]
        depth_water = smoothstep(0.0, 2.5, WATER_LEVEL - ground)[None]
        lit = lit + (water - lit) * depth_water

        fog_amount = 1.0 - torch.exp(-z * mood[S["fog_density"]])
        fog_amount = torch.maximum(fog_amount, smoothstep(0.55 * self.far, self.far, z))[None]
        fog = rgb(mood, "fog") + rgb(mood, "sun") * (facing_sun.pow(4) * mood[S["sun_glow"]] * 0.4)[None]
        return lit + (fog - lit) * fog_amount

    def sky(self, mood, x, y, yaw, horizon, time):
        o = self.sky_offsets[None, :]
        azimuth = yaw - torch.atan(o)
        elevation = torch.atan((horizon - self.sky_rows[:, None]) / self.focal) * torch.rsqrt(1.0 + o * o)
        ce, se = torch.cos(elevation), torch.sin(elevation)
        dx, dy = ce * torch.cos(azimuth), ce * torch.sin(azimuth)
        sx, sy, sz = self.sun_vector(mood)
        cosang = dx * sx + dy * sy + se * sz
        up = torch.sqrt(torch.clamp(se, 0.0, 1.0))[None]
        sky = rgb(mood, "horizon") + (rgb(mood, "zenith") - rgb(mood, "horizon")) * up
        glow = torch.exp((cosang - 1.0) * 12.0) * mood[S["sun_glow"]] + torch.exp((cosang - 1.0) * 400.0) * 0.6
        disc = smoothstep(0.99955, 0.9998, cosang) * 2.5
        sky = sky + rgb(mood, "sun") * (glow + disc)[None]

        above = torch.clamp(se, min=0.03)
        reach = 900.0 / above
        cu = (x + dx / above * 900.0) / 5200.0 + time * 0.004
        cv = (y + dy / above * 900.0) / 5200.0 + time * 0.0015
        grid = torch.stack([cu - torch.floor(cu), cv - torch.floor(cv)], -1) * 2.0 - 1.0
        fields = F.grid_sample(self.clouds.float(), grid[None], mode="bilinear", padding_mode="border", align_corners=False)[0]
        cover = mood[S["cloud_cover"]]
        density = smoothstep(1.0 - cover * 0.8, 1.15 - cover * 0.6, fields[0]) * smoothstep(0.0, 0.12, se)
        density = density * torch.exp(-reach / 40000.0)
        shade = (0.72 + 0.35 * torch.exp((cosang - 1.0) * 6.0) + 0.2 * (1.0 - fields[0]))[None]
        sky = sky + (rgb(mood, "cloud") * shade - sky) * (density * 0.92)[None]
        turns = (azimuth / (2 * math.pi) * 4.0).expand(self.sky_h, self.sky_w)
        star_grid = torch.stack([turns - torch.floor(turns), se], -1)[None] * 2.0 - 1.0
        star_field = F.grid_sample(self.clouds.float()[:, 1:2], star_grid, mode="bilinear", padding_mode="border",
                                   align_corners=False)[0, 0]
        stars = star_field * mood[S["stars"]] * (1.0 - density) * smoothstep(0.02, 0.2, se)
        return sky + stars[None] * 1.5

    def compose(self, colour, proj, sky):
        top = prefix_min(proj)
        bucket = torch.clamp(torch.ceil(top), 0.0, float(self.h)).long()
        counts = torch.zeros_like(top[:, :1]).expand(self.w, self.h + 1)
        counts = counts.scatter_add(1, bucket, top * 0.0 + 1.0)
        visible = (self.d - torch.cumsum(counts, 1)[:, :self.h]).long().t()  # [H, W]: first covering sample
        # rows of 4 floats per sample (a blank sample D per column: "nothing covers"): ORT gathers whole rows
        # far faster than single floats; one transpose each brings them back to channel planes
        packed = torch.cat([colour, top[None], proj[None]], 0)
        packed = F.pad(packed, (0, 1)).reshape(5, -1).t()  # [W * (D + 1), 5]
        base = self.column_base[None, :]
        at_far = (base + visible).reshape(-1)
        at_near = (base + torch.clamp(visible - 1, min=0)).reshape(-1)
        far = torch.index_select(packed[:, 0:4], 0, at_far).t().reshape(4, self.h, self.w)
        near = torch.index_select(torch.cat([packed[:, 0:3], packed[:, 4:5]], 1), 0, at_near).t().reshape(4, self.h, self.w)
        t = torch.clamp((self.rows[:, None] - far[3]) / (near[3] - far[3] + 1e-3), 0.0, 1.0)
        ground = far[:3] + (near[:3] - far[:3]) * t[None]
        return torch.where((visible == self.d)[None], sky, ground)
