#!/bin/sh
# Rebuilds the shipped default-world folders. Every committed rebuild stays in git history: rebuild rarely.
set -e
here=$(dirname "$0")
models=$here/../..
py=/usr/bin/python3
$py "$here/build.py" --width 640 --height 360 --depth 168 --out "$models/default"
$py "$here/build.py" --width 320 --height 180 --depth 144 --out "$models/default-320x180" --init ../default/init.onnx
$py "$here/build.py" --width 640 --height 360 --depth 168 --upscale 2 --out "$models/default-1280x720" --init ../default/init.onnx
# the panorama build: 4.6:1 (three 16:9 projectors with a fifth overlapping), the vertical view of the others
$py "$here/build.py" --width 1184 --height 256 --depth 168 --upscale 2 --fov 127 --out "$models/default-wide" --init ../default/init.onnx
