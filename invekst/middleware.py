from invekst import views


class HealthCheckMiddleware:
    """Answer /healthz before host validation, so load balancers may probe by IP address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz" and request.method in ("GET", "HEAD"):
            return views.healthz(request)
        return self.get_response(request)
