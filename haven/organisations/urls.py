from django.urls import path

from haven.organisations.views import ambassadors, associations, testimonies, trainings

app_name = "organisations"

urlpatterns = [
    path("", testimonies.request_list, name="testimonies"),
    path("testimonies/new/", testimonies.request_create, name="testimony_create"),
    path("testimonies/<int:testimony_id>/", testimonies.request_detail, name="testimony"),
    path("testimonies/<int:testimony_id>/edit/", testimonies.request_edit, name="testimony_edit"),
    path("ambassadors/", ambassadors.ambassador_list, name="ambassadors"),
    path("ambassadors/new/", ambassadors.ambassador_register, name="ambassador_register"),
    path("people/<int:person_id>/ambassador/new/", ambassadors.ambassador_create, name="ambassador_create"),
    path("ambassadors/<int:ambassador_id>/", ambassadors.ambassador_detail, name="ambassador"),
    path("ambassadors/<int:ambassador_id>/edit/", ambassadors.ambassador_edit, name="ambassador_edit"),
    path(
        "ambassadors/<int:ambassador_id>/consent/withdraw/",
        ambassadors.ambassador_consent_withdraw,
        name="ambassador_consent_withdraw",
    ),
    path("trainings/", trainings.training_list, name="trainings"),
    path("trainings/new/", trainings.training_create, name="training_create"),
    path("trainings/<int:training_id>/", trainings.training_edit, name="training"),
    path("partners/", trainings.partner_list, name="partners"),
    path("partners/new/", trainings.partner_create, name="partner_create"),
    path("partners/<int:partner_id>/", trainings.partner_edit, name="partner"),
    path("coaching/", trainings.coaching_list, name="coachings"),
    path("coaching/new/", trainings.coaching_create, name="coaching_create"),
    path("coaching/<int:coaching_id>/", trainings.coaching_detail, name="coaching"),
    path("coaching/<int:coaching_id>/edit/", trainings.coaching_edit, name="coaching_edit"),
    path("associations/", associations.association_list, name="associations"),
    path("associations/new/", associations.association_create, name="association_create"),
    path("associations/<int:association_id>/", associations.association_detail, name="association"),
    path("associations/<int:association_id>/edit/", associations.association_edit, name="association_edit"),
    path("support-contacts/", associations.support_contact_list, name="support_contacts"),
    path("network-events/", associations.network_event_list, name="network_events"),
    path("network-events/new/", associations.network_event_create, name="network_event_create"),
    path("network-events/<int:network_event_id>/", associations.network_event_edit, name="network_event"),
]
