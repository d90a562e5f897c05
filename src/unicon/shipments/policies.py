"""Who may do what to a shipment now, and why not (DOMAIN.md Part A §2, §4.6).

The one place for the shipment role sets, the status machine and the status sets.
`shipments.services` enforces these decisions, the API lists them as `allowedMoves`,
`allowedDocumentMoves` and `allowedActions`, the pages only read them.
"""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from unicon.core.permissions import has_role
from unicon.core.policy import ALLOW, Decision, conflict, forbid, role
from unicon.core.roles import ADMIN_ONLY, CUSTOMER_ROLES, Role, is_customer
from unicon.shipments.labels import status_label
from unicon.shipments.models import DocumentStatus, OperationStatus, ReviewStatus

S = OperationStatus
D = DocumentStatus
R = ReviewStatus

#: The operation-status machine: every legal move. DISPATCHED → PENDING is the dispatcher's
#: "unassign"; DRAFT → PENDING is "submit"; PENDING → DRAFT is the ops review's "send back".
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.DRAFT: (S.PENDING, S.CANCELLED),
    S.PENDING: (S.DISPATCHED, S.DRAFT, S.CANCELLED),
    S.DISPATCHED: (S.IN_TRANSIT, S.PENDING, S.CANCELLED),
    S.IN_TRANSIT: (S.DELIVERED, S.CANCELLED),
    S.DELIVERED: (),
    S.CANCELLED: (),
}

DOCUMENT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    D.DOC_PENDING: (D.DOC_RECEIVED,),
    D.DOC_RECEIVED: (D.DOC_RETURNED,),
    D.DOC_RETURNED: (),
}

#: Operation-status moves that only dispatch and driver execution make (not `PATCH …/status`).
DISPATCH_ONLY = frozenset({S.DISPATCHED, S.IN_TRANSIT, S.DELIVERED})

#: Who reviews customers' requests (accept, send back, reject), and the decisions.
REVIEW_ROLES = frozenset({Role.OPS})
REVIEW_DECISIONS = {"accept": R.ACCEPTED, "return": R.RETURNED, "reject": R.REJECTED}
#: Review decisions that need a reason the customer reads.
REASON_REQUIRED = frozenset({R.RETURNED, R.REJECTED})

#: Internal users that may edit a shipment, and while which statuses.
EDITOR_ROLES = frozenset({Role.OPS})
EDITABLE_STATUSES = frozenset({S.DRAFT, S.PENDING})
#: Who may create shipments and ask for status moves (customer users for their own company
#: only; each move has its own rule in `may_move`).
ACTOR_ROLES = frozenset({Role.OPS, Role.DISPATCHER, *CUSTOMER_ROLES})
#: The ops pages (list, detail, create) and who sees inactive stop templates.
OFFICE_ROLES = frozenset({Role.OPS, Role.DISPATCHER})
#: Who moves the document status and verifies documents.
DOCUMENT_ROLES = frozenset({Role.OPS})
#: Who maintains stop templates and customers' overrides.
TEMPLATE_ADMIN_ROLES = ADMIN_ONLY
#: Who may submit (DRAFT → PENDING) through `PATCH …/status`.
SUBMIT_ROLES = frozenset({Role.OPS, *CUSTOMER_ROLES})
#: The statuses from which each role may cancel (ADMIN: any legal move).
CANCELLABLE: dict[str, frozenset[str]] = {
    Role.DISPATCHER: frozenset({S.DRAFT, S.PENDING, S.DISPATCHED, S.IN_TRANSIT}),
    Role.OPS: frozenset({S.DRAFT, S.PENDING, S.DISPATCHED}),
    Role.CUSTOMER_OWNER: frozenset({S.DRAFT, S.PENDING}),
    Role.CUSTOMER_OPS: frozenset({S.DRAFT, S.PENDING}),
}
#: No document confirmation on a cancelled shipment.
UNCONFIRMABLE_STATUSES = frozenset({S.CANCELLED})


def _owns(user, shipment) -> bool:
    return not is_customer(user) or shipment.customer_id == user.customer_id


