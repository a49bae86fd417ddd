#!/usr/bin/env bash
# Download the COCO captioning data (about 1 GB unpacked) into this folder.
# Offline, generate a small set in the same layout instead:
#   python make_synthetic_coco.py --out coco_captioning
set -euo pipefail
cd "$(dirname "$0")"

if [ -d coco_captioning ]; then
  echo "The COCO captioning data is already in $(pwd)/coco_captioning"
  exit 0
fi
bash get_coco_captioning.sh
