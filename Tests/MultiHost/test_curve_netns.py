"""Three hosts in network namespaces joined by a bridge, with CURVE on the bus:
  host A: the broker;  host B: identity and dues;  host C: notifications, gateway and the provider simulator.
A login and a dues cash record go through the gateway end to end; a process with an unknown key is
refused and the broker logs the key's fingerprint; a plaintext client is refused; the broker's host
losing its link (down, then up) recovers by itself.

Needs root and `ip netns` (these machines: yes). Elsewhere it skips and says so; run it by hand as root:
  DJ_BIN_DIR=$(swift build --show-bin-path) python3 -m pytest -q Tests/MultiHost
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pytest

BIN = os.path.abspath(os.environ.get("DJ_BIN_DIR", ".build/debug"))
HERE = os.path.dirname(os.path.abspath(__file__))
SUBNET = "10.77.0"  # private to the namespaces: nothing on the machine itself can collide with it
HOSTS = {"a": 1, "b": 2, "c": 3}


def run(*command, check=True):
    return subprocess.run(command, check=check, capture_output=True, text=True)


def wait_until(condition, what, timeout=60.0):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)  # poll interval of a deadline wait


class Network:
    """A bridge in its own namespace and one namespace per host, each with eth0 on the bridge."""

    def __init__(self):
        tag = f"dj{os.getpid() % 100000}"
        self.switch = f"{tag}sw"
        self.hosts = {name: f"{tag}{name}" for name in HOSTS}

    def make(self):
        run("ip", "netns", "add", self.switch)
        self.inside(self.switch, "ip", "link", "add", "br0", "type", "bridge")
        self.inside(self.switch, "ip", "link", "set", "br0", "up")
        for name, number in HOSTS.items():
            namespace = self.hosts[name]
            run("ip", "netns", "add", namespace)
            self.inside(self.switch, "ip", "link", "add", f"p{number}", "type", "veth", "peer", "name", "eth0", "netns", namespace)
            self.inside(self.switch, "ip", "link", "set", f"p{number}", "master", "br0", "up")
            self.inside(namespace, "ip", "addr", "add", f"{self.address(name)}/24", "dev", "eth0")
            self.inside(namespace, "ip", "link", "set", "eth0", "up")
            self.inside(namespace, "ip", "link", "set", "lo", "up")

    def address(self, host):
        return f"{SUBNET}.{HOSTS[host]}"

    def inside(self, namespace, *command, check=True):
        return run("ip", "netns", "exec", namespace, *command, check=check)

    def link(self, host, state):
        self.inside(self.hosts[host], "ip", "link", "set", "eth0", state)

    def remove(self):
        for namespace in [*self.hosts.values(), self.switch]:
            run("ip", "netns", "del", namespace, check=False)


def namespaces_available():
    if os.geteuid() != 0:
        return "not root"
    if not shutil.which("ip"):
        return "no `ip` (iproute2)"
    probe = f"djprobe{os.getpid()}"
    made = run("ip", "netns", "add", probe, check=False)
    if made.returncode != 0:
        return f"ip netns add failed: {made.stderr.strip()}"
    run("ip", "netns", "del", probe, check=False)
    return None


@pytest.fixture(scope="module")
def platform():
    why = namespaces_available()
    if why:
        pytest.skip(f"network namespaces cannot be made here ({why}); run as root: "
                    "DJ_BIN_DIR=$(swift build --show-bin-path) python3 -m pytest -q Tests/MultiHost")
    work = tempfile.mkdtemp(prefix="dj-netns-")
    net = Network()
    processes = {}
    try:
        net.make()
        yield Platform(net, work, processes).start()
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        net.remove()
        if os.environ.get("KEEP_WORK"):
            print(f"logs kept in {work}/log", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


class Platform:
    def __init__(self, net, work, processes):
        self.net, self.work, self.processes = net, work, processes
        self.keys, self.clients = os.path.join(work, "keys"), os.path.join(work, "clients")
        self.log = os.path.join(work, "log")
        broker = net.address("a")
        self.bus = {"DJ_BROKER": f"tcp://{broker}:5555", "DJ_EVENTS_IN": f"tcp://{broker}:5556",
                    "DJ_EVENTS_OUT": f"tcp://{broker}:5557"}
        self.gateway = "http://127.0.0.1:8080"  # inside host C
        self.sim = "http://127.0.0.1:9900"

    def start(self):
        os.makedirs(self.log)
        os.makedirs(self.clients)
        names = ["broker", "identity", "dues", "notifications", "gateway", "desk", "rogue"]
        run(f"{BIN}/djctl", "keys", "generate", "--dir", self.keys, "--name", *names)
        for name in ["identity", "dues", "notifications", "gateway", "desk"]:
            shutil.copy(os.path.join(self.keys, f"{name}.pub"), self.clients)
        data_b, data_c = os.path.join(self.work, "data-b"), os.path.join(self.work, "data-c")
        run(f"{BIN}/djctl", "init", "--code", "001", "--name", "中共示范市委", "--admin", "cityadmin", "--data-dir", data_b)
        run(f"{BIN}/djctl", "demo", "--data-dir", data_b)
        os.makedirs(data_c)
        broker = self.net.address("a")
        self.spawn("a", "broker", ["--bind", f"tcp://{broker}:5555", "--events-in", f"tcp://{broker}:5556",
                                   "--events-out", f"tcp://{broker}:5557"],
                   {"DJ_CURVE": "1", "DJ_CURVE_KEY": self.key("broker"), "DJ_CURVE_CLIENTS": self.clients})
        self.spawn("c", "provider-sim", ["--port", "9900"], {})
        for host, name, data in [("b", "identity", data_b), ("b", "dues", data_b), ("c", "notifications", data_c),
                                 ("c", "gateway", data_c)]:
            self.spawn(host, name, [], {**self.bus, **self.curve(name), "DJ_DATA_DIR": data_c if host == "c" else data,
                                        "DJ_SMS_URL": self.sim + "/", "DJ_WECHAT_URL": self.sim, "DJ_REALNAME_URL": self.sim,
                                        "DJ_NOTIFY_SOURCES": "identity,dues", "DJ_GATEWAY_PORT": "8080"})
        return self

    def key(self, name):
        return os.path.join(self.keys, f"{name}.key")

    def curve(self, name):
        return {"DJ_CURVE": "1", "DJ_CURVE_KEY": self.key(name), "DJ_CURVE_BROKER_KEY": os.path.join(self.keys, "broker.pub")}

    def spawn(self, host, name, arguments, environment):
        env = dict(os.environ, DJ_LOG_FORMAT="json", DJ_INSTANCE=f"{name}@{host}", **environment)
        out = open(os.path.join(self.log, f"{name}.log"), "ab")
        self.processes[name] = subprocess.Popen(["ip", "netns", "exec", self.net.hosts[host], f"{BIN}/{name}", *arguments],
                                                env=env, stdout=out, stderr=subprocess.STDOUT)

    def logs(self, name):
        with open(os.path.join(self.log, f"{name}.log"), errors="replace") as f:
            return f.read()

    def on_c(self, *command, timeout=120):
        """Runs `command` inside host C, as a process of that host would."""
        return subprocess.run(["ip", "netns", "exec", self.net.hosts["c"], *command], capture_output=True, text=True,
                              timeout=timeout)

    def flow(self, mode):
        done = self.on_c(sys.executable, os.path.join(HERE, "flow.py"), mode, self.gateway, self.sim)
        assert done.returncode == 0, f"{done.stdout}\n{done.stderr}\n{self.tail()}"
        return json.loads(done.stdout.strip().splitlines()[-1])

    def health(self, service, key=None):
        """`djctl health` from host C, with `key`'s CURVE pair, or in plaintext when None."""
        command = [f"{BIN}/djctl", "health", "--service", service, "--broker", self.bus["DJ_BROKER"], "--timeout", "1.5"]
        if key:
            command += ["--curve", "--curve-key", self.key(key), "--curve-broker-key", os.path.join(self.keys, "broker.pub")]
        return self.on_c(*command)

    def fingerprint(self, name):
        listed = run(f"{BIN}/djctl", "keys", "list", "--dir", self.keys).stdout
        return re.search(rf"^{name}\t(\S+)$", listed, re.M)[1]

    def tail(self):
        return "\n".join(f"=== {name}\n{self.logs(name)[-3000:]}" for name in self.processes)


