from django.conf import settings
from django.core.mail import EmailMessage
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override

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
        """Record the reminder first, so two runs in parallel cannot both send it."""
        context = {"company": company, "site_url": settings.SITE_URL}
        with override(settings.LANGUAGE_CODE):
            subject = render_to_string("workgroups/email/reminder_subject.txt", context).strip()
            body = render_to_string("workgroups/email/reminder.txt", context)
        try:
            with transaction.atomic():
                reminder = CommitmentReminder.objects.create(
                    company=company, week=week, recipients=", ".join(recipients)
                )
        except IntegrityError:
            return False  # another run reminded this company this week
        try:
            EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=recipients).send()
        except Exception:
            # Not sent: forget the row so the next run tries again.
            reminder.delete()
            raise
        return True
