from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "haven.accounts"
    label = "accounts"
    verbose_name = _("Staff and roles")

    def ready(self):
        from haven.accounts import retention

        retention.register()
        # Groups need the permissions that migrate creates at its very end, so they
        # are synced after migrate (and after a test flush) rather than in a migration.
        post_migrate.connect(sync_roles_after_last_app, dispatch_uid="haven.roles_sync")


def sync_roles_after_last_app(sender, **kwargs):
    from haven.accounts.roles import roles_sync

    # post_migrate is sent once per app that has models; the last one comes after
    # every app's permissions exist.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender.label == with_models[-1].label:
        roles_sync()
