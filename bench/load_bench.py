"""Load and faults through the real pages, against gunicorn on PostgreSQL, then a reconciliation.

    .venv/bin/python bench/load_bench.py            # ~8 minutes: steady load, then faults
    .venv/bin/python bench/load_bench.py --quick    # ~2 minutes, smaller and shorter

What it starts (all on 127.0.0.1, all stopped by itself at the end, whatever happens):
- its own PostgreSQL cluster `h1load` on port 5433 (pg_createcluster if missing, dropped at the
  end if it made it; the shared cluster on 5432 is never touched), with a fresh database;
- gunicorn with 3 workers on port 8101 and `manage.py db_worker`, with production settings;
- an SMTP sink (standard library, below) that counts every message it accepts.

Then two runs of the same load, each of bounded length: practitioners sign in (every few
concerns as someone else) and record complete concerns page by page (bench/webclient.py);
leads sign in with a backup code and load their queue and received concerns; one thread asks
for a bare signed-in page (the cookies page) as fast as it can, for the ceiling beside the rest.
The second run adds faults at set moments: SIGKILL of a gunicorn worker, SIGKILL of db_worker
in the middle of a task (the sink holds one message unanswered, so the e-mail task is RUNNING
inside send_mail; restarted two seconds later, as a supervisor would), the SMTP sink stopped
and later started again, and a restart of PostgreSQL. Nothing else is restarted: the
worker must get over the database restart by itself.

Afterwards it waits (bounded) for the e-mails, then reconciles: every concern acknowledged to a
client (its confirmation page showed a reference) is stored exactly once; the audit chain
verifies; the figures check passes; every lead of every stored concern got its e-mail exactly
once at the sink. It prints the figures, writes them to bench/results/, and exits 1 if the
reconciliation found a problem. Not run by CI: `make bench` runs it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import secrets
import signal
import socket
import socketserver
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.webclient import Client, JourneyError  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python")
PG_VERSION = "15"
CLUSTER = "h1load"
DB_PORT = 5433
WEB_PORT = 8101
DATABASE = "signpost_load"
HOST = "signpost.example.org"
PASSWORD = "bench-passphrase-not-secret"  # noqa: S105 (throwaway accounts in a throwaway database)
ORGS = 4
EMAIL_LINK = re.compile(r"/concerns/received/([0-9a-f-]{36})/")


def say(text: str) -> None:
    print(f"[load] {time.strftime('%H:%M:%S')} {text}", flush=True)


# -- the SMTP sink -----------------------------------------------------------------------------


class SmtpSink:
    """Accepts mail on 127.0.0.1:port and keeps (recipient, concern id) for each message."""

    def __init__(self, port: int, delay: float = 0.25) -> None:
        self.port = port
        self.delay = delay  # a real mail server takes a moment too; it widens the RUNNING window
        self.received: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.server: socketserver.ThreadingTCPServer | None = None
        # To kill db_worker in the middle of a task for certain: `hold` makes the next message
        # wait before its answer (its task is then RUNNING, inside send_mail), `held` says one
        # is waiting, `release` lets it go with a temporary failure: the mail server never
        # accepted that message, so it must be sent again by someone.
        self.hold = threading.Event()
        self.held = threading.Event()
        self.release = threading.Event()

    def start(self) -> None:
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                write = self.wfile.write
                write(b"220 sink ready\r\n")
                recipients: list[str] = []
                while line := self.rfile.readline(65536):
                    command = line.decode("latin-1").strip()
                    verb = command[:4].upper()
                    if verb in {"EHLO", "HELO"}:
                        write(b"250 sink\r\n")
                    elif verb == "MAIL":
                        recipients = []
                        write(b"250 OK\r\n")
                    elif verb == "RCPT":
                        recipients.append(command.split(":", 1)[1].strip().strip("<>").lower())
                        write(b"250 OK\r\n")
                    elif verb == "DATA":
                        write(b"354 go ahead\r\n")
                        body = []
                        while (chunk := self.rfile.readline(65536)) not in (b".\r\n", b""):
                            body.append(chunk.decode("utf-8", "replace"))
                        if sink.hold.is_set():
                            sink.hold.clear()
                            sink.held.set()
                            sink.release.wait(60)
                            write(b"451 try again later\r\n")
                            continue
                        time.sleep(sink.delay)
                        found = EMAIL_LINK.search("".join(body))
                        with sink.lock:
                            for to in recipients:
                                sink.received.append((to, found.group(1) if found else "-"))
                        write(b"250 queued\r\n")
                    elif verb == "QUIT":
                        write(b"221 bye\r\n")
                        return
                    else:
                        write(b"250 OK\r\n")

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


# -- processes ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pg(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, check=check, timeout=120)


def psql(sql: str, database: str = "postgres") -> str:
    done = pg(
        "psql", "-h", "127.0.0.1", "-p", str(DB_PORT), "-U", "postgres", "-d", database,
        "-v", "ON_ERROR_STOP=1", "-At", "-c", sql,
    )  # fmt: skip
    return done.stdout.strip()


def cluster_exists() -> bool:
    return Path(f"/etc/postgresql/{PG_VERSION}/{CLUSTER}").exists()


def cluster_up() -> None:
    if not cluster_exists():
        say(f"creating PostgreSQL cluster {CLUSTER} on port {DB_PORT}")
        pg("pg_createcluster", PG_VERSION, CLUSTER, "-p", str(DB_PORT))
        conf = Path(f"/etc/postgresql/{PG_VERSION}/{CLUSTER}")
        hba = conf / "pg_hba.conf"
        hba.write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n"
        )
        with (conf / "postgresql.conf").open("a") as settings:
            settings.write("listen_addresses = '127.0.0.1'\nmax_connections = 200\n")
    status = pg(
        "pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, CLUSTER, "status", check=False
    )
    if status.returncode != 0:
        pg("pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, CLUSTER, "start")
    for _ in range(60):
        if (
            pg("pg_isready", "-q", "-h", "127.0.0.1", "-p", str(DB_PORT), check=False).returncode
            == 0
        ):
            return
        time.sleep(0.5)
    raise RuntimeError(f"PostgreSQL on {DB_PORT} did not start")


def cluster_restart() -> float:
    started = time.monotonic()
    pg("pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, CLUSTER, "restart", "-m", "fast")
    return time.monotonic() - started


def cluster_drop() -> None:
    pg("pg_dropcluster", "--stop", PG_VERSION, CLUSTER, check=False)


@dataclass
class Services:
    env: dict[str, str]
    logs: Path
    gunicorn: subprocess.Popen | None = None
    worker: subprocess.Popen | None = None
    worker_starts: int = 0

    def _start(self, name: str, args: list[str]) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("a")
        return subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def start_gunicorn(self) -> None:
        gunicorn = str(ROOT / ".venv" / "bin" / "gunicorn")
        self.gunicorn = self._start(
            "gunicorn",
            [gunicorn, "signpost.wsgi", "--bind", f"127.0.0.1:{WEB_PORT}", "--workers", "3",
             "--timeout", "60", "--no-control-socket"],
        )  # fmt: skip

    def start_worker(self) -> None:
        self.worker_starts += 1
        self.worker = self._start("worker", [PY, "manage.py", "db_worker"])

    def gunicorn_workers(self) -> list[int]:
        assert self.gunicorn is not None
        path = Path(f"/proc/{self.gunicorn.pid}/task/{self.gunicorn.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def peak_rss_mib(self) -> list[float]:
        """Each live gunicorn worker's peak resident memory (VmHWM), in MiB."""
        peaks = []
        for pid in self.gunicorn_workers():
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peaks.append(round(int(line.split()[1]) / 1024, 1))
        return peaks

    def stop(self) -> None:
        for process in (self.gunicorn, self.worker):
            if process is not None and process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        for process in (self.gunicorn, self.worker):
            if process is None:
                continue
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def manage(env: dict[str, str], *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=timeout,
    )  # fmt: skip


