from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AssociationProfileQuerySet(models.QuerySet):
    def current(self):
        """The single profile the public pages show (the first one)."""
        return self.order_by("pk").first()


class AssociationProfile(models.Model):
    """The association's own text: purpose, objective, how it works, contact person."""

    name = models.CharField(_("name"), max_length=100, default="Næringslaget INVEKST")
    area = models.CharField(_("area"), max_length=100, default="Gjøvik og Toten")
    purpose = models.TextField(_("purpose (formål)"))
    objective = models.TextField(_("objective (målsetning)"))
    how_we_work = models.TextField(
        _("how we work (slik jobber vi)"), help_text=_("Separate paragraphs with a blank line.")
    )
    contact_name = models.CharField(_("contact person"), max_length=100)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)

    objects = AssociationProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("association profile")
        verbose_name_plural = _("association profile")
        ordering = ("pk",)

    def __str__(self) -> str:
        return self.name


class NewsPostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=NewsPost.Status.PUBLISHED, published_at__lte=timezone.now())

    def next_publication(self):
        """When the next scheduled post appears (None if none is scheduled)."""
        scheduled = self.filter(status=NewsPost.Status.PUBLISHED, published_at__gt=timezone.now())
        return scheduled.aggregate(first=models.Min("published_at"))["first"]


class NewsPost(models.Model):
    """A news post («Aktuelt») written by the secretariat."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    lead = models.TextField(_("lead"), max_length=600, help_text=_("One or two sentences shown in lists."))
    body = models.TextField(_("body"), help_text=_("Separate paragraphs with a blank line."))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(_("publish date"), default=timezone.now)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = NewsPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        ordering = ("-published_at", "-pk")
        indexes = [models.Index(fields=["status", "-published_at"], name="invekst_newspost_published")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news-detail", args=[self.slug])


class ContactMessage(models.Model):
    """A message sent through the contact form."""

    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    organisation = models.CharField(_("company or organisation"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"), max_length=5000)
    consent_version = models.CharField(_("privacy statement version accepted"), max_length=20)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    handled = models.BooleanField(_("handled"), default=False)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_contact_messages",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.subject} ({self.name})"


class SegmentMailing(models.Model):
    """An e-mail the secretariat sent to a segment of members: what, by whom, when, to how many."""

    class Segment(models.TextChoices):
        ACTIVE_ADMINS = "active-admins", _("Main contacts of all active member companies")
        WORKGROUP = "workgroup", _("Everyone taking part in a workgroup")

    segment = models.CharField(_("segment"), max_length=20, choices=Segment)
    # Stored as text, not a foreign key: the record must outlive a renamed or closed workgroup.
    segment_label = models.CharField(_("recipients"), max_length=200)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), max_length=10000)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="segment_mailings",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    recipient_count = models.PositiveIntegerField(_("number of recipients"))

    class Meta:
        verbose_name = _("segment e-mail")
        verbose_name_plural = _("segment e-mails")
        ordering = ("-sent_at", "-pk")
        constraints = [
            models.CheckConstraint(condition=~models.Q(subject=""), name="invekst_segmentmailing_subject_not_empty")
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.segment_label})"


class SegmentMailingRecipient(models.Model):
    """One address a segment e-mail went to."""

    mailing = models.ForeignKey(
        SegmentMailing, on_delete=models.CASCADE, related_name="recipients", verbose_name=_("e-mail")
    )
    email = models.EmailField(_("e-mail address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # The queued e-mail to this address. Empty for mailings sent before the queue, and once a
    # sent message is pruned (core.jobs): both mean it went out.
    message = models.ForeignKey(
        "core.OutgoingMessage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("outgoing e-mail"),
    )

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ("mailing", "email")
        constraints = [
            models.UniqueConstraint(fields=("mailing", "email"), name="invekst_segmentmailingrecipient_unique_email")
        ]

    def __str__(self) -> str:
        return self.email
