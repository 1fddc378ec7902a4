"""The Terraform deployment, checked offline (the terraform binary cannot run here).

Every `.tf` file in terraform/ is parsed with python-hcl2; the checks are the mistakes
`terraform validate` or a first deploy would otherwise find late: dangling references, unused
or undeclared variables, entry points that main.py lacks, secrets written into the code, public
HTTP functions, subscriptions without dead letters, a missing Gmail publisher grant.
checkov (scripts/checkov.sh) covers the generic security checks. Runs with python-hcl2 4.3
through 8 (8 keeps the quotes of labels and strings; `_clean` takes them off)."""

import ast
import re
from pathlib import Path

import pytest

from mailroom.adapters.erp.settings import ErpSettings
from mailroom.adapters.google import scopes
from mailroom.adapters.google.pubsub_dead_letters import SOURCE_SUBSCRIPTION, source_topic
from mailroom.config import CloudSettings, Settings
from mailroom.domain.commands import COMMANDS, IngestMessage, MailboxChanged, ProcessDocument

hcl2 = pytest.importorskip("hcl2", reason="python-hcl2 is in the test extra")

ROOT = Path(__file__).resolve().parents[2]
TF = ROOT / "terraform"
MAIN = ROOT / "functions" / "main.py"

HTTP_FUNCTIONS = {"flush_rows", "on_review", "post_sweep", "sync_erp_status", "renew_watch", "addon",
                  "erp_status_callback"}
EVENT_FUNCTIONS = {"on_gmail_push": "gmail-push", "on_message": "messages",
                   "on_document": "documents"}
SCHEDULED = {"flush_rows", "post_sweep", "sync_erp_status", "renew_watch"}
PUBLIC_PRINCIPALS = ("allUsers", "allAuthenticatedUsers")


# --- Reading the HCL -------------------------------------------------------------------------

def _unquote(value):
    """python-hcl2 keeps the quotes of labels and string literals; expressions are `${...}`."""
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def _clean(node):
    if isinstance(node, dict):
        # `__is_block__`, `__comments__`, ...: python-hcl2's bookkeeping, not configuration.
        return {_unquote(k): _clean(v) for k, v in node.items() if not k.startswith("__")}
    if isinstance(node, list):
        return [_clean(v) for v in node]
    return _unquote(node)


class Config:
    def __init__(self, directory: Path) -> None:
        self.files = sorted(directory.glob("*.tf"))
        self.docs = {path.name: _clean(hcl2.loads(path.read_text())) for path in self.files}
        self.resources: dict[tuple[str, str], dict] = {}
        self.data: dict[tuple[str, str], dict] = {}
        self.variables: dict[str, dict] = {}
        self.locals: dict[str, object] = {}
        self.outputs: dict[str, dict] = {}
        for doc in self.docs.values():
            for kind, into in (("resource", self.resources), ("data", self.data)):
                for block in doc.get(kind, []):
                    for rtype, named in block.items():
                        for name, body in named.items():
                            into[(rtype, name)] = body
            for block in doc.get("variable", []):
                self.variables.update(block)
            for block in doc.get("locals", []):
                self.locals.update(block)
            for block in doc.get("output", []):
                self.outputs.update(block)

    def of_type(self, rtype: str) -> dict[str, dict]:
        return {name: body for (t, name), body in self.resources.items() if t == rtype}

    def strings(self):
        yield from _strings(list(self.docs.values()))

    def expressions(self):
        """The text inside every `${...}`: where references live (literals never hold one)."""
        for s in self.strings():
            yield from _interpolations(s)

    def resolve(self, value):
        """`${local.x}` -> the local's value (one level, enough for constants)."""
        match = re.fullmatch(r"\$\{local\.(\w+)\}", value) if isinstance(value, str) else None
        return _unquote(self.locals[match.group(1)]) if match else value


def _strings(node):
    if isinstance(node, dict):
        for v in node.values():
            yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)
    elif isinstance(node, str):
        yield node


def _interpolations(s: str):
    i = 0
    while (start := s.find("${", i)) != -1:
        depth, j = 0, start + 1
        while j < len(s):
            depth += {"{": 1, "}": -1}.get(s[j], 0)
            if depth == 0:
                break
            j += 1
        yield s[start + 2:j]
        i = j + 1


