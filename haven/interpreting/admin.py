"""The reference data of interpreting, kept by the functional administrator: zones and
travel times, partner organisations (addresses, agreements, contact users), interpreters
(languages, weekly availability, absences), tariffs and the translation library.

Requests, assignments, sheets and invoices are not here: they change only through the
services, from the portal and dispatch pages. An interpreter's calendar token is never
shown (the interpreter renews it on their calendar page).
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from stdnum.be import vat

from haven.interpreting.models import (
    Absence,
    Agreement,
    Availability,
    Interpreter,
    InterpreterLanguage,
    LibraryDocument,
    Modality,
    Organisation,
    PartnerContact,
    Site,
    Tariff,
    TravelTime,
    Zone,
)


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


class TravelTimeForm(forms.ModelForm):
    class Meta:
        model = TravelTime
        fields = ("origin", "destination", "minutes")

    def clean(self):
        # Travel times hold both ways and are stored with the lower zone id first; put
        # the pair in that order before the model's constraints are checked.
        cleaned = super().clean()
        origin, destination = cleaned.get("origin"), cleaned.get("destination")
        if origin and destination and origin.pk > destination.pk:
            cleaned["origin"], cleaned["destination"] = destination, origin
        return cleaned


@admin.register(TravelTime)
class TravelTimeAdmin(admin.ModelAdmin):
    form = TravelTimeForm
    list_display = ("origin", "destination", "minutes")
    list_editable = ("minutes",)
    list_filter = ("origin",)
    list_select_related = ("origin", "destination")
    search_fields = ("origin__name", "destination__name", "origin__code", "destination__code")
    ordering = ("origin__name", "destination__name")


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    fields = ("name", "street", "postal_code", "municipality", "zone")


class AgreementInline(admin.TabularInline):
    model = Agreement
    extra = 0
    fields = ("starts_on", "ends_on", "status", "signed_on")


class PartnerContactInline(admin.TabularInline):
    model = PartnerContact
    extra = 0
    autocomplete_fields = ("user",)


class OrganisationForm(forms.ModelForm):
    # Accept the number as people write it (0403.170.701, BE 0403 170 701); store it compact.
    enterprise_number = forms.CharField(label=_("enterprise number (KBO)"), max_length=20)

    class Meta:
        model = Organisation
        fields = (
            "name",
            "enterprise_number",
            "sector",
            "email",
            "phone",
            "street",
            "postal_code",
            "municipality",
            "country",
            "peppol_scheme",
            "peppol_id",
            "buyer_reference",
        )

    def clean_enterprise_number(self):
        return vat.compact(self.cleaned_data["enterprise_number"])


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationForm
    list_display = ("name", "enterprise_number_display", "sector", "email", "phone")
    list_filter = ("sector",)
    search_fields = ("name", "enterprise_number")
    inlines = (SiteInline, AgreementInline, PartnerContactInline)

    @admin.display(description=_("enterprise number (KBO)"), ordering="enterprise_number")
    def enterprise_number_display(self, organisation):
        # The usual notation, 0403.170.701 (python-stdnum has no formatter for it).
        number = organisation.enterprise_number
        return f"{number[:4]}.{number[4:7]}.{number[7:]}" if len(number) == 10 else number

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # A number typed with dots, spaces or "BE" still finds the organisation.
        number = vat.compact(search_term) if search_term else ""
        if number.isdigit() and number != search_term:
            results |= queryset.filter(enterprise_number__contains=number)
        return results, may_have_duplicates


class ListField(forms.CharField):
    """A short list (dialects) typed as comma-separated words."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        return [part.strip() for part in value.split(",") if part.strip()]


class InterpreterLanguageForm(forms.ModelForm):
    dialects = ListField(label=_("dialects"), required=False, help_text=_("Separated by commas."))

    class Meta:
        model = InterpreterLanguage
        fields = ("language", "dialects")


class InterpreterLanguageInline(admin.TabularInline):
    model = InterpreterLanguage
    form = InterpreterLanguageForm
    extra = 0


class AvailabilityInline(admin.TabularInline):
    model = Availability
    extra = 0
    fields = ("weekday", "starts_at", "ends_at")


class AbsenceInline(admin.TabularInline):
    model = Absence
    extra = 0
    fields = ("starts_at", "ends_at", "reason")


class InterpreterForm(forms.ModelForm):
    modalities = forms.MultipleChoiceField(
        label=_("modalities"), choices=Modality.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Interpreter
        # Never the calendar token: it is the interpreter's secret.
        fields = (
            "user",
            "given_names",
            "family_name",
            "sex",
            "email",
            "phone",
            "home_zone",
            "certified",
            "sworn",
            "modalities",
            "interprets",
            "translates",
            "max_hours_per_week",
            "active",
            "left_pool_on",
        )


class ModalityFilter(admin.SimpleListFilter):
    title = _("modalities")
    parameter_name = "modality"

    def lookups(self, request, model_admin):
        return Modality.choices

    def queryset(self, request, queryset):
        if self.value() in Modality.values:
            # The list is stored as JSON text; a quoted value matches on SQLite and PostgreSQL.
            return queryset.filter(modalities__icontains=f'"{self.value()}"')
        return queryset


@admin.register(Interpreter)
class InterpreterAdmin(admin.ModelAdmin):
    form = InterpreterForm
    list_display = (
        "family_name",
        "given_names",
        "home_zone",
        "certified",
        "sworn",
        "interprets",
        "translates",
        "max_hours_per_week",
        "active",
    )
    list_filter = (
        "certified",
        "sworn",
        "active",
        ModalityFilter,
        "interprets",
        "translates",
        "home_zone",
        "languages__language",
    )
    list_select_related = ("home_zone",)
    search_fields = ("family_name", "given_names", "email")
    autocomplete_fields = ("user",)
    inlines = (InterpreterLanguageInline, AvailabilityInline, AbsenceInline)
    fieldsets = (
        (None, {"fields": ("user", "given_names", "family_name", "sex", "email", "phone")}),
        (
            _("Work"),
            {
                "fields": (
                    "home_zone",
                    "certified",
                    "sworn",
                    "modalities",
                    "interprets",
                    "translates",
                    "max_hours_per_week",
                    "active",
                    "left_pool_on",
                )
            },
        ),
    )


@admin.register(Tariff)
class TariffAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "valid_from",
        "first_hour",
        "per_quarter",
        "per_km",
        "km_cap",
        "late_cancellation",
        "video_per_hour",
        "page_informative",
        "page_official",
    )
    date_hierarchy = "valid_from"


@admin.register(LibraryDocument)
class LibraryDocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "topic", "language", "original", "added_on")
    list_filter = ("language", "topic")
    search_fields = ("title", "topic")
    list_select_related = ("original",)
    autocomplete_fields = ("original",)
    date_hierarchy = "added_on"
