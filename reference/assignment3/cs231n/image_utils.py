"""
Images for the captioning notebooks: fetch one from a URL or a local file, and the
mean/std normalisation of ImageNet-trained networks.

    img = image_from_url(url)   # uint8 array (H, W, 3), or None if it cannot be fetched

URLs of the generated data set are file:// URLs (see coco_utils.load_coco_data), so they are
read from disk and need no network; plain local paths work too.
"""

import io
import os
import urllib.error
import urllib.parse
import urllib.request

import numpy as np
from PIL import Image

SQUEEZENET_MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
SQUEEZENET_STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)
URL_TIMEOUT_S = 10  # a dead or unreachable host costs a notebook cell this long at most


def preprocess_image(img):
    """Subtract the ImageNet mean and divide by its std; img is uint8 (H, W, 3)."""
    return (img.astype(np.float32) / 255.0 - SQUEEZENET_MEAN) / SQUEEZENET_STD


def deprocess_image(img, rescale=False):
    """Undo preprocess_image; with rescale, stretch the result to [0, 1] first."""
    img = img * SQUEEZENET_STD + SQUEEZENET_MEAN
    if rescale:
        vmin, vmax = img.min(), img.max()
        img = (img - vmin) / (vmax - vmin)
    return np.clip(255 * img, 0.0, 255.0).astype(np.uint8)


def load_image(filename, size=None):
    """
    Load an image file as a uint8 array (H, W, 3).

    Inputs:
    - filename: Path of the image file, or a binary file object
    - size: If set, resize so that the shorter side has this many pixels
    """
    with Image.open(filename) as image:
        image = image.convert("RGB")
        if size is not None:
            scale = size / min(image.size)
            width, height = (int(round(side * scale)) for side in image.size)
            image = image.resize((width, height), Image.BILINEAR)
        return np.asarray(image)


def image_from_url(url):
    """
    Read an image from a URL: http(s), file://, or a plain local path.

    Returns:
    - A uint8 array of shape (H, W, 3), or None when the image cannot be fetched
      (a dead link or no network); the reason is printed. Display cells should skip
      a None.
    """
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme == "file" or len(parsed.scheme) <= 1:  # or a path, drive letter or not
        path = urllib.request.url2pathname(parsed.path) if parsed.scheme == "file" else url
        if not os.path.isfile(path):
            print("URL Error: ", "Not Found", url)
            return None
        return load_image(path)
    try:
        with urllib.request.urlopen(url, timeout=URL_TIMEOUT_S) as response:
            content = response.read()
    except urllib.error.HTTPError as e:
        print("URL Error: ", e.reason, url)
        return None
    except (urllib.error.URLError, OSError) as e:
        print("URL Error: ", getattr(e, "reason", e), url)
        return None
    try:
        return load_image(io.BytesIO(content))  # Pillow tells the format from the bytes
    except OSError as e:
        print("Image Error: ", e, url)
        return None
