"""The Kubernetes manifests (deploy/kubernetes), checked offline: every resource the kustomization lists
validates against a pinned Kubernetes version with kubernetes-validate (strict: an unknown field fails),
so do the Secrets it generates and, where kubectl or kustomize is at hand, the whole rendered
installation; and the manifests keep what the deployment promises: one writer per SQLite file (each
stateful service a one-replica StatefulSet with its own volume at DJ_DATA_DIR), the gateway scaled by
an autoscaler, probes on every container, a CURVE key for every process, the broker's ports open to
the platform's pods only, and every container confined. No image is built and nothing is started."""
import base64
import functools
import os
import shutil
import subprocess
import tempfile

import pytest

yaml = pytest.importorskip("yaml", reason="PyYAML is missing (it comes with kubernetes-validate)")

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
KUBE = os.path.join(ROOT, "deploy", "kubernetes")
# The Kubernetes version the manifests are held to (kubernetes-validate 1.37.0 knows 1.32 to 1.37).
KUBERNETES_VERSION = "1.33.0"
STATEFUL = ["identity", "dues", "payments", "transfers", "notifications", "meetings"]
CLIENTS = STATEFUL + ["gateway"]
BROKER_PORTS = [5555, 5556, 5557]
METRICS_PORT = 9100
KEYS_DIR = "/etc/dangjian/keys"


def kubernetes_validate():
    try:
        import kubernetes_validate as module
    except ImportError:
        pytest.skip("kubernetes-validate is not installed (pip install kubernetes-validate==1.37.0): "
                    "the manifests were not validated against Kubernetes " + KUBERNETES_VERSION)
    return module


def validate(document, where):
    module = kubernetes_validate()
    try:
        module.validate(document, KUBERNETES_VERSION, strict=True)
    except module.ValidationError as error:
        path = ".".join(str(p) for p in error.path)
        pytest.fail(f"{where}: {document['kind']}/{document['metadata']['name']} at {path}: {error.message}")


@functools.cache  # the files are only read: parsed once
def kustomization():
    with open(os.path.join(KUBE, "kustomization.yaml")) as f:
        return yaml.safe_load(f)


@functools.cache
def documents():
    """(file, document) for every document of every resource the kustomization lists."""
    found = []
    for resource in kustomization()["resources"]:
        with open(os.path.join(KUBE, resource)) as f:
            found += [(resource, d) for d in yaml.safe_load_all(f) if d]
    return tuple(found)


def objects(kind):
    return {d["metadata"]["name"]: d for _, d in documents() if d["kind"] == kind}


def workloads():
    """Every pod template: the name of its process (app.kubernetes.io/name) → its workload."""
    found = {}
    for kind in ("Deployment", "StatefulSet"):
        for workload in objects(kind).values():
            found[workload["spec"]["template"]["metadata"]["labels"]["app.kubernetes.io/name"]] = workload
    return found


def pod(workload):
    return workload["spec"]["template"]["spec"]


def environment(container):
    """The container's environment: its ConfigMaps (envFrom) overridden by its own plain values."""
    configmaps = objects("ConfigMap")
    env = {}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            env.update(configmaps[source["configMapRef"]["name"]]["data"])
    for variable in container.get("env", []):
        if "value" in variable:
            env[variable["name"]] = variable["value"]
    return env


def generators():
    return {g["name"]: g for g in kustomization().get("secretGenerator", [])}


def generated_files(name):
    generator = generators()[name]
    return generator.get("files", []) + generator.get("envs", [])


def volume(spec, mount):
    return next(v for v in spec["volumes"] if v["name"] == mount["name"])


def matches(selector, labels):
    if selector is None:
        return False
    if any(labels.get(k) != v for k, v in selector.get("matchLabels", {}).items()):
        return False
    for expression in selector.get("matchExpressions", []):
        key, operator, values = expression["key"], expression["operator"], expression.get("values", [])
        if operator == "In" and labels.get(key) not in values:
            return False
        if operator == "NotIn" and labels.get(key) in values:
            return False
        if operator == "Exists" and key not in labels:
            return False
        if operator == "DoesNotExist" and key in labels:
            return False
    return True


