#!/usr/bin/python3
"""A remote-controlled pyzmq/libzmq peer for the interoperability suite.

The Java test starts this script as a process (/usr/bin/python3 -u peer.py) and drives it with one command per line
on stdin. Every command answers with exactly one line on stdout: "ok [words...]" or "err <reason>". Frames travel as
lower-case hex; an empty frame is written "-". A message is its frames separated by spaces.

Commands:
  socket NAME TYPE [identity=HEX] [subscribe=HEX]... [sndhwm=N] [rcvhwm=N] [opt=OPTION:N]...
                                 create a libzmq socket (linger 1 s, 5 s handshake); opt sets any integer option
                                 by its pyzmq name, e.g. opt=HEARTBEAT_IVL:100
  bind NAME ENDPOINT             -> ok ACTUAL_ENDPOINT  (bind tcp://127.0.0.1:* for a random free port)
  unbind NAME ENDPOINT
  connect NAME ENDPOINT
  subscribe NAME HEX | unsubscribe NAME HEX   (SUB sockets; "-" is the empty prefix)
  close NAME                     close the socket (its linger applies)
  send NAME FRAME...             send one multipart message
  recv NAME TIMEOUT_MS           -> ok FRAME...  | err timeout
  collect NAME COUNT TIMEOUT_MS [skip=HEXPREFIX] [head=N]
                                 receive COUNT messages (ignoring those whose first frame starts with the prefix)
                                 -> ok then COUNT lines "msg FRAME..." then "end"; with head=N every frame is
                                 written truncated to its first N bytes (for large messages)
  drain NAME QUIET_MS [head=N]   receive until no message arrives for QUIET_MS -> like collect
  fill NAME SIZE TIMEOUT_MS MAX  send single-frame messages of SIZE bytes (the first 4 the big-endian sequence
                                 number) with SNDTIMEO TIMEOUT_MS until a send times out or MAX were sent
                                 -> ok SENT
  repeat NAME INTERVAL_MS FRAME...  send the message every interval on a background thread until "stop NAME"
  serve NAME COUNT [out=NAME2] [suffix=HEX] [strip=N]
                                 background thread: receive COUNT messages (-1: until "stop NAME") on NAME and send
                                 each one (first N frames removed, suffix frame appended) on NAME2 (default NAME)
  join NAME TIMEOUT_MS           wait for a serve thread -> ok then "msg FRAME..." per message received, then "end"
  stop NAME [count]              stop a repeat or serve thread, then answer like join (with "count": -> ok N, the
                                 number of messages it sent or received)
  proxy FRONT BACK               zmq.proxy_steerable(FRONT, BACK) on a background thread (terminated on quit)
  tcp_connect NAME PORT          a plain TCP (non-ZeroMQ) client socket to 127.0.0.1:PORT
  tcp_send NAME HEX
  tcp_recv NAME NBYTES TIMEOUT_MS -> ok HEX (exactly NBYTES bytes) | err timeout
  tcp_close NAME
  blast NAME COUNT               send the generated messages 0..COUNT-1 (see generated(); Java's VolumeInteropTests
                                 generates the same)
  digest NAME COUNT TIMEOUT_MS   receive COUNT messages -> ok SHA256 of them (see digest_update)
  version                        -> ok LIBZMQ_VERSION PYZMQ_VERSION
  quit                           close everything and exit 0
A socket owned by a background thread must not be used by other commands until that thread is joined or stopped.
"""
import hashlib
import socket as tcp
import sys
import threading
import time

import zmq

ctx = zmq.Context()
sockets = {}
plain = {}
workers = {}
controls = []


def hexframes(frames):
    return " ".join(f.hex() if f else "-" for f in frames)


def unhex(words):
    return [b"" if w == "-" else bytes.fromhex(w) for w in words]


def options(words):
    opts = {}
    rest = []
    for w in words:
        if "=" in w:
            k, v = w.split("=", 1)
            opts.setdefault(k, []).append(v)
        else:
            rest.append(w)
    return opts, rest


PATTERN = bytes(range(256)) * 280


def generated(i):
    """Message i of a volume run: mostly 0-299 bytes, every 1000th 70000 bytes, every 5th a second 4-byte frame."""
    size = 70000 if i % 1000 == 999 else (i * 7919) % 300
    body = PATTERN[i % 256:i % 256 + size]
    return [body, i.to_bytes(4, "big")] if i % 5 == 0 else [body]


def digest_update(h, frames):
    h.update(len(frames).to_bytes(4, "big"))
    for f in frames:
        h.update(len(f).to_bytes(4, "big"))
        h.update(f)


