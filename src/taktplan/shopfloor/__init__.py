"""The production schedule: production orders on the shop's work and machine centers.

* :mod:`.jobs`: production orders with a routing as jobs: their operations, the
  centers that can run them and for how long, when their material is ready;
* :mod:`.axis`: the working-time axis the sequencing solvers work on;
* :mod:`.model`: jobs as a :class:`~taktplan.scheduling.model.SchedulingModel`;
* :mod:`.decode`: a solver's sequence placed in real time through the calendars;
* :mod:`.check`: the check every schedule passes (calendars, precedence, no
  overlap, eligibility, changeovers, material);
* :mod:`.schedule`: the entry point, :func:`~.schedule.schedule_orders`;
* :mod:`.feedback`: what the schedule means for the plan (reschedule lines,
  late sales orders).
"""
