"""The test cast of architecture.md as demo data: used by `seed_demo` and by the test fixtures."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from accounts.models import Nation, Organisation, RoleGrant, Setting, User

DEMO_PASSWORD = "signpost-demo-passphrase"  # noqa: S105 - demo data, printed by seed_demo


@dataclass(frozen=True)
class DemoOrg:
    key: str
    name: str
    nation: str
    first_responder: bool
    duty_to_notify: bool
    ictg_available: bool
    email_domains: tuple[str, ...]
    signs_setting: str = ""
    # Issue 14: the organisation as the NRM form lists it, and its team inbox.
    nrm_organisation: str = ""
    team_inbox: str = ""


@dataclass(frozen=True)
class DemoPerson:
    key: str
    full_name: str
    email: str
    org: str
    roles: tuple[str, ...]
    # Issue 14: as the person gave them on "Your details" (Ofcom's drama numbers).
    job_title: str = ""
    phone: str = ""


ORGS = (
    DemoOrg(
        "northgate",
        "Northgate School",
        Nation.ENGLAND,
        False,
        False,
        True,
        ("northgate.example",),
        Setting.SCHOOL,
    ),
    DemoOrg(
        "riverside",
        "Riverside Council",
        Nation.ENGLAND,
        True,
        True,
        True,
        ("riverside.example",),
        Setting.HOME,
        # A real value from the form's list (referrals/official/data/lists/organisations.txt):
        # the demo council stands in for a real one on the answer sheet.
        nrm_organisation="Kirklees Council",
        team_inbox="safeguarding@riverside.example",
    ),
)

PEOPLE = (
    DemoPerson("priya", "Priya Shah", "priya@northgate.example", "northgate", ("practitioner",)),
    DemoPerson(
        "lee",
        "Lee Morgan",
        "lee@northgate.example",
        "northgate",
        ("lead",),
        job_title="Designated safeguarding lead",
        phone="01632 960 201",
    ),
    DemoPerson("ada", "Ada Okafor", "ada@northgate.example", "northgate", ("admin",)),
    DemoPerson("ana", "Ana Costa", "ana@northgate.example", "northgate", ("analyst",)),
    DemoPerson(
        "omar",
        "Omar Haddad",
        "omar@riverside.example",
        "riverside",
        ("lead",),
        job_title="Adult safeguarding practitioner",
        phone="01632 960 114",
    ),
)


@dataclass
class Cast:
    orgs: dict[str, Organisation]
    people: dict[str, User]
    backup_codes: dict[str, str]


def ensure_backup_code(user: User) -> str:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="backup", defaults={"confirmed": True}
    )
    token = device.token_set.order_by("id").first()
    if token is None:
        token = StaticToken.objects.create(device=device, token=StaticToken.random_token())
    return token.token


@transaction.atomic
def load_cast(*, password: str = DEMO_PASSWORD, with_mfa: bool = True) -> Cast:
    orgs: dict[str, Organisation] = {}
    for spec in ORGS:
        org, _ = Organisation.objects.update_or_create(
            name=spec.name,
            defaults={
                "nation": spec.nation,
                "first_responder": spec.first_responder,
                "duty_to_notify": spec.duty_to_notify,
                "ictg_available": spec.ictg_available,
                "email_domains": list(spec.email_domains),
                "signs_setting": spec.signs_setting,
                "nrm_organisation": spec.nrm_organisation,
                "team_inbox": spec.team_inbox,
            },
        )
        orgs[spec.key] = org
    people: dict[str, User] = {}
    codes: dict[str, str] = {}
    for person in PEOPLE:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = User.objects.create_user(
                email=person.email,
                password=password,
                full_name=person.full_name,
                organisation=orgs[person.org],
                job_title=person.job_title,
                phone=person.phone,
            )
        for role in person.roles:
            RoleGrant.objects.get_or_create(user=user, role=role)
        if with_mfa and user.mfa_required():
            # Backup codes only: a newcomer signs in with the printed code, then adds their own
            # authenticator app from "Your account".
            codes[person.key] = ensure_backup_code(user)
        people[person.key] = user
    return Cast(orgs=orgs, people=people, backup_codes=codes)