VAR_REF = re.compile(r"(?<![\w.])var\.([A-Za-z_][\w-]*)")
LOCAL_REF = re.compile(r"(?<![\w.])local\.([A-Za-z_][\w-]*)")
RESOURCE_REF = re.compile(r"(?<![\w.])((?:google|archive)_[a-z0-9_]+)\.([A-Za-z_][\w-]*)")
DATA_REF = re.compile(r"(?<![\w.])data\.([a-z0-9_]+)\.([A-Za-z_][\w-]*)")


@pytest.fixture(scope="module")
def tf() -> Config:
    return Config(TF)


@pytest.fixture(scope="module")
def functions(tf) -> dict[str, dict]:
    return tf.locals["functions"]


def _assignments(expression: str) -> dict[str, str]:
    """`MAILROOM_X = value, ...` inside an object expression -> {key: value text}. python-hcl2
    renders objects as `K = v` (8) or `'K': 'v'` (4): split on the keys instead of parsing."""
    keys = list(re.finditer(r"['\"]?(MAILROOM_\w+)['\"]?\s*[=:]\s*", expression))
    ends = [m.start() for m in keys[1:]] + [len(expression)]
    return {m.group(1): expression[m.end():end] for m, end in zip(keys, ends)}


def _refs(tf: Config, pattern: re.Pattern) -> set:
    return {m.groups() if pattern.groups > 1 else m.group(1)
            for expr in tf.expressions() for m in pattern.finditer(expr)}


# --- Structure -------------------------------------------------------------------------------

def test_the_configuration_is_split_by_concern(tf):
    names = {path.name for path in tf.files}
    assert {"versions.tf", "variables.tf", "pubsub.tf", "functions.tf", "iam.tf", "storage.tf",
            "secrets.tf", "scheduler.tf", "monitoring.tf", "outputs.tf"} <= names


def test_the_google_provider_is_pinned_to_major_6(tf):
    (terraform,) = tf.docs["versions.tf"]["terraform"]
    (providers,) = terraform["required_providers"]
    assert providers["google"]["version"] == "~> 6.0"


def test_the_reference_scanner_sees_references(tf):
    """Guards the checks below against passing vacuously."""
    assert ("google_pubsub_topic", "dead_letter") in _refs(tf, RESOURCE_REF)
    assert "project_id" in _refs(tf, VAR_REF)
    assert ("archive_file", "functions") in _refs(tf, DATA_REF)


def test_every_variable_used_is_declared_and_every_declared_one_is_used(tf):
    used, declared = _refs(tf, VAR_REF), set(tf.variables)
    assert used - declared == set(), "undeclared variables"
    assert declared - used == set(), "declared but never used"


def test_every_variable_is_described_and_typed(tf):
    for name, body in tf.variables.items():
        assert body.get("description"), name
        assert body.get("type"), name


def test_every_local_used_is_defined_and_every_defined_one_is_used(tf):
    used, defined = _refs(tf, LOCAL_REF), set(tf.locals)
    assert used - defined == set(), "undefined locals"
    assert defined - used == set(), "defined but never used"


def test_every_resource_reference_points_at_a_declared_resource(tf):
    dangling = _refs(tf, RESOURCE_REF) - set(tf.resources)
    assert dangling == set()


def test_every_data_reference_points_at_a_declared_data_source(tf):
    assert _refs(tf, DATA_REF) - set(tf.data) == set()


def test_no_conditional_yields_an_empty_object(tf):
    """`cond ? {a = 1} : {}` fails `terraform validate` (inconsistent conditional result types):
    filter with a for expression instead."""
    for expr in tf.expressions():
        assert not re.search(r"\?[^?]*:\s*\{\s*\}", expr), expr


def test_every_resource_attribute_read_exists_on_that_resource_type(tf):
    """Catches `google_x.name.wrong_attr` for the attributes this configuration reads."""
    readable = {"id", "name", "email", "url", "unique_id", "secret_id", "output_path",
                "output_md5", "number", "email_address"}
    for expr in tf.expressions():
        for m in re.finditer(r"(?<![\w.])((?:google|archive)_[a-z0-9_]+)\.(\w+)(?:\[[^\]]*\])?\.(\w+)", expr):
            assert m.group(3) in readable, m.group(0)


