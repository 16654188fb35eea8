"""The user's own account pages under /account/: the two-step login (TOTP and recovery codes)."""

from django.urls import path

from haven.accounts import two_factor

app_name = "accounts"

urlpatterns = [
    path("two-factor/", two_factor.overview, name="two_factor"),
    path("two-factor/enrol/", two_factor.enrol, name="two_factor_enrol"),
    path("two-factor/verify/", two_factor.verify, name="two_factor_verify"),
    path("two-factor/recovery-codes/", two_factor.recovery_codes, name="two_factor_recovery_codes"),
]
