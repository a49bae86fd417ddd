"""Draw the two pictures of the ConvolutionalNetworks image-processing aside.

    python cs231n/notebook_images/make_images.py       # -> kitten.jpg (wide), puppy.jpg

The course ships two photographs; we draw stand-ins instead, with numpy only, so nothing is
downloaded and the files are ours. Each is a cartoon face on a textured background with soft
shading and strong edges, which is what the aside's grayscale and edge filters need to show
something. The kitten is wider than it is tall, as the notebook's crop expects. Running the
script again writes the same pixels.
"""

import argparse
import os

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))


def grid(height, width):
    """Pixel coordinates (y, x), each of shape (height, width), scaled to [0, 1] by height."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    return y / height, x / height


def ellipse(y, x, cy, cx, ry, rx):
    """Boolean mask of the ellipse centred at (cy, cx) with radii (ry, rx)."""
    return ((y - cy) / ry) ** 2 + ((x - cx) / rx) ** 2 <= 1.0


def triangle(y, x, a, b, c):
    """Boolean mask of the triangle with corners a, b, c, each (y, x)."""

    def side(p, q):
        return (x - q[1]) * (p[0] - q[0]) - (y - q[0]) * (p[1] - q[1])

    d1, d2, d3 = side(a, b), side(b, c), side(c, a)
    negative = (d1 < 0) | (d2 < 0) | (d3 < 0)
    positive = (d1 > 0) | (d2 > 0) | (d3 > 0)
    return ~(negative & positive)


def paint(image, mask, colour):
    image[mask] = colour


def background(rng, height, width, base, stripes):
    """A shaded backdrop with soft diagonal stripes and a little grain, (height, width, 3)."""
    y, x = grid(height, width)
    shade = 0.75 + 0.25 * np.cos(2.0 * np.pi * (x + y) * stripes)
    image = np.asarray(base, dtype=np.float64) * shade[..., None]
    return image + rng.normal(0.0, 4.0, image.shape)


def draw_kitten(rng):
    """A grey-orange cat face with pointed ears and whiskers, 240 x 320 (wider than tall)."""
    height, width = 240, 320
    image = background(rng, height, width, (90, 140, 200), stripes=3.0)
    y, x = grid(height, width)
    cx = 0.67  # the face centre, in height units (the image is 1.33 wide)
    fur = (230, 150, 70)
    paint(image, triangle(y, x, (0.12, cx - 0.30), (0.45, cx - 0.34), (0.40, cx - 0.08)), fur)
    paint(image, triangle(y, x, (0.12, cx + 0.30), (0.45, cx + 0.34), (0.40, cx + 0.08)), fur)
    paint(image, triangle(y, x, (0.20, cx - 0.27), (0.40, cx - 0.29), (0.38, cx - 0.14)),
          (250, 190, 190))  # fmt: skip
    paint(image, triangle(y, x, (0.20, cx + 0.27), (0.40, cx + 0.29), (0.38, cx + 0.14)),
          (250, 190, 190))  # fmt: skip
    paint(image, ellipse(y, x, 0.58, cx, 0.32, 0.36), fur)
    for offset in (-0.15, 0.15):  # tabby stripes on the forehead
        paint(image, ellipse(y, x, 0.34, cx + offset * 0.4, 0.07, 0.02), (170, 90, 30))
    paint(image, ellipse(y, x, 0.34, cx, 0.08, 0.02), (170, 90, 30))
    for side in (-1, 1):
        paint(image, ellipse(y, x, 0.52, cx + side * 0.14, 0.07, 0.06), (250, 250, 240))
        paint(image, ellipse(y, x, 0.52, cx + side * 0.14, 0.06, 0.02), (20, 120, 40))
        for tilt in (-0.04, 0.0, 0.04):  # whiskers
            t = np.linspace(0.0, 1.0, 200)
            wy = 0.70 + tilt * t
            wx = cx + side * (0.10 + 0.30 * t)
            image[(wy * height).astype(int).clip(0, height - 1),
                  (wx * height).astype(int).clip(0, width - 1)] = (40, 30, 20)  # fmt: skip
    paint(image, triangle(y, x, (0.64, cx - 0.04), (0.64, cx + 0.04), (0.69, cx)), (220, 90, 110))
    paint(image, ellipse(y, x, 0.76, cx, 0.03, 0.08) & ~ellipse(y, x, 0.74, cx, 0.03, 0.08),
          (60, 30, 20))  # fmt: skip
    return image


def draw_puppy(rng):
    """A brown dog face with floppy ears and a big nose, 256 x 256."""
    height = width = 256
    image = background(rng, height, width, (120, 190, 110), stripes=4.0)
    y, x = grid(height, width)
    cx = 0.5
    coat, dark = (190, 130, 80), (110, 65, 35)
    for side in (-1, 1):
        paint(image, ellipse(y, x, 0.50, cx + side * 0.33, 0.24, 0.09), dark)
    paint(image, ellipse(y, x, 0.52, cx, 0.34, 0.30), coat)
    paint(image, ellipse(y, x, 0.70, cx, 0.15, 0.18), (235, 215, 185))  # muzzle
    paint(image, ellipse(y, x, 0.40, cx + 0.12, 0.08, 0.09), dark)  # patch around one eye
    for side in (-1, 1):
        paint(image, ellipse(y, x, 0.42, cx + side * 0.12, 0.045, 0.045), (25, 20, 15))
        paint(image, ellipse(y, x, 0.41, cx + side * 0.12 - 0.012, 0.012, 0.012), (250, 250, 250))
    paint(image, ellipse(y, x, 0.62, cx, 0.05, 0.075), (30, 20, 20))  # nose
    paint(image, ellipse(y, x, 0.80, cx, 0.06, 0.05) & (y > 0.79), (220, 80, 90))  # tongue
    return image


def save(image, path):
    pixels = np.clip(image, 0, 255).astype(np.uint8)
    Image.fromarray(pixels).save(path, quality=90)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=HERE, help="folder to write into (default: next to "
                        "this script)")  # fmt: skip
    args = parser.parse_args(argv)
    rng = np.random.RandomState(231)
    save(draw_kitten(rng), os.path.join(args.out, "kitten.jpg"))
    save(draw_puppy(rng), os.path.join(args.out, "puppy.jpg"))


if __name__ == "__main__":
    main()
