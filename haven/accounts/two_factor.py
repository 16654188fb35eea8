"""Two-step login for staff: a TOTP authenticator app (django-otp) plus recovery codes.

The password step is Django's ``LoginView`` (django-axes counts its failures). After it,
``TwoFactorMiddleware`` lets a session through only when a device verified it this session,
or when the user needs none:

- a user with a confirmed device (authenticator or recovery codes) is sent to the code page;
- a user who must have a device (``HAVEN_REQUIRE_TWO_FACTOR`` and any role) but has none is
  sent to enrolment;

and nothing else answers until then (pages redirect, htmx gets a client redirect, the JSON
API a 403). The same gate covers the admin's own login. API bearer tokens carry no session,
so they never meet it: tokens are issued separately.

Guessing codes is throttled by django-otp on each device: after n wrong codes the device
refuses every code, right or wrong, for 2^(n-1) × ``OTP_TOTP_THROTTLE_FACTOR`` seconds.
"""

import re
from base64 import b32encode
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

AUTHENTICATOR = "authenticator"
RECOVERY = "recovery"
CODE_CHARACTERS = re.compile(r"[\s-]+")


# --- policy -------------------------------------------------------------------------------


def two_factor_required(user) -> bool:
    """Whether this user must have a second factor: every staff user (anyone with a role,
    and superusers) when ``HAVEN_REQUIRE_TWO_FACTOR`` is on."""
    if not getattr(settings, "HAVEN_REQUIRE_TWO_FACTOR", False):
        return False
    return bool(user.is_superuser or user.is_staff or user.role_codes)


def has_confirmed_device(user) -> bool:
    return user_has_device(user, confirmed=True)


def recovery_codes_issue(user) -> list[str]:
    """New recovery codes for the user (the old ones stop working). Shown once: only the
    codes themselves are stored, by django-otp, each consumed when used."""
    count = getattr(settings, "HAVEN_RECOVERY_CODES", 10)
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user,
            name=RECOVERY,
            defaults={"confirmed": True},
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(count)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
        device.throttle_reset(commit=False)
        device.confirmed = True
        device.save()
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalise_code(code: str) -> str:
    return CODE_CHARACTERS.sub("", code or "").lower()


def verify_code(user, code: str) -> tuple[object | None, bool]:
    """Check a code against the user's confirmed devices: six digits go to the
    authenticator, anything else to the recovery codes (so a recovery code never counts
    as a wrong authenticator code and the other way round). Returns (device or None,
    throttled): throttled when every device it was tried on is waiting out its delay."""
    code = normalise_code(code)
    wants_totp = code.isdigit() and len(code) == 6
    tried = throttled = 0
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if isinstance(device, TOTPDevice) != wants_totp:
                continue
            tried += 1
            allowed, _data = device.verify_is_allowed()
            if not allowed:
                throttled += 1
                continue
            if device.verify_token(code):
                return device, False
    return None, bool(tried) and throttled == tried


# --- the gate -----------------------------------------------------------------------------


