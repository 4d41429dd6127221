"""`{% panel p %}`: one filled panel (core/panels.py), its template rendered with the page's
context and the panel's own on top, as `{% include %}` would."""

from __future__ import annotations

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString

from core.panels import Panel

register = template.Library()


def render_panel(context: Context, panel: Panel) -> SafeString:
    if context.template is None:
        raise template.TemplateSyntaxError("a panel is rendered inside a template only")
    tpl = context.template.engine.get_template(panel.template)
    with context.push(**panel.context):
        return tpl.render(context)


@register.simple_tag(takes_context=True, name="panel")
def panel_tag(context: Context, panel: Panel) -> SafeString:
    return render_panel(context, panel)
