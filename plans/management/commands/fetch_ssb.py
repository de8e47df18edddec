from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from plans import fetch, ssb
from plans.management.commands.import_ssb import indicator_or_error, who
from plans.models import ImportBatch, Municipality
from plans.reports import report_lines
from plans.services import ImportRefused, observations_import


class Command(BaseCommand):
    help = (
        "Ask SSB's PxWebApi v2 for an indicator's table (JSON-stat2) for the region's municipalities and import "
        "the answer as one import batch. Fails with a clear message, and imports nothing, when SSB cannot be reached."
    )

    def add_arguments(self, parser):
        parser.add_argument("--indicator", default="population_1jan", help="The indicator code to fetch.")
        parser.add_argument("--from-year", type=int, default=2019, help="The first year to ask for (default 2019).")
        parser.add_argument("--to-year", type=int, default=None, help="The last year to ask for (default this year).")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change, and change nothing.")
        parser.add_argument("--print-url", action="store_true", help="Only print the request address.")

    def handle(self, *args, **options):
        indicator = indicator_or_error(options["indicator"])
        if not indicator.table_id or not indicator.measure:
            raise CommandError(
                _("«%(indicator)s» has no SSB table and measure set; set them in admin first.")
                % {"indicator": indicator.name}
            )
        last = options["to_year"] or timezone.localdate().year
        if options["from_year"] > last:
            raise CommandError("--from-year is after --to-year.")
        numbers = list(Municipality.objects.filter(in_region=True).values_list("number", flat=True))
        if not numbers:
            raise CommandError("The region has no municipalities: run manage.py seed first.")
        url = fetch.data_url(
            table_id=indicator.table_id,
            measure=indicator.measure,
            municipality_numbers=numbers,
            years=range(options["from_year"], last + 1),
        )
        if options["print_url"]:
            self.stdout.write(url)
            return
        try:
            content = fetch.fetch(url)
            table = ssb.parse(content)
            report = observations_import(
                indicator=indicator,
                table=table,
                content=content,
                created_by=who("fetch_ssb"),
                kind=ImportBatch.Kind.FETCH,
                file_name=f"{indicator.table_id}.json",
                source_url=url,
                dry_run=options["dry_run"],
            )
        except (fetch.FetchError, ssb.SSBFormatError, ImportRefused) as exc:
            raise CommandError(_("%(error)s Nothing was imported.") % {"error": exc}) from exc
        for line in report_lines(report):
            self.stdout.write(line)
