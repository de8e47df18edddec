from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from core.mail import mail_on_commit
from members.models import Representative
from workgroups.models import CommitmentReminder, companies_without_valid_commitment


def iso_week(day) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


class Command(BaseCommand):
    help = "E-mail the main contacts of every active member company without a valid commitment (once a week)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print who would get the reminder; send nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        week = iso_week(timezone.localdate())
        companies = (
            companies_without_valid_commitment()
            .exclude(Exists(CommitmentReminder.objects.filter(company=OuterRef("pk"), week=week)))
            .prefetch_related(
                Prefetch(
                    "representatives",
                    queryset=Representative.objects.admins().select_related("user").order_by("user__email"),
                    to_attr="admin_representatives",
                )
            )
            .order_by("name")
        )
        sent = 0
        for company in companies:
            recipients = [r.user.email for r in company.admin_representatives if r.user.is_active]
            if not recipients:
                self.stdout.write(f"{company.name}: no main contact to remind")
                continue
            if dry_run:
                self.stdout.write(f"{company.name}: would remind {', '.join(recipients)}")
                continue
            if self._remind(company, recipients, week):
                sent += 1
                self.stdout.write(f"{company.name}: reminded {', '.join(recipients)}")
        if not dry_run:
            self.stdout.write(self.style.SUCCESS(f"{sent} reminder(s) sent for {week}."))

    def _remind(self, company, recipients: list[str], week: str) -> bool:
        """Record the reminder and queue its e-mail in one transaction: two runs cannot both send it,
        and a mail server that is down delays the reminder (the queue retries) instead of losing it."""
        try:
            with transaction.atomic():
                CommitmentReminder.objects.create(company=company, week=week, recipients=", ".join(recipients))
                mail_on_commit(
                    template="workgroups/email/reminder",
                    context={"company": company, "site_url": settings.SITE_URL},
                    to=recipients,
                )
        except IntegrityError:
            return False  # another run reminded this company this week
        return True
