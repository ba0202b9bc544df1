from django.conf import settings
from django.http import JsonResponse


def groet(request):
    """The welcome text as JSON, e.g. for a screen in the steunpunt's waiting room."""
    return JsonResponse({"groet": settings.STEUNPUNT_VOORBEELD_GROET})
