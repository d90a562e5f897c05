"""OCR accuracy on synthetic invoices: `python -m bench.ocr_accuracy [--markdown PATH]`.

Renders the invoices of `bench.invoice_images` (Vietnamese text, three layouts, clean, then
rotated and low-contrast), reads each with `unicon.costs.ocr` (Tesseract, offline) and prints
per field how many were read exactly, for the clean and the hard set, and seconds per page.
"""

import argparse
import os
import time


def measure(cases) -> tuple[dict[str, int], float]:
    from bench.invoice_images import render
    from unicon.costs import ocr

    hits: dict[str, int] = {}
    started = time.perf_counter()
    for case in cases:
        page = render(*case)
        reading = ocr.read_invoice([("image/png", page.png)])
        for field, truth in page.truth.items():
            found = reading.fields.get(field, {}).get("value")
            hits[field] = hits.get(field, 0) + (found == truth)
    return hits, (time.perf_counter() - started) / max(len(cases), 1)


def table(results: dict[str, tuple[dict[str, int], float, int]]) -> str:
    names = list(next(iter(results.values()))[0])
    head = "| field | " + " | ".join(results) + " |"
    rule = "|---|" + "---|" * len(results)
    rows = [
        f"| {name} | "
        + " | ".join(f"{hits[name]}/{n} ({hits[name] / n:.0%})" for hits, _s, n in results.values())
        + " |"
        for name in names
    ]
    speed = (
        "| seconds per page | " + " | ".join(f"{s:.1f}" for _h, s, _n in results.values()) + " |"
    )
    return "\n".join([head, rule, *rows, speed])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", help="also write the table to this file")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unicon.settings")
    import django

    django.setup()
    from bench.invoice_images import CLEAN, HARD
    from unicon.costs import ocr

    missing = ocr.availability()
    if missing:
        raise SystemExit(missing)
    results = {}
    for label, cases in (("clean", CLEAN), ("rotated / low contrast", HARD)):
        hits, seconds = measure(cases)
        results[f"{label} ({len(cases)})"] = (hits, seconds, len(cases))
    text = table(results)
    print(text)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as out:
            out.write("# OCR accuracy on synthetic invoices\n\n" + text + "\n")


if __name__ == "__main__":
    main()
