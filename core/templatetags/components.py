"""GOV.UK components around words written in the page: `{% warning_text %}…{% endwarning_text %}`.

Components that take only values are plain includes in `templates/components/` (tag, summary
list, notification banner, task list); this tag is for the one whose words carry markup and
template logic of their own (a link, an `{% if %}`), which an include cannot take.
"""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, Node, NodeList, Parser, Token, token_kwargs
from django.template.context import Context
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

register = template.Library()


class WarningTextNode(Node):
    def __init__(self, nodelist: NodeList, extra: dict[str, FilterExpression]) -> None:
        self.nodelist = nodelist
        self.extra = extra

    def render(self, context: Context) -> str:
        values = {key: value.resolve(context) for key, value in self.extra.items()}
        # The words are the page's own template output, escaped as they were rendered.
        content = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return render_to_string("components/warning_text.html", {**values, "content": content})


@register.tag("warning_text")
def warning_text(parser: Parser, token: Token) -> WarningTextNode:
    bits = token.split_contents()[1:]
    extra = token_kwargs(bits, parser)
    if bits:
        raise template.TemplateSyntaxError("warning_text takes only name=value arguments (id)")
    nodelist = parser.parse(("endwarning_text",))
    parser.delete_first_token()
    return WarningTextNode(nodelist, extra)
