from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.core.paginator import Paginator
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import ratelimit
from core.cache import public_page
from core.pagination import page_or_404
from events.models import Event
from invekst.forms import ContactForm
from invekst.models import AssociationProfile, NewsPost
from invekst.services import contact_message_create
from plans.models import StrategicPlan
from plans.progress import plan_progress
from workgroups.models import Workgroup

NEWS_PER_PAGE = 10
HOME_EVENTS = 3


def _next_news():
    return NewsPost.objects.next_publication()


def _next_home_change():
    """The home page changes with the next news post and the next event starting, ending or closing."""
    moments = [moment for moment in (_next_news(), Event.objects.next_change()) if moment is not None]
    return min(moments) if moments else None


@public_page(changes_at=_next_home_change)
def home(request):
    plan = StrategicPlan.objects.current()
    context = {
        "plan": plan,
        "targets": plan_progress(plan) if plan else [],
        "workgroups": Workgroup.objects.active(),
        "news": NewsPost.objects.published()[:3],
        "events": Event.objects.published().upcoming().with_counts()[:HOME_EVENTS],
    }
    return render(request, "invekst/home.html", context)


@public_page
def about(request):
    profile = AssociationProfile.objects.current()
    return render(
        request,
        "invekst/about.html",
        {"profile": profile, "workgroups": Workgroup.objects.active()},
    )


@public_page(changes_at=_next_news)
def news_list(request):
    page = page_or_404(Paginator(NewsPost.objects.published(), NEWS_PER_PAGE), request.GET.get("side"))
    return render(request, "invekst/news_list.html", {"page": page})


@public_page(changes_at=_next_news)
def news_detail(request, slug):
    post = get_object_or_404(NewsPost.objects.published(), slug=slug)
    return render(request, "invekst/news_detail.html", {"post": post})


def contact(request):
    profile = AssociationProfile.objects.current()
    form = ContactForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.hit(request, action="contact", rate=settings.CONTACT_RATE_LIMIT):
            return render(
                request, "invekst/contact.html", {"profile": profile, "form": form, "limited": True}, status=429
            )
        if form.is_valid():
            # A filled honeypot looks like success to the bot and stores nothing.
            if not form.is_spam():
                contact_message_create(form=form)
            messages.success(request, _("Thank you! Your message has been sent, and we will answer you by e-mail."))
            return redirect("contact")
    return render(request, "invekst/contact.html", {"profile": profile, "form": form})


@public_page
def privacy(request):
    return render(request, "invekst/privacy.html", {"version": settings.PRIVACY_STATEMENT_VERSION})


@public_page
def accessibility(request):
    return render(request, "invekst/accessibility.html")


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /min-side/", "Disallow: /konto/", "Disallow: /i18n/", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@never_cache
@require_GET
def healthz(request):
    """Each dependency's state; 503 only when the database is down (Redis only makes pages faster).

    `cache` is "ok", "unavailable" (Redis does not answer: pages are served uncached), or
    "local" (no Redis configured: each process caches in its own memory).
    """
    checks = {"database": "ok", "cache": _cache_state()}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        checks["database"] = "unreachable"
        return JsonResponse({"status": "unavailable", **checks}, status=503)
    return JsonResponse({"status": "ok", **checks})


def _cache_state() -> str:
    ping = getattr(cache, "ping", None)
    if ping is None:
        return "local"
    return "ok" if ping() else "unavailable"


def request_too_large(request):
    return render(request, "413.html", status=413)


def bad_request(request, exception):
    """A request Django could not read: too large a form (413), too many fields, a bad host (400)."""
    if isinstance(exception, RequestDataTooBig):
        return request_too_large(request)
    return render(request, "400.html", status=400)


def permission_denied(request, exception):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token: usually a page left open too long (settings.CSRF_FAILURE_VIEW)."""
    return render(request, "403_csrf.html", status=403)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors that touch the database: the database may be why we are here.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render({"request": None}), status=500)
