from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "Referrals"

    def ready(self) -> None:
        # The case page shows the case's referrals and handovers, and the queue the handovers
        # waiting and the referral deadlines passed; cases (a lower layer) cannot import
        # referrals, so referrals registers its panels (cases/panels.py), and its menu item
        # (core/panels.py).
        from referrals import panels

        panels.register()