def opens(rule, port):
    """Whether an ingress or egress rule lets TCP `port` through (no ports: every port)."""
    if "ports" not in rule:
        return True
    for entry in rule["ports"]:
        if entry.get("protocol", "TCP") != "TCP":
            continue
        first = entry.get("port")
        if first is None or first == port or (isinstance(first, int) and first <= port <= entry.get("endPort", first)):
            return True
    return False


def ingress_rules(labels):
    """Every ingress rule of every NetworkPolicy that selects a pod with these labels."""
    return [rule for policy in objects("NetworkPolicy").values() if matches(policy["spec"]["podSelector"], labels)
            for rule in policy["spec"].get("ingress", [])]


def egress_rules(labels):
    return [rule for policy in objects("NetworkPolicy").values() if matches(policy["spec"]["podSelector"], labels)
            for rule in policy["spec"].get("egress", [])]


def labels_of(name):
    return workloads()[name]["spec"]["template"]["metadata"]["labels"]


# --- Validation -------------------------------------------------------------------------------------

def test_every_listed_resource_exists():
    resources = kustomization()["resources"]
    missing = [r for r in resources if not os.path.isfile(os.path.join(KUBE, r))]
    assert resources and not missing, missing
    # And nothing beside them is left out of the installation.
    unlisted = {f for f in os.listdir(KUBE) if f.endswith(".yaml")} - set(resources) - {"kustomization.yaml"}
    assert not unlisted, unlisted


@pytest.mark.parametrize("resource", kustomization()["resources"])
def test_every_document_validates_strictly(resource):
    with open(os.path.join(KUBE, resource)) as f:
        docs = [d for d in yaml.safe_load_all(f) if d]
    assert docs, resource
    for document in docs:
        validate(document, resource)


def test_generated_secrets_validate_and_come_from_uncommitted_files():
    for name in generators():
        files = generated_files(name)
        assert files, name
        secret = {"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
                  "metadata": {"name": name, "namespace": kustomization()["namespace"]},
                  "data": {os.path.basename(f): base64.b64encode(b"x").decode() for f in files}}
        validate(secret, "kustomization.yaml secretGenerator")
        for path in files:
            # Keys and provider secrets only from the directories git ignores: none is ever committed.
            assert path.split("/")[0] in ("keys", "secrets"), (name, path)
            if shutil.which("git"):
                ignored = subprocess.run(["git", "check-ignore", "-q", os.path.join(KUBE, path)], cwd=ROOT)
                assert ignored.returncode == 0, f"{path} would be committed"


