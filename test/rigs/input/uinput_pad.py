#!/usr/bin/python3
"""An evdev gamepad made through /dev/uinput that looks like a wired Xbox 360 pad (xpad's layout).

Run with /usr/bin/python3 inside the QEMU guest (npm run test:hardware). Prints `ready <event-node>`
once the device exists, then reads commands from stdin, one per line:

    abs ABS_X 16000      key BTN_SOUTH 1      syn      quit

and answers each with `ok` (or `error <why>`). With --ff the pad advertises FF_RUMBLE and prints
`ff-upload <id> <strong> <weak>`, `ff-play <id> <value>` and `ff-erase <id>` when a program uses it.
"""
import fcntl
import os
import select
import struct
import sys
import time

# linux/input-event-codes.h
EV_SYN, EV_KEY, EV_ABS, EV_FF, EV_UINPUT = 0x00, 0x01, 0x03, 0x15, 0x0101
SYN_REPORT = 0
FF_RUMBLE = 0x50
ABS = {"ABS_X": 0x00, "ABS_Y": 0x01, "ABS_Z": 0x02, "ABS_RX": 0x03, "ABS_RY": 0x04, "ABS_RZ": 0x05,
       "ABS_HAT0X": 0x10, "ABS_HAT0Y": 0x11}
KEYS = {"BTN_SOUTH": 0x130, "BTN_EAST": 0x131, "BTN_NORTH": 0x133, "BTN_WEST": 0x134, "BTN_TL": 0x136,
        "BTN_TR": 0x137, "BTN_SELECT": 0x13A, "BTN_START": 0x13B, "BTN_MODE": 0x13C, "BTN_THUMBL": 0x13D,
        "BTN_THUMBR": 0x13E}
# (code, minimum, maximum, fuzz, flat) as xpad sets them up
AXES = [(ABS[n], -32768, 32767, 16, 128) for n in ("ABS_X", "ABS_Y", "ABS_RX", "ABS_RY")] + \
       [(ABS[n], 0, 255, 0, 0) for n in ("ABS_Z", "ABS_RZ")] + \
       [(ABS[n], -1, 1, 0, 0) for n in ("ABS_HAT0X", "ABS_HAT0Y")]


def ioc(direction, number, size):
    """_IOC(dir, 'U', nr, size) of linux/uinput.h (dir: 0 none, 1 write, 2 read, 3 both)."""
    return (direction << 30) | (size << 16) | (ord("U") << 8) | number


UI_DEV_CREATE, UI_DEV_DESTROY = ioc(0, 1, 0), ioc(0, 2, 0)
SETUP = struct.Struct("=HHHH80sI")        # struct uinput_setup: input_id, name[80], ff_effects_max (92 bytes)
ABS_SETUP = struct.Struct("=H2xiiiiii")   # struct uinput_abs_setup: code, pad, input_absinfo (28 bytes)
UI_DEV_SETUP, UI_ABS_SETUP = ioc(1, 3, SETUP.size), ioc(1, 4, ABS_SETUP.size)
UI_SET_EVBIT, UI_SET_KEYBIT, UI_SET_ABSBIT, UI_SET_FFBIT = (ioc(1, n, 4) for n in (100, 101, 103, 107))
EVENT = struct.Struct("=qqHHi")            # struct input_event on 64-bit: timeval, type, code, value (24 bytes)
# struct uinput_ff_upload: request_id, retval, struct ff_effect effect, old (48 bytes each on x86_64)
FF_UPLOAD = struct.Struct("=Ii48s48s")
FF_ERASE = struct.Struct("=IiI")
UI_BEGIN_FF_UPLOAD, UI_END_FF_UPLOAD = ioc(3, 200, FF_UPLOAD.size), ioc(1, 201, FF_UPLOAD.size)
UI_BEGIN_FF_ERASE, UI_END_FF_ERASE = ioc(3, 202, FF_ERASE.size), ioc(1, 203, FF_ERASE.size)
UI_FF_UPLOAD, UI_FF_ERASE = 1, 2


def ui_get_sysname(length=64):
    return ioc(2, 44, length)


