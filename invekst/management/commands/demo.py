from django.core.management.base import BaseCommand

from invekst.demo import load_demo


class Command(BaseCommand):
    help = "Load fictional demo companies, logins and news for a local first run (idempotent)."

    def handle(self, *args, **options):
        logins = load_demo()
        password = logins.pop("password")
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Demo logins (password: {password}):"))
        for role, email in logins.items():
            self.stdout.write(f"  {role:<15} {email}")