class TwoFactorMiddleware:
    """After AuthenticationMiddleware and django_otp's OTPMiddleware. Lets a logged-in
    session through only when it is verified, or its user has no device and needs none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or self._exempt(request.path_info):
            return self.get_response(request)
        if getattr(user, "is_verified", None) and user.is_verified():
            return self.get_response(request)
        if has_confirmed_device(user):
            target = reverse("accounts:two_factor_verify")
        elif two_factor_required(user):
            target = reverse("accounts:two_factor_enrol")
        else:
            return self.get_response(request)
        request.two_factor_pending = True  # type: ignore[attr-defined]  # a mark on the request, read by the templates
        if request.path_info == target:
            return self.get_response(request)
        return self._send_to(request, target)

    @staticmethod
    def _exempt(path: str) -> bool:
        static = "/" + settings.STATIC_URL.lstrip("/")
        return path.startswith(static) or path in {
            reverse("logout"),
            reverse("health"),
            reverse("set_language"),
            reverse("javascript-catalog"),
        }

    @staticmethod
    def _send_to(request: HttpRequest, target: str) -> HttpResponse:
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": _("Finish the two-step login first.")}, status=403)
        if request.method == "GET" and request.path_info != "/":
            target = f"{target}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request") == "true":  # HtmxMiddleware runs later
            return HttpResponseClientRedirect(target)
        return redirect(target)


# --- forms --------------------------------------------------------------------------------


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=64, strip=True)

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if not code or not code.isalnum() or not code.isascii():
            raise forms.ValidationError(gettext_lazy("Enter the code from your app or a recovery code."))
        return code


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _grouped(text: str, size: int = 4) -> str:
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


def _throttled_message() -> str:
    return _("Too many wrong codes. Wait a moment before you try again.")


# --- views --------------------------------------------------------------------------------


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    authenticator = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return render(
        request,
        "registration/two_factor_overview.html",
        {
            "authenticator": authenticator,
            "recovery_left": recovery_codes_left(user),
            "required": two_factor_required(user),
        },
    )


@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up (or replace) the authenticator: a QR code and the key to type, then the first
    code confirms it. Replacing one needs a session verified with the old one (the
    middleware sends an unverified user with a device to the code page first)."""
    user = request.user
    if has_confirmed_device(user) and not user.is_verified():  # type: ignore[union-attr]  # django-otp's middleware gives the user is_verified()
        return redirect("accounts:two_factor_verify")
    # One pending device per user, so reloading the page keeps the same key.
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first() or TOTPDevice.objects.create(
        user=user, name=AUTHENTICATOR, confirmed=False
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
            allowed, _data = device.verify_is_allowed()
            if not allowed:
                form.add_error("code", _throttled_message())
            elif device.verify_token(form.cleaned_data["code"]):
                TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            else:
                form.add_error("code", _("This code is not right. Check the time on your phone and try again."))
        if form.is_valid():
            codes = recovery_codes_issue(user)
            request.session.cycle_key()
            otp_login(request, device)
            return render(
                request,
                "registration/two_factor_recovery_codes.html",
                {
                    "codes": codes,
                    "enrolled": True,
                    "next": _next_url(request),
                },
            )
    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/two_factor_enrol.html",
        {
            "form": form,
            "qr_svg": segno.make(device.config_url, error="m").svg_inline(
                omitsize=True,
                dark="#1c2430",
                light="#ffffff",
                title=_("QR code for your authenticator app"),
            ),
            "secret": _grouped(secret),
            "issuer": getattr(settings, "OTP_TOTP_ISSUER", "Haven"),
            "replacing": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "required": two_factor_required(user),
            "next": request.GET.get("next", ""),
        },
    )


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of the login: a code from the app, or one recovery code."""
    user = request.user
    if user.is_verified():  # type: ignore[union-attr]  # django-otp's middleware gives the user is_verified()
        return redirect(_next_url(request))
    if not has_confirmed_device(user):
        return redirect("home")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, throttled = verify_code(user, form.cleaned_data["code"])
        if device is not None:
            request.session.cycle_key()
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = recovery_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code. %(count)d recovery code is left.",
                        "You used a recovery code. %(count)d recovery codes are left.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(_next_url(request))
        form.add_error("code", _throttled_message() if throttled else _("This code is not right."))
    return render(
        request,
        "registration/two_factor_verify.html",
        {
            "form": form,
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )


@login_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working), shown once."""
    user = request.user
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists() or not user.is_verified():  # type: ignore[union-attr]  # django-otp's middleware gives the user is_verified()
        return redirect("accounts:two_factor")
    return render(
        request,
        "registration/two_factor_recovery_codes.html",
        {
            "codes": recovery_codes_issue(user),
            "enrolled": False,
            "next": reverse("accounts:two_factor"),
        },
    )
