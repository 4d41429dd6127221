"""How long does a burst of sign-ins take, and how slow are other pages meanwhile?

Against a running server (gunicorn), signs in --burst people at the same moment, --rounds times,
while one more client keeps loading a light page (the sign-in form) and times it. Prints each
sign-in's time (median, 95th percentile, slowest), the whole burst's time, and the light page's
times when idle and during the bursts.

    # once, with the server's settings and database, to make the people:
    SIGNPOST_ENV=development DATABASE_URL=... .venv/bin/python bench/signin_bench.py --setup
    # the server, e.g.:
    SIGNPOST_ENV=development DATABASE_URL=... .venv/bin/gunicorn signpost.wsgi \\
        --bind 127.0.0.1:8103 --workers 3
    .venv/bin/python bench/signin_bench.py --url http://127.0.0.1:8103

Not a timed test: the numbers depend on the machine, so they are reported, not asserted.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import statistics
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench sign-in passphrase 1"  # noqa: S105 (made-up people of a benchmark)
EMAIL = "signin-{:03d}@bench.example"
SIGN_IN = "/sign-in/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def setup(count: int) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "signpost.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from accounts.models import RoleGrant, User
    from bench.synthetic import bench_org

    call_command("migrate", verbosity=0)
    org = bench_org().organisation
    for i in range(count):
        user = User.objects.filter(email=EMAIL.format(i)).first()
        if user is None:
            user = User.objects.create_user(
                email=EMAIL.format(i), full_name=f"Bench Person {i}", organisation=org
            )
        user.set_password(PASSWORD)  # with the server's first hasher, as a new password would be
        user.save(update_fields=["password"])
        RoleGrant.objects.get_or_create(user=user, role="practitioner")
    print(f"{count} people ready; hashes like {user.password.rsplit('$', 2)[0]}")


class Browser:
    """One person's cookies, as a browser would keep them."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def get(self, path: str) -> tuple[int, str]:
        with self.opener.open(self.base + path, timeout=120) as response:
            return response.status, response.read().decode()

    def post(self, path: str, data: dict[str, str]) -> int:
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(  # noqa: S310 (main() allows http(s) only)
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def _light_page_ms(base: str) -> float:
    start = time.perf_counter()
    status, _ = Browser(base).get(SIGN_IN)
    assert status == 200, status
    return (time.perf_counter() - start) * 1000


def server_cpu_s(master: int | None) -> float:
    """CPU seconds used so far by the gunicorn master's workers (Linux /proc): unlike times
    taken with a clock, this barely moves when other programs load the machine."""
    if master is None:
        return 0.0
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    ticks = 0
    for pid in children:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def burst(base: str, count: int) -> tuple[list[float], float, list[float]]:
    """Sign `count` people in at once; return each sign-in's ms, the burst's ms, and the light
    page's ms while the burst ran."""
    browsers = [Browser(base) for _ in range(count)]
    tokens = []
    for b in browsers:
        _, page = b.get(SIGN_IN)
        tokens.append(TOKEN.search(page).group(1))  # type: ignore[union-attr]
    gate = threading.Barrier(count + 1)
    times: list[float] = [0.0] * count
    statuses: list[int] = [0] * count

    def sign_in(i: int) -> None:
        gate.wait()
        start = time.perf_counter()
        statuses[i] = browsers[i].post(
            SIGN_IN,
            {"csrfmiddlewaretoken": tokens[i], "email": EMAIL.format(i), "password": PASSWORD},
        )
        times[i] = (time.perf_counter() - start) * 1000

    threads = [threading.Thread(target=sign_in, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    light: list[float] = []
    gate.wait()
    start = time.perf_counter()
    while any(t.is_alive() for t in threads):
        light.append(_light_page_ms(base))
    for t in threads:
        t.join()
    elapsed = (time.perf_counter() - start) * 1000
    bad = [s for s in statuses if s != 302]
    assert not bad, f"sign-ins that did not redirect: {bad}"
    return times, elapsed, light


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8103")
    parser.add_argument("--burst", type=int, default=26)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--setup", action="store_true", help="make the people, then stop")
    parser.add_argument("--server-pid", type=int, help="gunicorn master: report workers' CPU")
    args = parser.parse_args(argv)
    if not args.url.startswith(("http://", "https://")):
        parser.error("--url must be http:// or https://")
    if args.setup:
        setup(args.burst)
        return 0
    idle = [_light_page_ms(args.url) for _ in range(20)]
    signs: list[float] = []
    bursts: list[float] = []
    during: list[float] = []
    cpu: list[float] = []
    for _ in range(args.rounds):
        before = server_cpu_s(args.server_pid)
        times, elapsed, light = burst(args.url, args.burst)
        cpu.append(server_cpu_s(args.server_pid) - before)
        signs += times
        bursts.append(elapsed)
        during += light
        time.sleep(1)
    print(f"{args.rounds} bursts of {args.burst} sign-ins against {args.url}")
    print(
        f"  sign-in        median {statistics.median(signs):7.0f} ms  "
        f"p95 {_p95(signs):7.0f} ms  slowest {max(signs):7.0f} ms"
    )
    print(f"  whole burst    median {statistics.median(bursts):7.0f} ms")
    if args.server_pid:
        per = statistics.median(cpu) / args.burst * 1000
        print(f"  server CPU     median {per:7.0f} ms a sign-in (with its share of light pages)")
    print(f"  light page     idle median {statistics.median(idle):5.0f} ms  p95 {_p95(idle):5.0f}")
    print(
        f"  light page     during bursts median {statistics.median(during):5.0f} ms  "
        f"p95 {_p95(during):5.0f} ms  slowest {max(during):5.0f} ms  ({len(during)} loads)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
