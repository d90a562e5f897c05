"""Passwords like `aaaaaaaaaaaa` or `123456789012` are refused by a strength estimator, with
the message in the language of the request (issue 12, item 10)."""

import pytest

from unicon.core.roles import Role


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "123456789012", "qwertyuiopas"])
@pytest.mark.parametrize(("language", "says"), [("vi", "quá dễ đoán"), ("en", "too easy to guess")])
def test_weak_long_passwords_are_refused(make_user, api_login, password, language, says):
    admin = api_login(make_user(Role.ADMIN))
    response = admin.post(
        "/api/users",
        {"email": "new@unicon.local", "fullName": "Người Mới", "role": "OPS", "password": password},
        headers={"Accept-Language": language},
    )
    assert response.status_code == 400, response.content
    assert says in response.json()["error"]["message"]


def test_a_phrase_of_unrelated_words_is_accepted(make_user, api_login):
    admin = api_login(make_user(Role.ADMIN))
    response = admin.post(
        "/api/users",
        {
            "email": "new@unicon.local",
            "fullName": "Người Mới",
            "role": "OPS",
            "password": "xe đầu kéo chạy cảng Cát Lái",
        },
    )
    assert response.status_code == 201, response.content
