"""Scheduled jobs of the members app (listed in settings.SCHEDULED_JOBS)."""

from django.utils import timezone

from members.models import Invitation
from members.services import INVITATION_MAX_AGE


def clear_expired_invitations() -> str:
    """Delete pending invitations whose link has expired; accepted ones are history and stay."""
    deleted, _ = Invitation.objects.pending().filter(created_at__lt=timezone.now() - INVITATION_MAX_AGE).delete()
    return f"{deleted} expired invitation(s) deleted"
