"""Password storage and policy with the real settings (the test suite hashes with MD5 for speed)."""

import os
import subprocess
import sys

import pytest

CODE = """
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
print(make_password("a long enough pass phrase").split("$")[0])
for candidate in [
    "short pw", "password12345", "x" * 129, "xe đầu kéo chạy cảng Cát Lái",
    "aaaaaaaaaaaa", "123456789012", "y7" * 32,
]:
    try:
        validate_password(candidate)
        print("ok")
    except ValidationError as exc:
        print("refused", exc.error_list[0].code)
"""


@pytest.mark.django_db(databases=[])
def test_argon2_and_the_password_policy(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "unicon.cli", "shell", "-v", "0", "-c", CODE],
        env={**os.environ, "UNICON_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:8] == [
        "argon2",
        "refused password_too_short",
        "refused password_too_common",
        "refused password_too_long",
        "ok",
        "refused password_too_weak",  # long, but guessed at once (zxcvbn)
        "refused password_too_weak",
        "refused password_too_weak",
    ]
