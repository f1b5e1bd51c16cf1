"""Starts `serve.py` as a real process on a free loopback port, for the server's tests."""
import os
import re
import signal
import subprocess
import sys
import threading
import time

SERVE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "serve.py")


class ServerProcess:
    """NACRE_SERVER_DEVICE=cuda runs the server's tests on the GPU (default cpu)"""

    def __init__(self, *args, model="default-320x180", threads=1, device=None):
        self.lines = []
        device = device or os.environ.get("NACRE_SERVER_DEVICE", "cpu")
        self.proc = subprocess.Popen([sys.executable, SERVE, "--model", model, "--port", "0", "--threads", str(threads),
                                      "--device", device, *args],
                                     stderr=subprocess.PIPE, text=True)
        self.port = None
        ready = threading.Event()
        threading.Thread(target=self.read, args=(ready,), daemon=True).start()
        if not ready.wait(30) or self.port is None:
            self.stop()
            raise RuntimeError("the model server did not print `listening on`:\n" + "\n".join(self.lines))
        self.target = f"127.0.0.1:{self.port}"

    def read(self, ready):
        for line in self.proc.stderr:
            self.lines.append(line.rstrip())
            found = re.search(r"listening on [\d.]+:(\d+)", line)
            if found:
                self.port = int(found.group(1))
                ready.set()
        ready.set()

    def log(self):
        return "\n".join(self.lines)

    def wait_log(self, pattern, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(re.search(pattern, line) for line in self.lines):
                return True
            time.sleep(0.05)
        return False

    def stop(self, sig=signal.SIGTERM, timeout=15):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()
        finally:
            self.proc.stderr.close()
