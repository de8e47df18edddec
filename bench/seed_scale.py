"""Load synthetic data at a realistic scale: `python bench/seed_scale.py --companies 10000`.

Benchmark data, not a feature of the portal, so it is a script here rather than a command
of one of the apps.
"""

import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "invekst.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.management.base import BaseCommand, CommandError  # noqa: E402
from django.db import connection  # noqa: E402

from bench.scale import ScaleSpec, load_scale, scale_data_present, wipe_scale  # noqa: E402


class Command(BaseCommand):
    help = (
        "Load deterministic synthetic data at a realistic scale (default 10,000 member companies) for "
        "benchmarks. Refuses to run twice; --reset wipes the synthetic data (only it) first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--companies", type=int, default=10_000, help="Member companies to add (default 10000).")
        parser.add_argument("--workgroups", type=int, default=20, help="Workgroups in total (default 20).")
        parser.add_argument("--meetings", type=int, default=300)
        parser.add_argument("--news", type=int, default=200)
        parser.add_argument("--other-municipalities", type=int, default=350)
        parser.add_argument("--years", type=int, default=20, help="Years of observations (default 20).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (same seed, same data).")
        parser.add_argument("--reset", action="store_true", help="Delete the synthetic data first, then load.")
        parser.add_argument("--wipe", action="store_true", help="Only delete the synthetic data.")

    def handle(self, *args, **options):
        for name in ("companies", "workgroups", "meetings", "news", "other_municipalities", "years"):
            if options[name] < 0:
                raise CommandError(f"--{name.replace('_', '-')} cannot be negative.")
        if options["reset"] or options["wipe"]:
            started = time.monotonic()
            gone = wipe_scale()
            self.stdout.write(
                f"Deleted synthetic data in {time.monotonic() - started:.1f} s: "
                + ", ".join(f"{k} {v}" for k, v in gone.items() if v)
            )
            if options["wipe"]:
                return
        elif scale_data_present():
            raise CommandError(
                "Synthetic scale data is already loaded. Run with --reset to delete it and load it again, "
                "or --wipe to delete it."
            )
        spec = ScaleSpec(
            companies=options["companies"],
            workgroups=options["workgroups"],
            meetings=options["meetings"],
            news=options["news"],
            other_municipalities=options["other_municipalities"],
            years=options["years"],
            seed=options["seed"],
        )
        started = time.monotonic()
        counts = load_scale(spec)
        if connection.vendor == "postgresql":
            # Fresh statistics: the planner would otherwise plan for the tables' old, tiny sizes.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(f"Loaded synthetic scale data in {time.monotonic() - started:.1f} s: ")
            + ", ".join(f"{k} {v}" for k, v in counts.items())
        )


if __name__ == "__main__":
    call_command(Command(), *sys.argv[1:])
