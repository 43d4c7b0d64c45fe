"""The observability files (deploy/observability), checked offline: promtool validates the alert rules and
the example scrape config and runs the rules' unit tests (alerts_test.yml), and a mutated rule makes those
tests fail; every dashboard query names only metrics the processes expose, parses as PromQL, and the
areas the operators asked for (bus latency, queue depth, events lag, provider sends, login failures)
each have a panel. promtool comes with Debian's `prometheus` package; without it those tests skip."""
import json
import os
import re
import shutil
import subprocess

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OBS = os.path.join(ROOT, "deploy", "observability")
DASHBOARD = os.path.join(OBS, "dangjian-dashboard.json")
ALERTS = os.path.join(OBS, "alerts.yml")

# What the processes serve on /metrics (swift-prometheus 2.x; timers are histograms in seconds).
HISTOGRAMS = {"request_duration_seconds", "gateway_http_request_duration_seconds"}
METRICS = {
    "requests_total", "gateway_http_requests_total",
    "broker_workers", "broker_queued_requests", "broker_requests_total", "broker_replies_total",
    "broker_expired_requests_total", "broker_dropped_messages_total", "broker_unroutable_messages_total",
    "broker_curve_refusals_total",
    "events_published_seq", "events_consumed_seq", "events_applied_total",
    "provider_requests_total", "identity_logins_total",
} | {h + suffix for h in HISTOGRAMS for suffix in ("_bucket", "_sum", "_count")}
# Prometheus' own per-target series, which only the alert rules use (ScrapeTargetDown).
SYNTHETIC = {"up"}

KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool",
            "offset", "atan2", "inf", "nan"}


@pytest.fixture(scope="module")
def promtool():
    path = shutil.which("promtool")
    if path is None:
        pytest.skip("promtool not found: `apt-get install prometheus` (Debian) provides /usr/bin/promtool")
    return path


def run(*args, cwd=OBS):
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True)