# -- the load ----------------------------------------------------------------------------------


@dataclass
class Stats:
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    acknowledged: list[dict] = field(default_factory=list)
    journeys_failed: int = 0
    bare: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, label: str, seconds: float, status: int) -> None:
        with self.lock:
            self.timings[label].append(seconds)
            self.statuses[status] += 1
            if status == 0 or status >= 500:
                self.errors[f"{label}: {status or 'no answer'}"] += 1


@dataclass
class People:
    practitioners: list[str]
    leads: list[tuple[str, list[str]]]  # e-mail, unused backup codes
    threads: int = 1  # practitioner threads, each with its own share of the practitioners
    bare: str = ""  # who the bare-view threads sign in as


def practitioner_loop(n: int, people: People, stats: Stats, stop: threading.Event) -> None:
    rng = random.Random(n)
    per_sign_in = 3
    # Each thread has its own practitioners: one person has one draft, so two threads as the
    # same person would be one person in two tabs, writing into the same concern.
    mine = people.practitioners[n :: people.threads]
    stop.wait(rng.uniform(0, 10))  # staggered, so concerns do not all arrive in one wave
    while not stop.is_set():
        email = rng.choice(mine)
        client = Client(f"127.0.0.1:{WEB_PORT}", host=HOST, record=stats.record)
        client.client_ip = f"203.0.113.{n + 1}"
        try:
            client.sign_in(email, PASSWORD)
        except (JourneyError, OSError) as error:
            stats.errors[f"sign-in: {type(error).__name__}"] += 1
            time.sleep(0.5)
            continue
        for _ in range(per_sign_in):
            if stop.is_set():
                break
            marker = f"Load Person {secrets.token_hex(6)}"
            try:
                concern_id, reference = client.submit_concern(name=marker)
            except (JourneyError, OSError) as error:
                with stats.lock:
                    stats.journeys_failed += 1
                    stats.errors[f"journey: {str(error)[:80]}"] += 1
                time.sleep(0.5)
                break  # sign in again: the session may be what went wrong
            with stats.lock:
                stats.acknowledged.append(
                    {"id": concern_id, "reference": reference, "marker": marker, "by": email}
                )
        with contextlib.suppress(JourneyError, OSError):
            client.sign_out()


