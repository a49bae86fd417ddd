"""Hand-made image features: a histogram of oriented gradients and a hue histogram."""

import matplotlib.colors
import numpy as np

HOG_ORIENTATIONS = 9  # unsigned orientation bins over 0..180 degrees
HOG_CELL = (8, 8)  # pixels per cell: a 32x32 image has 4x4 cells, so 4 * 4 * 9 = 144 values


def extract_features(imgs, feature_fns, verbose=False):
    """
    Compute features for every image and concatenate them.

    Inputs:
    - imgs: Images, of shape (N, H, W, C).
    - feature_fns: A list of k feature functions. Each takes one image of shape
      (H, W, C) and returns a one-dimensional array of length F_i.
    - verbose: If True, report progress every 1000 images.

    Returns:
    - imgs_features: An array of shape (N, F_1 + ... + F_k); row i holds all the
      features of image i, in the order of feature_fns.
    """
    num_images = imgs.shape[0]
    if num_images == 0:
        return np.array([])

    # The first image tells us how long each feature vector is.
    feature_dims = []
    first_image_features = []
    for feature_fn in feature_fns:
        feats = feature_fn(imgs[0].squeeze())
        assert len(feats.shape) == 1, "Feature functions must return one-dimensional arrays"
        feature_dims.append(feats.size)
        first_image_features.append(feats)

    total_feature_dim = sum(feature_dims)
    imgs_features = np.zeros((num_images, total_feature_dim))
    imgs_features[0] = np.hstack(first_image_features).T

    for i in range(1, num_images):
        idx = 0
        for feature_fn, feature_dim in zip(feature_fns, feature_dims, strict=True):
            next_idx = idx + feature_dim
            imgs_features[i, idx:next_idx] = feature_fn(imgs[i].squeeze())
            idx = next_idx
        if verbose and i % 1000 == 999:
            print("Done extracting features for %d / %d images" % (i + 1, num_images))

    return imgs_features


def rgb2gray(rgb):
    """
    Convert an RGB image to grayscale with the ITU-R BT.601 luma weights.

    Input:
    - rgb: An image, of shape (H, W, 3) (extra channels are ignored).

    Returns:
    - gray: The grayscale image, of shape (H, W).
    """
    # 0.299 R + 0.587 G + 0.114 B (some published copies say 0.144, a typo).
    return np.dot(rgb[..., :3], [0.299, 0.587, 0.114])


def hog_feature(im):
    """
    Histogram of oriented gradients (HOG) of an image.

    The image is turned to grayscale, its gradient is taken by finite differences,
    and each 8x8 cell gets the mean gradient magnitude in each of 9 unsigned
    orientation bins (Dalal and Triggs, CVPR 2005, without block normalization).

    Input:
    - im: An image, of shape (H, W, 3), or a grayscale image of shape (H, W).

    Returns:
    - feat: The histograms of all cells, a vector of length
      (H // 8) * (W // 8) * 9.
    """
    image = rgb2gray(im) if im.ndim == 3 else np.atleast_2d(im)
    image = image.astype(np.float64)

    gx = np.zeros_like(image)
    gy = np.zeros_like(image)
    gx[:, :-1] = np.diff(image, n=1, axis=1)  # horizontal differences
    gy[:-1, :] = np.diff(image, n=1, axis=0)  # vertical differences
    magnitude = np.hypot(gx, gy)
    # Unsigned orientation in [0, 180): a gradient and its opposite fall in one bin.
    orientation = np.degrees(np.arctan2(gy, gx + 1e-15)) % 180
    bins = np.minimum((orientation * HOG_ORIENTATIONS / 180).astype(int), HOG_ORIENTATIONS - 1)

    cell_h, cell_w = HOG_CELL
    cells_y, cells_x = image.shape[0] // cell_h, image.shape[1] // cell_w
    magnitude = magnitude[: cells_y * cell_h, : cells_x * cell_w]
    bins = bins[: cells_y * cell_h, : cells_x * cell_w]
    histogram = np.zeros((cells_y, cells_x, HOG_ORIENTATIONS))
    for k in range(HOG_ORIENTATIONS):
        in_bin = np.where(bins == k, magnitude, 0.0)  # (cells_y * cell_h, cells_x * cell_w)
        histogram[:, :, k] = in_bin.reshape(cells_y, cell_h, cells_x, cell_w).mean(axis=(1, 3))
    return histogram.ravel()


def color_histogram_hsv(im, nbin=10, xmin=0, xmax=255, normalized=True):
    """
    Histogram of the hue of an image.

    Inputs:
    - im: An RGB image, of shape (H, W, 3), with values in [xmin, xmax].
    - nbin: Number of histogram bins.
    - xmin, xmax: The range of pixel values.
    - normalized: If True, the histogram sums to one.

    Returns:
    - imhist: The hue histogram, of length nbin.
    """
    bins = np.linspace(xmin, xmax, nbin + 1)
    hue = matplotlib.colors.rgb_to_hsv(im / xmax)[..., 0] * xmax
    imhist, bin_edges = np.histogram(hue, bins=bins, density=normalized)
    if normalized:
        imhist = imhist * np.diff(bin_edges)  # densities times widths: fractions
    return imhist
