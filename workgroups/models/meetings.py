"""Workgroup meetings: the meeting, who answered, and who wants notices about them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Representative


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at")


class Meeting(models.Model):
    """A workgroup meeting: agenda before, minutes after."""

    workgroup = models.ForeignKey(
        "Workgroup", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("workgroup")
    )
    title = models.CharField(_("title"), max_length=200, blank=True, help_text=_("Empty: the workgroup's name."))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("Added after the meeting."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ("-starts_at",)
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="workgroups_meeting_ends_after_start",
                violation_error_message=_("A meeting must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.display_title} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A meeting must end after it starts.")})

    @property
    def display_title(self) -> str:
        return self.title or self.workgroup.name

    @property
    def is_upcoming(self) -> bool:
        return self.ends_at >= timezone.now()


class MeetingResponse(models.Model):
    """A person's answer to a meeting invitation (RSVP)."""

    class Answer(models.TextChoices):
        YES = "yes", _("Yes, I am coming")
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("No, I cannot come")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="responses", verbose_name=_("meeting"))
    representative = models.ForeignKey(
        Representative, on_delete=models.CASCADE, related_name="meeting_responses", verbose_name=_("person")
    )
    answer = models.CharField(_("answer"), max_length=5, choices=Answer)
    answered_at = models.DateTimeField(_("answered"), auto_now=True)

    class Meta:
        verbose_name = _("meeting response")
        verbose_name_plural = _("meeting responses")
        ordering = ("meeting", "representative")
        constraints = [
            models.UniqueConstraint(
                fields=("meeting", "representative"), name="workgroups_meetingresponse_one_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.representative.user}: {self.get_answer_display()}"


class MeetingNoticePreferenceQuerySet(models.QuerySet):
    def opted_out(self):
        return self.filter(meeting_notices=False)


class MeetingNoticePreference(models.Model):
    """Whether a person gets e-mail when a meeting of their workgroups is set, moved, cancelled or minuted.

    No row means yes: notices are on until the person turns them off on Min side.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_notice_preference",
        verbose_name=_("user"),
    )
    meeting_notices = models.BooleanField(_("e-mail about workgroup meetings"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeetingNoticePreferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting notice preference")
        verbose_name_plural = _("meeting notice preferences")
        ordering = ("user",)

    def __str__(self) -> str:
        return str(self.user)
