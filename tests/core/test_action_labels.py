"""Every audit action the code can write has a person's label on the audit page (no raw
`invoice.status`): the actions are read from the code (`audit.labelled(…)`, `audit.log(…)`),
and the call sites that compose an action name list what they can compose."""

import re
from pathlib import Path

from django.test import Client
from django.utils import translation

from unicon.billing.invoicing import STATEMENT_MOVES
from unicon.core import audit
from unicon.core.history import action_label
from unicon.core.models import AuditEntry
from unicon.core.roles import Role
from unicon.costs.models import FuelLog, PurchaseInvoice, RepairLog, ReviewStatus
from unicon.dispatch.trips import _VISITS
from unicon.shipments.services import _STATUS_LABEL

SRC = Path(__file__).resolve().parents[2] / "src" / "unicon"
CALL = re.compile(r"(?:\blabelled|\baudit\.log)\(\s*([^()]*)\)", re.S)
ACTION = re.compile(r'(?<![\w{])"([a-z_]+\.[a-z_]+)"')

#: The call sites whose action is composed or passed in: (file, argument) → what they write.
COMPOSED = {
    ("costs/services.py", 'f"{model._meta.model_name}.{target.lower()}"'): [
        f"{model._meta.model_name}.{target.lower()}"
        for model in (FuelLog, RepairLog, PurchaseInvoice)
        for target in (ReviewStatus.CONFIRMED, ReviewStatus.REJECTED)
    ],
    ("costs/services.py", 'f"{owner}.file"'): ["fuel_log.file", "repair_log.file"],
    ("billing/invoicing.py", 'f"statement.{action}"'): [f"statement.{a}" for a in STATEMENT_MOVES],
    ("dispatch/trips.py", "label"): [label for _kind, label in _VISITS.values()],
    ("accounts/services.py", 'f"user.{reason}"'): [
        "user.password_set",
        "user.password_change",
        "user.password_reset",
    ],
    ("core/crud.py", "label"): [
        "customer.activate",
        "customer.deactivate",
        "vehicle.status_change",
        "driver.status_change",
    ],
    ("pods/services.py", "action"): ["pod.correct", "pod.upload"],
    ("shipments/services.py", '_STATUS_LABEL.get(target, "shipment.status")'): [
        *_STATUS_LABEL.values(),
        "shipment.status",
    ],
    ("core/audit.py", "action: str"): [],  # the definitions of `labelled` and `log`
}


def written_actions() -> set[str]:
    """The action names the code writes, read from its calls (fails on an unlisted composed
    one, so a new call site is labelled when it is written)."""
    actions: set[str] = set()
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for match in CALL.finditer(path.read_text(encoding="utf-8")):
            argument = match.group(1).split(",")[0].strip()
            names = ACTION.findall(argument)
            if names or argument.startswith('"'):  # a literal (or a docstring's example)
                actions.update(names)
                continue
            site = (path.relative_to(SRC).as_posix(), argument)
            assert site in COMPOSED, f"list what {site} writes in COMPOSED"
            actions.update(COMPOSED[site])
    return actions


def test_every_action_the_code_writes_has_a_label():
    actions = written_actions()
    assert {"invoice.status", "invoice.issue", "shipment.financial_status"} <= actions
    assert len(actions) > 80
    with translation.override("vi"):
        unlabelled = sorted(a for a in actions if action_label(AuditEntry(action=a)) == a)
    assert not unlabelled


def test_a_tracked_models_own_saves_are_named_from_the_model():
    with translation.override("vi"):
        for model in audit._tracked:
            for verb in ("create", "update", "delete"):
                action = f"{model._meta.model_name}.{verb}"
                entry = AuditEntry(action=action, object_type=model._meta.label_lower)
                assert action_label(entry) != action


def test_the_audit_page_shows_labels_not_action_codes(make_user):
    ops = make_user(role=Role.OPS)
    for action in ("invoice.status", "invoice.issue", "shipment.financial_status"):
        audit.log(action, ops)
    client = Client()
    client.force_login(ops)
    body = client.get("/audit/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    for code in ("invoice.status", "invoice.issue", "shipment.financial_status"):
        assert f"<td>{code}</td>" not in body
    assert "Đổi trạng thái tài chính" in body and "Đổi trạng thái hóa đơn" in body
