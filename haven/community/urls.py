from django.urls import path

from haven.community.views import culture, duos, matching, photos, programmes

app_name = "community"

urlpatterns = [
    path("", programmes.group_list, name="groups"),
    path("groups/new/", programmes.group_create, name="group_create"),
    path("groups/<int:group_id>/", programmes.group_detail, name="group"),
    path("groups/<int:group_id>/matching/", matching.group_matching, name="matching"),
    path("participants/", programmes.participant_list, name="participants"),
    path("people/<int:person_id>/participations/new/", programmes.participant_create, name="participant_create"),
    path("participants/<int:participant_id>/", programmes.participant_detail, name="participant"),
    path("buddies/", programmes.buddy_list, name="buddies"),
    path("buddies/new/", programmes.buddy_create, name="buddy_create"),
    path("buddies/<int:buddy_id>/", programmes.buddy_detail, name="buddy"),
    path("buddies/<int:buddy_id>/consent/withdraw/", programmes.buddy_consent_withdraw, name="buddy_consent_withdraw"),
    path("duos/", duos.duo_list, name="duos"),
    path("duos/<int:duo_id>/", duos.duo_detail, name="duo"),
    path("culture/", culture.culture, name="culture"),
    path("culture/houses/", culture.culture_houses, name="culture_houses"),
    path("culture/<int:edition_id>/", culture.edition_detail, name="edition"),
    path("events/", culture.event_list, name="events"),
    path("events/new/", culture.event_create, name="event_create"),
    path("events/<int:event_id>/", culture.event_edit, name="event"),
    path("photos/", photos.photo_list, name="photos"),
    path("photos/new/", photos.photo_upload, name="photo_upload"),
    path("photos/<int:photo_id>/", photos.photo_detail, name="photo"),
    path("photos/<int:photo_id>/file/", photos.photo_file, name="photo_file"),
    path(
        "photos/consents/<int:photo_consent_id>/withdraw/",
        photos.photo_consent_withdraw,
        name="photo_consent_withdraw",
    ),
]
