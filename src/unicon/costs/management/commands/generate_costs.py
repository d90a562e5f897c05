"""`unicon generate-costs [--months 12] [--seed 1] [--all-tractors]`: fuel and repair history
for the generated fleet (after `unicon generate-data`), for load tests (never in production)."""

from django.conf import settings
from django.core.management.base import CommandError

from unicon.core.commands import ServiceCommand
from unicon.costs.datagen import generate_costs


class Command(ServiceCommand):
    help = "Add realistic fuel and repair history to the generated fleet (not in production)."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=12, help="months of history (12)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
        parser.add_argument(
            "--all-tractors",
            action="store_true",
            help="every tractor, not only the generated fleet (GEN-UNICON)",
        )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Generated data is never loaded in production.")
        if not 1 <= options["months"] <= 120:
            raise CommandError("--months must be between 1 and 120.")
        summary = generate_costs(
            options["months"], options["seed"], generated_only=not options["all_tractors"]
        )
        self.stdout.write(
            f"Added {summary.fills} fuel fills and {summary.repairs} repairs "
            f"for {summary.tractors} tractors."
        )
