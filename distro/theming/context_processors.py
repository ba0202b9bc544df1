from .themes import current_theme


def theme(request):
    return {"theme": current_theme()}
