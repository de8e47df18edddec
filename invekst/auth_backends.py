"""A user's permissions from the cache, for the back office.

Django's ModelBackend reads a staff member's permissions with two queries on every admin
request; the group query joins five tables and PostgreSQL spends ~1 ms planning it. This
backend, listed before ModelBackend, fills the same per-request attribute (`_perm_cache`)
from the shared cache instead, so ModelBackend and allauth's backend (a ModelBackend too)
read the set from there and never query.

It never authenticates anyone and never loads a user: sessions keep naming the backend that
logged the user in. The entry's key holds the content version, which every change of
groups, group permissions, a user's groups or permissions bumps (invekst.apps), and the
user's superuser flag, so a demoted superuser does not keep every permission. `is_active`
is read from the user row on each request, as ModelBackend does.
"""

from django.contrib.auth.backends import ModelBackend

from invekst.cache import content_version, versioned_cache

PERMISSIONS_TIMEOUT = 60 * 60  # the version, not this, keeps the set current


class CachedPermissionsBackend(ModelBackend):
    def authenticate(self, request, **credentials):
        return None

    def get_user(self, user_id):
        return None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            key = f"permissions:{user_obj.pk}:{int(user_obj.is_superuser)}:{content_version()}"
            permissions = versioned_cache.get(key)
            if permissions is None:
                permissions = super().get_all_permissions(user_obj)
                versioned_cache.set(key, permissions, PERMISSIONS_TIMEOUT)
            user_obj._perm_cache = permissions
        return user_obj._perm_cache