def illegal_move(current: str, target: str, machine: dict[str, tuple[str, ...]]) -> Decision:
    """The 409 for a move not in `machine`, naming the allowed ones."""
    allowed = list(machine.get(current, ()))
    names = {"from": status_label(current), "to": status_label(target)}
    if allowed:
        message = _("Cannot move from %(from)s to %(to)s; allowed: %(allowed)s.") % {
            **names,
            "allowed": ", ".join(status_label(a) for a in allowed),
        }
    else:
        message = _("Cannot move from %(from)s to %(to)s: %(from)s is final.") % names
    return conflict(message, {"from": current, "to": target, "allowed": allowed})


def _not_patch(current: str, target: str) -> bool:
    """Moves made by dispatch (unassign), the driver or the ops review, not `PATCH …/status`."""
    return (
        target in DISPATCH_ONLY
        or (target == S.PENDING and current == S.DISPATCHED)
        or (target == S.DRAFT and current == S.PENDING)
    )


def patch_moves(current: str) -> list[str]:
    """Moves of the machine that `PATCH …/status` makes (not dispatch or the driver's)."""
    return [t for t in TRANSITIONS.get(current, ()) if not _not_patch(current, t)]


def _role_may_move(user, shipment, current: str, target: str) -> bool:
    """The role table of DOMAIN.md Part A §2 for moves made through `PATCH …/status`."""
    if has_role(user, ADMIN_ONLY):
        return True
    if not _owns(user, shipment):
        return False
    if target == S.PENDING:
        return current == S.DRAFT and has_role(user, SUBMIT_ROLES)
    return target == S.CANCELLED and current in CANCELLABLE.get(user.role, ())


def may_move(user, shipment, target: str) -> Decision:
    """May `user` move the operation status of `shipment` to `target` through PATCH?

    409 for a move made by dispatch/driver check-in or not in the machine (details: from,
    to, allowed), 403 for a role that may not make this legal move.
    """
    current = shipment.operation_status
    if target == current:
        return illegal_move(current, target, TRANSITIONS)
    if target == S.DRAFT and current == S.PENDING:
        return conflict(
            _("A request is sent back through the ops review, not by a status change."),
            {"from": current, "to": target, "allowed": patch_moves(current)},
        )
    if _not_patch(current, target):
        return conflict(
            _(
                "%(to)s is set by dispatching the shipment and by the driver's check-in and "
                "check-out, not by a status change."
            )
            % {"to": status_label(target)},
            {"from": current, "to": target, "allowed": patch_moves(current)},
        )
    if target not in TRANSITIONS.get(current, ()):
        return illegal_move(current, target, TRANSITIONS)
    if not _role_may_move(user, shipment, current, target):
        return forbid(
            _("Your role may not move this shipment from %(from)s to %(to)s.")
            % {"from": status_label(current), "to": status_label(target)}
        )
    return ALLOW


def may_move_documents(user, shipment, target: str) -> Decision:
    """Document status moves: the machine first (409), then the role (OPS/ADMIN, 403)."""
    current = shipment.document_status
    if target not in DOCUMENT_TRANSITIONS.get(current, ()):
        return illegal_move(current, target, DOCUMENT_TRANSITIONS)
    return role(user, DOCUMENT_ROLES)


def allowed_status_moves(user, shipment) -> list[str]:
    """Operation statuses `user` may set now through `PATCH …/status` (for buttons)."""
    return [t for t in patch_moves(shipment.operation_status) if may_move(user, shipment, t)]


def allowed_document_moves(user, shipment) -> list[str]:
    """Document statuses `user` may set now (OPS/ADMIN only)."""
    if not has_role(user, DOCUMENT_ROLES):
        return []
    return list(DOCUMENT_TRANSITIONS.get(shipment.document_status, ()))


def may_create(user) -> Decision:
    return role(user, ACTOR_ROLES)


