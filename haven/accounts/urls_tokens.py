from django.urls import path

from haven.accounts import views_tokens

app_name = "account_tokens"

urlpatterns = [
    path("", views_tokens.token_list, name="list"),
    path("<int:token_id>/revoke/", views_tokens.token_revoke, name="revoke"),
]
