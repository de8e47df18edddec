"""django-allauth's account adapter with its mail routed through the queue (core.mail)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from core.mail import queue_email


class QueuedMailAccountAdapter(DefaultAccountAdapter):
    """Sign-up confirmations, password resets and security notices leave through the worker,
    like every other e-mail: a sign-in page never waits on, or fails with, the mail server."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # The same context and rendering as allauth's own send_mail; only the sending is queued.
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        queue_email(self.render_mail(template_prefix, email, ctx))
