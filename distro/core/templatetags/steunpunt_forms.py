from django import template

register = template.Library()


@register.simple_tag
def field_with_description(field):
    """Render a widget with aria-describedby/aria-invalid pointing at its help and error."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_help")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    attrs = {}
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if field.errors:
        attrs["aria-invalid"] = "true"
    if field.field.required and field.widget_type != "checkbox":
        attrs["required"] = True
    return field.as_widget(attrs=attrs)
