from django.test import RequestFactory, override_settings

from audit.services import client_ip


def request(forwarded: str = ""):
    meta = {"REMOTE_ADDR": "127.0.0.1"}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_the_connecting_address_is_recorded() -> None:
    assert client_ip(request("203.0.113.9")) == "127.0.0.1"


@override_settings(SIGNPOST_TRUSTED_PROXIES=1)
def test_behind_one_proxy_the_address_it_saw_is_recorded() -> None:
    # The client may forge the left part; the proxy appends what it really saw.
    assert client_ip(request("10.9.9.9, 203.0.113.9")) == "203.0.113.9"


@override_settings(SIGNPOST_TRUSTED_PROXIES=1)
def test_a_malformed_header_falls_back_to_the_connecting_address() -> None:
    assert client_ip(request("not-an-address")) == "127.0.0.1"
