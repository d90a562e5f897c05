"""`{% export_links "/api/vehicles" %}`: download links for a list page, carrying the page's
current filters over to the list API's `?format=xlsx|csv` (page parameter names in
snake_case become the API's camelCase; paging parameters are dropped), one more that
exports in the background (`async=1`), and the way to "my exports"."""

from urllib.parse import urlencode

from django import template

from unicon.core.schemas import to_camel
from unicon.dataio import export_jobs
from unicon.dataio.export import FORMATS

register = template.Library()

PAGING = {"cursor", "limit", "format", "async"}


@register.filter
def list_title(job) -> str:
    """`{{ job|list_title }}`: the exported list's name in the reader's language."""
    return export_jobs.list_title(job)


@register.inclusion_tag("dataio/_export_links.html", takes_context=True)
def export_links(context, api_path: str) -> dict:
    request = context["request"]
    params = [
        (to_camel(key), value)
        for key, values in request.GET.lists()
        if key not in PAGING
        for value in values
        if value.strip()
    ]
    return {
        "links": [
            (fmt.upper(), f"{api_path}?{urlencode([*params, ('format', fmt)])}") for fmt in FORMATS
        ],
        "background": f"{api_path}?{urlencode([*params, ('format', 'xlsx'), ('async', '1')])}",
    }
