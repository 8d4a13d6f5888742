"""pyzmq (libzmq) peer for the mechanism interop tests (MechanismInteropTests). Every mode ends on its own within
DEADLINE seconds, printing one result line; the Java side also destroys the process.

  server CURVE <type> <server-public> <server-secret> <allowed-client-public>
  server PLAIN <type> <username> <password>
      binds tcp://127.0.0.1:* with pyzmq's ThreadAuthenticator as ZAP handler and heartbeats every 100 ms (libzmq then
      sends PING commands, inside CURVE boxes); prints "PORT <port>". A REP answers every request "pong:<request>"
      and exits after "bye" ("SERVED <n>"); a refused handshake prints "HANDSHAKE_FAILED_AUTH <status>".
  client CURVE <type> <endpoint> <server-public> <client-public> <client-secret> <routing-id-length>
  client PLAIN <type> <endpoint> <username> <password> <routing-id-length>
      SUB: subscribes to "weather" and prints "GOT <frames joined by |>" for the first message.
      DEALER, REQ: sends "hello" and prints "GOT <reply frames>".
      A refused handshake prints "HANDSHAKE_FAILED_AUTH <status>".
  With KEEP_SERVING=1 in the environment, a server prints "HANDSHAKE_FAILED_PROTOCOL <code>" for every failed
  handshake and goes on serving until its deadline (to watch a client that keeps reconnecting).
"""
import os
import sys
import time

import zmq
import zmq.auth
from zmq.auth.thread import ThreadAuthenticator
from zmq.utils.monitor import recv_monitor_message

DEADLINE = 10.0


class OneKey:
    """A ZAP credentials provider admitting one CURVE client key (Z85)."""

    def __init__(self, key):
        self.key = key.encode("ascii")

    def callback(self, domain, key):
        return key == self.key


def say(line):
    print(line, flush=True)


def monitor_of(socket):
    """The handshake monitor: attached before bind/connect, so that an early failure is never missed."""
    return socket.get_monitor_socket(zmq.EVENT_HANDSHAKE_FAILED_AUTH | zmq.EVENT_HANDSHAKE_FAILED_PROTOCOL)


def watch(socket, monitor, on_message, keep_serving=False):
    """Polls the socket and its handshake monitor until on_message returns True, auth fails or the deadline."""
    poller = zmq.Poller()
    poller.register(socket, zmq.POLLIN)
    poller.register(monitor, zmq.POLLIN)
    end = time.monotonic() + DEADLINE
    try:
        while time.monotonic() < end:
            ready = dict(poller.poll(100))
            if monitor in ready:
                event = recv_monitor_message(monitor)
                if event["event"] == zmq.EVENT_HANDSHAKE_FAILED_AUTH:
                    say("HANDSHAKE_FAILED_AUTH %d" % event["value"])
                else:
                    say("HANDSHAKE_FAILED_PROTOCOL %d" % event["value"])
                if not keep_serving:
                    return 2
            if socket in ready and on_message(socket.recv_multipart()):
                return 0
        say("TIMEOUT after %.0f s" % DEADLINE)
        return 3
    finally:
        socket.disable_monitor()
        monitor.close()


def server(mechanism, kind, *args):
    context = zmq.Context()
    auth = ThreadAuthenticator(context)
    auth.start()
    socket = context.socket(getattr(zmq, kind))
    socket.linger = 1000
    socket.heartbeat_ivl = 100
    if mechanism == "CURVE":
        public, secret, allowed = args
        auth.configure_curve_callback(domain="*", credentials_provider=OneKey(allowed))
        socket.curve_server = True
        socket.curve_publickey = public.encode("ascii")
        socket.curve_secretkey = secret.encode("ascii")
    else:
        username, password = args
        auth.configure_plain(domain="*", passwords={username: password})
        socket.plain_server = True
    monitor = monitor_of(socket)
    port = socket.bind_to_random_port("tcp://127.0.0.1")
    say("PORT %d" % port)
    served = []

    def answer(frames):
        request = frames[-1].decode()
        served.append(request)
        socket.send_string("pong:" + request)
        return request == "bye"

    try:
        code = watch(socket, monitor, answer, os.environ.get("KEEP_SERVING") == "1")
        if code == 0:
            say("SERVED %d" % len(served))
        return code
    finally:
        socket.close()
        auth.stop()
        context.term()


def client(mechanism, kind, endpoint, *args):
    context = zmq.Context()
    socket = context.socket(getattr(zmq, kind))
    socket.linger = 0
    if mechanism == "CURVE":
        server_public, public, secret, routing_id_length = args
        socket.curve_serverkey = server_public.encode("ascii")
        socket.curve_publickey = public.encode("ascii")
        socket.curve_secretkey = secret.encode("ascii")
    else:
        username, password, routing_id_length = args
        socket.plain_username = username.encode()
        socket.plain_password = password.encode()
    if int(routing_id_length) > 0:
        socket.routing_id = b"r" * int(routing_id_length)
    if kind == "SUB":
        socket.subscribe(b"weather")
    monitor = monitor_of(socket)
    socket.connect(endpoint)
    if kind in ("DEALER", "REQ"):
        socket.send(b"hello")

    def got(frames):
        say("GOT " + "|".join(frame.decode() for frame in frames))
        return True

    try:
        return watch(socket, monitor, got)
    finally:
        socket.close()
        context.term()


if __name__ == "__main__":
    mode = sys.argv[1]
    sys.exit({"server": server, "client": client}[mode](*sys.argv[2:]))
