from django.apps import AppConfig
from django.conf import settings
from django.contrib.admin import apps as admin_apps
from django.core.signals import request_finished, request_started
from django.db.models.signals import m2m_changed, post_delete, post_save


class InvekstConfig(AppConfig):
    name = "invekst"
    verbose_name = "INVEKST"

    # Writes to these never change what a public page shows; they must not empty the cache
    # (the user row is written on every login). Users are the exception below.
    PRIVATE_MODELS = {
        "members.user",
        "invekst.contactmessage",
        "invekst.segmentmailing",
        "invekst.segmentmailingrecipient",
    }
    # auth: groups and their permissions (the back office's permission sets are cached
    # under the version, see invekst.auth_backends); a user's own groups and permissions
    # are members' tables and bump it already.
    CONTENT_APPS = {"invekst", "plans", "workgroups", "members", "auth"}
    # A user's fields that other people see: the workgroup room's cached roster shows them.
    USER_SHOWN_FIELDS = frozenset({"name", "email", "show_email"})

    def ready(self):
        # Cache invalidation is wired to every write of our models rather than to each
        # service: admin edits, imports and services all change public pages, and a missed
        # call would serve stale content. This is infrastructure, not business logic.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(self._content_changed, dispatch_uid=f"invekst-content-{signal!r}")
        post_save.connect(self._user_changed, sender=settings.AUTH_USER_MODEL, dispatch_uid="invekst-content-user")
        # Each request reads the content version once (invekst.cache.content_version).
        from invekst import cache

        request_started.connect(cache.request_started, dispatch_uid="invekst-version-request-started")
        request_finished.connect(cache.request_finished, dispatch_uid="invekst-version-request-finished")

    def _content_changed(self, sender, **kwargs):
        meta = getattr(sender, "_meta", None)
        if meta is None or meta.app_label not in self.CONTENT_APPS or meta.label_lower in self.PRIVATE_MODELS:
            return
        self._bump()

    def _user_changed(self, sender, update_fields=None, **kwargs):
        # A save naming its fields tells whether a shown one is among them (a login writes
        # only last_login); a full save may have changed any of them.
        if update_fields is not None and not self.USER_SHOWN_FIELDS.intersection(update_fields):
            return
        self._bump()

    @staticmethod
    def _bump():
        from django.db import transaction

        from invekst.cache import bump_content_version, bumps_suspended

        if bumps_suspended():
            return
        # After commit: a page rendered from uncommitted data must not outlive a rollback.
        transaction.on_commit(bump_content_version)


class InvekstAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our site class as admin.site."""

    default = False  # InvekstConfig stays the invekst app's configuration
    default_site = "invekst.admin_site.InvekstAdminSite"
