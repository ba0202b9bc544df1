from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


@hooks.register("register_admin_urls")
def register_admin_urls():
    urlpatterns = [
        path("", views.OutboxView.as_view(), name="index"),
        path("<int:pk>/opnieuw/", views.retry_view, name="retry"),
    ]
    return [path("e-mail/", include((urlpatterns, "outbox_admin"), namespace="outbox_admin"))]


class OutboxMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_view(request.user)


@hooks.register("register_admin_menu_item")
def register_outbox_menu_item():
    return OutboxMenuItem(_("E-mail"), reverse("outbox_admin:index"), name="e-mail", icon_name="mail", order=155)


@hooks.register("register_log_actions")
def register_outbox_log_actions(actions):
    actions.register_action(views.LOG_RETRY, _("E-mail opnieuw verstuurd"), _("E-mail opnieuw verstuurd"))
