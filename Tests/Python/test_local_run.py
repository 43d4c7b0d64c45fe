"""deploy/local/run.sh as a person uses it: once one process has died on its own, Ctrl-C still
stops every other one (the script used to fail on the hole the dead process left in its arrays)."""
import os
import re
import signal
import socket
import subprocess
import tempfile
import time

BIN = os.environ.get("DJ_BIN_DIR", ".build/debug")
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers kill(0); it has exited all the same.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(") ")[-1][0] != "Z"


def test_ctrl_c_after_a_process_died_stops_all_the_others():
    directory = tempfile.mkdtemp(prefix="dj-local-")
    env = dict(os.environ, DJ_BIN_DIR=os.path.abspath(BIN), DJ_VAR_DIR=directory,
               DJ_BROKER=f"ipc://{directory}/broker.sock", DJ_EVENTS_IN=f"ipc://{directory}/in.sock",
               DJ_EVENTS_OUT=f"ipc://{directory}/out.sock",
               DJ_GATEWAY_PORT=str(free_port()), DJ_SIM_PORT=str(free_port()))
    output = open(f"{directory}/run.out", "w+")
    script = subprocess.Popen(["bash", "deploy/local/run.sh"], cwd=ROOT, env=env, stdout=output,
                              stderr=subprocess.STDOUT, start_new_session=True)

    def text():
        output.flush()
        with open(f"{directory}/run.out") as f:
            return f.read()

    def wait_for(condition, what, timeout=60.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.05)  # poll interval of a deadline wait
        raise AssertionError(f"timed out waiting for {what}:\n{text()}")

    try:
        wait_for(lambda: "Ctrl-C stops everything." in text(), "the platform to start")
        pids = {name: int(pid) for name, pid in re.findall(r"^  (\S+)\s+(\d+)\s+var/log/", text(), re.M)}
        assert {"broker", "identity", "notifications", "gateway"} <= set(pids), text()

        os.kill(pids["notifications"], signal.SIGKILL)
        wait_for(lambda: "!! notifications exited" in text(), "the script to notice")
        assert script.poll() is None, "the others keep running"

        os.kill(script.pid, signal.SIGINT)
        assert script.wait(timeout=30) == 0, text()
        others = {name: pid for name, pid in pids.items() if name != "notifications"}
        wait_for(lambda: not any(alive(pid) for pid in others.values()), "every other process to stop", timeout=15)
        assert "unbound variable" not in text()
        for name in others:
            assert re.search(rf"^  {re.escape(name)} (stopped|exited with status)", text(), re.M), text()
    finally:
        if script.poll() is None:
            os.killpg(script.pid, signal.SIGKILL)
        output.close()
