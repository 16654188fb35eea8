"""Lock-out per source address across accounts (django-axes handler).

Axes locks a username+address pair after ``AXES_FAILURE_LIMIT`` wrong passwords. Someone
who tries a few passwords on each of many accounts stays under that limit on every pair,
so this handler also adds up the failures of one address over all usernames and locks the
address once they reach ``HAVEN_LOGIN_FAILURE_LIMIT_PER_ADDRESS`` (within the same cool-off
window, ``AXES_COOLOFF_TIME``). While locked, the address cannot log in to any account, even
with a right password. An administrator unlocks it by deleting its access attempts in the
admin (axes' own page), or it unlocks by itself after the cool-off time.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum


def address_failure_limit() -> int:
    return int(getattr(settings, "HAVEN_LOGIN_FAILURE_LIMIT_PER_ADDRESS", 10))


class AddressLockoutHandler(AxesDatabaseHandler):
    def address_failures(self, request) -> int:
        address = getattr(request, "axes_ip_address", None)
        if not address:
            return 0
        attempts = AccessAttempt.objects.filter(ip_address=address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0

    def address_locked(self, request) -> bool:
        limit = address_failure_limit()
        return limit > 0 and self.address_failures(request) >= limit

    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or (
            settings.AXES_LOCK_OUT_AT_FAILURE and self.address_locked(request)  # type: ignore[misc]  # django-axes sets its defaults on settings
        )

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        if settings.AXES_LOCK_OUT_AT_FAILURE and self.address_locked(request):  # type: ignore[misc]  # django-axes sets its defaults on settings
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
            )
