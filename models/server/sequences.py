"""The open sequences (one per kiosk visit), each with its model state kept on the device."""
import threading
import time

import grpc


class RequestError(Exception):
    """a request answered with a gRPC status; the server goes on"""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


class Sequence:
    def __init__(self, sequence_id, state):
        self.id = sequence_id
        self.state = state
        self.lock = threading.Lock()
        self.last_used = time.monotonic()
        self.steps = 0


class Sequences:
    def __init__(self, max_sequences, idle_seconds, log):
        self.max = max_sequences
        self.idle = idle_seconds
        self.log = log
        self.open = {}
        self.lock = threading.Lock()
        self.closing = False
        self.stopped = threading.Event()
        self.reaper = threading.Thread(target=self.reap_loop, name="idle-reaper", daemon=True)
        self.reaper.start()

    def start(self, sequence_id, make_state):
        """a new sequence (a start on an open one restarts it, as Triton does); make_state() builds its state"""
        with self.lock:
            self.check_open()
            if sequence_id not in self.open and len(self.open) >= self.max:
                raise RequestError(grpc.StatusCode.RESOURCE_EXHAUSTED,
                                   f"cannot start sequence {sequence_id}: {len(self.open)} sequences are open, the "
                                   f"most this server holds (--max-sequences {self.max}); end one or wait for one "
                                   f"to go idle ({self.idle:g} s)")
            restarted = self.open.pop(sequence_id, None) is not None
            placeholder = Sequence(sequence_id, None)
            placeholder.lock.acquire()
            self.open[sequence_id] = placeholder
        try:
            placeholder.state = make_state()
        except BaseException:
            with self.lock:
                self.open.pop(sequence_id, None)
            placeholder.lock.release()
            raise
        self.log(f"sequence {sequence_id} {'restarted' if restarted else 'started'} ({len(self.open)} open)")
        return placeholder

    def get(self, sequence_id):
        """the open sequence, its lock held by the caller; an unknown one is a clear NOT_FOUND"""
        with self.lock:
            self.check_open()
            seq = self.open.get(sequence_id)
        if seq is None:
            raise RequestError(grpc.StatusCode.NOT_FOUND,
                               f"sequence {sequence_id} is not open on this server (never started, ended, idle "
                               f"for more than {self.idle:g} s, or the server restarted): its first request must "
                               "set sequence_start")
        seq.lock.acquire()
        if self.open.get(sequence_id) is not seq:
            seq.lock.release()
            return self.get(sequence_id)
        return seq

    def check_open(self):
        if self.closing:
            raise RequestError(grpc.StatusCode.UNAVAILABLE, "model server shutting down: no new steps")

    def release(self, seq):
        seq.last_used = time.monotonic()
        seq.lock.release()

    def end(self, sequence_id, reason):
        with self.lock:
            seq = self.open.pop(sequence_id, None)
            left = len(self.open)
        if seq is not None:
            seq.state = None
            self.log(f"sequence {sequence_id} ended ({reason}) after {seq.steps} steps ({left} open)")

    def reap_loop(self):
        while not self.stopped.wait(min(1.0, max(0.05, self.idle / 4))):
            self.reap()

    def reap(self):
        """ends sequences idle too long; one in a step (its lock held) is never taken from under it"""
        now = time.monotonic()
        with self.lock:
            idle = [s for s in self.open.values() if now - s.last_used > self.idle and s.lock.acquire(blocking=False)]
            for seq in idle:
                del self.open[seq.id]
            left = len(self.open)
        for seq in idle:
            seq.state = None
            seq.lock.release()
            self.log(f"sequence {seq.id} ended (idle for more than {self.idle:g} s) after {seq.steps} steps ({left} open)")

    def end_all(self, reason):
        with self.lock:
            self.closing = True
            ids = list(self.open)
        for sequence_id in ids:
            self.end(sequence_id, reason)
        self.stopped.set()

    def count(self):
        with self.lock:
            return len(self.open)
