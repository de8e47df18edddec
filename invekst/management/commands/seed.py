from django.core.management.base import BaseCommand

from invekst.seed import seed_content


class Command(BaseCommand):
    help = "Create the association's own content (plan, targets, profile, workgroups) where it is missing."

    def handle(self, *args, **options):
        created = seed_content()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Seeded: {', '.join(created)}"))
        else:
            self.stdout.write("Seed content already present; nothing changed.")
