"""The connector named by configuration (`MAILROOM_ERP__CONNECTOR`). Each is imported only
when chosen, so a stack posting to Odoo never loads `requests` for ERPNext, and the local
default needs no ERP library at all."""

from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel, SecretStr

from mailroom.adapters.erp.base import Throttle, load_mapping
from mailroom.adapters.erp.settings import ErpSettings
from mailroom.domain.erp_mapping import ErpMapping
from mailroom.domain.errors import PermanentError
from mailroom.ports import Erp

_Section = TypeVar("_Section", bound=BaseModel)


def connector_for(name: str, settings: ErpSettings, mapping: ErpMapping | None = None) -> Erp:
    try:
        build = _BUILDERS[name]
    except KeyError:
        raise PermanentError(f"no ERP connector '{name}': choose one of {', '.join(_BUILDERS)}") from None
    return build(settings, mapping if mapping is not None else load_mapping(settings.mapping_path))


def _local(settings: ErpSettings, mapping: ErpMapping) -> Erp:
    from mailroom.adapters.local.ledger import LocalLedger

    return LocalLedger(settings.ledger_path)


def _odoo(settings: ErpSettings, mapping: ErpMapping) -> Erp:
    from mailroom.adapters.erp.odoo.client import OdooClient
    from mailroom.adapters.erp.odoo.connector import OdooErp

    odoo = _complete(settings.odoo, "odoo", "url", "db", "login", "api_key")
    client = OdooClient(odoo.url, odoo.db, odoo.login, odoo.api_key.get_secret_value(),
                        protocol=odoo.protocol, timeout=odoo.timeout_s,
                        throttle=Throttle(odoo.requests_per_s))
    return OdooErp(client, mapping, url=odoo.url, post_bills=odoo.post_bills)


def _erpnext(settings: ErpSettings, mapping: ErpMapping) -> Erp:
    from mailroom.adapters.erp.erpnext.client import FrappeClient
    from mailroom.adapters.erp.erpnext.connector import ErpNextErp

    erpnext = _complete(settings.erpnext, "erpnext", "url", "api_key", "api_secret")
    client = FrappeClient(erpnext.url, erpnext.api_key.get_secret_value(),
                          erpnext.api_secret.get_secret_value(), timeout=erpnext.timeout_s,
                          throttle=Throttle(erpnext.requests_per_s))
    return ErpNextErp(client, mapping, submit=erpnext.submit)


def _webhook(settings: ErpSettings, mapping: ErpMapping) -> Erp:
    from mailroom.adapters.erp.webhook.client import WebhookClient
    from mailroom.adapters.erp.webhook.connector import WebhookErp

    hook = _complete(settings.webhook, "webhook", "url", "secret")
    client = WebhookClient(hook.url, hook.secret.get_secret_value(), retries=hook.retries,
                           backoff_s=hook.backoff_s, timeout=hook.timeout_s,
                           throttle=Throttle(hook.requests_per_s))
    return WebhookErp(client, mapping)


_BUILDERS: dict[str, Callable[[ErpSettings, ErpMapping], Erp]] = {
    "local": _local, "odoo": _odoo, "erpnext": _erpnext, "webhook": _webhook,
}


def _complete(section: _Section, name: str, *required: str) -> _Section:
    """All the named settings set, or one error naming every variable still missing."""
    def empty(value: object) -> bool:
        return not (value.get_secret_value() if isinstance(value, SecretStr) else value)

    missing = [f"MAILROOM_ERP__{name.upper()}__{field.upper()}" for field in required if empty(getattr(section, field))]
    if missing:
        raise PermanentError(f"the {name} connector needs {', '.join(missing)}")
    return section
