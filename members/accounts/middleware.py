"""Admin entry rules: the admin is entered through allauth's login, with a second factor."""

from urllib.parse import urlencode

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _


class AdminRequireMFAMiddleware:
    """Send admin logins to allauth's login, and staff without a second factor to MFA setup.

    Django's own admin login form would skip allauth's rate limits and MFA step, so it is
    never used. A signed-in person who is not staff is told so on a 403 page: the login would
    send them straight back here, round and round. With settings.ADMIN_REQUIRE_MFA on, a staff
    user without an activated authenticator app is redirected to the page where they set one up.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin_index = reverse("admin:index")
        if request.path.startswith(admin_index):
            if request.path == reverse("admin:login"):
                if request.user.is_authenticated and not request.user.is_staff:
                    reason = _("The secretariat's pages are only for the secretariat of INVEKST.")
                    return render(request, "403.html", {"reason": reason}, status=403)
                query = urlencode({"next": request.GET.get("next") or admin_index})
                return redirect(f"{reverse('account_login')}?{query}")
            user = request.user
            if (
                settings.ADMIN_REQUIRE_MFA
                and user.is_authenticated
                and user.is_active
                and user.is_staff
                and not is_mfa_enabled(user, types=["totp"])
            ):
                messages.warning(
                    request,
                    _(
                        "The secretariat's pages require two-factor authentication. "
                        "Activate an authenticator app below, then open the secretariat's pages again."
                    ),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)