def lead_loop(n: int, people: People, stats: Stats, stop: threading.Event) -> None:
    email, codes = people.leads[n % len(people.leads)]
    while not stop.is_set():
        client = Client(f"127.0.0.1:{WEB_PORT}", host=HOST, record=stats.record)
        client.client_ip = f"198.51.100.{n + 1}"
        with stats.lock:
            code = codes.pop() if codes else None
        try:
            client.sign_in(email, PASSWORD, code)
            for _ in range(20):
                if stop.is_set():
                    break
                client.get("/cases/", label="lead queue (GET)")
                client.get("/concerns/received/", label="lead received (GET)")
                time.sleep(0.2)
        except (JourneyError, OSError) as error:
            stats.errors[f"lead: {str(error)[:80]}"] += 1
            time.sleep(0.5)


def bare_loop(email: str, stats: Stats, stop: threading.Event) -> None:
    def nothing(label: str, seconds: float, status: int) -> None:
        pass

    while not stop.is_set():
        client = Client(f"127.0.0.1:{WEB_PORT}", host=HOST, record=stats.record)
        try:
            client.sign_in(email, PASSWORD)
            client.record = nothing
            while not stop.is_set():
                response = client.get("/cookies/", label="bare", expect=None)
                if response.status != 200:
                    stats.errors[f"bare: {response.status}"] += 1
                    break
                with stats.lock:
                    stats.bare += 1
        except (JourneyError, OSError) as error:
            stats.errors[f"bare: {type(error).__name__}"] += 1
            time.sleep(0.5)


