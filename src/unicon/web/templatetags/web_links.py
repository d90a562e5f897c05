"""Links that show only to users who may open their page: `{% may_open "url-name" as ok %}`
asks the page's own access rule (`unicon.core.permissions.may_open`)."""

from django import template

from unicon.core import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def may_open(context, url_name: str, *args) -> bool:
    """Whether the current user may open the page `url_name` (with `args`)."""
    request = context.get("request")
    return permissions.may_open(getattr(request, "user", None), url_name, *args)