def may_edit(user, shipment) -> Decision:
    """`PUT /api/shipments/{id}`: OPS/ADMIN while DRAFT or PENDING; the owning customer while
    DRAFT."""
    status = shipment.operation_status
    if is_customer(user):
        if not _owns(user, shipment):
            return forbid()
        if status != S.DRAFT:
            return conflict(
                _("You can only change a request while it is a draft."), {"status": status}
            )
        return ALLOW
    if not has_role(user, EDITOR_ROLES):
        return forbid()
    if status not in EDITABLE_STATUSES:
        return conflict(
            _("A shipment cannot be edited once it is %(status)s.")
            % {"status": status_label(status)},
            {"status": status},
        )
    return ALLOW


def may_confirm_documents(user, shipment) -> Decision:
    """DOMAIN.md §4.6: the owning customer confirms that every document arrived; not on a
    cancelled shipment (a repeat is answered by the service with the first confirmation)."""
    if not is_customer(user) or not _owns(user, shipment):
        return forbid(_("Only the customer confirms that the documents were received."))
    if shipment.operation_status in UNCONFIRMABLE_STATUSES:
        return conflict(
            _("The shipment is cancelled; there are no documents to confirm."),
            {"status": shipment.operation_status},
        )
    return ALLOW


def awaiting_review(shipment) -> bool:
    """A customer's submitted request that ops has not accepted yet (not dispatchable)."""
    return shipment.operation_status == S.PENDING and shipment.review_status == R.AWAITING


def may_review(user, shipment) -> Decision:
    """OPS/ADMIN (403) review a customer's PENDING request not yet reviewed (409)."""
    decision = role(user, REVIEW_ROLES)
    if not decision:
        return decision
    if not awaiting_review(shipment):
        return conflict(
            _("Only a submitted request awaiting review can be reviewed; this one is %(status)s.")
            % {"status": status_label(shipment.operation_status)},
            {"status": shipment.operation_status, "review": shipment.review_status},
        )
    return ALLOW


def may_see_inactive_templates(user) -> bool:
    return has_role(user, OFFICE_ROLES)


def allowed_actions(
    user, shipment, *, documents_confirmed: bool = False, extra: dict | None = None
) -> dict[str, Decision]:
    """Every action on the detail page with this user's decision now, by action name.

    `documents_confirmed`: the customer already confirmed (a repeat changes nothing, so the
    action is shown as not available).
    `extra` adds decisions owned by other apps (e.g. dispatch's `dispatch`, PODs'
    `uploadDocument`) — those apps compute them with their own policies.
    """
    moves = {t: may_move(user, shipment, t) for t in (S.PENDING, S.CANCELLED)}
    actions = {
        "edit": may_edit(user, shipment),
        "submit": moves[S.PENDING],
        "cancel": moves[S.CANCELLED],
        "changeDocumentStatus": role(user, DOCUMENT_ROLES)
        if DOCUMENT_TRANSITIONS.get(shipment.document_status)
        else conflict(_("The documents are already returned.")),
        "verifyDocument": role(user, DOCUMENT_ROLES),
        "review": may_review(user, shipment),
        "confirmDocuments": conflict(_("The documents are already confirmed."))
        if documents_confirmed and may_confirm_documents(user, shipment)
        else may_confirm_documents(user, shipment),
    }
    actions.update(extra or {})
    return actions


ActionRule = Callable[[Any, Any], Decision]
_ACTION_RULES: dict[str, ActionRule] = {}


def register_action(name: str, rule: ActionRule) -> None:
    """Let another app add an action to a shipment's `allowedActions` (e.g. dispatch's
    `dispatch`): `rule(user, shipment)` returns that app's policy `Decision`."""
    _ACTION_RULES[name] = rule


def permissions(user, shipment) -> dict[str, Any]:
    """What `user` may do with `shipment` now, as the detail shows it: `allowed_moves`,
    `allowed_document_moves`, `editable` and `allowed_actions` ({action name: Decision},
    with the actions other apps registered). No query of its own (a registered rule may read)."""
    return {
        "allowed_moves": allowed_status_moves(user, shipment),
        "allowed_document_moves": allowed_document_moves(user, shipment),
        "editable": bool(may_edit(user, shipment)),
        "allowed_actions": allowed_actions(
            user,
            shipment,
            documents_confirmed=shipment.documents_confirmed_at is not None,
            extra={name: rule(user, shipment) for name, rule in _ACTION_RULES.items()},
        ),
    }
