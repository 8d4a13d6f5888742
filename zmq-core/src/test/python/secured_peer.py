"""pyzmq (libzmq 4.3) peer for SecuredPeersInteropTests: long routing ids, large handshake metadata, counted refused
connection attempts and certificates. Every mode ends on its own within DEADLINE seconds; the Java side also destroys
the process.

  client <attempts> <type> <endpoint> <routing-id-length> <metadata-octets> NULL
  client <attempts> <type> <endpoint> <routing-id-length> <metadata-octets> PLAIN <username> <password>
  client <attempts> <type> <endpoint> <routing-id-length> <metadata-octets> CURVE <server-public> <public> <secret>
      <attempts> connections one after the other, each from a fresh DEALER or REQ that never reconnects
      (reconnect_ivl -1), so that each attempt is exactly one TCP connection. The socket's routing id is
      <routing-id-length> octets 'r' (none for 0) and, for <metadata-octets> > 0, its handshake carries the property
      X-Big of that many octets 'm' (ZMQ_METADATA: declared DRAFT in zmq.h, yet libzmq 4.3.4 implements it in any
      build). Each attempt sends "hello" (unless a refusal already ended the connection) and prints one line:
        "GOT <reply frames joined by |>"    answered;
        "REFUSED <monitor events>"          libzmq reported the connection closed before an answer: the handshake
                                            events it saw, e.g. "HANDSHAKE_FAILED_AUTH:400 DISCONNECTED";
        "TIMEOUT"                           neither within the deadline.
      Then "CONNECTIONS <n>": libzmq's CONNECTED events over all attempts (a check that none reconnected).
  router CURVE <server-public> <server-secret> <allowed-client-public>
      a CURVE ROUTER with pyzmq's ThreadAuthenticator admitting one client key; prints "PORT <port>", then for the
      first message "FROM <identity length> <identity in hex> SOCKET-TYPE <type> X-BIG <length or -1>" (libzmq's
      zmq_msg_gets on the peer's handshake metadata), answers [identity, "pong:" + body] and exits.
  certs <dir>
      writes <dir>/server.key(_secret) and <dir>/client.key(_secret) with pyzmq's zmq.auth.create_certificates.
  load <certificate>
      prints "KEYS <public> <secret or ->" as zmq.auth.load_certificate reads the file.
"""
import sys
import time

import zmq
import zmq.auth
from zmq.auth.thread import ThreadAuthenticator
from zmq.utils.monitor import recv_monitor_message

DEADLINE = 10.0

EVENT_NAMES = {
    zmq.EVENT_CONNECTED: "CONNECTED",
    zmq.EVENT_DISCONNECTED: "DISCONNECTED",
    zmq.EVENT_HANDSHAKE_FAILED_NO_DETAIL: "HANDSHAKE_FAILED_NO_DETAIL",
    zmq.EVENT_HANDSHAKE_FAILED_PROTOCOL: "HANDSHAKE_FAILED_PROTOCOL",
    zmq.EVENT_HANDSHAKE_FAILED_AUTH: "HANDSHAKE_FAILED_AUTH",
    zmq.EVENT_HANDSHAKE_SUCCEEDED: "HANDSHAKE_SUCCEEDED",
}


def say(line):
    print(line, flush=True)


class OneKey:
    """A ZAP credentials provider admitting one CURVE client key (Z85)."""

    def __init__(self, key):
        self.key = key.encode("ascii")

    def callback(self, domain, key):
        return key == self.key


