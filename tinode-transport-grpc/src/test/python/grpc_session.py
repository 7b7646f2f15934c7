#!/usr/bin/env python3
"""One Tinode session over gRPC the way tn-cli and the chatbots drive it.

Usage: grpc_session.py HOST:PORT STUB_DIR LOGIN

STUB_DIR holds model_pb2.py and model_pb2_grpc.py generated from tinodej's model.proto with
grpc_tools.protoc. The script signs up LOGIN, logs in, creates a group, publishes to it, reads
the history back and prints one line per step ("STEP field field ...") for GrpcPythonTest to
check. Any failure prints "FAIL reason" and exits 1.
"""

import json
import queue
import sys
import threading

sys.path.insert(0, sys.argv[2])

import grpc  # noqa: E402
import model_pb2 as pb  # noqa: E402
import model_pb2_grpc as pbx  # noqa: E402

TIMEOUT = 20


def js(value):
    """A Python value as the JSON bytes the proto's bytes fields carry."""
    return json.dumps(value).encode("utf-8")


class Session:
    """A MessageLoop stream fed from a queue, as tn-cli feeds it."""

    def __init__(self, channel):
        self.out = queue.Queue()
        self.inbox = queue.Queue()
        self.skipped = []
        self.stream = pbx.NodeStub(channel).MessageLoop(self._requests())
        threading.Thread(target=self._read, daemon=True).start()

    def _requests(self):
        while True:
            msg = self.out.get()
            if msg is None:
                return
            yield msg

    def _read(self):
        try:
            for msg in self.stream:
                self.inbox.put(msg)
        except grpc.RpcError as err:
            self.inbox.put(err)

    def send(self, msg):
        self.out.put(msg)

    def wait(self, pred, what):
        """The first server message matching pred (earlier skipped ones first)."""
        for i, msg in enumerate(self.skipped):
            if pred(msg):
                return self.skipped.pop(i)
        while True:
            try:
                msg = self.inbox.get(timeout=TIMEOUT)
            except queue.Empty:
                fail("timeout waiting for " + what)
            if isinstance(msg, grpc.RpcError):
                fail("stream ended waiting for %s: %s" % (what, msg))
            if pred(msg):
                return msg
            self.skipped.append(msg)

    def ctrl(self, msg_id):
        return self.wait(lambda m: m.HasField("ctrl") and m.ctrl.id == msg_id, "ctrl " + msg_id).ctrl

    def close(self):
        self.out.put(None)


def fail(reason):
    print("FAIL", reason, flush=True)
    sys.exit(1)


def param(ctrl, key):
    """A ctrl parameter decoded from its JSON bytes."""
    return json.loads(ctrl.params[key].decode("utf-8")) if key in ctrl.params else None


def main():
    addr, login = sys.argv[1], sys.argv[3]
    password = login + "-secret"
    channel = grpc.insecure_channel(addr)
    s = Session(channel)

    s.send(pb.ClientMsg(hi=pb.ClientHi(id="1", user_agent="grpc_session.py/1.0 (python)", ver="0.25",
                                       lang="en", platform="cli")))
    hi = s.ctrl("1")
    print("HI", hi.code, param(hi, "ver"), flush=True)

    s.send(pb.ClientMsg(acc=pb.ClientAcc(
        id="2", user_id="new", scheme="basic", secret=(login + ":" + password).encode("utf-8"), login=False,
        tags=["py-" + login], desc=pb.SetDesc(public=js({"fn": "Py " + login})))))
    acc = s.ctrl("2")
    print("ACC", acc.code, param(acc, "user"), flush=True)

    s.send(pb.ClientMsg(login=pb.ClientLogin(id="3", scheme="basic",
                                             secret=(login + ":" + password).encode("utf-8"))))
    lg = s.ctrl("3")
    uid = param(lg, "user")
    print("LOGIN", lg.code, uid, "token" if param(lg, "token") else "no-token", flush=True)

    s.send(pb.ClientMsg(sub=pb.ClientSub(
        id="4", topic="new",
        set_query=pb.SetQuery(desc=pb.SetDesc(public=js({"fn": "py group"}))),
        get_query=pb.GetQuery(what="desc"))))
    sub = s.ctrl("4")
    topic = sub.topic
    meta = s.wait(lambda m: m.HasField("meta") and m.meta.topic == topic and m.meta.HasField("desc"), "meta desc")
    print("SUB", sub.code, topic, flush=True)
    print("DESC", json.loads(meta.meta.desc.public.decode("utf-8"))["fn"], meta.meta.desc.acs.given,
          "created" if meta.meta.desc.created_at > 0 else "no-created", flush=True)

    s.send(pb.ClientMsg(pub=pb.ClientPub(id="5", topic=topic, no_echo=True, head={"mime": js("text/plain")},
                                         content=js("hello from python"))))
    pub = s.ctrl("5")
    print("PUB", pub.code, param(pub, "seq"), flush=True)

    s.send(pb.ClientMsg(get=pb.ClientGet(id="6", topic=topic, query=pb.GetQuery(
        what="data", data=pb.GetOpts(limit=10)))))
    data = s.wait(lambda m: m.HasField("data") and m.data.topic == topic, "data").data
    print("DATA", data.seq_id, data.from_user_id == uid, json.loads(data.content.decode("utf-8")),
          json.loads(data.head["mime"].decode("utf-8")), "ts" if data.timestamp > 0 else "no-ts", flush=True)
    print("GET", s.ctrl("6").code, flush=True)

    # A message with nothing set: the server answers 400 and the stream stays usable.
    s.send(pb.ClientMsg())
    bad = s.wait(lambda m: m.HasField("ctrl") and m.ctrl.code >= 400, "error ctrl").ctrl
    s.send(pb.ClientMsg(leave=pb.ClientLeave(id="7", topic=topic)))
    print("EMPTY", bad.code, bad.text, "LEAVE", s.ctrl("7").code, flush=True)

    s.close()
    channel.close()
    print("DONE", flush=True)


if __name__ == "__main__":
    main()
