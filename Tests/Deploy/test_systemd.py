"""The systemd units (deploy/systemd) as an operator installs them, checked offline with systemd-analyze:
every unit verifies against the binaries actually built (no unknown key, no missing executable), the
shared drop-in's confinement reaches every service (systemd's own exposure score), each service is a
template (`dangjian-dues@2` is another instance), and dangjian.target starts them all."""
import glob
import os
import re
import subprocess
import tempfile

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SYSTEMD = os.path.join(ROOT, "deploy", "systemd")
BIN = os.environ.get("DJ_BIN_DIR") or os.path.join(ROOT, ".build", "debug")
SERVICES = ["identity", "notifications", "dues", "payments", "transfers", "meetings", "gateway"]


@pytest.fixture(scope="module")
def installed():
    work = tempfile.mkdtemp(prefix="dj-systemd-")
    units, etc = os.path.join(work, "units"), os.path.join(work, "etc")
    subprocess.run([os.path.join(SYSTEMD, "install.sh"), "--bin-dir", BIN, "--unit-dir", units, "--etc-dir", etc, "--no-user"],
                   check=True, capture_output=True)
    return units, etc


def analyze(units, *args):
    env = dict(os.environ, SYSTEMD_UNIT_PATH=units + ":")
    return subprocess.run(["systemd-analyze", *args], cwd=units, env=env, capture_output=True, text=True)


def instances():
    return ["dangjian-broker.service", "dangjian.target"] + [f"dangjian-{s}@1.service" for s in SERVICES] + ["dangjian-dues@2.service"]


def test_every_unit_verifies_against_the_built_binaries(installed):
    units, _ = installed
    result = analyze(units, "verify", *instances())
    # verify only warns (exit 0) about unknown keys: any word from it is a failure here.
    assert result.returncode == 0 and result.stdout + result.stderr == "", result.stdout + result.stderr


def test_a_missing_executable_is_caught(installed):
    units, _ = installed
    broken = tempfile.mkdtemp(prefix="dj-systemd-broken-")
    subprocess.run([os.path.join(SYSTEMD, "install.sh"), "--bin-dir", "/nonexistent/bin", "--unit-dir", broken,
                    "--etc-dir", os.path.join(broken, "etc"), "--no-user"], check=True, capture_output=True)
    result = analyze(broken, "verify", "dangjian-dues@1.service")
    assert result.returncode != 0 and "/nonexistent/bin/dues" in result.stderr, result.stderr


@pytest.mark.parametrize("unit", ["dangjian-broker.service"] + [f"dangjian-{s}@1.service" for s in SERVICES])
def test_each_service_is_confined(installed, unit):
    units, _ = installed
    result = analyze(units, "security", "--offline=yes", unit)
    assert result.returncode == 0, result.stderr
    score = float(re.search(r"Overall exposure level for \S+: ([0-9.]+)", result.stdout)[1])
    # Unconfined is 9.6 (UNSAFE); the shared drop-in brings every service to "OK".
    assert score <= 4.0, result.stdout
    for setting in ("✓ NoNewPrivileges=", "✓ PrivateTmp=", "✓ User=/DynamicUser=", "✓ ProtectSystem="):
        assert setting in result.stdout, (unit, setting)


def test_the_target_starts_every_service_and_each_is_a_template(installed):
    units, _ = installed
    target = open(os.path.join(units, "dangjian.target")).read()
    wanted = set(re.findall(r"dangjian-[a-z]+(?:@1)?\.service", target))
    assert wanted == {"dangjian-broker.service"} | {f"dangjian-{s}@1.service" for s in SERVICES}
    templates = {os.path.basename(p) for p in glob.glob(os.path.join(units, "dangjian-*@.service"))}
    assert templates == {f"dangjian-{s}@.service" for s in SERVICES}
    for service in SERVICES:
        text = open(os.path.join(units, f"dangjian-{service}@.service")).read()
        assert f"ExecStart={BIN}/{service}\n" in text
        # Each instance its own name in logs and health replies, and its own optional settings.
        assert f"DJ_INSTANCE=%H-{service}-%i" in text and f"{service}@%i.env" in text


def test_settings_files_are_installed_once_and_never_overwritten(installed):
    units, etc = installed
    path = os.path.join(etc, "dangjian.env")
    assert oct(os.stat(path).st_mode & 0o777) == "0o640"
    with open(path, "a") as f:
        f.write("DJ_LOG_LEVEL=debug\n")
    subprocess.run([os.path.join(SYSTEMD, "install.sh"), "--bin-dir", BIN, "--unit-dir", units, "--etc-dir", etc, "--no-user"],
                   check=True, capture_output=True)
    assert open(path).read().endswith("DJ_LOG_LEVEL=debug\n")


def settings(etc, service):
    """The variables a unit of `service` gets: dangjian.env, then its own file (commented lines count too,
    since an operator uncomments them)."""
    values = {}
    for name in ("dangjian.env", f"{service}.env"):
        path = os.path.join(etc, name)
        if not os.path.exists(path):
            continue
        for line in open(path):
            found = re.match(r"^#?(DJ_[A-Z0-9_]+)=(.*)$", line.strip())
            if found:
                values[found[1]] = found[2]
    return values


@pytest.mark.parametrize("service", ["broker"] + SERVICES)
def test_every_setting_in_the_examples_is_one_the_executable_accepts(installed, service):
    # ArgumentParser refuses some defaults at parse time (a flag true from the environment was one):
    # each binary must start parsing with every example setting switched on. `--help` parses and exits.
    _, etc = installed
    env = dict(os.environ, **settings(etc, service))
    result = subprocess.run([os.path.join(BIN, service), "--help"], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
