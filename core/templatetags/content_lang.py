"""The language of what the secretariat writes, for pages shown in another language.

The secretariat writes news, workgroup texts, the plan and the about page in Norwegian, and
no model has an English version of them. On an English page that text is marked lang="nb",
so a screen reader reads it with Norwegian pronunciation (WCAG 2.1 3.1.2, Language of Parts).
"""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def content_lang() -> str:
    """` lang="nb"` for an element holding Norwegian content, when the page's language is another."""
    if (get_language() or settings.LANGUAGE_CODE) == settings.LANGUAGE_CODE:
        return ""
    return format_html(' lang="{}"', settings.LANGUAGE_CODE)
