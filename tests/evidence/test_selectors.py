"""The evidence reads' shared records: what the public pages show of the monitor's dates."""

from __future__ import annotations

import datetime as dt

from django.template import engines
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from trustreg.evidence.selectors import MonitorDates

DAY = engines["django"].from_string('{{ d|date:"Y-m-d" }}')


@given(moment=st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1),
                           timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=-11)),
                                                      dt.timezone(dt.timedelta(hours=13))])),
       zone=st.sampled_from(["UTC", "Europe/Berlin", "Pacific/Auckland", "America/Los_Angeles"]))
def test_the_days_a_page_shows_are_the_date_filters_days_in_the_site_time_zone(moment, zone):
    with override_settings(TIME_ZONE=zone):
        dates = MonitorDates(source_id=1, last_fetched=moment, quote_last_seen=moment, quote_last_checked=None)
        shown = DAY.render({"d": moment})
        assert dates.last_fetched_day == dates.quote_last_seen_day == shown
        assert dates.quote_last_checked_day == ""
