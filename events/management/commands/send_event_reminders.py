from django.core.management.base import BaseCommand

from events.services import event_reminders_send


class Command(BaseCommand):
    help = (
        "E-mail everyone with a place at an event starting tomorrow (or later today) a reminder. "
        "Each registration is reminded once, so the command may run as often as wanted."
    )

    def handle(self, *args, **options):
        sent = event_reminders_send()
        self.stdout.write(f"{sent} reminder(s) sent.")
