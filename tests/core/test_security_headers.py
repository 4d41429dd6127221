import pytest
from django.test import Client


@pytest.mark.django_db
def test_pages_send_csp_with_nonce_and_the_required_directives() -> None:
    response = Client().get("/sign-in/")
    csp = response["Content-Security-Policy"]
    assert "object-src 'none'" in csp
    assert "base-uri 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


@pytest.mark.django_db
def test_pages_send_referrer_coop_and_no_store_headers() -> None:
    response = Client().get("/sign-in/")
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_signed_in_pages_are_never_cached(as_user, lee) -> None:
    response = as_user(lee).get("/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_unknown_pages_get_the_signpost_404_page(as_user, lee) -> None:
    response = as_user(lee).get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
