from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plans import ssb
from plans.models import Indicator
from plans.reports import report_lines
from plans.services import observations_import


class Command(BaseCommand):
    help = (
        "Import yearly figures per municipality from an SSB JSON-stat2 answer (PxWebApi v2) or an SSB "
        "semicolon CSV export. All or nothing: a malformed file imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON-stat2 (.json) or CSV file to read.")
        parser.add_argument("--indicator", default="population_1jan", help="The indicator code the figures belong to.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change, and change nothing.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        indicator = Indicator.objects.filter(code=options["indicator"]).first()
        if indicator is None:
            known = ", ".join(Indicator.objects.values_list("code", flat=True)) or "-"
            raise CommandError(f"Unknown indicator {options['indicator']!r}. Known: {known}.")
        try:
            table = ssb.parse(path.read_bytes())
        except ssb.SSBFormatError as exc:
            raise CommandError(f"{path.name}: " + _("%(error)s Nothing was imported.") % {"error": exc}) from exc
        report = observations_import(indicator=indicator, table=table, dry_run=options["dry_run"])
        for line in report_lines(report):
            self.stdout.write(line)