# --- Functions -------------------------------------------------------------------------------

def test_every_function_is_deployed_with_their_triggers(functions):
    assert set(functions) == HTTP_FUNCTIONS | set(EVENT_FUNCTIONS)
    for name, f in functions.items():
        assert f["entry_point"] == name
        assert f["topic"] == EVENT_FUNCTIONS.get(name, "")


def test_function_rows_share_one_shape(functions):
    """local.functions is for_each'd as a map: every row needs the same attributes and types."""
    shapes = {name: {k: type(v) for k, v in f.items()} for name, f in functions.items()}
    first = next(iter(shapes.values()))
    assert all(shape == first for shape in shapes.values()), shapes


def test_for_each_keys_are_known_at_plan_time(tf):
    """A key built from a new resource's attribute (an email, an id) fails `terraform plan`."""
    for_expr_key = re.compile(r"\bfor\b[^:]*:\s*(.*?)\s*=>")
    sources = [b.get("for_each", "") for b in tf.resources.values()]
    sources += [v for v in tf.locals.values() if isinstance(v, str)]
    for source in sources:
        for key in for_expr_key.findall(source):
            assert not RESOURCE_REF.search(key), key
    for label, member in {k: v for f in tf.locals["invoker_members"].values()
                          if isinstance(f, dict) for k, v in f.items()}.items():
        assert "${" not in label, label


def test_event_topics_are_the_ones_the_pipeline_publishes_to(tf, functions):
    topics = {MailboxChanged.topic, IngestMessage.topic, ProcessDocument.topic}
    assert set(EVENT_FUNCTIONS.values()) == topics
    assert {f["publishes"] for f in functions.values()} - {""} <= topics
    (pipeline,) = [b for (t, n), b in tf.resources.items() if (t, n) == ("google_pubsub_topic", "pipeline")]
    for topic in topics:
        assert f'"{topic}"' in pipeline["for_each"] or topic in tf.locals["pipeline_topics"]


def test_functions_are_gen2_python312_built_from_the_functions_zip(tf):
    (fn,) = tf.of_type("google_cloudfunctions2_function").values()
    (build,) = fn["build_config"]
    assert build["runtime"] == "python312"
    assert build["entry_point"] == "${each.value.entry_point}"
    (archive,) = [b for (t, _), b in tf.data.items() if t == "archive_file"]
    assert archive["source_dir"].endswith("/../functions")


def test_eventarc_triggers_retry(tf):
    (fn,) = tf.of_type("google_cloudfunctions2_function").values()
    (dynamic,) = fn["dynamic"]
    (content,) = dynamic["event_trigger"]["content"]
    assert content["retry_policy"] == "RETRY_POLICY_RETRY"
    assert content["event_type"] == "google.cloud.pubsub.topic.v1.messagePublished"


def test_entry_points_exist_in_main_py(functions):
    if not MAIN.exists():
        pytest.skip("functions/main.py is not written yet (entry points: issue 5, item 1)")
    tree = ast.parse(MAIN.read_text())
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.ImportFrom):
            names |= {a.asname or a.name for a in node.names}
    missing = {f["entry_point"] for f in functions.values()} - names
    assert missing == set(), f"entry points missing from functions/main.py: {sorted(missing)}"


def test_the_functions_source_declares_its_dependencies():
    """Cloud Functions' Python build installs what functions/requirements.txt lists, nothing else."""
    if not MAIN.exists():
        pytest.skip("functions/main.py is not written yet: nothing to deploy")
    assert (ROOT / "functions" / "requirements.txt").exists(), "functions/requirements.txt is missing"


def test_functions_run_as_their_own_service_accounts(tf):
    (fn,) = tf.of_type("google_cloudfunctions2_function").values()
    (service,) = fn["service_config"]
    assert service["service_account_email"] == "${google_service_account.fn[each.key].email}"
    assert tf.of_type("google_service_account")["fn"]["for_each"] == "${local.functions}"


