"""Each connector paces its calls when configured to: the throttle spaces calls evenly, and
every transport waits on it before each request. Time is simulated: nothing here sleeps."""

from mailroom.adapters.erp.base import Throttle
from mailroom.adapters.erp.erpnext.client import FrappeClient
from mailroom.adapters.erp.odoo.client import OdooClient
from mailroom.adapters.erp.webhook.client import WebhookClient
from mailroom.standins.webhook_receiver import WebhookReceiver

from tests.integration.erp.conftest import ErpNextWorld, OdooWorld, Switchboard


class SimulatedTime:
    def __init__(self) -> None:
        self.now, self.slept = 100.0, []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds

    def throttle(self, per_second: float) -> Throttle:
        return Throttle(per_second, clock=self.clock, sleep=self.sleep)


def test_calls_are_spaced_evenly_and_idle_time_is_not_saved_up():
    time = SimulatedTime()
    throttle = time.throttle(4)

    for _ in range(3):
        throttle.wait()
    time.now += 10  # a quiet spell: the next call goes at once, the one after waits again
    throttle.wait()
    throttle.wait()

    assert time.slept == [0.25, 0.25, 0.25]


def test_no_limit_never_waits():
    time = SimulatedTime()
    throttle = time.throttle(0)
    for _ in range(5):
        throttle.wait()
    assert time.slept == []


def test_every_transport_waits_before_each_request(odoo: OdooWorld, erpnext: ErpNextWorld, board: Switchboard):
    time = SimulatedTime()
    board.plug(odoo.standin)
    for protocol in ("xmlrpc", "jsonrpc"):
        client = OdooClient(odoo.url, "acme", "api@acme.test", "odoo-key", protocol=protocol,  # type: ignore[arg-type]
                            throttle=time.throttle(2))
        client.execute("res.partner", "search", [])  # authenticate, then search: two requests
        client.execute("res.partner", "search", [])
    board.plug(erpnext.standin)
    frappe = FrappeClient(erpnext.url, "erpnext-key", "erpnext-secret", throttle=time.throttle(2))
    frappe.list("Supplier", [], ["name"])
    frappe.list("Supplier", [], ["name"])
    hook = WebhookClient(f"{board.plug(WebhookReceiver('s'))}/hook", "s", throttle=time.throttle(2))
    hook.send({"a": 1}, "k1")
    hook.send({"a": 1}, "k2")

    assert time.slept == [0.5, 0.5] + [0.5, 0.5] + [0.5] + [0.5]
