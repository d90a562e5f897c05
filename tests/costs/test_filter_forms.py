"""A list's filter form is built once per FilterSet and language and shared by requests
(`core.filtering.FilterSet`, issue 20): each request still sees its own language, its own
values and its own errors."""

import re

from unicon.core.roles import Role


def _vehicle_label(page: bytes) -> str:
    found = re.search(rb'<label for="id_vehicle">([^<:]+)', page)
    assert found, page.decode()[:2000]
    return found.group(1).decode().strip()


def test_the_shared_filter_form_speaks_each_requests_language(web_login, make_user):
    client = web_login(make_user(Role.OPS))
    labels = []
    for language in ("vi", "en", "vi"):
        client.cookies["django_language"] = language
        page = client.get("/costs/fuel/", headers={"Accept-Language": language})
        assert page.status_code == 200
        labels.append(_vehicle_label(page.content))
    assert labels[0] == labels[2] != labels[1]
    assert labels[1].lower() == "vehicle"


def test_a_bad_filter_value_is_refused_in_its_own_request_only(web_login, make_user):
    client = web_login(make_user(Role.OPS))
    refused = client.get("/costs/fuel/", {"dateFrom": "not-a-date"}).content.decode()
    assert 'class="field invalid"' in refused
    fine = client.get("/costs/fuel/").content.decode()
    assert 'class="field invalid"' not in fine
