"""The secretariat's admin site: Django's, with the navigation sidebar kept in the cache."""

import hashlib
from functools import partial

from django.contrib import admin
from django.utils.functional import SimpleLazyObject


class InvekstAdminSite(admin.AdminSite):
    """Django's admin site, with the sidebar of every list rendered once per set of permissions.

    The sidebar on every admin page lists every model the user may open: get_app_list()
    checks four permissions and reverses two URLs per model, and the template writes a row
    for each, about a third of the time of the company list. It is the same for everyone
    with the same permissions, so templates/admin/base_site.html caches it under
    nav_sidebar_key (the permissions and the content version, which also covers admin
    options that read our data), the language and the path (it marks the current model),
    and the app list is only built when the sidebar is rendered.
    """

    # Views whose sidebar is cached: a bounded set of paths (one per list), unlike change pages.
    CACHED_SIDEBAR_VIEWS = ("app_list",)

    def get_app_list(self, request, app_label=None):
        # Built on first use: a sidebar read from the cache never asks for it.
        return SimpleLazyObject(partial(super().get_app_list, request, app_label))

    def each_context(self, request):
        return {**super().each_context(request), "nav_sidebar_key": self.nav_sidebar_key(request)}

    def nav_sidebar_key(self, request) -> str:
        """What the sidebar depends on besides the language and the path; "" not to cache it."""
        match = request.resolver_match
        name = (match.url_name or "") if match else ""
        if not (name in self.CACHED_SIDEBAR_VIEWS or name.endswith("_changelist")):
            return ""
        from invekst.cache import content_version

        user = request.user
        # The same set the admin's permission checks load (and cache on the user) anyway; a
        # superuser's checks load none.
        permissions = "superuser" if user.is_superuser else "\n".join(sorted(user.get_all_permissions()))
        digest = hashlib.sha256(f"{user.is_active}|{user.is_staff}|{permissions}".encode()).hexdigest()[:32]
        return f"{content_version()}:{digest}"
