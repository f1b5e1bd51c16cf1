#!/bin/sh
# Installs the Debian packages Nacre and its tests need. Idempotent: installs only what is missing.
# As root it installs; as another user it prints the exact command to run.
set -eu

# libusb-1.0-0, libudev1: node-hid and serialport at run time. chromium: kiosk display pages and the e2e tests
# (playwright-core drives it). pulseaudio, pulseaudio-utils, alsa-utils: speaker outputs and their tests.
# liblo-tools, python3-liblo: the independent OSC peer of the OSC tests. socat: serial tests over pseudo-terminals.
# udev: serialport lists devices through udevadm. simavr (+ libsimavr-dev, libsimavrparts1): runs the real
# StandardFirmata firmware for the Arduino tests. ffmpeg: camera capture, and decoding Daydream Scope's MPEG-TS
# stream (models/scope, "transport": "mpegts"). opencv-doc (vtest.avi pedestrians) and
# python3-skimage (astronaut.png, a face): real footage and photos for the camera tests. qemu-system-x86,
# linux-image-amd64, busybox-static: the QEMU guest of `npm run test:hardware` (uhid, USB gadget, uinput, vivid).
# python3-torch, python3-grpcio, python3-protobuf, protobuf-compiler, python3-pil: `nacre model-server` (models/server),
# the PyTorch world-model server over KServe v2 gRPC (protoc generates its messages; PIL encodes frame_jpeg), and
# the test that parses the Triton config.pbtxt against Triton's model-config schema (models/triton).
# python3-aiortc, python3-av (its MPEG-TS output), python3-aiohttp: the Daydream Scope stand-in of the Scope backend's tests
# (test/rigs/scope/standin.py: WebRTC video and Scope's HTTP endpoints; it runs on /usr/bin/python3).
# zbar-tools: zbarimg decodes the join QR code from a display page's screenshot (visitors' phones tests).
# xvfb, x11-xserver-utils (xrandr, xset): `nacre kiosk` finds outputs and turns blanking off; its test runs under Xvfb.
# sway (swaymsg), grim: `nacre kiosk` under Wayland places its windows through sway; its test runs a headless sway
# and reads the outputs' pictures with grim.
PACKAGES="libusb-1.0-0 libudev1 chromium pulseaudio pulseaudio-utils alsa-utils fonts-dejavu-core liblo-tools python3-liblo socat udev simavr libsimavr-dev libsimavrparts1 ffmpeg opencv-doc python3-skimage qemu-system-x86 linux-image-amd64 busybox-static python3-torch python3-grpcio python3-protobuf protobuf-compiler python3-pil python3-aiortc python3-av python3-aiohttp xvfb x11-xserver-utils zbar-tools sway grim"

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "Nacre needs Node.js 20 or later (found: $(node --version 2>/dev/null || echo none))." >&2
  echo "On Debian 13 'apt-get install nodejs npm' gives Node 20; on Debian 12 install Node 20 from your usual source." >&2
  exit 1
fi

missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done

if [ -z "$missing" ]; then
  echo "system packages: all present ($PACKAGES)"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "system packages missing:$missing" >&2
  echo "run as root:  apt-get update && apt-get install -y --no-install-recommends$missing" >&2
  exit 1
fi

echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
