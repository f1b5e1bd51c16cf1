"""The default world's style vector: one named slot per number, and the presets the manifest publishes."""

SLOTS = [
    "zenith_r", "zenith_g", "zenith_b", "horizon_r", "horizon_g", "horizon_b",
    "sun_r", "sun_g", "sun_b", "sun_azimuth", "sun_elevation",
    "ambient_r", "ambient_g", "ambient_b", "fog_r", "fog_g", "fog_b", "fog_density",
    "grass_r", "grass_g", "grass_b", "rock_r", "rock_g", "rock_b", "sand_r", "sand_g", "sand_b",
    "snow_r", "snow_g", "snow_b", "water_r", "water_g", "water_b", "tree_r", "tree_g", "tree_b",
    "snow_line", "cloud_cover", "cloud_r", "cloud_g", "cloud_b", "stars",
    "posterize", "saturation", "exposure",
    "drone_hz", "drone_ratio2", "drone_ratio3", "drone_level", "drone_bright", "wind_level", "sun_glow",
]
INDEX = {name: i for i, name in enumerate(SLOTS)}


def rgb(prefix, r, g, b):
    return {f"{prefix}_r": r, f"{prefix}_g": g, f"{prefix}_b": b}


def preset(**groups):
    values = {}
    for key, value in groups.items():
        if isinstance(value, tuple):
            values.update(rgb(key, *value))
        else:
            values[key] = value
    missing = [s for s in SLOTS if s not in values]
    if missing:
        raise ValueError(f"preset lacks {missing}")
    return [float(values[s]) for s in SLOTS]


