import json

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from members.accounts.forms import DeleteAccountForm
from members.accounts.services import (
    AccountDeletionRefused,
    account_delete,
    companies_blocking_deletion,
    personal_data_export,
)


def _my_data_page(request, form: DeleteAccountForm, *, status: int = 200):
    context = {
        "form": form,
        "blocking_companies": companies_blocking_deletion(request.user),
        "representations": request.user.representations.select_related("company"),
        "privacy_acceptances": request.user.privacy_acceptances.all(),
        "privacy_version": settings.PRIVACY_STATEMENT_VERSION,
    }
    return render(request, "members/my_data.html", context, status=status)


@login_required
@require_GET
def my_data(request):
    return _my_data_page(request, DeleteAccountForm(user=request.user))


@login_required
@require_GET
def my_data_export(request):
    data = personal_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    filename = f"invekst-mine-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def delete_account(request):
    form = DeleteAccountForm(request.POST, user=request.user)
    if not form.is_valid():
        return _my_data_page(request, form, status=400)
    try:
        account_delete(user=request.user)
    except AccountDeletionRefused:
        # The page explains which companies need another main contact first.
        return _my_data_page(request, DeleteAccountForm(user=request.user), status=409)
    logout(request)
    return redirect("accounts:account-deleted")


@require_GET
def account_deleted(request):
    return render(request, "members/account_deleted.html")
