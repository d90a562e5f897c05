from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MaximumLengthValidator:
    """Long pass-phrases are welcome; only absurd lengths (a hashing DoS) are refused."""

    def __init__(self, max_length: int = 128) -> None:
        self.max_length = max_length

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                _("This password is longer than %(max)d characters.") % {"max": self.max_length},
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return _("Your password can be up to %(max)d characters long.") % {"max": self.max_length}


class StrengthValidator:
    """Refuse passwords that are easy to guess however long they are (`aaaaaaaaaaaa`,
    `123456789012`, a name plus a year) with the zxcvbn estimator (Dropbox's "realistic
    password strength estimation", USENIX Security 2016): a score below `min_score`
    (0-4; default 3, "safely unguessable: moderate protection from offline attacks") fails.
    The user's e-mail and name count as known words. Messages are ours, so translated."""

    def __init__(self, min_score: int = 3) -> None:
        self.min_score = min_score

    def validate(self, password: str, user=None) -> None:
        from zxcvbn import zxcvbn

        known = [getattr(user, name, "") or "" for name in ("email", "full_name")]
        known += [part for value in known for part in value.replace("@", " ").split()]
        # zxcvbn refuses more than 72 characters; the first 72 of a long phrase tell enough
        result = zxcvbn(password[:72], user_inputs=[k for k in known if k])
        if result["score"] < self.min_score:
            raise ValidationError(
                _(
                    "This password is too easy to guess (repeated or sequential characters, "
                    "common words, names or dates). Use a few unrelated words instead."
                ),
                code="password_too_weak",
            )

    def get_help_text(self) -> str:
        return _("Your password must be hard to guess: a few unrelated words work well.")
