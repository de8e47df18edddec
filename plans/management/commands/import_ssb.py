import getpass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plans import ssb
from plans.models import ImportBatch, Indicator
from plans.reports import report_lines
from plans.services import ImportRefused, observations_import


def indicator_or_error(code: str) -> Indicator:
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        known = ", ".join(Indicator.objects.values_list("code", flat=True)) or "-"
        raise CommandError(f"Unknown indicator {code!r}. Known: {known}.")
    return indicator


def who(command: str) -> str:
    """The batch's «who» for a command: the command and the operating-system user that ran it."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        user = "?"
    return f"manage.py {command} ({user})"


class Command(BaseCommand):
    help = (
        "Import yearly figures per municipality from an SSB JSON-stat2 answer (PxWebApi v2) or a semicolon CSV "
        "with explicit source columns, as one import batch. All or nothing: a malformed file, or one whose table "
        "or measure is not the indicator's, imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON-stat2 (.json) or CSV file to read.")
        parser.add_argument("--indicator", default="population_1jan", help="The indicator code the figures belong to.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change, and change nothing.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        indicator = indicator_or_error(options["indicator"])
        content = path.read_bytes()
        try:
            table = ssb.parse(content)
            report = observations_import(
                indicator=indicator,
                table=table,
                content=content,
                created_by=who("import_ssb"),
                kind=ImportBatch.Kind.COMMAND,
                file_name=path.name,
                dry_run=options["dry_run"],
            )
        except (ssb.SSBFormatError, ImportRefused) as exc:
            raise CommandError(f"{path.name}: " + _("%(error)s Nothing was imported.") % {"error": exc}) from exc
        for line in report_lines(report):
            self.stdout.write(line)
