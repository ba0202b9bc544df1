"""``{% cachedfragment "menus" site.pk LANGUAGE_CODE %}...{% endcachedfragment %}``.

Like Django's ``{% cache %}``, but never stale: the fragment carries the page
cache's generation and clock (distro.pagecache.store.cached_fragment).
"""

from django import template

from distro.pagecache.store import cached_fragment

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, name, parts):
        self.nodelist = nodelist
        self.name = name
        self.parts = parts

    def render(self, context):
        name = self.name.resolve(context)
        parts = [part.resolve(context) for part in self.parts]
        return cached_fragment(name, *parts, build=lambda: self.nodelist.render(context))


@register.tag
def cachedfragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("cachedfragment needs a name")
    nodelist = parser.parse(("endcachedfragment",))
    parser.delete_first_token()
    return CachedFragmentNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]])