PRESETS = {
    "day": dict(
        keywords=["day", "noon", "sunny", "bright", "morning", "clear", "summer"],
        values=preset(
            zenith=(0.22, 0.45, 0.85), horizon=(0.68, 0.80, 0.93), sun=(1.35, 1.25, 1.1),
            sun_azimuth=0.6, sun_elevation=0.9, ambient=(0.42, 0.48, 0.58), fog=(0.70, 0.80, 0.92),
            fog_density=0.00045, grass=(0.30, 0.50, 0.18), rock=(0.48, 0.44, 0.40), sand=(0.80, 0.74, 0.56),
            snow=(0.95, 0.96, 1.0), water=(0.10, 0.30, 0.42), tree=(0.12, 0.30, 0.10), snow_line=112,
            cloud_cover=0.45, cloud=(1.0, 1.0, 1.0), stars=0.0, posterize=0.0, saturation=1.1, exposure=1.0,
            drone_hz=110.0, drone_ratio2=1.5, drone_ratio3=2.5198, drone_level=0.10, drone_bright=0.4,
            wind_level=0.35, sun_glow=0.25)),
    "sunset": dict(
        keywords=["sunset", "golden", "dusk", "evening", "warm", "sundown", "twilight"],
        values=preset(
            zenith=(0.20, 0.22, 0.45), horizon=(1.0, 0.55, 0.30), sun=(1.5, 0.85, 0.45),
            sun_azimuth=0.1, sun_elevation=0.07, ambient=(0.38, 0.30, 0.36), fog=(0.95, 0.58, 0.40),
            fog_density=0.0006, grass=(0.36, 0.42, 0.16), rock=(0.52, 0.40, 0.34), sand=(0.85, 0.66, 0.48),
            snow=(1.0, 0.85, 0.80), water=(0.18, 0.16, 0.30), tree=(0.14, 0.22, 0.08), snow_line=118,
            cloud_cover=0.5, cloud=(1.0, 0.62, 0.45), stars=0.0, posterize=0.0, saturation=1.2, exposure=1.05,
            drone_hz=98.0, drone_ratio2=1.5, drone_ratio3=2.0, drone_level=0.12, drone_bright=0.6,
            wind_level=0.3, sun_glow=0.7)),
    "night": dict(
        keywords=["night", "moon", "moonlight", "stars", "dark", "midnight", "starry"],
        values=preset(
            zenith=(0.01, 0.02, 0.06), horizon=(0.06, 0.09, 0.18), sun=(0.55, 0.65, 0.90),
            sun_azimuth=-0.5, sun_elevation=0.45, ambient=(0.16, 0.19, 0.30), fog=(0.06, 0.08, 0.16),
            fog_density=0.0005, grass=(0.22, 0.35, 0.25), rock=(0.40, 0.42, 0.48), sand=(0.55, 0.55, 0.60),
            snow=(0.80, 0.85, 1.0), water=(0.04, 0.08, 0.16), tree=(0.08, 0.16, 0.12), snow_line=112,
            cloud_cover=0.35, cloud=(0.22, 0.26, 0.38), stars=1.0, posterize=0.0, saturation=0.9, exposure=1.15,
            drone_hz=73.4, drone_ratio2=1.4983, drone_ratio3=2.3784, drone_level=0.14, drone_bright=0.15,
            wind_level=0.25, sun_glow=0.12)),
    "snow": dict(
        keywords=["snow", "winter", "ice", "icy", "frozen", "cold", "blizzard", "arctic"],
        values=preset(
            zenith=(0.50, 0.60, 0.75), horizon=(0.85, 0.88, 0.92), sun=(1.1, 1.1, 1.15),
            sun_azimuth=1.2, sun_elevation=0.35, ambient=(0.60, 0.65, 0.75), fog=(0.86, 0.88, 0.92),
            fog_density=0.0011, grass=(0.85, 0.88, 0.95), rock=(0.45, 0.46, 0.50), sand=(0.80, 0.82, 0.88),
            snow=(0.97, 0.98, 1.0), water=(0.45, 0.55, 0.62), tree=(0.20, 0.28, 0.26), snow_line=-50,
            cloud_cover=0.75, cloud=(0.92, 0.93, 0.96), stars=0.0, posterize=0.0, saturation=0.9, exposure=1.0,
            drone_hz=130.8, drone_ratio2=1.4983, drone_ratio3=2.9966, drone_level=0.08, drone_bright=0.2,
            wind_level=0.8, sun_glow=0.15)),
    "dream": dict(
        keywords=["dream", "unreal", "painterly", "surreal", "fantasy", "magic", "psychedelic", "painting"],
        values=preset(
            zenith=(0.35, 0.15, 0.55), horizon=(1.0, 0.55, 0.75), sun=(1.3, 1.0, 1.2),
            sun_azimuth=2.2, sun_elevation=0.3, ambient=(0.45, 0.35, 0.55), fog=(0.95, 0.65, 0.85),
            fog_density=0.0005, grass=(0.95, 0.45, 0.55), rock=(0.35, 0.30, 0.70), sand=(1.0, 0.85, 0.45),
            snow=(0.75, 1.0, 0.95), water=(0.10, 0.75, 0.80), tree=(0.25, 0.80, 0.70), snow_line=100,
            cloud_cover=0.55, cloud=(1.0, 0.85, 0.55), stars=0.3, posterize=0.85, saturation=1.5, exposure=1.05,
            drone_hz=87.3, drone_ratio2=1.2599, drone_ratio3=1.8877, drone_level=0.13, drone_bright=0.8,
            wind_level=0.2, sun_glow=0.5)),
    "mist": dict(
        keywords=["fog", "foggy", "mist", "misty", "rain", "grey", "gray", "haze", "moody"],
        values=preset(
            zenith=(0.55, 0.58, 0.60), horizon=(0.72, 0.74, 0.74), sun=(0.75, 0.75, 0.72),
            sun_azimuth=0.3, sun_elevation=0.6, ambient=(0.55, 0.57, 0.58), fog=(0.70, 0.72, 0.72),
            fog_density=0.004, grass=(0.26, 0.38, 0.22), rock=(0.42, 0.42, 0.42), sand=(0.62, 0.60, 0.52),
            snow=(0.9, 0.9, 0.92), water=(0.25, 0.32, 0.35), tree=(0.10, 0.20, 0.12), snow_line=125,
            cloud_cover=0.9, cloud=(0.78, 0.79, 0.80), stars=0.0, posterize=0.0, saturation=0.85, exposure=1.0,
            drone_hz=82.4, drone_ratio2=1.1892, drone_ratio3=1.4983, drone_level=0.11, drone_bright=0.1,
            wind_level=0.55, sun_glow=0.05)),
}

assert all(len(p["values"]) == len(SLOTS) for p in PRESETS.values())
