"""Corrections to django-allauth's Norwegian Bokmål catalogue.

Listing allauth's message ids here makes `makemessages` keep them in our own
locale/nb catalogue, which Django consults before allauth's (LOCALE_PATHS come
first), so our wording wins. Nothing imports this module.
"""

from django.utils.translation import gettext_noop

ALLAUTH_CORRECTIONS = (
    gettext_noop("Change Password"),
    gettext_noop("Forgot your password?"),
    gettext_noop("Please type your current password."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("The email address is not assigned to any user account."),
    gettext_noop("You cannot add more than %d email addresses."),
    gettext_noop("If you have not created an account yet, then please %(link)ssign up%(end_link)s first."),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an email allowing you to reset it."
    ),
)
