from django.conf import settings


def _site_values() -> dict:
    from invekst.models import AssociationProfile
    from plans.models import StrategicPlan

    profile = AssociationProfile.objects.current()
    plan = StrategicPlan.objects.only("vision", "period_start").current()
    return {
        "association": profile,
        "site_vision": plan.vision if plan else "",
        "secretariat_email": profile.contact_email if profile else settings.SECRETARIAT_EMAIL,
    }


def site(request):
    """Values every page's layout needs: the vision in the header, the contact in the footer.

    Kept in the shared cache under the content version, which every write of our models
    bumps (invekst.apps): a member page, never page-cached, reads them without a query, and
    an edit in admin shows at once on every instance.
    """
    from invekst.cache import content_version, versioned_cache

    # Cached per request as well: the header and footer both read these.
    if not hasattr(request, "_invekst_site"):
        key = f"site-context:{content_version()}"
        values = versioned_cache.get(key)
        if values is None:
            values = _site_values()
            versioned_cache.set(key, values, 60 * 60 * 24)
        request._invekst_site = values
    return request._invekst_site
