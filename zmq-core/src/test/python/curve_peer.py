"""pyzmq (libzmq) CURVE peer for CurveInteropTests. Every mode exits on its own within a few seconds.

  certs <dir>                                   writes <dir>/client.key and client.key_secret (pyzmq's own writer)
  client <endpoint> <server-public-key> <secret-certificate> <message>
                                                REQ CURVE client: sends <message>, prints "REPLY <reply>"
  server <secret-certificate> <allowed-certificates-dir>
                                                REP CURVE server with pyzmq's authenticator admitting the certificates
                                                in the directory: prints "PORT <port>", answers one request "pong:<req>"
"""
import sys

import zmq
import zmq.auth
from zmq.auth.thread import ThreadAuthenticator

TIMEOUT_MS = 5000


def certs(directory):
    zmq.auth.create_certificates(directory, "client")
    print("OK", flush=True)


def client(endpoint, server_public, secret_certificate, message):
    public, secret = zmq.auth.load_certificate(secret_certificate)
    context = zmq.Context()
    socket = context.socket(zmq.REQ)
    socket.linger = 0
    socket.rcvtimeo = TIMEOUT_MS
    socket.sndtimeo = TIMEOUT_MS
    socket.curve_publickey = public
    socket.curve_secretkey = secret
    socket.curve_serverkey = server_public.encode("ascii")
    socket.connect(endpoint)
    try:
        socket.send_string(message)
        print("REPLY " + socket.recv_string(), flush=True)
    except zmq.Again:
        print("TIMEOUT no reply within %d ms" % TIMEOUT_MS, flush=True)
        sys.exit(3)
    finally:
        socket.close()
        context.term()


def server(secret_certificate, allowed_directory):
    public, secret = zmq.auth.load_certificate(secret_certificate)
    context = zmq.Context()
    auth = ThreadAuthenticator(context)
    auth.start()
    auth.configure_curve(domain="*", location=allowed_directory)
    socket = context.socket(zmq.REP)
    socket.linger = 1000
    socket.rcvtimeo = TIMEOUT_MS
    socket.curve_server = True
    socket.curve_publickey = public
    socket.curve_secretkey = secret
    port = socket.bind_to_random_port("tcp://127.0.0.1")
    print("PORT %d" % port, flush=True)
    try:
        request = socket.recv_string()
        socket.send_string("pong:" + request)
        print("SERVED " + request, flush=True)
    except zmq.Again:
        print("TIMEOUT no request within %d ms" % TIMEOUT_MS, flush=True)
        sys.exit(3)
    finally:
        socket.close()
        auth.stop()
        context.term()


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    {"certs": certs, "client": client, "server": server}[mode](*args)
