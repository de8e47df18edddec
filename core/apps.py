from contextlib import contextmanager

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Infrastructure every app uses and that knows no domain: cache, rate limits, mail, admin."""

    name = "core"
    # In admin it holds the outgoing e-mail queue and the scheduled runs.
    verbose_name = _("Operations")

    def ready(self):
        from core import checks  # noqa: F401  (registers the system checks)

        # The page cache is invalidated by every write to the portal's own models rather than
        # by each service: admin edits, imports and services all change public pages, and a
        # missed call would serve stale content. This is infrastructure, not business logic.
        for signal in SIGNALS:
            signal.connect(_content_changed, dispatch_uid=f"core-content-{id(signal)}")


SIGNALS = (post_save, post_delete, m2m_changed)


def _content_changed(sender, **kwargs):
    meta = getattr(sender, "_meta", None)
    if meta is not None and meta.app_label in settings.CACHE_CONTENT_APPS:
        from core.cache import content_changed

        content_changed()


@contextmanager
def content_signals_paused():
    """For loading data in bulk (the benchmark's): no signal per row, one version bump at the end."""
    from core.cache import content_changed

    for signal in SIGNALS:
        signal.disconnect(dispatch_uid=f"core-content-{id(signal)}")
    try:
        yield
    finally:
        for signal in SIGNALS:
            signal.connect(_content_changed, dispatch_uid=f"core-content-{id(signal)}")
        content_changed()
