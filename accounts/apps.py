from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Organisations and people"

    def ready(self) -> None:
        from accounts import panels, reauth, signals  # noqa: F401
        from core.forms import register_password_check

        # Every step-up prompt (core.forms.PasswordConfirmMixin) checks through accounts.reauth.
        register_password_check(reauth.confirm_password)
        # People, the audit log and "Your account" on the home page and in the menu
        # (core/panels.py).
        panels.register()
