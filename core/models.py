"""Records of background work: each outgoing e-mail, and each run of a scheduled job."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutgoingMessageQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(status__in=(OutgoingMessage.Status.QUEUED, OutgoingMessage.Status.RETRYING))


class OutgoingMessage(models.Model):
    """One e-mail on its way out: stored with the transaction that caused it, sent by the worker.

    A request only writes this row (and a task row); SMTP is spoken in the worker, which
    retries with backoff. The body is emptied once the message is sent: it may carry a
    sign-in or password-reset link, and the record only needs to say what went to whom.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RETRYING = "retrying", _("Waiting to retry")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("text"), blank=True)
    html_body = models.TextField(_("HTML text"), blank=True)
    from_email = models.CharField(_("from"), max_length=254)
    to = models.JSONField(_("to"), default=list)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = OutgoingMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ("-created_at", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="core_outgoingmessage_sent_has_sent_at",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"


class ScheduledRun(models.Model):
    """A scheduled job's run for one period (a day, an ISO week): the row is the run's ticket.

    The unique constraint lets any number of workers on any number of hosts try to start a
    job; exactly one insert wins, and only the winner enqueues the job.
    """

    job = models.CharField(_("job"), max_length=100)
    period = models.CharField(_("period"), max_length=20, help_text=_("The day or ISO week this run is for."))
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    task_id = models.CharField(_("task"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        ordering = ("-started_at", "-pk")
        constraints = [models.UniqueConstraint(fields=("job", "period"), name="core_scheduledrun_once_per_period")]

    def __str__(self) -> str:
        return f"{self.job} {self.period}"