def create(fd, with_ff):
    fcntl.ioctl(fd, UI_SET_EVBIT, EV_KEY)
    for code in KEYS.values():
        fcntl.ioctl(fd, UI_SET_KEYBIT, code)
    fcntl.ioctl(fd, UI_SET_EVBIT, EV_ABS)
    for code, minimum, maximum, fuzz, flat in AXES:
        fcntl.ioctl(fd, UI_SET_ABSBIT, code)
        fcntl.ioctl(fd, UI_ABS_SETUP, ABS_SETUP.pack(code, 0, minimum, maximum, fuzz, flat, 0))
    if with_ff:
        fcntl.ioctl(fd, UI_SET_EVBIT, EV_FF)
        fcntl.ioctl(fd, UI_SET_FFBIT, FF_RUMBLE)
    name = b"Microsoft X-Box 360 pad"
    fcntl.ioctl(fd, UI_DEV_SETUP, SETUP.pack(0x03, 0x045E, 0x028E, 0x0114, name, 16 if with_ff else 0))
    fcntl.ioctl(fd, UI_DEV_CREATE)


def event_node(fd, timeout=5.0):
    """/dev/input/eventN of the device, once devtmpfs created the node."""
    sysname = fcntl.ioctl(fd, ui_get_sysname(), bytes(64)).split(b"\0", 1)[0].decode()
    folder = "/sys/devices/virtual/input/" + sysname
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        events = [e for e in os.listdir(folder) if e.startswith("event")] if os.path.isdir(folder) else []
        if events and os.path.exists("/dev/input/" + events[0]):
            return "/dev/input/" + events[0]
        time.sleep(0.01)
    raise RuntimeError("no event node for " + folder)


def emit(fd, etype, code, value):
    now = time.time()
    os.write(fd, EVENT.pack(int(now), int((now % 1) * 1e6), etype, code, value))


def command(fd, words):
    """Runs one stdin command; returns False on quit."""
    if words[0] == "quit":
        return False
    if words[0] == "syn":
        emit(fd, EV_SYN, SYN_REPORT, 0)
    elif words[0] == "abs" and len(words) == 3:
        emit(fd, EV_ABS, ABS[words[1]], int(words[2]))
    elif words[0] == "key" and len(words) == 3:
        emit(fd, EV_KEY, KEYS[words[1]], int(words[2]))
    else:
        raise ValueError("unknown command: " + " ".join(words))
    return True


def force_feedback(fd):
    """Answers the kernel's upload/erase requests and reports play events (only with --ff)."""
    data = os.read(fd, EVENT.size)
    _, _, etype, code, value = EVENT.unpack(data)
    if etype == EV_UINPUT and code == UI_FF_UPLOAD:
        request = bytearray(FF_UPLOAD.pack(value, 0, bytes(48), bytes(48)))
        fcntl.ioctl(fd, UI_BEGIN_FF_UPLOAD, request)
        _, _, effect, _ = FF_UPLOAD.unpack(request)
        effect_type, effect_id = struct.unpack_from("=Hh", effect)
        strong, weak = struct.unpack_from("=HH", effect, 16) if effect_type == FF_RUMBLE else (0, 0)
        fcntl.ioctl(fd, UI_END_FF_UPLOAD, FF_UPLOAD.pack(value, 0, effect, bytes(48)))
        say("ff-upload %d %d %d" % (effect_id, strong, weak))
    elif etype == EV_UINPUT and code == UI_FF_ERASE:
        request = bytearray(FF_ERASE.pack(value, 0, 0))
        fcntl.ioctl(fd, UI_BEGIN_FF_ERASE, request)
        effect_id = FF_ERASE.unpack(request)[2]
        fcntl.ioctl(fd, UI_END_FF_ERASE, FF_ERASE.pack(value, 0, effect_id))
        say("ff-erase %d" % effect_id)
    elif etype == EV_FF:
        say("ff-play %d %d" % (code, value))


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def serve(fd):
    pending = b""
    while True:
        ready, _, _ = select.select([0, fd], [], [])
        if fd in ready:
            force_feedback(fd)
        if 0 not in ready:
            continue
        chunk = os.read(0, 4096)
        if not chunk:
            return
        pending += chunk
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            if not run_line(fd, line.decode().split()):
                return


def run_line(fd, words):
    """Runs one stdin line and answers it; returns False on quit."""
    if not words:
        return True
    try:
        if not command(fd, words):
            return False
        say("ok")
    except KeyError as err:
        say("error unknown code %s" % err.args[0])
    except (ValueError, OSError) as err:
        say("error %s" % err)
    return True


def main():
    with_ff = "--ff" in sys.argv[1:]
    fd = os.open("/dev/uinput", os.O_RDWR | os.O_NONBLOCK)
    try:
        create(fd, with_ff)
        say("ready " + event_node(fd))
        serve(fd)
    finally:
        try:
            fcntl.ioctl(fd, UI_DEV_DESTROY)
        finally:
            os.close(fd)


if __name__ == "__main__":
    main()
