"""The production server holds up in public: body limit, headers, compression, /healthz."""

from __future__ import annotations

import json

import pytest

from samenwerking.dashboard.app import MAX_REQUEST_BYTES, build_app


@pytest.fixture(scope="module")
def client():
    return build_app().server.test_client()


def test_healthz_says_ok_and_names_the_rule_set(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok" and "samenwerking-standaard" in body["rules"]


def test_a_body_over_the_limit_is_refused_with_413_in_dutch(client) -> None:
    # Before: no limit; four concurrent 200 MB bodies took 2 GB.
    response = client.post(
        "/_dash-update-component",
        data=b"x" * (MAX_REQUEST_BYTES + 1),
        content_type="application/json",
    )
    assert response.status_code == 413
    assert "te groot" in response.get_json()["error"]


def test_pages_carry_security_headers_that_dash_works_with(client) -> None:
    # Before: no security headers at all.
    response = client.get("/")
    assert response.status_code == 200
    headers = response.headers
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self' 'sha256-" in policy and "'unsafe-eval'" not in policy
    assert "frame-ancestors 'none'" in policy


def test_assets_are_compressed_and_cached_for_long(client) -> None:
    # Before: plotly.js was served uncompressed.
    page = client.get("/").get_data(as_text=True)
    scripts = [part.split('"')[0] for part in page.split('src="')[1:]]
    renderer = next(s for s in scripts if "dash_renderer" in s or "dash-renderer" in s)
    response = client.get(renderer, headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") in ("gzip", "br")
    assert "max-age=31536000" in response.headers["Cache-Control"]


def test_a_malformed_callback_body_is_not_a_500(client) -> None:
    deep = "[" * 50_000 + "]" * 50_000
    for body in (b"{not json", deep.encode(), json.dumps({"output": 1}).encode()):
        response = client.post(
            "/_dash-update-component", data=body, content_type="application/json"
        )
        assert response.status_code < 500, (body[:20], response.status_code)


def test_pages_in_another_language_are_never_served_from_the_compression_cache(client) -> None:
    # A first version cached every compressed response by URL: "/" in Dutch was then served
    # to a browser that had chosen English.
    dutch = client.get("/", headers={"Accept-Encoding": "gzip"})
    client.set_cookie("samenwerking_lang", "en")
    english = client.get("/", headers={"Accept-Encoding": "gzip"})
    client.delete_cookie("samenwerking_lang")
    assert dutch.get_data() != english.get_data()
    import gzip

    assert '<html lang="en">' in gzip.decompress(english.get_data()).decode()


def test_a_fresh_worker_serves_its_bundles_to_many_requests_at_once(client) -> None:
    """A gunicorn gthread worker's first requests arrive together: none may fail.

    Before: Dash sets itself up on the first request and marks that done before it has
    registered its bundles (plotly/dash#3971), so requests arriving meanwhile got 500
    "dash is not a registered library" and the page stayed blank; seen in the load benchmark.
    """
    import threading

    from werkzeug.serving import make_server

    page = client.get("/").get_data(as_text=True)
    bundles = [s.split('"')[0] for s in page.split('src="')[1:] if "_dash-component-suites" in s]
    fresh = build_app()  # a new worker: nothing served yet
    server = make_server("127.0.0.1", 0, fresh.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    start = threading.Barrier(24)
    statuses: list[int] = []

    def fetch(path: str) -> None:
        import urllib.error
        import urllib.request

        start.wait()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{server.port}{path}") as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)

    threads = [threading.Thread(target=fetch, args=(bundles[i % len(bundles)],)) for i in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    server.shutdown()
    assert statuses == [200] * 24


def test_the_page_does_not_carry_a_copy_of_the_layout(client) -> None:
    """Before: Dash embedded the whole layout (98 kB) in every page for checking callbacks,
    10 ms of the server's time per page view and more for the browser to read."""
    page = client.get("/").get_data(as_text=True)
    assert "validation_layout" not in page
    assert len(page) < 20_000
