# Belgian invoices and Peppol: an invoice's kind (month or catch-up), its period and due
# date; the e-invoice's sending; an organisation's invoicing address and Peppol address.
# Existing invoices get their month as period (what their lines were billed for) and a due
# date 30 days after issue; organisations take their first site's address as invoicing
# address until the administrator sets one.

import datetime
import haven.interpreting.models.organisations
from django.conf import settings
from django.db import migrations, models


def fill_existing(apps, schema_editor):
    Invoice = apps.get_model("interpreting", "Invoice")
    Organisation = apps.get_model("interpreting", "Organisation")
    Site = apps.get_model("interpreting", "Site")
    for invoice in Invoice.objects.all().iterator():
        following = (invoice.month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        invoice.period_start = invoice.month
        invoice.period_end = following - datetime.timedelta(days=1)
        invoice.due_on = invoice.issued_on + datetime.timedelta(days=30)
        invoice.save(update_fields=["period_start", "period_end", "due_on"])
    first_sites = {}
    for site in Site.objects.order_by("organisation_id", "id").iterator():
        first_sites.setdefault(site.organisation_id, site)
    for organisation in Organisation.objects.filter(street="").iterator():
        site = first_sites.get(organisation.pk)
        if site is not None:
            organisation.street = site.street
            organisation.postal_code = site.postal_code
            organisation.municipality = site.municipality
            organisation.save(update_fields=["street", "postal_code", "municipality"])


class Migration(migrations.Migration):
    dependencies = [
        ("interpreting", "0005_list_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="invoice",
            name="interpreting_one_invoice_per_month",
        ),
        migrations.AddField(
            model_name="invoice",
            name="due_on",
            field=models.DateField(default=datetime.date(2000, 1, 1), verbose_name="due on"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="invoice",
            name="einvoice_reference",
            field=models.CharField(blank=True, max_length=200, verbose_name="e-invoice reference"),
        ),
        migrations.AddField(
            model_name="invoice",
            name="einvoice_sent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="e-invoice sent at"),
        ),
        migrations.AddField(
            model_name="invoice",
            name="kind",
            field=models.CharField(
                choices=[("month", "month invoice"), ("catch_up", "catch-up invoice")],
                default="month",
                max_length=10,
                verbose_name="kind",
            ),
        ),
        migrations.AddField(
            model_name="invoice",
            name="period_end",
            field=models.DateField(default=datetime.date(2000, 1, 1), verbose_name="period to"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="invoice",
            name="period_start",
            field=models.DateField(default=datetime.date(2000, 1, 1), verbose_name="period from"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="organisation",
            name="buyer_reference",
            field=models.CharField(
                blank=True,
                help_text="The reference the organisation asks to quote on its invoices (an order or cost centre).",
                max_length=50,
                verbose_name="buyer reference",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="country",
            field=models.CharField(blank=True, default="BE", max_length=2, verbose_name="country"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="municipality",
            field=models.CharField(blank=True, max_length=100, verbose_name="municipality"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="peppol_id",
            field=models.CharField(
                blank=True,
                help_text="Leave empty to use the enterprise number.",
                max_length=50,
                verbose_name="Peppol identifier",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="peppol_scheme",
            field=models.CharField(
                blank=True,
                default="0208",
                max_length=4,
                validators=[haven.interpreting.models.organisations.validate_peppol_scheme],
                verbose_name="Peppol scheme",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="postal_code",
            field=models.CharField(blank=True, max_length=10, verbose_name="postal code"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="street",
            field=models.CharField(blank=True, max_length=200, verbose_name="street and number"),
        ),
        migrations.RunPython(fill_existing, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="invoice",
            constraint=models.UniqueConstraint(
                fields=("organisation", "month", "kind"), name="interpreting_one_invoice_per_month_and_kind"
            ),
        ),
        migrations.AddConstraint(
            model_name="invoice",
            constraint=models.CheckConstraint(
                condition=models.Q(("period_start__lte", models.F("period_end"))),
                name="interpreting_invoice_period_ordered",
            ),
        ),
    ]