def reply(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class Worker(threading.Thread):
    def __init__(self, target):
        super().__init__(daemon=True)
        self.stop_flag = threading.Event()
        self.received = []
        self.error = None
        self.target_fn = target

    def run(self):
        try:
            self.target_fn(self)
        except Exception as ex:  # reported on join
            self.error = repr(ex)


def serve_loop(src, dst, count, suffix, strip):
    def body(w):
        poller = zmq.Poller()
        poller.register(src, zmq.POLLIN)
        while (count < 0 or len(w.received) < count) and not w.stop_flag.is_set():
            if not poller.poll(20):
                continue
            frames = src.recv_multipart()
            w.received.append(frames)
            out = frames[strip:]
            if suffix is not None:
                out = out + [suffix]
            dst.send_multipart(out)
    return body


def repeat_loop(sock, frames, interval):
    def body(w):
        while not w.stop_flag.is_set():
            sock.send_multipart(frames)
            w.received.append(frames)
            w.stop_flag.wait(interval)
    return body


def report(w, timeout_ms):
    w.join(timeout_ms / 1000.0)
    if w.is_alive():
        return reply("err timeout: received %d so far" % len(w.received))
    if w.error:
        return reply("err " + w.error)
    lines = ["ok"] + ["msg " + hexframes(m) for m in w.received] + ["end"]
    reply("\n".join(lines))


def handle(cmd, args):
    if cmd == "version":
        return reply("ok %s %s" % (zmq.zmq_version(), zmq.__version__))
    if cmd == "socket":
        name, kind = args[0], args[1]
        opts, _ = options(args[2:])
        s = ctx.socket(getattr(zmq, kind))
        s.setsockopt(zmq.LINGER, 1000)
        s.setsockopt(zmq.HANDSHAKE_IVL, 5000)
        for v in opts.get("identity", []):
            s.setsockopt(zmq.IDENTITY, bytes.fromhex(v))
        for v in opts.get("sndhwm", []):
            s.setsockopt(zmq.SNDHWM, int(v))
        for v in opts.get("rcvhwm", []):
            s.setsockopt(zmq.RCVHWM, int(v))
        for v in opts.get("opt", []):
            option, value = v.split(":", 1)
            s.setsockopt(getattr(zmq, option), int(value))
        for v in opts.get("subscribe", []):
            s.setsockopt(zmq.SUBSCRIBE, b"" if v == "-" else bytes.fromhex(v))
        sockets[name] = s
        return reply("ok")
    if cmd == "bind":
        s = sockets[args[0]]
        s.bind(args[1])
        return reply("ok " + s.getsockopt(zmq.LAST_ENDPOINT).decode())
    if cmd == "unbind":
        sockets[args[0]].unbind(args[1])
        return reply("ok")
    if cmd == "connect":
        sockets[args[0]].connect(args[1])
        return reply("ok")
    if cmd in ("subscribe", "unsubscribe"):
        option = zmq.SUBSCRIBE if cmd == "subscribe" else zmq.UNSUBSCRIBE
        sockets[args[0]].setsockopt(option, unhex(args[1:2])[0])
        return reply("ok")
    if cmd == "close":
        sockets.pop(args[0]).close()
        return reply("ok")
    if cmd == "drain":
        s = sockets[args[0]]
        quiet = int(args[1])
        opts, _ = options(args[2:])
        head = int(opts["head"][0]) if "head" in opts else None
        got = []
        while s.poll(quiet):
            frames = s.recv_multipart()
            got.append(frames if head is None else [f[:head] for f in frames])
        return reply("\n".join(["ok"] + ["msg " + hexframes(m) for m in got] + ["end"]))
    if cmd == "fill":
        s = sockets[args[0]]
        size, timeout, limit = int(args[1]), int(args[2]), int(args[3])
        s.setsockopt(zmq.SNDTIMEO, timeout)
        sent = 0
        body = bytes(max(size - 4, 0))
        try:
            while sent < limit:
                s.send(sent.to_bytes(4, "big") + body)
                sent += 1
        except zmq.Again:
            pass
        finally:
            s.setsockopt(zmq.SNDTIMEO, -1)
        return reply("ok %d" % sent)
    if cmd == "send":
        sockets[args[0]].send_multipart(unhex(args[1:]))
        return reply("ok")
    if cmd == "recv":
        s = sockets[args[0]]
        if s.poll(int(args[1])):
            return reply("ok " + hexframes(s.recv_multipart()))
        return reply("err timeout")
    if cmd == "collect":
        s = sockets[args[0]]
        count, timeout = int(args[1]), int(args[2])
        opts, _ = options(args[3:])
        skip = [bytes.fromhex(v) for v in opts.get("skip", [])]
        head = int(opts["head"][0]) if "head" in opts else None
        deadline = time.monotonic() + timeout / 1000.0
        got = []
        while len(got) < count:
            left = int((deadline - time.monotonic()) * 1000)
            if left <= 0 or not s.poll(left):
                return reply("err timeout: collected %d of %d: %s" % (len(got), count, [hexframes(m)[:80] for m in got]))
            frames = s.recv_multipart()
            if any(frames[0].startswith(p) for p in skip):
                continue
            got.append(frames if head is None else [f[:head] for f in frames])
        return reply("\n".join(["ok"] + ["msg " + hexframes(m) for m in got] + ["end"]))
    if cmd == "blast":
        s = sockets[args[0]]
        for i in range(int(args[1])):
            s.send_multipart(generated(i))
        return reply("ok")
    if cmd == "digest":
        s = sockets[args[0]]
        count, timeout = int(args[1]), int(args[2])
        deadline = time.monotonic() + timeout / 1000.0
        h = hashlib.sha256()
        for n in range(count):
            left = int((deadline - time.monotonic()) * 1000)
            if left <= 0 or not s.poll(left):
                return reply("err timeout: received %d of %d" % (n, count))
            digest_update(h, s.recv_multipart())
        return reply("ok " + h.hexdigest())
    if cmd == "repeat":
        w = Worker(repeat_loop(sockets[args[0]], unhex(args[2:]), int(args[1]) / 1000.0))
        workers[args[0]] = w
        w.start()
        return reply("ok")
    if cmd == "serve":
        opts, rest = options(args[1:])
        src = sockets[args[0]]
        dst = sockets[opts["out"][0]] if "out" in opts else src
        suffix = bytes.fromhex(opts["suffix"][0]) if "suffix" in opts else None
        strip = int(opts["strip"][0]) if "strip" in opts else 0
        w = Worker(serve_loop(src, dst, int(rest[0]), suffix, strip))
        workers[args[0]] = w
        w.start()
        return reply("ok")
    if cmd == "join":
        return report(workers.pop(args[0]), int(args[1]))
    if cmd == "stop":
        w = workers.pop(args[0])
        w.stop_flag.set()
        if args[1:2] == ["count"]:
            w.join(5)
            return reply("err timeout: still running" if w.is_alive() else "ok %d" % len(w.received))
        return report(w, 5000)
    if cmd == "proxy":
        front, back = sockets[args[0]], sockets[args[1]]
        control_address = "inproc://control-" + args[0]
        control = ctx.socket(zmq.PAIR)
        control.bind(control_address)
        controls.append(control)

        def run_proxy(w):
            steer = ctx.socket(zmq.PAIR)
            steer.connect(control_address)
            try:
                zmq.proxy_steerable(front, back, None, steer)
            finally:
                steer.close(linger=0)
        w = Worker(run_proxy)
        w.proxy = True
        workers[args[0]] = w
        w.start()
        return reply("ok")
    if cmd == "tcp_connect":
        plain[args[0]] = tcp.create_connection(("127.0.0.1", int(args[1])), timeout=5)
        return reply("ok")
    if cmd == "tcp_send":
        plain[args[0]].sendall(bytes.fromhex(args[1]))
        return reply("ok")
    if cmd == "tcp_recv":
        c = plain[args[0]]
        n = int(args[1])
        c.settimeout(int(args[2]) / 1000.0)
        data = b""
        try:
            while len(data) < n:
                chunk = c.recv(n - len(data))
                if not chunk:
                    return reply("err closed after %d bytes: %s" % (len(data), data.hex()))
                data += chunk
        except tcp.timeout:
            return reply("err timeout after %d bytes: %s" % (len(data), data.hex()))
        return reply("ok " + data.hex())
    if cmd == "tcp_close":
        plain.pop(args[0]).close()
        return reply("ok")
    return reply("err unknown command " + cmd)


def main():
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        try:
            handle(words[0], words[1:])
        except Exception as ex:
            reply("err %s: %r" % (words[0], ex))
    for control in controls:
        control.send(b"TERMINATE")
    for w in workers.values():
        w.stop_flag.set()
    for w in workers.values():
        w.join(5)
    for c in plain.values():
        c.close()
    ctx.destroy(linger=1000)
    reply("bye")


if __name__ == "__main__":
    main()
