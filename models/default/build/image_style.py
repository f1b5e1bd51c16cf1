"""A photo -> the default world's style: its sky, ground and light, so a world started from a picture looks
like it. Palette and brightness only (no learned model): the top of the picture colours the sky and fog,
the bottom the land, its brightness sets day or night."""
import torch

from styles import INDEX

IMAGE_WIDTH, IMAGE_HEIGHT = 64, 48
COLOUR_GROUPS = ["zenith", "horizon", "sun", "ambient", "fog", "grass", "rock", "sand", "water", "tree", "cloud"]


def _luma(c):
    return 0.2126 * c[..., 0] + 0.7152 * c[..., 1] + 0.0722 * c[..., 2]


def _saturate(c, amount):
    grey = _luma(c)[..., None]
    return torch.clamp(grey + (c - grey) * amount, 0.0, 1.5)


def _scaled_to(c, luma):
    """the hue of c at a chosen brightness: a dark photo still gives a visible land"""
    return c * (luma / torch.clamp(_luma(c), min=0.03))[..., None]


class ImageStyle(torch.nn.Module):
    """image u8 [1, H, W, 3] RGB + the preset style [1, S] -> the style the picture implies [1, S];
    image_present [1, 1] is 0 when there is no picture (the image is then zeros): the preset passes through."""

    def forward(self, image, image_present, style):
        img = (image[0].to(torch.float32) / 255.0) ** 2.2  # sRGB -> linear, roughly
        h = img.shape[0]
        sky = img[: h // 3].mean(dim=(0, 1))
        middle = img[h // 3: 2 * h // 3].mean(dim=(0, 1))
        ground = img[h // 2:].mean(dim=(0, 1))
        whole = img.mean(dim=(0, 1))
        light = torch.clamp(_luma(whole) * 2.2, 0.0, 1.0)  # 0: a dark room, 1: a sunny street
        night = torch.clamp((0.22 - light) / 0.18, 0.0, 1.0)
        bright = 0.25 + 0.75 * light
        colours = {
            "zenith": _scaled_to(_saturate(sky, 1.4), 0.15 + 0.35 * bright) * 0.8,
            "horizon": _scaled_to(_saturate(0.5 * sky + 0.5 * middle, 1.2), 0.25 + 0.55 * bright),
            "sun": _scaled_to(_saturate(whole, 0.6), 1.2 * bright),
            "ambient": _scaled_to(whole, 0.2 + 0.3 * bright),
            "fog": _scaled_to(_saturate(0.6 * sky + 0.4 * middle, 0.9), 0.25 + 0.6 * bright),
            "grass": _scaled_to(_saturate(ground, 1.6), 0.35),
            "rock": _scaled_to(_saturate(0.5 * ground + 0.5 * middle, 0.6), 0.42),
            "sand": _scaled_to(_saturate(middle, 0.8), 0.7),
            "water": _scaled_to(_saturate(0.6 * sky + 0.4 * ground, 1.3), 0.22),
            "tree": _scaled_to(_saturate(ground, 1.8), 0.2),
            "cloud": _scaled_to(0.7 * torch.ones_like(sky) + 0.3 * sky, 0.7 + 0.3 * bright),
        }
        out = style[0].clone()
        for group, colour in colours.items():
            for k, channel in enumerate("rgb"):
                i = INDEX[f"{group}_{channel}"]
                # three quarters the picture, a quarter the preset: the world keeps its structure
                out[i] = 0.75 * colour[k] + 0.25 * style[0, i]
        out[INDEX["stars"]] = night
        out[INDEX["sun_elevation"]] = 0.1 + 0.8 * light
        out[INDEX["exposure"]] = 1.0 + 0.25 * night
        w = image_present[0, 0]
        return (w * out + (1.0 - w) * style[0])[None]
