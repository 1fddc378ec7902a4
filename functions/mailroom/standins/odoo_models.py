"""The slice of Odoo's ORM the Odoo stand-in serves: the models mailroom touches, domain
filters in Polish notation, x2many commands, `read` formatting (many2one as [id, name]),
`active` filtering, and the errors Odoo raises, by exception name and fault code."""

from datetime import date
from decimal import Decimal
from typing import Any

from mailroom.standins.records import RecordStore, UnknownField, compare

SCHEMA = {
    "res.partner": ("name", "vat", "email", "is_company", "parent_id", "commercial_partner_id",
                    "supplier_rank", "customer_rank", "active"),
    "res.company": ("name",),
    "res.currency": ("name", "active"),
    "account.account": ("code", "name"),
    "account.tax": ("name", "amount", "amount_type", "type_tax_use", "active"),
    "product.product": ("name", "active"),
    "account.move": ("name", "move_type", "partner_id", "ref", "invoice_date", "invoice_date_due",
                     "currency_id", "narration", "company_id", "invoice_line_ids", "state",
                     "payment_state", "amount_untaxed", "amount_tax", "amount_total"),
    "account.move.line": ("move_id", "name", "quantity", "price_unit", "tax_ids", "account_id",
                          "product_id", "price_subtotal"),
    "sale.order": ("name", "partner_id", "client_order_ref", "date_order", "note", "order_line",
                   "state", "company_id"),
    "sale.order.line": ("order_id", "name", "product_id", "product_uom_qty", "price_unit", "tax_id"),
    "ir.attachment": ("name", "res_model", "res_id", "datas", "mimetype"),
}
RELATED = {"partner_id": "res.partner", "parent_id": "res.partner", "commercial_partner_id": "res.partner",
           "company_id": "res.company", "currency_id": "res.currency", "account_id": "account.account",
           "product_id": "product.product", "move_id": "account.move", "order_id": "sale.order",
           "tax_ids": "account.tax", "tax_id": "account.tax"}
ONE2MANY = {"invoice_line_ids": ("account.move.line", "move_id"), "order_line": ("sale.order.line", "order_id")}
_ARCHIVABLE = frozenset(model for model, fields in SCHEMA.items() if "active" in fields)
_FAULT_CODES = {"AccessError": 4, "AccessDenied": 3, "UserError": 2, "ValidationError": 2, "MissingError": 2}
_PUBLIC = frozenset({"search_read", "search", "search_count", "read", "create", "write", "unlink",
                     "action_post", "button_cancel", "action_cancel"})