def test_internal_functions_accept_only_internal_traffic(tf, functions):
    (fn,) = tf.of_type("google_cloudfunctions2_function").values()
    (service,) = fn["service_config"]
    assert "ALLOW_INTERNAL_ONLY" in service["ingress_settings"]
    public = {name for name, f in functions.items() if f["public"]}
    assert public == {"on_review", "addon", "erp_status_callback"}


def _settings_field(key: str):
    """MAILROOM_GOOGLE__BUCKET -> the pydantic field it sets (None: no such field)."""
    model, path = Settings, key.removeprefix("MAILROOM_").lower().split("__")
    if path[0] == "erp":
        model, path = ErpSettings, path[1:]
    field = None
    for part in path:
        fields = getattr(model, "model_fields", {})
        if part not in fields:
            return None
        field = fields[part]
        model = field.annotation
    return field


def test_every_setting_terraform_passes_is_one_the_functions_read(tf):
    env = _assignments(tf.locals["common_env"])
    secret_env = set(re.findall(r"(MAILROOM_\w+)", str(tf.locals["erp_secrets"])))
    assert env and secret_env
    for key in set(env) | secret_env:
        field = _settings_field(key)
        assert field is not None, f"{key} matches no field of Settings or ErpSettings"
        origin = getattr(field.annotation, "__origin__", field.annotation)
        if origin in (list, dict) and key in env:
            assert "jsonencode(" in env[key], f"{key} must be JSON for pydantic-settings"


# --- Security --------------------------------------------------------------------------------

SECRET_VALUE = re.compile(
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----|AIza[0-9A-Za-z_\-]{35}|ya29\.[0-9A-Za-z_\-]{20,}"
    r"|1//0[0-9A-Za-z_\-]{20,}|AKIA[0-9A-Z]{16}|xox[abprs]-[0-9A-Za-z\-]{10,}|sk_live_[0-9A-Za-z]{10,}"
    r"|gh[pousr]_[0-9A-Za-z]{30,}|GOCSPX-[0-9A-Za-z_\-]{20,}|\"private_key\"\s*:"
)
SECRET_KEY = re.compile(r"(?i)(password|passwd|secret|token|api_?key|private_?key|credential)")
SECRET_VARIABLE = re.compile(r"(?i)(^|_)(password|passwd|token|api_?key|private_?key|client_secret|credentials?)($|_)")


def _code_lines(path: Path):
    for line in path.read_text().splitlines():
        if not line.lstrip().startswith(("#", "//")):
            yield line


def test_no_secret_values_in_the_configuration(tf):
    for path in tf.files + list(TF.glob("*.tfvars*")):
        for line in _code_lines(path):
            assert not SECRET_VALUE.search(line), f"{path.name}: {line.strip()}"


def test_secret_like_settings_hold_references_or_names_never_literals(tf):
    """`KEY = "literal"` where KEY sounds secret: only paths and resource names pass."""
    assignment = re.compile(r'^\s*"?([A-Za-z_][\w-]*)"?\s*=\s*"([^"$]*)"\s*,?\s*$')
    for path in tf.files:
        for line in _code_lines(path):
            m = assignment.match(line)
            if m and SECRET_KEY.search(m.group(1)) and m.group(1) != "description" and m.group(2):
                value = m.group(2)
                assert value.startswith(("/", "projects/", "roles/")) or re.fullmatch(r"MAILROOM_[A-Z_]+", value), \
                    f"{path.name}: {line.strip()}"


def test_secrets_have_no_versions_in_terraform(tf):
    """A version resource would put the value in the state file: values are added out of band."""
    assert not tf.of_type("google_secret_manager_secret_version")
    for s in tf.strings():
        assert "secret_data" not in s


def test_no_variable_takes_a_secret(tf):
    for name, body in tf.variables.items():
        assert not SECRET_VARIABLE.search(name), name
        assert not body.get("sensitive"), name


