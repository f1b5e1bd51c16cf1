"""Baked, tileable noise textures for the default world (built once, stored as fp16 initializers)."""
import numpy as np


def spectral_noise(n: int, beta: float, rng: np.random.Generator) -> np.ndarray:
    """Tileable 1/f^beta noise in [0, 1]: built in the frequency domain, so it wraps seamlessly."""
    fx = np.fft.fftfreq(n)[:, None]
    fy = np.fft.fftfreq(n)[None, :]
    f = np.sqrt(fx * fx + fy * fy)
    f[0, 0] = 1.0
    amp = f ** (-beta / 2.0)
    amp[0, 0] = 0.0
    phase = rng.uniform(0, 2 * np.pi, (n, n))
    field = np.real(np.fft.ifft2(amp * np.exp(1j * phase)))
    field -= field.min()
    return field / field.max()


def terrain_texture(n: int = 512, seed: int = 7) -> np.ndarray:
    """Two channels: 0 = ridged mountain/hill height, 1 = independent noise (forests, colour, detail)."""
    rng = np.random.default_rng(seed)
    base = spectral_noise(n, 2.8, rng)
    ridged = 1.0 - np.abs(spectral_noise(n, 2.0, rng) * 2.0 - 1.0)
    continent = spectral_noise(n, 4.0, rng)  # plains here, ranges there
    height = 0.85 * base + 0.15 * ridged * base
    height = (height - height.min()) / (height.max() - height.min())
    height = height * height * (0.25 + 1.1 * continent)
    height /= height.max()
    other = spectral_noise(n, 2.3, rng)
    return np.stack([height, other]).astype(np.float32)


def sky_texture(n: int = 256, seed: int = 11) -> np.ndarray:
    """Channel 0: cloud density noise; channel 1: a sparse star field."""
    rng = np.random.default_rng(seed)
    clouds = spectral_noise(n, 2.0, rng)
    stars = np.zeros((n, n))
    count = n * n // 180
    stars[rng.integers(0, n, count), rng.integers(0, n, count)] = rng.uniform(0.25, 1.0, count) ** 2
    return np.stack([clouds, stars]).astype(np.float32)


def wrap_pad(tex: np.ndarray) -> np.ndarray:
    """One texel of wrap-around on each side, so bilinear sampling is seamless across the tile edge."""
    return np.pad(tex, ((0, 0), (1, 1), (1, 1)), mode="wrap")


def loop_noise(length: int, rng: np.random.Generator, lo_hz: float, hi_hz: float, rate: int) -> np.ndarray:
    """A seamlessly looping band of noise (circular filtering), normalised to unit RMS."""
    spec = np.fft.rfft(rng.standard_normal(length))
    freqs = np.fft.rfftfreq(length, 1.0 / rate)
    shape = 1.0 / np.maximum(freqs, 1.0) ** 0.5
    shape[(freqs < lo_hz) | (freqs > hi_hz)] *= 0.02
    sig = np.fft.irfft(spec * shape, length)
    return (sig / np.sqrt(np.mean(sig * sig))).astype(np.float32)


def audio_tables(length: int = 65536, rate: int = 48000, seed: int = 3) -> np.ndarray:
    """Row 0: deep wind rumble, row 1: airy hiss (both loop seamlessly)."""
    rng = np.random.default_rng(seed)
    return np.stack([loop_noise(length, rng, 40, 500, rate), loop_noise(length, rng, 400, 6000, rate)])
