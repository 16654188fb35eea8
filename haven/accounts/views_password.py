"""A user's own password: changed on Django's password-change page, or chosen through a
reset link an administrator sent. Both are written to the audit trail (the field name
``password``, never anything about the value)."""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from haven.accounts.services import audit


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit(actor=form.user, action="update", target=form.user, fields=("password",), note="own password changed")
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        audit(
            actor=form.user,
            action="update",
            target=form.user,
            fields=("password",),
            note="password chosen through a reset link",
        )
        return response