def test_secrets_reach_functions_only_as_secret_manager_references(tf):
    (fn,) = tf.of_type("google_cloudfunctions2_function").values()
    (service,) = fn["service_config"]
    (secret_env,) = [d["secret_environment_variables"] for d in service["dynamic"]
                     if "secret_environment_variables" in d]
    (content,) = secret_env["content"]
    assert content["secret"].startswith("${google_secret_manager_secret.this[")
    assert content["version"] == "latest"
    assert set(tf.of_type("google_secret_manager_secret")) == {"this"}
    # Plain environment variables: a secret-sounding one may only carry a secret's name.
    assert service["environment_variables"] == "${local.common_env}"
    for key, value in _assignments(tf.locals["common_env"]).items():
        if SECRET_KEY.search(key):
            assert "google_secret_manager_secret." in value, key


def test_each_function_reads_only_its_own_secrets(tf, functions):
    (grant,) = tf.of_type("google_secret_manager_secret_iam_member").values()
    assert grant["role"] == "roles/secretmanager.secretAccessor"
    assert grant["for_each"] == "${local.secret_grants}"
    talks_to_erp = {name for name, f in functions.items() if f["erp"]}
    assert talks_to_erp == {"on_review", "post_sweep", "sync_erp_status", "erp_status_callback", "addon"}
    assert "f.erp ? keys(local.erp_secrets)" in tf.locals["secret_grants"]


def test_no_public_principal_anywhere(tf):
    for path in tf.files:
        for line in _code_lines(path):
            for principal in PUBLIC_PRINCIPALS:
                assert principal not in line, f"{path.name}: {line.strip()}"


def test_every_http_function_has_invokers_and_none_is_public(tf):
    members = tf.locals["invoker_members"]
    assert set(members) == HTTP_FUNCTIONS | set(EVENT_FUNCTIONS)
    for name in HTTP_FUNCTIONS:
        assert members[name], name
        assert not any(p in str(members[name]) for p in PUBLIC_PRINCIPALS), name
    (invoker,) = tf.of_type("google_cloud_run_service_iam_member").values()
    assert invoker["role"] == "roles/run.invoker"
    iam_types = [t for (t, _) in tf.resources if "_iam_" in t]
    for (t, name), body in tf.resources.items():
        if t in iam_types:
            assert not any(p in s for s in _strings(body) for p in PUBLIC_PRINCIPALS), (t, name)


def test_only_gmail_readers_may_impersonate_the_delegation_account(tf, functions):
    grant = tf.of_type("google_service_account_iam_member")["gmail_token_creator"]
    assert grant["role"] == "roles/iam.serviceAccountTokenCreator"
    assert "gmail_delegate" in grant["service_account_id"]
    assert "if f.gmail" in grant["for_each"]


def test_only_on_message_writes_the_archive(functions):
    assert [name for name, f in functions.items() if f["archive"] == "write"] == ["on_message"]


def test_no_function_has_a_project_level_role(tf):
    for name, body in tf.of_type("google_project_iam_member").items():
        assert "google_service_account.fn" not in str(body), name


# --- Pub/Sub ---------------------------------------------------------------------------------

def test_every_subscription_has_a_dead_letter_and_retry_policy(tf):
    subscriptions = tf.of_type("google_pubsub_subscription")
    assert subscriptions
    for name, body in subscriptions.items():
        if "google_pubsub_topic.dead_letter" in body["topic"]:
            continue  # the dead letters' own inbox
        (dlq,) = body["dead_letter_policy"]
        assert "google_pubsub_topic.dead_letter" in dlq["dead_letter_topic"], name
        assert dlq["max_delivery_attempts"] == "${var.max_delivery_attempts}", name
        (retry,) = body["retry_policy"]
        assert retry["minimum_backoff"] and retry["maximum_backoff"], name


def test_dead_letters_are_retained_and_held_by_a_subscription(tf):
    topic = tf.of_type("google_pubsub_topic")["dead_letter"]
    assert topic["message_retention_duration"]
    holders = [b for b in tf.of_type("google_pubsub_subscription").values()
               if "google_pubsub_topic.dead_letter" in b["topic"]]
    assert holders, "dead-lettered messages are lost unless a subscription holds them"


