#!/usr/bin/env bash
# Fetch and unpack coco_captioning.zip: the captions, the vocabulary, the image URLs and the
# VGG-16 fc7 features of COCO 2014 (full 4096-d and PCA'd to 512-d).
set -euo pipefail
cd "$(dirname "$0")"

url="http://cs231n.stanford.edu/coco_captioning.zip"
if command -v wget >/dev/null; then
  wget -O coco_captioning.zip "$url"
else
  curl -L -o coco_captioning.zip "$url"
fi
unzip coco_captioning.zip
rm coco_captioning.zip
echo "The COCO captioning data is in $(pwd)/coco_captioning"
