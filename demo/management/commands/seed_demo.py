from typing import Any

from django.core.management.base import BaseCommand

from accounts.demo import DEMO_PASSWORD, PEOPLE, load_cast
from referrals.demo import load_demo_cases


class Command(BaseCommand):
    help = (
        "Load the demo organisations, people, cases and draft referrals "
        "(safe to run again: nothing is duplicated)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        cast = load_cast()
        self.stdout.write(f"Demo sign-ins (password for everyone: {DEMO_PASSWORD})")
        for spec in PEOPLE:
            user = cast.people[spec.key]
            line = f"  {user.email:<28} {', '.join(spec.roles):<14} {user.organisation.name}"
            if spec.key in cast.backup_codes:
                line += f"   backup code: {cast.backup_codes[spec.key]}"
            self.stdout.write(line)
        self.stdout.write(
            "Leads and admins need a second factor: use the backup code shown (each works once; "
            "run `make seed` for a fresh one), then add an authenticator app from 'Your account' "
            "(it asks for your password, and for a code while you have one left)."
        )
        for org in cast.orgs.values():
            domains = ", ".join(org.email_domains) or "none: nobody can be added"
            self.stdout.write(f"New accounts at {org.name} must use: {domains}")
        demo = load_demo_cases(cast)
        self.stdout.write("Demo cases (run `manage.py nrm_export REFERRAL` for the answer sheet):")
        for key, refs in demo.items():
            self.stdout.write(f"  {key:<18} case {refs['case']}   referral {refs['referral']}")
