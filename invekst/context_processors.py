from django.conf import settings


def site(request):
    """Values every page's layout needs: the vision in the header, the contact in the footer."""
    from invekst.models import AssociationProfile
    from plans.models import StrategicPlan

    # Kept on the request: the header and the footer both read them.
    if not hasattr(request, "_invekst_site"):
        profile = AssociationProfile.objects.current()
        plan = StrategicPlan.objects.only("vision", "period_start").current()
        request._invekst_site = {
            "association": profile,
            "site_vision": plan.vision if plan else "",
            "secretariat_email": profile.contact_email if profile else settings.SECRETARIAT_EMAIL,
        }
    return request._invekst_site
