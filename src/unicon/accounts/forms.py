from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from unicon.accounts import services
from unicon.core.errors import ValidationFailed


class LoginForm(AuthenticationForm):
    """Django's login form, asking for the e-mail address (field name kept for django-axes)."""

    username = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Invalid e-mail or password."),
    }


class ServicePasswordForm(SetPasswordForm):
    """Sets the password through the accounts service (validation, audit, sessions ended)."""

    reason = "password_reset"

    def save(self, commit: bool = True, keep=None):
        try:
            services.set_password(
                self.user, self.cleaned_data["new_password1"], keep=keep, reason=self.reason
            )
        except ValidationFailed as exc:
            raise forms.ValidationError(exc.message) from exc
        return self.user


class ChangePasswordForm(ServicePasswordForm):
    reason = "password_change"
    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    field_order = ["old_password", "new_password1", "new_password2"]

    def clean_old_password(self) -> str:
        old = self.cleaned_data["old_password"]
        if not self.user.check_password(old):
            raise forms.ValidationError(_("The current password is wrong."))
        return old


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
