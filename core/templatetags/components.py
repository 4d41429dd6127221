"""GOV.UK components around words written in the page.

Components that take only values are plain includes in `templates/components/` (tag, summary
list from `rows`, notification banner, task list from `tasks`). The tags here are for pages
whose words carry markup and template logic of their own (a link, an `{% if %}`, a list),
which an include cannot take:

- `{% warning_text %}words{% endwarning_text %}` (optional `id="..."`);
- `{% summary_list %}` rows `{% endsummary_list %}` (optional `no_border=True`), each row
  `{% summary_row key="Name" %}value{% endsummary_row %}` (optional `key_hint`, a second
  smaller line under the key; `href`, with `query` added after a `?` and `fragment` after a
  `#`; `action` (default "Change"), `hidden` (the action's hidden words, default the key in
  lower case) and `actions_class`). As in GOV.UK Frontend, rows without an action are marked
  `--no-actions` only when another row of the list has one;
- `{% task_list %}` tasks `{% endtask_list %}`, each `{% task id="who" name="..." href=url
  status="..." %}` (optional `hint`, `colour` of the status tag (default blue), `done=True`
  for a status in plain words, and `closed=True` for a task without a link that is not
  greyed as "cannot start yet");
- `{% tag colour="blue" %}words{% endtag %}` (optional `id`) for a tag whose words carry
  markup (a visually hidden part);
- `{% notification_banner %}body{% endnotification_banner %}` (optional `title`, `title_id`
  or `number`, `type="success"`) for a banner whose body has markup of its own.

Each renders the same partial in `templates/components/` as the include does.
"""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, Node, NodeList, Parser, Token, token_kwargs
from django.template.context import Context
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

register = template.Library()


class ComponentNode(Node):
    """Renders a component partial with the tag's values and the words between its tags."""

    def __init__(
        self, template_name: str, nodelist: NodeList | None, extra: dict[str, FilterExpression]
    ) -> None:
        self.template_name = template_name
        self.nodelist = nodelist or NodeList()
        self.extra = extra

    def render(self, context: Context) -> str:
        values = {key: value.resolve(context) for key, value in self.extra.items()}
        # The words are the page's own template output, escaped as they were rendered.
        content = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return render_to_string(self.template_name, {**values, "content": content})


def _component(
    parser: Parser, token: Token, template_name: str, *, end: str | None
) -> ComponentNode:
    name, *bits = token.split_contents()
    extra = token_kwargs(bits, parser)
    if bits:
        raise template.TemplateSyntaxError(f"{name} takes only name=value arguments")
    nodelist = None
    if end:
        nodelist = parser.parse((end,))
        parser.delete_first_token()
    return ComponentNode(template_name, nodelist, extra)


@register.tag("warning_text")
def warning_text(parser: Parser, token: Token) -> ComponentNode:
    return _component(parser, token, "components/warning_text.html", end="endwarning_text")


NO_ACTIONS = " govuk-summary-list__row--no-actions"


class SummaryListNode(ComponentNode):
    """A summary list whose rows are written in the page.

    GOV.UK Frontend marks a row without an action `--no-actions` only when some other row has
    one (the mark keeps the columns lined up); when no row has an action, it is left off so the
    value takes the width.
    """

    def render(self, context: Context) -> str:
        content = self.nodelist.render(context).strip()
        if "govuk-summary-list__actions" not in content:
            content = content.replace(NO_ACTIONS, "")
        values = {key: value.resolve(context) for key, value in self.extra.items()}
        # The rows are the page's own template output, escaped as they were rendered.
        html = mark_safe(content)  # noqa: S308
        return render_to_string(self.template_name, {**values, "content": html})


@register.tag("summary_list")
def summary_list(parser: Parser, token: Token) -> ComponentNode:
    node = _component(parser, token, "components/summary_list.html", end="endsummary_list")
    return SummaryListNode(node.template_name, node.nodelist, node.extra)


@register.tag("summary_row")
def summary_row(parser: Parser, token: Token) -> ComponentNode:
    return _component(parser, token, "components/summary_row.html", end="endsummary_row")


@register.tag("tag")
def tag(parser: Parser, token: Token) -> ComponentNode:
    return _component(parser, token, "components/tag.html", end="endtag")


@register.tag("notification_banner")
def notification_banner(parser: Parser, token: Token) -> ComponentNode:
    return _component(
        parser, token, "components/notification_banner.html", end="endnotification_banner"
    )


@register.tag("task_list")
def task_list(parser: Parser, token: Token) -> ComponentNode:
    return _component(parser, token, "components/task_list.html", end="endtask_list")


class TaskNode(Node):
    def __init__(self, extra: dict[str, FilterExpression]) -> None:
        self.extra = extra

    def render(self, context: Context) -> str:
        task = {key: value.resolve(context) for key, value in self.extra.items()}
        return render_to_string("components/task.html", {"task": task})


@register.tag("task")
def task(parser: Parser, token: Token) -> TaskNode:
    name, *bits = token.split_contents()
    extra = token_kwargs(bits, parser)
    if bits:
        raise template.TemplateSyntaxError(f"{name} takes only name=value arguments")
    return TaskNode(extra)