def run_load(
    name: str,
    seconds: float,
    people: People,
    args: argparse.Namespace,
    faults: threading.Thread | None = None,
) -> dict:
    stats = Stats()
    stop = threading.Event()
    threads = [
        threading.Thread(target=practitioner_loop, args=(i, people, stats, stop), daemon=True)
        for i in range(args.practitioner_threads)
    ]
    threads += [
        threading.Thread(target=lead_loop, args=(i, people, stats, stop), daemon=True)
        for i in range(args.lead_threads)
    ]
    threads += [
        threading.Thread(target=bare_loop, args=(people.bare, stats, stop), daemon=True)
        for _ in range(2)
    ]
    say(f"{name}: {len(threads)} threads for {seconds:.0f} s")
    started = time.monotonic()
    for thread in threads:
        thread.start()
    if faults is not None:
        faults.start()
    stop.wait(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    if faults is not None:
        faults.join(timeout=120)
    elapsed = time.monotonic() - started

    def pct(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    pages = {
        label: {
            "count": len(values),
            "p50_ms": round(statistics.median(values) * 1000, 1),
            "p95_ms": round(pct(values, 0.95), 1),
        }
        for label, values in sorted(stats.timings.items())
    }
    return {
        "seconds": round(elapsed, 1),
        "concerns_acknowledged": len(stats.acknowledged),
        "concerns_per_second": round(len(stats.acknowledged) / elapsed, 2),
        "journeys_failed": stats.journeys_failed,
        "bare_view_per_second": round(stats.bare / elapsed, 1),
        "requests": sum(stats.statuses.values()),
        "statuses": dict(sorted(stats.statuses.items())),
        "errors": dict(stats.errors.most_common(20)),
        "pages": pages,
        "acknowledged": stats.acknowledged,
    }


def fault_plan(
    services: Services, sink: SmtpSink, seconds: float, events: list
) -> threading.Thread:
    """The faults, at fractions of the run: each is logged with its time into the run."""

    def note(text: str) -> None:
        events.append({"at_s": round(time.monotonic() - began, 1), "what": text})
        say(f"fault: {text}")

    def wait_until(fraction: float) -> None:
        time.sleep(max(0.0, began + fraction * seconds - time.monotonic()))

    def plan() -> None:
        wait_until(0.10)
        workers = services.gunicorn_workers()
        if workers:
            os.kill(workers[0], signal.SIGKILL)
            note(f"SIGKILL gunicorn worker {workers[0]}")
        wait_until(0.15)
        sink.hold.set()  # the next e-mail waits: its task is RUNNING until the worker dies
        # Concerns (and so e-mails) can come in waves: wait up to half the run for one.
        mid_task = sink.held.wait(timeout=max(0.0, began + 0.55 * seconds - time.monotonic()))
        sink.hold.clear()
        assert services.worker is not None
        os.killpg(services.worker.pid, signal.SIGKILL)
        services.worker.wait()
        sink.release.set()
        note(
            "SIGKILL db_worker "
            + ("in the middle of sending an e-mail (task RUNNING)" if mid_task else "(idle)")
        )
        time.sleep(2)
        services.start_worker()
        note("db_worker started again (as its supervisor would)")
        wait_until(0.58)
        sink.stop()
        note("SMTP server down")
        wait_until(0.66)
        took = cluster_restart()
        note(f"PostgreSQL restarted ({took:.1f} s)")
        wait_until(0.80)
        sink.start()
        note("SMTP server back")

    began = time.monotonic()

    def start_with_clock() -> None:
        nonlocal began
        began = time.monotonic()
        plan()

    thread = threading.Thread(target=start_with_clock, daemon=True)
    return thread


# -- inside Django (run as `load_bench.py --internal ...` with the bench's settings) -----------


def internal_seed(practitioners: int, leads_per_org: int, codes: int) -> None:
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from accounts.models import Organisation, RoleGrant, User

    password = make_password(PASSWORD)
    people: dict = {"practitioners": [], "leads": []}
    for o in range(ORGS):
        org, _ = Organisation.objects.get_or_create(
            name=f"Load Test Organisation {o + 1}", defaults={"nation": "england"}
        )
        for p in range(practitioners // ORGS):
            user = User.objects.create(
                email=f"practitioner{o + 1}-{p + 1}@load.example", full_name=f"Practitioner {p}",
                organisation=org, password=password,
            )  # fmt: skip
            RoleGrant.objects.create(user=user, role="practitioner")
            people["practitioners"].append(user.email)
        for p in range(leads_per_org):
            user = User.objects.create(
                email=f"lead{o + 1}-{p + 1}@load.example", full_name=f"Lead {p}",
                organisation=org, password=password,
            )  # fmt: skip
            RoleGrant.objects.create(user=user, role="lead")
            device = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
            tokens = [StaticToken.random_token() for _ in range(codes)]
            StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in tokens)
            people["leads"].append([user.email, tokens])
    print(json.dumps(people))


def internal_reconcile(path: str) -> None:
    import django

    django.setup()
    from django_tasks_db.models import DBTaskResult

    from accounts.models import RoleGrant
    from concerns.models import Concern

    acknowledged = json.loads(Path(path).read_text())
    stored = list(Concern.objects.values_list("id", "reference", "person_name", "organisation_id"))
    by_ref = Counter(ref for _, ref, _, _ in stored)
    stored_by_ref = {ref: (str(pk), name) for pk, ref, name, _ in stored}
    by_marker = Counter(name for _, _, name, _ in stored)
    leads_of = defaultdict(set)
    for email, org in RoleGrant.objects.filter(role="lead").values_list(
        "user__email", "user__organisation_id"
    ):
        leads_of[org].add(email.lower())
    expected = sorted((lead, str(pk)) for pk, _, _, org in stored for lead in leads_of[org])
    tasks = Counter(
        DBTaskResult.objects.exclude(task_path="core.scheduling.run_daily_jobs").values_list(
            "status", flat=True
        )
    )
    print(
        json.dumps(
            {
                "stored": len(stored),
                "lost": [a["reference"] for a in acknowledged if by_ref[a["reference"]] == 0],
                "duplicated": [a["reference"] for a in acknowledged if by_marker[a["marker"]] > 1],
                # The concern behind each acknowledgement is the one that client wrote.
                "id_mismatch": [
                    a["reference"]
                    for a in acknowledged
                    if stored_by_ref.get(a["reference"], ("", ""))[0] != a["id"]
                    or stored_by_ref.get(a["reference"], ("", ""))[1] != a["marker"]
                ],
                "expected_emails": expected,
                "tasks": dict(tasks),
            }
        )
    )


# -- the whole run -----------------------------------------------------------------------------


def reconcile(env: dict, sink: SmtpSink, acknowledged: list[dict], logs: Path, wait: float) -> dict:
    ack_file = logs / "acknowledged.json"
    ack_file.write_text(json.dumps(acknowledged))

    def state() -> dict:
        done = subprocess.run(
            [PY, str(Path(__file__)), "--internal", "reconcile", str(ack_file)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        if done.returncode:
            raise RuntimeError(f"reconcile failed: {done.stderr[-2000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    say(f"waiting up to {wait:.0f} s for every lead e-mail to arrive at the sink")
    deadline = time.monotonic() + wait
    while True:
        result = state()
        expected = Counter(tuple(e) for e in result.pop("expected_emails"))
        with sink.lock:
            got = Counter(sink.received)
        missing = sum((expected - got).values())
        pending = result["tasks"].get("READY", 0) + result["tasks"].get("RUNNING", 0)
        if missing == 0 or time.monotonic() > deadline:
            break
        time.sleep(5)
    twice = {k: n for k, n in got.items() if n > 1}
    unexpected = sum((got - expected).values()) - sum(n - 1 for n in twice.values())
    audit = manage(env, "audit_verify")
    figures = manage(env, "recount_figures", "--check")
    result.update(
        {
            "acknowledged": len(acknowledged),
            "emails_expected": sum(expected.values()),
            "emails_received": sum(got.values()),
            "emails_missing": missing,
            "emails_sent_twice": len(twice),
            "emails_unexpected": unexpected,
            "tasks_ready_or_running": pending,
            "audit_verify": "passes"
            if audit.returncode == 0
            else f"FAILS: {audit.stdout[-300:]}{audit.stderr[-300:]}",
            "figures_check": "passes"
            if figures.returncode == 0
            else f"FAILS: {figures.stdout[-300:]}",
        }
    )
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small and short (~2 minutes)")
    parser.add_argument("--no-faults", action="store_true", help="the steady run only")
    parser.add_argument("--internal", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.internal:
        kind, *rest = args.internal
        if kind == "seed":
            internal_seed(*(int(x) for x in rest))
        elif kind == "reconcile":
            internal_reconcile(rest[0])
        return 0

    quick = args.quick
    args.practitioner_threads = 4 if quick else 8
    args.lead_threads = 2 if quick else 3
    steady_s, fault_s, wait_s = (25, 50, 60) if quick else (90, 150, 240)
    practitioners, leads_per_org, codes = (40, 1, 30) if quick else (160, 2, 60)

    logs = ROOT / "bench" / "results" / time.strftime("load-%Y%m%d-%H%M%S")
    logs.mkdir(parents=True)
    smtp_port = free_port()
    made_cluster = not cluster_exists()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SIGNPOST_", "DJANGO_", "EMAIL_", "DATABASE_", "LOG_"))
        and k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "SECURE_SSL_REDIRECT"}
    }
    env.update(
        {
            "SIGNPOST_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": HOST,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{DB_PORT}/{DATABASE}",
            "SIGNPOST_BASE_URL": f"https://{HOST}",
            "SIGNPOST_TRUSTED_PROXIES": "1",
            "SIGNPOST_AUDIT_KEY": secrets.token_urlsafe(48),
            "SIGNPOST_AUDIT_CHECKPOINT_DIR": str(logs / "audit-checkpoints"),
            # Shorter than production's waits, so the run can see the faults mended within its
            # bounded wait: a dead worker's task is reclaimed after 30 s (production: 10 min),
            # a failed send retried after 5 s, doubling (production: 30 s).
            "SIGNPOST_TASK_RECLAIM_AFTER": "30",
            "SIGNPOST_EMAIL_RETRY_BASE": "5",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_USE_TLS": "false",
            "AXES_ENABLED": "false",  # every thread signs in from few addresses, many times
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "signpost.settings",
        }
    )
    services = Services(env=env, logs=logs)
    sink = SmtpSink(smtp_port)
    report: dict = {"mode": "quick" if quick else "full", "logs": str(logs)}
    try:
        cluster_up()
        psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        psql(f'CREATE DATABASE "{DATABASE}"')
        built = subprocess.run(
            ["make", "--no-print-directory", "assets"], cwd=ROOT, capture_output=True, text=True
        )
        if built.returncode:
            raise RuntimeError(f"make assets failed: {built.stderr[-2000:]}")
        for step in (["migrate", "--no-input"], ["collectstatic", "--no-input"]):
            done = manage(env, *step)
            if done.returncode:
                raise RuntimeError(f"{step[0]} failed: {done.stderr[-2000:]}")
        seeded = subprocess.run(
            [PY, str(Path(__file__)), "--internal", "seed",
             str(practitioners), str(leads_per_org), str(codes)],
            cwd=ROOT, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if seeded.returncode:
            raise RuntimeError(f"seeding failed: {seeded.stderr[-2000:]}")
        raw = json.loads(seeded.stdout.strip().splitlines()[-1])
        people = People(
            raw["practitioners"][1:],  # the first is the bare-view threads' person
            [(e, list(c)) for e, c in raw["leads"]],
            threads=args.practitioner_threads,
            bare=raw["practitioners"][0],
        )
        say(
            f"seeded {len(people.practitioners)} practitioners and {len(people.leads)} leads "
            f"in {ORGS} organisations"
        )
        sink.start()
        services.start_gunicorn()
        services.start_worker()
        probe = Client(f"127.0.0.1:{WEB_PORT}", host=HOST)
        for _ in range(120):
            with contextlib.suppress(OSError):
                if probe.request("GET", "/sign-in/").status == 200:
                    break
            time.sleep(0.5)
        else:
            raise RuntimeError("gunicorn did not answer on port 8101")

        steady = run_load("steady", steady_s, people, args)
        steady["gunicorn_worker_peak_rss_mib"] = services.peak_rss_mib()
        acknowledged = steady.pop("acknowledged")
        report["steady"] = steady
        print_run("steady", steady)
        if not args.no_faults:
            events: list = []
            faults = fault_plan(services, sink, fault_s, events)
            faulty = run_load("faults", fault_s, people, args, faults)
            acknowledged += faulty.pop("acknowledged")
            faulty["events"] = events
            report["faults"] = faulty
            print_run("faults", faulty)
        report["worker_alive_after_load"] = (
            services.worker.poll() is None if services.worker else False
        )
        report["worker_started_times"] = services.worker_starts
        report["worker_exit_code"] = services.worker.poll() if services.worker else None
        report["reconciliation"] = reconcile(env, sink, acknowledged, logs, wait_s)
        report["worker_alive_at_end"] = services.worker.poll() is None if services.worker else False
    finally:
        services.stop()
        sink.stop()
        with contextlib.suppress(Exception):
            psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        if made_cluster:
            cluster_drop()
        else:
            pg(
                "pg_ctlcluster",
                "--skip-systemctl-redirect",
                PG_VERSION,
                CLUSTER,
                "stop",
                check=False,
            )
    (logs / "report.json").write_text(json.dumps(report, indent=2))
    problems = print_reconciliation(report)
    say(f"report: {logs / 'report.json'}")
    return 1 if problems else 0


def print_run(name: str, run: dict) -> None:
    print(f"\n== {name} run: {run['seconds']} s ==")
    print(
        f"concerns acknowledged {run['concerns_acknowledged']} ({run['concerns_per_second']}/s), "
        f"journeys failed {run['journeys_failed']}, bare view {run['bare_view_per_second']}/s, "
        f"requests {run['requests']}, statuses {run['statuses']}"
    )
    if "gunicorn_worker_peak_rss_mib" in run:
        print(f"gunicorn workers' peak RSS (MiB): {run['gunicorn_worker_peak_rss_mib']}")
    print(f"{'page':<32}{'count':>7}{'p50 ms':>10}{'p95 ms':>10}")
    for label, page in run["pages"].items():
        print(f"{label:<32}{page['count']:>7}{page['p50_ms']:>10}{page['p95_ms']:>10}")
    if run["errors"]:
        print("errors:", json.dumps(run["errors"], indent=1))
    for event in run.get("events", []):
        print(f"  at {event['at_s']:>6} s: {event['what']}")


def print_reconciliation(report: dict) -> list[str]:
    r = report.get("reconciliation")
    if not r:
        print("\nno reconciliation (the run stopped early)")
        return ["no reconciliation"]
    print("\n== reconciliation ==")
    for key in (
        "acknowledged", "stored", "emails_expected", "emails_received", "emails_missing",
        "emails_sent_twice", "emails_unexpected", "tasks", "audit_verify", "figures_check",
    ):  # fmt: skip
        print(f"  {key:<24} {r[key]}")
    print(f"  {'lost (acknowledged)':<24} {len(r['lost'])} {r['lost'][:10]}")
    print(f"  {'duplicated':<24} {len(r['duplicated'])} {r['duplicated'][:10]}")
    mismatch = r["id_mismatch"]
    print(f"  {'not what was typed':<24} {len(mismatch)} {mismatch[:10]}")
    print(
        f"  {'worker alive at end':<24} {report.get('worker_alive_at_end')} "
        f"(started {report.get('worker_started_times')} times by the bench; after the load "
        f"{'running' if report.get('worker_exit_code') is None else 'exited with status '}"
        f"{report.get('worker_exit_code') if report.get('worker_exit_code') is not None else ''})"
    )
    problems = [
        name
        for name, bad in (
            ("lost", r["lost"]),
            ("duplicated", r["duplicated"]),
            ("acknowledged another's concern", r["id_mismatch"]),
            ("e-mails missing", r["emails_missing"]),
            ("e-mails twice", r["emails_sent_twice"]),
            ("audit", r["audit_verify"] != "passes"),
            ("figures", r["figures_check"] != "passes"),
        )
        if bad
    ]
    print(
        f"  {'result':<24} {'PROBLEMS: ' + ', '.join(problems) if problems else 'all reconciled'}"
    )
    return problems


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
