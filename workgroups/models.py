from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class WorkgroupQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Workgroup.Status.ACTIVE)


class Workgroup(models.Model):
    """A workgroup to which member companies commit people and competence."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        CLOSED = "closed", _("closed")

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True, help_text=_("One sentence for lists."))
    mandate = models.TextField(_("mandate"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.ACTIVE)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = WorkgroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("workgroup")
        verbose_name_plural = _("workgroups")
        ordering = ("order", "name")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("workgroups:detail", args=[self.slug])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE
