from invekst import views


class HealthCheckMiddleware:
    """Answer /healthz before host validation, so load balancers may probe by IP address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz" and request.method in ("GET", "HEAD"):
            return views.healthz(request)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Deny powerful browser features the portal never uses."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than settings.MAX_REQUEST_BODY with a calm 413 page.

    The declared Content-Length is checked before anything reads the body, so an oversized
    upload is never streamed to disk. Django's own limits (DATA_UPLOAD_MAX_MEMORY_SIZE for
    form fields, DATA_UPLOAD_MAX_NUMBER_FIELDS) still apply below this one; invekst.views.bad_request
    answers them with 413 and 400 instead of an error page.
    """

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.limit = settings.MAX_REQUEST_BODY

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0:
            # Django would fail with a 500 reading such a body; it is the client's mistake.
            return views.bad_request(request, None)
        if length > self.limit:
            return views.request_too_large(request)
        return self.get_response(request)
