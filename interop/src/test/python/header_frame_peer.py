#!/usr/bin/python3
"""A pyzmq peer that reads and writes zmq-spring-boot's header frame with the README's own snippet.

It executes the first ```python block after the "<!-- header-frame.py -->" marker of README.md (MAGIC,
encode_headers, decode_headers), so the interoperability suite tests the code users copy. One message per run:

  header_frame_peer.py README pull            bind a PULL socket on 127.0.0.1 -> "port N", receive [header][payload]
                                              -> one JSON line {"headers": {...}, "payload": "..."}
  header_frame_peer.py README sub PREFIX      the same with a SUB socket subscribed to PREFIX, receiving
                                              [topic][header][payload] -> {"topic": ..., "headers": ..., "payload": ...}
  header_frame_peer.py README push PORT PAYLOAD NAME=VALUE...
                                              connect a PUSH socket to 127.0.0.1:PORT and send
                                              [encode_headers({NAME: VALUE...})][PAYLOAD] -> "sent"
A message with another number of frames ends the run with a traceback and a non-zero exit.
"""
import json
import sys

import zmq

readme = open(sys.argv[1], encoding="utf-8").read()
start = readme.index("```python\n", readme.index("<!-- header-frame.py -->")) + len("```python\n")
exec(readme[start:readme.index("```", start)])

mode = sys.argv[2]
context = zmq.Context()
if mode in ("pull", "sub"):
    socket = context.socket(zmq.PULL if mode == "pull" else zmq.SUB)
    socket.setsockopt(zmq.LINGER, 0)
    if mode == "sub":
        socket.setsockopt(zmq.SUBSCRIBE, sys.argv[3].encode("utf-8"))
    print("port %d" % socket.bind_to_random_port("tcp://127.0.0.1"), flush=True)
    if not socket.poll(15000):
        print("err timeout", flush=True)
        sys.exit(2)
    frames = socket.recv_multipart()
    if mode == "pull":
        header, payload = frames
        result = {}
    else:
        topic, header, payload = frames
        result = {"topic": topic.decode("utf-8")}
    result["headers"] = decode_headers(header)
    result["payload"] = payload.decode("utf-8")
    print(json.dumps(result), flush=True)
elif mode == "push":
    socket = context.socket(zmq.PUSH)
    socket.setsockopt(zmq.LINGER, 5000)
    socket.connect("tcp://127.0.0.1:%d" % int(sys.argv[3]))
    headers = dict(argument.split("=", 1) for argument in sys.argv[5:])
    socket.send_multipart([encode_headers(headers), sys.argv[4].encode("utf-8")])
    socket.close()
    print("sent", flush=True)
else:
    raise SystemExit("unknown mode " + mode)
context.term()