def test_mailroom_dlq_reads_the_dead_letter_inbox_and_can_tell_where_each_letter_came_from(tf):
    subscriptions = tf.of_type("google_pubsub_subscription")
    assert subscriptions["dead_letter"]["name"] == CloudSettings().dead_letter_subscription
    prefix = tf.variables["name_prefix"]["default"]
    for topic in EVENT_FUNCTIONS.values():
        name = (subscriptions["push"]["name"].replace("${var.name_prefix}", prefix)
                .replace("${each.value.topic}", topic))
        assert source_topic({SOURCE_SUBSCRIPTION: name}, COMMANDS) == topic, name


def test_the_pubsub_agent_can_forward_dead_letters(tf):
    pubsub_agent = tf.resolve("${local.pubsub_agent}")
    assert pubsub_agent.endswith("@gcp-sa-pubsub.iam.gserviceaccount.com")
    publisher = tf.of_type("google_pubsub_topic_iam_member")["dead_letter_publisher"]
    assert publisher["role"] == "roles/pubsub.publisher"
    assert tf.resolve(publisher["member"]) == pubsub_agent
    subscriber = tf.of_type("google_pubsub_subscription_iam_member")["dead_letter_subscriber"]
    assert subscriber["role"] == "roles/pubsub.subscriber"
    assert subscriber["for_each"] == "${google_pubsub_subscription.push}"
    assert tf.resolve(subscriber["member"]) == pubsub_agent


def test_gmail_may_publish_to_gmail_push(tf):
    grants = [b for b in tf.of_type("google_pubsub_topic_iam_member").values()
              if tf.resolve(b["member"]) == "serviceAccount:gmail-api-push@system.gserviceaccount.com"]
    (grant,) = grants
    assert grant["role"] == "roles/pubsub.publisher"
    assert grant["topic"] == '${google_pubsub_topic.pipeline["gmail-push"].id}'


def test_push_deliveries_are_authenticated_and_bounded_by_the_function_timeout(tf):
    push = tf.of_type("google_pubsub_subscription")["push"]
    (config,) = push["push_config"]
    (oidc,) = config["oidc_token"]
    assert oidc["audience"] == config["push_endpoint"]
    assert "min(600, each.value.timeout)" in push["ack_deadline_seconds"]


# --- Scheduler, storage, monitoring, outputs -------------------------------------------------

def test_scheduled_functions_are_called_with_oidc_tokens(tf):
    assert set(tf.locals["schedules"]) == SCHEDULED
    (job,) = tf.of_type("google_cloud_scheduler_job").values()
    (target,) = job["http_target"]
    (oidc,) = target["oidc_token"]
    assert oidc["audience"] == target["uri"]
    assert oidc["service_account_email"] == "${google_service_account.scheduler.email}"


def test_the_archive_bucket_is_private_versioned_and_resident(tf):
    archive = tf.of_type("google_storage_bucket")["archive"]
    assert archive["uniform_bucket_level_access"] is True
    assert archive["public_access_prevention"] == "enforced"
    assert archive["versioning"][0]["enabled"] is True
    assert archive["location"] == "${var.archive_location}"
    dynamic = {k for d in archive["dynamic"] for k in d}
    assert {"retention_policy", "encryption"} <= dynamic
    assert len(archive["lifecycle_rule"]) >= 2


def test_alerts_cover_errors_and_dead_letters(tf):
    metric = tf.of_type("google_logging_metric")["function_errors"]
    assert "severity>=ERROR" in metric["filter"]
    policies = tf.of_type("google_monitoring_alert_policy")
    filters = " ".join(str(p["conditions"]) for p in policies.values())
    assert "logging.googleapis.com/user/" in filters
    assert "dead_letter_message_count" in filters
    for body in policies.values():
        assert body["notification_channels"] == "${local.alert_channels}"


def test_outputs_give_the_urls_the_addon_and_the_sheet_need(tf):
    assert {"addon_url", "on_review_url", "erp_status_callback_url", "topics",
            "function_service_accounts", "gmail_delegation_client_id"} <= set(tf.outputs)


def test_the_readme_lists_every_variable_and_the_delegation_scopes(tf):
    readme = (TF / "README.md").read_text()
    for name in tf.variables:
        assert f"`{name}`" in readme, name
    for scope in scopes.GMAIL:
        assert scope in readme
