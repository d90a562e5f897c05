"""The driver's day over a port-gate link (issue 13 point 3), in real Chromium throttled
through CDP `Network.emulateNetworkConditions` (400 ms latency, 400 kbps down and up): the
page opens, a 1 MB photo uploads, check-out and check-in go through. Only behaviour is
asserted; the timings are printed (`-s`) and copied into the README's driver section. The
throttling is first confirmed on a navigation to a resource of known size."""

import io
import os
import time

import pytest
from PIL import Image

from unicon.pods.models import PodFile
from unicon.shipments.models import PhotoType

from .test_driver_day import PHONE, driver_at_stop  # noqa: F401  (fixture)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("flushable_audit"),
]

LATENCY_MS = 400
KBPS = 400
BYTES_PER_S = KBPS * 1000 / 8  # 50 000 B/s
SLOW = 120_000  # ms: a 1 MB photo takes ~20 s at 400 kbps


def _photo(path, size: int = 1_000_000) -> str:
    """A JPEG of about `size` bytes (noise does not compress)."""
    side = 1200
    while True:
        out = io.BytesIO()
        Image.frombytes("RGB", (side, side * 3 // 4), os.urandom(side * side * 9 // 4)).save(
            out, "JPEG", quality=90
        )
        if out.tell() >= size * 0.95 or side > 2400:
            break
        side = int(side * (size / out.tell()) ** 0.5) + 8
    path.write_bytes(out.getvalue())
    return str(path)


def _small_photo(path) -> str:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (40, 120, 200)).save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return str(path)


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def test_the_driver_page_works_on_a_port_gate_link(login, driver_at_stop, tmp_path):  # noqa: F811
    driver, stop = driver_at_stop
    big = _photo(tmp_path / "IMG_1MB.JPG")
    page = login(driver.user, viewport=PHONE, service_workers="block")
    page.set_default_timeout(SLOW)
    page.set_default_navigation_timeout(SLOW)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": LATENCY_MS,
            "downloadThroughput": BYTES_PER_S,
            "uploadThroughput": BYTES_PER_S,
        },
    )
    timings = {}

    # 1. the throttling applies to navigations: a resource of known size
    known = page.goto("/static/css/app.css?probe=1")
    assert known.ok
    size = len(known.body())
    timings["probe"] = page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return [n.responseEnd - n.requestStart, n.transferSize]; }"
    )
    floor = (LATENCY_MS + size / BYTES_PER_S * 1000) / 1000
    print(f"\nprobe: app.css {size} B in {timings['probe'][0] / 1000:.2f} s (floor {floor:.2f} s)")
    # (a setup check, not a speed target: an unthrottled local request takes a few ms)
    assert timings["probe"][0] >= LATENCY_MS, "the CDP throttling did not apply to navigation"

    # 2. page open (HTML, CSS, JS; nothing cached)
    timings["open"] = _timed(lambda: page.goto("/driver/", wait_until="load"))
    nav = page.evaluate(
        "() => { const r = performance.getEntriesByType('resource');"
        " const n = performance.getEntriesByType('navigation')[0];"
        " return [n.transferSize + r.reduce((s, e) => s + e.transferSize, 0), r.length + 1]; }"
    )
    assert "SHP-2099-0390" in page.locator("main").inner_text()
    print(
        f"open /driver/, nothing cached: {timings['open']:.2f} s, {nav[0]} B in {nav[1]} requests"
    )
    # the phone keeps the static files from now on (as a real browser does)
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
    page.goto("/driver/", wait_until="load")
    timings["warm"] = _timed(lambda: page.goto("/driver/", wait_until="load"))
    print(f"open /driver/, static files cached: {timings['warm']:.2f} s")

    # 3. a 1 MB photo, then the small second one; the checklist ticks them
    size = os.path.getsize(big)
    field = f"#photo-{stop.public_id}-CONTAINER_EXTERIOR"

    def upload_big():
        with page.expect_navigation():  # the page reloads once the photo is stored
            page.set_input_files(field, big)

    timings["photo"] = _timed(upload_big)
    print(f"photo upload: {size} B in {timings['photo']:.1f} s (incl. the page reload)")
    with page.expect_navigation():
        page.set_input_files(
            f"#photo-{stop.public_id}-PORT_GATE_PASS", _small_photo(tmp_path / "gate.jpg")
        )
    assert set(PodFile.objects.filter(stop=stop).values_list("photo_type", flat=True)) == {
        PhotoType.CONTAINER_EXTERIOR,
        PhotoType.PORT_GATE_PASS,
    }

    # 4. check out of stop 1, check in at stop 2 (a form post and the page it leads to)
    def post(selector):
        with page.expect_navigation():
            page.click(selector)

    timings["check_out"] = _timed(
        lambda: post(f"form[action$='/stops/{stop.public_id}/check-out/'] button")
    )
    second = stop.shipment.stops.get(sequence=2)
    timings["check_in"] = _timed(
        lambda: post(f"form[action$='/stops/{second.public_id}/check-in/'] button")
    )
    second.refresh_from_db()
    assert second.actual_arrival is not None
    print(
        f"check-out: {timings['check_out']:.2f} s, check-in: {timings['check_in']:.2f} s "
        f"(round trip incl. the page)"
    )
    cdp.detach()
