from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404
from django.utils.translation import gettext as _


def page_or_404(paginator: Paginator, number) -> Page:
    """The page asked for (the first without a number); 404 for one that does not exist.

    As Django's ListView does: each page has one address, so a cached list stores real pages
    only (core.cache).
    """
    try:
        return paginator.page(number or 1)
    except InvalidPage as error:
        raise Http404(_("There is no such page.")) from error
