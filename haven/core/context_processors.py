from django.conf import settings

from haven.core.navigation import navigation_for_user


def shell(request):
    """What the page shell needs on every page: navigation and the available languages."""
    user = getattr(request, "user", None)
    return {
        "navigation": navigation_for_user(user) if user is not None else [],
        "interface_languages": settings.LANGUAGES,
        "municipality": settings.HAVEN_MUNICIPALITY,
    }