class OdooError(Exception):
    """An exception raised in the ORM; `name` is its class path (odoo.exceptions.AccessError)."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name, self.message = name, message
        self.code = _FAULT_CODES.get(name.rpartition(".")[2], 1)

    @property
    def traceback(self) -> str:
        return ("Traceback (most recent call last):\n  File \"/odoo/odoo/service/model.py\", line 156,"
                f" in retrying\n    result = func()\n{self.name}: {self.message}\n")


class OdooModels:
    def __init__(self) -> None:
        self.store = RecordStore(SCHEMA)
        self.denied: set[tuple[str, str]] = set()  # (model, method) the API user may not call

    def call(self, model: str, method: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        if model not in SCHEMA:
            raise OdooError("builtins.KeyError", repr(model))
        if method not in _PUBLIC:
            raise OdooError("builtins.AttributeError", f"The method '{method}' does not exist on the model '{model}'")
        if (model, method) in self.denied:
            raise OdooError("odoo.exceptions.AccessError",
                            f"You are not allowed to {method} '{model}' records.\n\nContact your administrator.")
        try:
            with self.store.transaction():
                return getattr(self, method)(model, *args, **kwargs)
        except UnknownField as exc:
            raise OdooError("builtins.ValueError", f"Invalid field {exc.field!r} on model {exc.model!r}") from exc
        except TypeError as exc:
            raise OdooError("builtins.TypeError", str(exc)) from exc

    def search_read(self, model: str, domain: list[Any] | None = None, fields: list[str] | None = None,
                    offset: int = 0, limit: int | None = None, order: str | None = None) -> list[dict[str, Any]]:
        rows = self._search(model, domain or [])[offset:][:limit]
        return [self._format(model, row, fields) for row in rows]

    def search(self, model: str, domain: list[Any], offset: int = 0, limit: int | None = None,
               order: str | None = None) -> list[int]:
        return [row["id"] for row in self._search(model, domain)[offset:][:limit]]

    def search_count(self, model: str, domain: list[Any], limit: int | None = None) -> int:
        return len(self._search(model, domain))

    def read(self, model: str, ids: list[int] | int, fields: list[str] | None = None) -> list[dict[str, Any]]:
        return [self._format(model, self._existing(model, record_id), fields)
                for record_id in ([ids] if isinstance(ids, int) else ids)]

    def create(self, model: str, values: dict[str, Any] | list[dict[str, Any]]) -> int | list[int]:
        if isinstance(values, list):  # 17+: create takes a list of value dicts
            return [self._create_one(model, one) for one in values]
        return self._create_one(model, values)

    def write(self, model: str, ids: list[int], values: dict[str, Any]) -> bool:
        for record_id in ids:
            self._existing(model, record_id)
            self.store.update(model, record_id, values)
        return True

    def action_post(self, model: str, ids: list[int]) -> bool:
        for record_id in ids:
            move = self._existing(model, record_id)
            if move["state"] != "draft":
                raise OdooError("odoo.exceptions.UserError", "Only draft journal entries can be posted.")
            if not move["invoice_date"]:
                raise OdooError("odoo.exceptions.UserError", "The Bill/Refund date is required to validate this document.")
            prefix = {"in_invoice": "BILL", "in_refund": "RBILL"}.get(move["move_type"], "MISC")
            year = date.fromisoformat(move["invoice_date"]).year
            count = sum(1 for m in self.store.tables[model].values() if str(m["name"]).startswith(f"{prefix}/{year}/"))
            self.store.update(model, record_id, {"name": f"{prefix}/{year}/{count + 1:05d}", "state": "posted"})
        return False  # as Odoo's action_post: XML-RPC cannot carry None

    def button_cancel(self, model: str, ids: list[int]) -> bool:
        return self.write(model, ids, {"state": "cancel"})

    action_cancel = button_cancel  # sale.order's name for it

    def unlink(self, model: str, ids: list[int]) -> bool:
        """As Odoo: a posted entry or confirmed order cannot be deleted; lines and attachments go too."""
        for record_id in ids:
            if self._existing(model, record_id).get("state") not in (None, False, "draft", "cancel"):
                raise OdooError("odoo.exceptions.UserError", "You cannot delete an entry which has been posted once.")
        for record_id in ids:
            for child_model, inverse in ONE2MANY.values():
                for child in self.store.select(child_model, lambda row: row[inverse] == record_id):
                    del self.store.tables[child_model][child["id"]]
            for attachment in self.store.select("ir.attachment", lambda a: (a["res_model"], a["res_id"]) == (model, record_id)):
                del self.store.tables["ir.attachment"][attachment["id"]]
            del self.store.tables[model][record_id]
        return True

    def _create_one(self, model: str, values: dict[str, Any]) -> int:
        self.store.check_fields(model, values)
        children = {field: values[field] for field in ONE2MANY if field in values}
        plain = {field: self._value(field, value) for field, value in values.items() if field not in children}
        record_id = self.store.insert(model, _defaults(model) | plain)
        for field, commands in children.items():
            child_model, inverse = ONE2MANY[field]
            for command in commands:
                if command[0] == 0:
                    self._create_one(child_model, command[2] | {inverse: record_id})
        self._computed(model, record_id)
        return record_id

    def _value(self, field: str, value: Any) -> Any:
        """x2many commands become a list of ids; referenced records must exist."""
        if field not in RELATED or not value:
            return value
        ids = _command_ids(value) if isinstance(value, list) else [value]
        for record_id in ids:
            self._existing(RELATED[field], record_id)
        return ids if isinstance(value, list) else value

    def _computed(self, model: str, record_id: int) -> None:
        row = self.store.get(model, record_id)
        assert row is not None
        if model == "res.partner":
            self.store.update(model, record_id, {"commercial_partner_id": row["parent_id"] or record_id})
        elif model == "account.move.line":
            self.store.update(model, record_id, {"price_subtotal": round(row["quantity"] * row["price_unit"], 2)})
        elif model == "account.move":
            lines = self.store.select("account.move.line", lambda line: line["move_id"] == record_id)
            untaxed = sum(Decimal(str(line["price_subtotal"])) for line in lines)
            tax = sum(Decimal(str(line["price_subtotal"])) * self._rate(line["tax_ids"]) / 100 for line in lines)
            self.store.update(model, record_id, {
                "invoice_line_ids": [line["id"] for line in lines], "amount_untaxed": float(untaxed),
                "amount_tax": float(round(tax, 2)), "amount_total": float(round(untaxed + tax, 2))})
        elif model == "sale.order":
            lines = self.store.select("sale.order.line", lambda line: line["order_id"] == record_id)
            self.store.update(model, record_id, {"order_line": [line["id"] for line in lines],
                                                 "name": f"S{record_id:05d}"})

    def _rate(self, tax_ids: list[int]) -> Decimal:
        taxes = [self.store.get("account.tax", tax_id) or {} for tax_id in tax_ids or []]
        return sum((Decimal(str(tax["amount"])) for tax in taxes if tax.get("amount_type") == "percent"), Decimal(0))

    def _existing(self, model: str, record_id: int) -> dict[str, Any]:
        row = self.store.get(model, record_id)
        if row is None:
            raise OdooError("odoo.exceptions.MissingError",
                            f"Record does not exist or has been deleted.\n(Record: {model}({record_id},), User: 2)")
        return row

    def _search(self, model: str, domain: list[Any]) -> list[dict[str, Any]]:
        mentions_active = any(isinstance(leaf, list | tuple) and leaf[0] == "active" for leaf in domain)
        skip_archived = model in _ARCHIVABLE and not mentions_active
        return self.store.select(model, lambda row: (not skip_archived or row["active"] is not False)
                                 and self._matches(model, row, domain))

    def _matches(self, model: str, row: dict[str, Any], domain: list[Any]) -> bool:
        """Polish notation: operators apply to the next one or two terms; the rest are ANDed."""
        stack: list[bool] = []
        for item in reversed(domain):
            if item == "!":
                stack.append(not stack.pop())
            elif item in ("&", "|"):
                first, second = stack.pop(), stack.pop()
                stack.append(first and second if item == "&" else first or second)
            else:
                field, operator, operand = item
                self.store.check_fields(model, [field])
                stack.append(compare(row[field], operator, operand))
        return all(stack)

    def _format(self, model: str, row: dict[str, Any], fields: list[str] | None) -> dict[str, Any]:
        wanted = fields or sorted(SCHEMA[model])
        self.store.check_fields(model, wanted)
        return {"id": row["id"]} | {field: self._shown(field, row[field]) for field in wanted}

    def _shown(self, field: str, value: Any) -> Any:
        if field in RELATED and isinstance(value, int) and not isinstance(value, bool) and field not in ("tax_ids", "tax_id"):
            target = self.store.get(RELATED[field], value) or {}
            return [value, target.get("name") or f"{RELATED[field]},{value}"]
        return value


def _command_ids(commands: list[Any]) -> list[int]:
    """(6, 0, ids) replaces the set, (4, id) adds one; (0, 0, values) children are made apart."""
    ids: list[int] = []
    for command in commands:
        if command[0] == 6:
            ids = list(command[2])
        elif command[0] == 4:
            ids.append(command[1])
    return ids


def _defaults(model: str) -> dict[str, Any]:
    return {
        "res.partner": {"active": True},
        "account.move": {"name": "/", "state": "draft", "payment_state": "not_paid"},
        "sale.order": {"state": "draft"},
    }.get(model, {"active": True} if model in _ARCHIVABLE else {})
