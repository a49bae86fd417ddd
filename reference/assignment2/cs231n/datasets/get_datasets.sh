#!/usr/bin/env bash
# Download CIFAR-10 (python version, about 170 MB) into this folder.
set -euo pipefail
cd "$(dirname "$0")"

if [ -f cifar-10-batches-py/data_batch_1 ]; then
  echo "CIFAR-10 is already in $(pwd)/cifar-10-batches-py"
  exit 0
fi
url="https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
if command -v wget >/dev/null; then
  wget -O cifar-10-python.tar.gz "$url"
else
  curl -L -o cifar-10-python.tar.gz "$url"
fi
tar -xzf cifar-10-python.tar.gz
rm cifar-10-python.tar.gz
echo "CIFAR-10 is in $(pwd)/cifar-10-batches-py"