def test_the_rendered_installation_validates():
    tool = shutil.which("kustomize") or shutil.which("kubectl")
    if not tool:
        pytest.skip("neither kustomize nor kubectl is installed: the rendered installation was not checked")
    work = tempfile.mkdtemp(prefix="dj-kustomize-")
    try:
        copy = os.path.join(work, "kubernetes")
        shutil.copytree(KUBE, copy)
        # Stand-ins for the uncommitted keys and provider files the generators read.
        for name in generators():
            for path in generated_files(name):
                with open(os.path.join(copy, path), "w") as f:
                    f.write("DJ_PLACEHOLDER=1\n" if path.endswith(".env") else "placeholder\n")
        command = [tool, "build", copy] if tool.endswith("kustomize") else [tool, "kustomize", copy]
        result = subprocess.run(command, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    finally:
        shutil.rmtree(work)
    rendered = [d for d in yaml.safe_load_all(result.stdout) if d]
    for document in rendered:
        validate(document, "kustomize build")
    present = {(d["kind"], d["metadata"]["name"]) for d in rendered}
    for document in rendered:
        if document["kind"] not in ("Deployment", "StatefulSet"):
            continue
        assert document["metadata"]["namespace"] == "dangjian"
        spec = pod(document)
        # Every Secret and ConfigMap a pod names exists once rendered (generated names carry a hash).
        for v in spec["volumes"]:
            if "secret" in v:
                assert ("Secret", v["secret"]["secretName"]) in present, v
            if "configMap" in v:
                assert ("ConfigMap", v["configMap"]["name"]) in present, v
        for container in spec["containers"]:
            for source in container.get("envFrom", []):
                ref = source.get("secretRef") or source.get("configMapRef")
                kind = "Secret" if "secretRef" in source else "ConfigMap"
                assert (kind, ref["name"]) in present, source
            assert container["image"] != "dangjian", "the kustomization's image was not applied"


# --- What the deployment promises -------------------------------------------------------------------

@pytest.mark.parametrize("service", STATEFUL)
def test_each_stateful_service_is_one_writer_on_its_own_volume(service):
    workload = objects("StatefulSet").get(f"dangjian-{service}")
    assert workload, f"{service} is not a StatefulSet"
    assert workload["spec"]["replicas"] == 1
    claims = {c["metadata"]["name"]: c for c in workload["spec"]["volumeClaimTemplates"]}
    (container,) = pod(workload)["containers"]
    data_dir = environment(container)["DJ_DATA_DIR"]
    mounted = [m for m in container["volumeMounts"] if m["mountPath"] == data_dir]
    assert len(mounted) == 1 and mounted[0]["name"] in claims, (data_dir, container["volumeMounts"])
    assert not mounted[0].get("readOnly")
    # Not a shared (RWX) volume: SQLite's locking holds on one node's filesystem only.
    assert claims[mounted[0]["name"]]["spec"]["accessModes"] == ["ReadWriteOnce"]


def test_the_gateway_scales_with_an_autoscaler_and_the_broker_is_one():
    gateway = objects("Deployment")["dangjian-gateway"]
    targets = [h["spec"] for h in objects("HorizontalPodAutoscaler").values()
               if h["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "dangjian-gateway"}]
    assert len(targets) == 1 and targets[0]["minReplicas"] >= 2 and targets[0]["maxReplicas"] > targets[0]["minReplicas"]
    # The autoscaler owns the count: a replicas field would be reset at every apply.
    assert "replicas" not in gateway["spec"]
    assert all("cpu" in c["resources"]["requests"] for c in pod(gateway)["containers"])
    broker = objects("Deployment")["dangjian-broker"]
    assert broker["spec"]["replicas"] == 1 and broker["spec"]["strategy"]["type"] == "Recreate"
    # The name every client dials.
    service = objects("Service")["dangjian-broker"]
    assert sorted(p["port"] for p in service["spec"]["ports"]) == BROKER_PORTS
    assert matches({"matchLabels": service["spec"]["selector"]}, labels_of("broker"))
    for name in CLIENTS:
        (container,) = pod(workloads()[name])["containers"]
        env = environment(container)
        assert [env["DJ_BROKER"], env["DJ_EVENTS_IN"], env["DJ_EVENTS_OUT"]] == \
            [f"tcp://dangjian-broker:{p}" for p in BROKER_PORTS], name


def test_every_container_has_liveness_and_readiness_probes():
    assert set(workloads()) == {"broker"} | set(CLIENTS)
    for name, workload in workloads().items():
        for container in pod(workload)["containers"]:
            assert "livenessProbe" in container and "readinessProbe" in container, (name, container["name"])
            if name in STATEFUL:
                # The service's own health request on the bus, asked by djctl.
                for probe in ("livenessProbe", "readinessProbe"):
                    command = container[probe]["exec"]["command"]
                    assert command[0].endswith("/djctl") and command[1:4] == ["health", "--service", name], command
                assert container["livenessProbe"]["failureThreshold"] * container["livenessProbe"]["periodSeconds"] >= 60
    broker = pod(workloads()["broker"])["containers"][0]
    assert broker["readinessProbe"]["tcpSocket"]["port"] in ("mdp", 5555)
    gateway = pod(workloads()["gateway"])["containers"][0]
    assert gateway["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert gateway["readinessProbe"]["httpGet"]["path"] == "/readyz"


def secret_source(spec, mount):
    assert mount.get("readOnly") is True, mount
    source = volume(spec, mount).get("secret")
    # What the key loader (CurveKeyFile.loadPair) accepts: no group write, nothing for others.
    assert source and source.get("defaultMode") is not None and source["defaultMode"] & 0o027 == 0, source
    return source["secretName"]


def mounted_file(spec, container, path):
    """The Secret behind the file at `path`, mounted by subPath at exactly the path the settings name."""
    mounts = [m for m in container["volumeMounts"] if m["mountPath"] == path]
    assert len(mounts) == 1 and mounts[0].get("subPath") == os.path.basename(path), (path, container["volumeMounts"])
    return secret_source(spec, mounts[0])


def mounted_directory(spec, container, path):
    mounts = [m for m in container["volumeMounts"] if m["mountPath"] == path]
    assert len(mounts) == 1 and "subPath" not in mounts[0], (path, container["volumeMounts"])
    return secret_source(spec, mounts[0])


@pytest.mark.parametrize("name", CLIENTS)
def test_each_client_mounts_its_curve_key_and_the_brokers(name):
    spec = pod(workloads()[name])
    (container,) = spec["containers"]
    env = environment(container)
    assert env["DJ_CURVE"] == "1"
    assert env["DJ_CURVE_KEY"] == f"{KEYS_DIR}/{name}.key"
    assert env["DJ_CURVE_BROKER_KEY"] == f"{KEYS_DIR}/broker.pub"
    secrets = {mounted_file(spec, container, env["DJ_CURVE_KEY"]), mounted_file(spec, container, env["DJ_CURVE_BROKER_KEY"])}
    assert secrets == {f"dangjian-curve-{name}"}, secrets
    assert sorted(os.path.basename(f) for f in generated_files(f"dangjian-curve-{name}")) == sorted([f"{name}.key", "broker.pub"])


def test_the_broker_admits_every_client_by_its_public_key():
    spec = pod(workloads()["broker"])
    (container,) = spec["containers"]
    env = environment(container)
    assert env["DJ_CURVE"] == "1" and env["DJ_CURVE_KEY"] == f"{KEYS_DIR}/broker.key"
    assert generated_files(mounted_file(spec, container, env["DJ_CURVE_KEY"])) == ["keys/broker.key"]
    clients = mounted_directory(spec, container, env["DJ_CURVE_CLIENTS"])
    assert sorted(os.path.basename(f) for f in generated_files(clients)) == sorted(f"{n}.pub" for n in CLIENTS)


def test_network_policies_open_the_brokers_ports_to_the_platform_only():
    policies = objects("NetworkPolicy").values()
    # Default deny: a policy for every pod with no rule.
    assert any(p["spec"]["podSelector"] == {} and "Ingress" in p["spec"]["policyTypes"] and not p["spec"].get("ingress")
               for p in policies)
    platform = {"podSelector": {"matchLabels": {"app.kubernetes.io/part-of": "dangjian"}}}
    for port in BROKER_PORTS:
        rules = [r for r in ingress_rules(labels_of("broker")) if opens(r, port)]
        assert rules, port
        for rule in rules:
            assert rule.get("from") == [platform], rule
    # The services never listen for bus traffic: metrics, from another namespace, is all they accept.
    for name in STATEFUL:
        rules = ingress_rules(labels_of(name))
        assert rules, name
        for rule in rules:
            assert [p["port"] for p in rule["ports"]] == [METRICS_PORT], (name, rule)
            assert all(set(peer) == {"namespaceSelector"} for peer in rule["from"]), (name, rule)
    assert any(opens(r, 8080) and "from" not in r for r in ingress_rules(labels_of("gateway")))
    # Out: every process reaches the broker; only those with providers reach HTTPS.
    for name in CLIENTS:
        assert all(any(opens(r, p) for r in egress_rules(labels_of(name))) for p in BROKER_PORTS), name
        https = any(opens(r, 443) for r in egress_rules(labels_of(name)))
        assert https == (name in ("notifications", "payments", "identity")), name


def test_every_container_runs_confined():
    for name, workload in workloads().items():
        spec = pod(workload)
        assert spec.get("automountServiceAccountToken") is False, name
        for container in spec["containers"]:
            effective = dict(spec.get("securityContext", {}), **container.get("securityContext", {}))
            assert effective.get("runAsNonRoot") is True and effective.get("runAsUser", 0) != 0, name
            assert effective.get("readOnlyRootFilesystem") is True, name
            assert effective.get("allowPrivilegeEscalation") is False, name
            assert effective.get("capabilities", {}).get("drop") == ["ALL"], name
            assert effective.get("seccompProfile", {}).get("type") == "RuntimeDefault", name
            # Writable: the service's own volume (StatefulSet claims) and a scratch /tmp, nothing else.
            claims = {c["metadata"]["name"] for c in workload["spec"].get("volumeClaimTemplates", [])}
            for mount in container["volumeMounts"]:
                if mount.get("readOnly"):
                    continue
                assert mount["name"] in claims or (mount["mountPath"] == "/tmp" and "emptyDir" in volume(spec, mount)), \
                    (name, mount)
            assert claims or name in ("broker", "gateway"), name
