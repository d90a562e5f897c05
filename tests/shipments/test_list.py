from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from unicon.core.roles import Role

from .conftest import START


def _walk(client, **params):
    seen, cursor, pages = [], None, 0
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = client.get("/api/shipments", query)
        assert response.status_code == 200, response.content
        page = response.json()
        seen += [item["id"] for item in page["items"]]
        pages += 1
        cursor = page["nextCursor"]
        if not cursor:
            return seen, pages


def test_keyset_pagination_walks_every_row_once(ops_api, shipment_in):
    # Several shipments share a planned start, so the id breaks ties.
    made = [
        shipment_in(
            planned_start=START + timedelta(hours=i // 2), planned_end=START + timedelta(days=2)
        )
        for i in range(7)
    ]
    seen, pages = _walk(ops_api, limit=2)
    assert pages == 4
    assert len(seen) == len(set(seen)) == 7
    assert set(seen) == {str(s.public_id) for s in made}
    # Newest planned start first.
    starts = {str(s.public_id): s.planned_start for s in made}
    assert [starts[i] for i in seen] == sorted(starts.values(), reverse=True)


@pytest.fixture
def _no_session_touch(settings):
    """The session's last-seen time is written at most once per interval; keep that write out
    of the counted requests."""
    settings.SESSION_TOUCH_INTERVAL = timedelta(days=1)


def test_status_filter_reads_the_page_without_distinct(ops_api, shipment_in):
    """A list filter on a plain column adds no DISTINCT: with it PostgreSQL sorts every
    matching shipment before taking the page (the 1 M benchmark's "list by status+date")."""
    shipment_in()
    with CaptureQueriesContext(connection) as ctx:
        response = ops_api.get("/api/shipments", {"status": "DRAFT,PENDING"})
    assert response.status_code == 200
    assert not [q["sql"] for q in ctx.captured_queries if "DISTINCT" in q["sql"].upper()]


@pytest.mark.usefixtures("_no_session_touch")
def test_query_count_does_not_grow_with_page_size(ops_api, shipment_in):
    for _ in range(22):
        shipment_in()

    def queries(limit):
        with CaptureQueriesContext(connection) as ctx:
            response = ops_api.get("/api/shipments", {"limit": limit})
        assert response.status_code == 200
        assert len(response.json()["items"]) == limit
        return [q["sql"] for q in ctx.captured_queries]

    queries(1)  # warm-up: per-process caches filled on a first request
    small, large = queries(2), queries(20)
    assert len(small) == len(large), (small, large)


@pytest.mark.usefixtures("_no_session_touch")
def test_events_query_count_constant(ops_api, shipment_in):
    from unicon.shipments import services

    shipment = shipment_in("DISPATCHED")
    for i in range(20):
        services.append_event(shipment, "NOTE", actor=None, note=f"n{i}")

    def queries(limit):
        with CaptureQueriesContext(connection) as ctx:
            response = ops_api.get(f"/api/shipments/{shipment.public_id}/events", {"limit": limit})
        assert response.status_code == 200
        return [q["sql"] for q in ctx.captured_queries]

    queries(1)  # warm-up: per-process caches filled on a first request
    small, large = queries(2), queries(20)
    assert len(small) == len(large), (small, large)


def test_filters(ops_api, shipment_in, company, other_company):
    a = shipment_in("DRAFT", container_number="CSQU3054383", booking_number="BKHCM001")
    b = shipment_in("PENDING", customer=other_company, shipment_type="EXPORT")
    c = shipment_in(
        "CANCELLED",
        planned_start=START + timedelta(days=3),
        planned_end=START + timedelta(days=4),
    )

    def ids(**params):
        response = ops_api.get("/api/shipments", params)
        assert response.status_code == 200, response.content
        return {item["id"] for item in response.json()["items"]}

    A, B, C = (str(s.public_id) for s in (a, b, c))
    assert ids() == {A, B, C}
    assert ids(status="DRAFT") == {A}
    assert ids(status="DRAFT,PENDING") == {A, B}
    assert ids(customer=str(other_company.public_id)) == {B}
    assert ids(type="EXPORT") == {B}
    assert ids(type="import") == {A, C}
    # START is 08:00 on 1 December in Vietnam; C starts on 4 December.
    assert ids(dateFrom="2026-12-02") == {C}
    assert ids(dateTo="2026-12-01") == {A, B}
    assert ids(dateFrom="2026-12-01", dateTo="2026-12-01") == {A, B}
    assert ids(q=a.number) == {A}
    assert ids(q="csqu305") == {A}
    assert ids(q="bkhcm") == {A}
    assert ids(q="nothing") == set()
    assert ids(documentStatus="DOC_PENDING") == {A, B, C}
    assert ids(financialStatus="NOT_BILLED") == {A, B, C}
    assert ids(financialStatus="PAID") == set()
    assert ids(priority="NORMAL") == {A, B, C}
    assert ids(priority="URGENT") == set()
    assert ops_api.get("/api/shipments", {"priority": "ASAP"}).status_code == 400
    assert ops_api.get("/api/shipments", {"status": "FLYING"}).status_code == 400
    assert ops_api.get("/api/shipments", {"cursor": "garbage!"}).status_code == 400


def test_extension_filters(ops_api, shipment_in, monkeypatch):
    from unicon.shipments import filters

    shipment_in()
    b = shipment_in()
    monkeypatch.setattr(filters, "_LIST_FILTERS", {})
    response = ops_api.get("/api/shipments", {"vehicle": "51C12345"})
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"vehicle": ["unknown"]}

    filters.register_list_filter("driver", lambda qs, value: qs.filter(number=value))
    response = ops_api.get("/api/shipments", {"driver": b.number})
    assert [i["id"] for i in response.json()["items"]] == [str(b.public_id)]


def test_customer_list_shows_only_own_company(
    make_user, api_login, company, other_company, shipment_in
):
    mine = shipment_in()
    shipment_in(customer=other_company)
    client = api_login(make_user(Role.CUSTOMER_OPS, customer=company))
    items = client.get("/api/shipments").json()["items"]
    assert [i["id"] for i in items] == [str(mine.public_id)]
    # Filtering by another company's id shows nothing rather than its shipments.
    items = client.get("/api/shipments", {"customer": str(other_company.public_id)}).json()["items"]
    assert items == []


def test_driver_without_tasks_sees_nothing(make_user, api_login, shipment_in):
    shipment_in()
    client = api_login(make_user(Role.DRIVER))
    assert client.get("/api/shipments").json()["items"] == []


def test_accounting_sees_every_shipment(make_user, api_login, shipment_in, other_company):
    shipment_in()
    shipment_in(customer=other_company)
    client = api_login(make_user(Role.ACCOUNTING))
    assert len(client.get("/api/shipments").json()["items"]) == 2
