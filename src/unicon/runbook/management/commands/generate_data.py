"""`unicon generate-data --shipments N`: fill the database with realistic generated data."""

import os

from django.conf import settings
from django.core.management.base import CommandError

from unicon.core.commands import ServiceCommand
from unicon.core.management.commands.seed_demo import DEMO_PASSWORD
from unicon.runbook import datagen


class Command(ServiceCommand):
    help = (
        "Add N generated shipments (about 3 stops, 13 events and a driver task each) plus, once, "
        "100 customers, 300 tractors, 400 trailers and 300 drivers, for benchmarks and load "
        "tests. One transaction: on failure nothing is written. Generated users log in with "
        "the demo password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--shipments", type=int, required=True, help="how many shipments")
        parser.add_argument("--years", type=int, default=5, help="years of history (default 5)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--chunk-size", type=int, default=5000, help="shipments per chunk (default 5000)"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=(os.cpu_count() or 1) + 1,
            help=(
                "generating processes on PostgreSQL (default: cores + 1 — they wait on the "
                "database part of the time; 100 000 shipments on 2 cores: 52 s with 2, 42 s "
                "with 3, 49 s with 4)"
            ),
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        if min(options[n] for n in ("shipments", "years", "chunk_size", "workers")) < 1:
            raise CommandError(
                "--shipments, --years, --chunk-size and --workers must be at least 1."
            )
        if settings.PRODUCTION:
            raise CommandError("Generated data is never loaded in production.")
        summary = datagen.generate(
            options["shipments"],
            years=options["years"],
            seed=options["seed"],
            password=DEMO_PASSWORD,
            chunk_size=options["chunk_size"],
            workers=options["workers"],
            progress=not options["no_progress"] and options["verbosity"] > 0,
        )
        self.stdout.write(
            f"Generated {summary.shipments} shipments, {summary.stops} stops, "
            f"{summary.tasks} driver tasks and {summary.events} events "
            f"({summary.first_day} to {summary.last_day}), "
            f"{summary.billing.get('charges', 0)} charges, "
            f"{summary.billing.get('invoices', 0)} invoices, "
            f"{summary.billing.get('payments', 0)} payments in {summary.seconds} s."
        )