def attempt(context, kind, endpoint, routing_id_length, metadata_octets, mechanism, args):
    """One connection from a fresh socket that never reconnects; returns (line, CONNECTED events)."""
    socket = context.socket(getattr(zmq, kind))
    socket.linger = 0
    socket.reconnect_ivl = -1
    if mechanism == "CURVE":
        server_public, public, secret = args
        socket.curve_serverkey = server_public.encode("ascii")
        socket.curve_publickey = public.encode("ascii")
        socket.curve_secretkey = secret.encode("ascii")
    elif mechanism == "PLAIN":
        username, password = args
        socket.plain_username = username.encode()
        socket.plain_password = password.encode()
    if routing_id_length > 0:
        socket.routing_id = b"r" * routing_id_length
    if metadata_octets > 0:
        socket.setsockopt(zmq.METADATA, b"X-Big:" + b"m" * metadata_octets)
    # Attached before connect, so that an early refusal is never missed.
    monitor = socket.get_monitor_socket(sum(EVENT_NAMES))
    socket.connect(endpoint)
    try:
        # connect() made the pipe, but a refusal can end it (and with it the socket's only pipe, as nothing
        # reconnects) before this line runs: a blocking send would then wait forever.
        socket.send(b"hello", zmq.NOBLOCK)
    except zmq.Again:
        pass
    poller = zmq.Poller()
    poller.register(socket, zmq.POLLIN)
    poller.register(monitor, zmq.POLLIN)
    seen = []
    connected = 0
    end = time.monotonic() + DEADLINE
    try:
        while time.monotonic() < end:
            ready = dict(poller.poll(100))
            if socket in ready:
                frames = socket.recv_multipart()
                return "GOT " + "|".join(frame.decode() for frame in frames), connected
            if monitor in ready:
                event = recv_monitor_message(monitor)
                name = EVENT_NAMES.get(event["event"], str(event["event"]))
                if event["event"] == zmq.EVENT_CONNECTED:
                    connected += 1
                    continue
                if event["event"] in (zmq.EVENT_HANDSHAKE_FAILED_AUTH, zmq.EVENT_HANDSHAKE_FAILED_PROTOCOL):
                    name += ":%d" % event["value"]
                seen.append(name)
                if event["event"] == zmq.EVENT_DISCONNECTED:
                    return "REFUSED " + " ".join(seen), connected
        return "TIMEOUT after %.0f s (events: %s)" % (DEADLINE, " ".join(seen)), connected
    finally:
        socket.disable_monitor()
        monitor.close()
        socket.close()


def client(attempts, kind, endpoint, routing_id_length, metadata_octets, mechanism, *args):
    context = zmq.Context()
    connections = 0
    try:
        for _ in range(int(attempts)):
            line, connected = attempt(context, kind, endpoint, int(routing_id_length), int(metadata_octets),
                                      mechanism, args)
            connections += connected
            say(line)
        say("CONNECTIONS %d" % connections)
        return 0
    finally:
        context.term()


def router(mechanism, public, secret, allowed):
    if mechanism != "CURVE":
        raise SystemExit("router: only CURVE")
    context = zmq.Context()
    auth = ThreadAuthenticator(context)
    auth.start()
    auth.configure_curve_callback(domain="*", credentials_provider=OneKey(allowed))
    socket = context.socket(zmq.ROUTER)
    socket.linger = 1000
    socket.rcvtimeo = int(DEADLINE * 1000)
    socket.curve_server = True
    socket.curve_publickey = public.encode("ascii")
    socket.curve_secretkey = secret.encode("ascii")
    port = socket.bind_to_random_port("tcp://127.0.0.1")
    say("PORT %d" % port)
    try:
        identity = socket.recv(copy=False)
        body = socket.recv(copy=False)
        try:
            big = len(body.get("X-Big"))
        except zmq.ZMQError:
            big = -1
        say("FROM %d %s SOCKET-TYPE %s X-BIG %d" % (len(identity.bytes), identity.bytes.hex(), body.get("Socket-Type"),
                                                    big))
        socket.send_multipart([identity.bytes, b"pong:" + body.bytes])
        return 0
    except zmq.Again:
        say("TIMEOUT no message within %.0f s" % DEADLINE)
        return 3
    finally:
        socket.close()
        auth.stop()
        context.term()


def certs(directory):
    zmq.auth.create_certificates(directory, "server")
    zmq.auth.create_certificates(directory, "client")
    say("OK")
    return 0


def load(certificate):
    public, secret = zmq.auth.load_certificate(certificate)
    say("KEYS %s %s" % (public.decode("ascii"), secret.decode("ascii") if secret else "-"))
    return 0


if __name__ == "__main__":
    mode = sys.argv[1]
    sys.exit({"client": client, "router": router, "certs": certs, "load": load}[mode](*sys.argv[2:]))