def metric_names(expr):
    """Metric names in a PromQL expression: what is left once strings, label matchers, grouping
    clauses, ranges, durations, numbers and function names are taken out."""
    expr = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`', '""', expr)
    expr = re.sub(r"\{[^}]*\}", " ", expr)
    expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", expr)
    expr = re.sub(r"\[[^\]]*\]", " ", expr)
    names = set()
    for match in re.finditer(r"(?<![\w.])([A-Za-z_:][\w:]*)(\s*\()?", expr):
        name, call = match.group(1), match.group(2)
        if call or name.lower() in KEYWORDS:
            continue
        names.add(name)
    return names


def grafana_free(expr):
    # Grafana fills these in before the query reaches Prometheus; any fixed window parses the same.
    return re.sub(r"\$__(rate_interval|interval|range)\b|\$\{__(rate_interval|interval|range)\}", "5m", expr)


def dashboard():
    with open(DASHBOARD) as f:
        return json.load(f)


def panels(board):
    for panel in board["panels"]:
        yield panel
        yield from panel.get("panels", [])  # a collapsed row keeps its panels inside it


def targets(board):
    return [(panel, target) for panel in panels(board) for target in panel.get("targets", [])]


# --- Alert rules and scrape config

def test_the_alert_rules_check(promtool):
    result = run(promtool, "check", "rules", ALERTS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_example_config_checks_with_its_rules(promtool):
    # check config also loads the rule files it names (alerts.yml, relative to the config).
    result = run(promtool, "check", "config", os.path.join(OBS, "prometheus.yml"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "alerts.yml" in result.stdout and "1 rule files found" in result.stdout, result.stdout


def test_the_alert_rules_pass_their_unit_tests(promtool):
    result = run(promtool, "test", "rules", "alerts_test.yml")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("rule, original, mutant", [
    ("EventConsumerBehind", ") > 1000", ") > 2000"),
    ("EventConsumerBehind", "max by (consumer, source) (events_consumed_seq)", "min by (consumer, source) (events_consumed_seq)"),
    ("NoWorkerForService", "max by (service) (broker_workers) == 0\n", "max by (service) (broker_workers) < 0\n"),
    ("ProviderRefusing", 'provider_requests_total{outcome="refused"}', 'provider_requests_total{outcome="error"}'),
    ("ProviderRefusing", "sum by (provider) (rate(provider_requests_total{outcome=\"refused\"}[5m]))",
     "sum(rate(provider_requests_total{outcome=\"refused\"}[5m]))"),
])
def test_a_wrong_rule_fails_the_unit_tests(promtool, tmp_path, rule, original, mutant):
    # The unit tests have teeth: a wrong threshold, aggregation, matcher or lost label is caught.
    text = open(ALERTS).read()
    assert text.count(original) == 1, (rule, original)
    work = str(tmp_path)
    with open(os.path.join(work, "alerts.yml"), "w") as f:
        f.write(text.replace(original, mutant))
    shutil.copy(os.path.join(OBS, "alerts_test.yml"), work)
    assert run(promtool, "check", "rules", "alerts.yml", cwd=work).returncode == 0
    result = run(promtool, "test", "rules", "alerts_test.yml", cwd=work)
    assert result.returncode != 0 and rule in result.stdout + result.stderr, result.stdout + result.stderr


def test_every_alert_names_known_metrics_and_says_what_it_is_about():
    yaml = pytest.importorskip("yaml")
    rules = [rule for group in yaml.safe_load(open(ALERTS))["groups"] for rule in group["rules"]]
    names = {rule["alert"] for rule in rules}
    assert {"EventConsumerBehind", "NoWorkerForService", "ProviderRefusing", "ProviderErrors"} <= names
    tested = open(os.path.join(OBS, "alerts_test.yml")).read()
    for rule in rules:
        unknown = metric_names(rule["expr"]) - METRICS - SYNTHETIC
        assert not unknown, (rule["alert"], unknown)
        assert rule["labels"]["severity"] in ("warning", "critical"), rule["alert"]
        assert rule["annotations"]["summary"] and rule["annotations"]["description"], rule["alert"]
        assert f"alertname: {rule['alert']}\n" in tested, f"{rule['alert']} has no unit test in alerts_test.yml"
    # Who is behind, which service has no worker, which provider refuses: named in the alert itself.
    by_name = {rule["alert"]: rule for rule in rules}
    for alert, label in [("EventConsumerBehind", "consumer"), ("NoWorkerForService", "service"),
                         ("ProviderRefusing", "provider"), ("ProviderErrors", "provider")]:
        assert "{{ $labels.%s }}" % label in by_name[alert]["annotations"]["summary"], alert


# --- Dashboard

def test_the_metric_name_check_catches_a_typo():
    assert metric_names('sum by (service) (rate(broker_queud_requests{service="dues"}[5m]))') == {"broker_queud_requests"}
    assert metric_names('histogram_quantile(0.99, sum by (route, le) (rate(x_bucket[$__rate_interval])))') == {"x_bucket"}
    assert metric_names('max by (source) (a) - on (source) group_right max by (consumer, source) (b) > bool 1e3') == {"a", "b"}
    assert metric_names('label_replace(rate(c[5m]), "service", "$1", "type", "([^.]+).*")') == {"c"}


def test_the_dashboard_is_importable():
    board = dashboard()
    assert board["uid"] == "dangjian-overview" and 36 <= board["schemaVersion"] <= 41
    variables = {v["name"]: v for v in board["templating"]["list"]}
    assert variables["DS_PROMETHEUS"]["type"] == "datasource" and variables["DS_PROMETHEUS"]["query"] == "prometheus"
    ids = [panel["id"] for panel in panels(board)]
    assert len(ids) == len(set(ids)), "panel ids must be unique"
    for panel, target in targets(board):
        # Every query goes to the chosen Prometheus, not to whatever data source happens to be the default.
        for owner in (panel, target):
            assert owner["datasource"] == {"type": "prometheus", "uid": "${DS_PROMETHEUS}"}, panel["title"]
        assert target["expr"].strip() and target["refId"], panel["title"]


def test_every_dashboard_query_names_only_exposed_metrics():
    board = dashboard()
    seen = set()
    for panel, target in targets(board):
        names = metric_names(grafana_free(target["expr"]))
        assert names, (panel["title"], target["expr"])
        assert names <= METRICS, (panel["title"], names - METRICS)
        seen |= names
    # Everything exposed is on the dashboard somewhere (the _sum/_count of the histograms aside).
    assert METRICS - seen <= {h + s for h in HISTOGRAMS for s in ("_sum", "_count")}, METRICS - seen


def test_each_required_area_has_a_panel():
    board = dashboard()
    exprs = [(panel["title"], re.sub(r"\s+", " ", target["expr"])) for panel, target in targets(board)]

    def has(*patterns):
        return any(all(re.search(p, e) for p in patterns) for _, e in exprs)

    assert has(r"histogram_quantile\(0\.99,", r"request_duration_seconds_bucket", r"by \(service, le\)", r'"type"'), "bus p99 per service"
    assert has(r"histogram_quantile\(0\.5,", r"request_duration_seconds_bucket", r"by \(service, le\)"), "bus p50 per service"
    assert has(r"histogram_quantile\(0\.99,", r"gateway_http_request_duration_seconds_bucket", r"by \(route, le\)"), "gateway p99 per route"
    assert has(r"by \(service\) \(broker_queued_requests\)"), "queue depth per service"
    assert has(r"by \(service\) \(broker_workers\)"), "workers per service"
    assert has(r"max by \(source\) \(events_published_seq\) - on \(source\) group_right max by \(consumer, source\) \(events_consumed_seq\)"), \
        "events lag per consumer"
    assert has(r"by \(provider, outcome\)", r"rate\(provider_requests_total"), "provider send rate"
    assert has(r"identity_logins_total\{outcome=~\"refused\|locked\"\}", r"rate\("), "login failures"
    assert has(r"rate\(broker_expired_requests_total") and has(r"rate\(broker_dropped_messages_total"), "broker expired/dropped"


def test_every_dashboard_query_parses(promtool, tmp_path):
    # promtool parses PromQL only inside rule files: each query becomes a recording rule.
    board = dashboard()
    rules = [{"record": f"dashboard:panel{panel['id']}_{target['refId']}", "expr": grafana_free(target["expr"])}
             for panel, target in targets(board)]
    path = str(tmp_path / "dashboard_rules.yml")
    with open(path, "w") as f:
        json.dump({"groups": [{"name": "dashboard", "rules": rules}]}, f)  # JSON is YAML
    result = run(promtool, "check", "rules", path)
    assert result.returncode == 0 and f"{len(rules)} rules found" in result.stdout, result.stdout + result.stderr
