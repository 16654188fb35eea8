"""The list pages' pagination (core/pagination.py): the links keep the filter as typed."""

import datetime

from django import forms
from django.test import RequestFactory

from haven.core.pagination import paginate


class _Filter(forms.Form):
    name = forms.CharField(required=False)
    since = forms.DateField(required=False, input_formats=["%d/%m/%Y"])
    count = forms.IntegerField(required=False)
    open_only = forms.BooleanField(required=False)


def _page(query: dict, filters) -> dict:
    return paginate(RequestFactory().get("/", query), list(range(60)), filters, size=25)


def test_the_links_keep_the_filter_as_typed_and_leave_out_what_is_empty():
    form = _Filter({"name": "", "since": "01/02/2019", "count": "0", "open_only": ""})
    listed = _page({"page": "2"}, form)
    assert listed["page"].number == 2
    assert listed["previous_query"] == "since=01%2F02%2F2019&count=0&page=1"
    assert listed["next_query"] == "since=01%2F02%2F2019&count=0&page=3"


def test_a_page_number_that_is_not_one_gives_the_first_page():
    for bad in ("x", "0", "-3"):
        listed = _page({"page": bad}, {"show": "all"})
        assert listed["page"].number == 1 and listed["previous_query"] == ""
        assert listed["next_query"] == "show=all&page=2"


def test_a_second_list_has_its_own_page_field_and_names():
    listed = paginate(
        RequestFactory().get("/", {"past_page": "3"}),
        list(range(60)),
        {"day": datetime.date(2019, 5, 1)},
        page_field="past_page",
        prefix="past_",
        size=25,
    )
    assert listed["past_page"].number == 3
    assert listed["past_previous_query"] == "day=01%2F05%2F2019&past_page=2" and listed["past_next_query"] == ""
