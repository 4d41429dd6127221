from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit"

    def ready(self) -> None:
        # Each app declares the audit event kinds it writes in its own audit_kinds.py
        # (audit/kinds.py); loading them here keeps lower apps free of imports of higher ones.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("audit_kinds")