def test_a_login_and_a_cash_record_cross_three_hosts_over_curve(platform):
    result = platform.flow("first")
    cash, payer = result["cash"], result["payer"]
    assert cash["way"] == "cash" and cash["status"] == "confirmed", cash
    assert cash["totalFen"] == payer["amountFen"] > 0, (cash, payer)
    assert [line["memberId"] for line in cash["lines"]] == [payer["memberId"]], cash
    # Every service worked across hosts: none of them ever spoke in plaintext (the broker admits only CURVE).
    assert "refused" not in platform.logs("broker"), platform.logs("broker")[-3000:]


def test_a_listed_key_is_served_an_unknown_one_refused_and_logged_by_fingerprint(platform):
    served = platform.health("dues", key="desk")
    assert served.returncode == 0 and "dues ok" in served.stdout, served
    refused = platform.health("dues", key="rogue")
    assert refused.returncode != 0, refused
    fingerprint = platform.fingerprint("rogue")
    wait_until(lambda: "unknown CURVE key" in platform.logs("broker") and fingerprint in platform.logs("broker"),
               "the broker to log the rogue key's fingerprint", timeout=10)
    rogue_secret = open(platform.key("rogue")).read()
    secret = re.search(r'secret-key = "(.+)"', rogue_secret)[1]
    assert secret not in platform.logs("broker")


def test_a_plaintext_client_is_refused(platform):
    refused = platform.health("dues")
    assert refused.returncode != 0, refused
    wait_until(lambda: "refused at handshake" in platform.logs("broker"), "the broker to log the plaintext handshake", timeout=10)


def test_the_broker_host_losing_its_link_recovers_by_itself(platform):
    platform.flow("again")
    platform.net.link("a", "down")
    try:
        # Down long enough that the workers on B and C give the broker up (their heartbeats expire).
        wait_until(lambda: "broker silent, reconnecting" in platform.logs("identity")
                   and "broker silent, reconnecting" in platform.logs("dues"),
                   "identity and dues to notice the broker is gone", timeout=30)
        assert platform.health("dues", key="desk").returncode != 0, "nothing answers while the link is down"
    finally:
        platform.net.link("a", "up")
    for service in ["identity", "dues", "notifications"]:
        wait_until(lambda: platform.health(service, key="desk").returncode == 0, f"{service} to answer again", timeout=60)
    again = platform.flow("again")
    assert again["me"], again
