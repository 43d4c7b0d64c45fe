"""The wire format from another language: Python + pyzmq, written from Shared/Schema/WIRE.md and
ZeroMQ RFC 18 alone, against the real broker and the real counter fixture service."""
import json
import os
import shutil
import subprocess
import tempfile
import time
import uuid

import pytest
import zmq

BIN = os.environ.get("DJ_BIN_DIR", ".build/debug")


def wait_for(condition, what, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)  # poll interval of a deadline wait
    raise AssertionError("timed out waiting for " + what)


@pytest.fixture()
def platform():
    directory = tempfile.mkdtemp(prefix="dj-wire-")
    endpoints = {
        "DJ_BROKER": f"ipc://{directory}/broker.sock",
        "DJ_EVENTS_IN": f"ipc://{directory}/in.sock",
        "DJ_EVENTS_OUT": f"ipc://{directory}/out.sock",
    }
    env = dict(os.environ, **endpoints, DJ_DATA_DIR=f"{directory}/data", DJ_INSTANCE="py-counter")
    logs = open(f"{directory}/processes.log", "w")
    broker = subprocess.Popen(
        [f"{BIN}/broker", "--bind", endpoints["DJ_BROKER"], "--events-in", endpoints["DJ_EVENTS_IN"],
         "--events-out", endpoints["DJ_EVENTS_OUT"]], stdout=logs, stderr=logs)
    counter = subprocess.Popen([f"{BIN}/bus-fixture", "counter"], env=env, stdout=logs, stderr=logs)
    context = zmq.Context()
    yield {"context": context, **endpoints}
    for process in (counter, broker):
        process.terminate()
        process.wait(timeout=10)
    context.destroy(linger=0)
    logs.close()
    shutil.rmtree(directory, ignore_errors=True)


class Client:
    """An MDP/0.2 client: one DEALER, one request in flight, Lazy Pirate retries with the same id."""

    def __init__(self, platform):
        self.platform = platform
        self.socket = self._open()

    def _open(self):
        socket = self.platform["context"].socket(zmq.DEALER)
        socket.setsockopt(zmq.LINGER, 0)
        socket.connect(self.platform["DJ_BROKER"])
        return socket

    def raw(self, service, body, timeout_ms=2000, retries=3):
        for _ in range(retries + 1):
            self.socket.send_multipart([b"MDPC02", b"\x01", service.encode()] + body)
            if self.socket.poll(timeout_ms):
                frames = self.socket.recv_multipart()
                assert frames[0] == b"MDPC02" and frames[1] == b"\x03" and frames[2] == service.encode(), frames
                return frames[3:]
            self.socket.close()
            self.socket = self._open()
        raise AssertionError(f"no reply from {service}")

    def call(self, type_, body, request_id=None):
        envelope = {"type": type_, "version": 1, "id": request_id or str(uuid.uuid4()),
                    "sentAt": "2026-11-22T09:30:00.123Z", "body": body}
        reply = json.loads(self.raw(type_.split(".")[0], [json.dumps(envelope).encode()])[0])
        assert reply["correlationId"] == envelope["id"]
        return reply


def wait_until_serving(client, service):
    def registered():
        try:
            return client.raw("mmi.service", [service.encode()], timeout_ms=500, retries=0) == [b"200"]
        except AssertionError:
            return False  # no answer yet (broker still starting, or a slow machine): ask again
    wait_for(registered, f"{service} registered")


def test_health_and_mmi(platform):
    client = Client(platform)
    wait_until_serving(client, "counter")
    health = client.call("counter.health", {})
    assert health["body"]["status"] == "ok" and health["body"]["service"] == "counter"
    assert client.raw("mmi.service", [b"nobody"]) == [b"404"]
    assert client.raw("mmi.unknown", [b"counter"]) == [b"501"]


def test_retried_request_id_is_applied_once(platform):
    client = Client(platform)
    wait_until_serving(client, "counter")
    request_id = str(uuid.uuid4())
    first = client.call("counter.add", {"amount": 5}, request_id)
    again = client.call("counter.add", {"amount": 5}, request_id)
    assert first["body"]["total"] == 5
    assert again["body"] == first["body"], "the stored reply, not a second application"
    assert client.call("counter.add", {"amount": 1})["body"]["total"] == 6


def test_bad_input_names_the_field(platform):
    client = Client(platform)
    wait_until_serving(client, "counter")
    reply = client.call("counter.add", {"amont": 5})
    assert reply["error"]["code"] == "schema.invalid"
    assert reply["error"]["details"]["field"] == "body.amount"
    assert "body.amount" in reply["error"]["message"]
    not_json = json.loads(client.raw("counter", [b"{oops"])[0])
    assert not_json["error"]["code"] == "schema.invalid" and not_json["error"]["details"]["field"] == "$"


def test_events_published_and_replayable(platform):
    client = Client(platform)
    wait_until_serving(client, "counter")
    sub = platform["context"].socket(zmq.SUB)
    sub.setsockopt(zmq.LINGER, 0)
    sub.setsockopt(zmq.SUBSCRIBE, b"counter")
    sub.connect(platform["DJ_EVENTS_OUT"])
    received = []

    def got_an_event():
        # Emit until the subscription has propagated (PUB/SUB slow joiner), then read what came.
        client.call("counter.emit", {"count": 1})
        while sub.poll(100):
            frames = sub.recv_multipart()
            if frames[1] != b"head":
                received.append(frames)
        return len(received) > 0

    wait_for(got_an_event, "an event over pub/sub")
    source, seq, body = received[0]
    assert source == b"counter" and int(seq) >= 1
    event = json.loads(body)
    assert event["type"] == "counter.ticked"

    since = client.call("counter.events.since", {"after": 0, "limit": 100})["body"]
    seqs = [record["seq"] for record in since["events"]]
    assert seqs == list(range(1, since["head"] + 1)), "the log is contiguous from 1"
    by_seq = {record["seq"]: record["event"]["id"] for record in since["events"]}
    assert by_seq[int(seq)] == event["id"], "the notice and the log agree"


def test_a_python_worker_serves_through_the_broker(platform):
    """RFC 18 worker side from Python: READY, REQUEST, FINAL; heartbeats are optional for a short test."""
    worker = platform["context"].socket(zmq.DEALER)
    worker.setsockopt(zmq.LINGER, 0)
    worker.connect(platform["DJ_BROKER"])
    worker.send_multipart([b"MDPW02", b"\x01", b"pyecho"])
    client = Client(platform)
    wait_until_serving(client, "pyecho")
    client.socket.send_multipart([b"MDPC02", b"\x01", b"pyecho", b"hello", b"world"])
    assert worker.poll(5000)
    frames = worker.recv_multipart()
    assert frames[:2] == [b"MDPW02", b"\x02"] and frames[3] == b"" and frames[4:] == [b"hello", b"world"]
    worker.send_multipart([b"MDPW02", b"\x04", frames[2], b"", b"HELLO"])
    assert client.socket.poll(5000)
    assert client.socket.recv_multipart() == [b"MDPC02", b"\x03", b"pyecho", b"HELLO"]
    worker.send_multipart([b"MDPW02", b"\x06"])
    worker.close()
