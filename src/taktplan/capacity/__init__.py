"""Capacity: shop calendars, work and machine centers, routings, and scheduling production
orders through them (infinite or finite loading), capacity load, sequencing and batches.

Times are whole minutes counted from day 0 of the proleptic calendar
(``day * 1440 + minute of the day``), so that a day number from
:mod:`taktplan.domain.dates` and a minute convert without time zones.
"""
