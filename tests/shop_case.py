"""A small frame shop as a case document: every kind of shop record with real values.

BIKE is assembled from a painted FRAME and two bought WHEELs; FRAME is cut
from TUBE, welded on a robot, painted with POWDER and powder-coated outside.
The calendar DAY works 07:00-11:30 and 12:00-15:30 (480 minutes) Monday to
Thursday and 07:00-12:00 on Fridays; 2SHIFT runs 06:00-22:00 on weekdays and
06:00-12:00 on Saturdays.
"""

from __future__ import annotations

import copy
from typing import Any

_CASE: dict[str, Any] = {
    "format": 1,
    "name": "frame-shop",
    "planning": {"start": "2027-01-04", "end": "2027-03-31"},
    "calendar": {"non_working_weekdays": ["Sat", "Sun"], "holidays": ["2027-01-06"]},
    "locations": [{"code": "MAIN"}],
    "items": [
        {"no": "BIKE", "replenishment": "production", "reordering_policy": "lot-for-lot",
         "unit_cost": "412.30", "standard_cost": "405.00", "overhead_rate": 3,
         "bom": [{"component": "FRAME", "qty_per": 1}, {"component": "WHEEL", "qty_per": 2}]},
        {"no": "FRAME", "replenishment": "production", "reordering_policy": "lot-for-lot",
         "attributes": {"colour": "dark", "finish": "matt"}, "standard_cost": "85.5",
         "indirect_cost_pct": 5, "overhead_rate": "1.5",
         "bom": [{"component": "TUBE", "qty_per": 3}, {"component": "POWDER", "qty_per": "0.4",
                                                       "scrap_pct": 8}]},
        {"no": "WHEEL", "reordering_policy": "lot-for-lot", "unit_cost": 38},
        {"no": "TUBE", "reordering_policy": "lot-for-lot", "unit_cost": "7.25"},
        {"no": "POWDER", "reordering_policy": "lot-for-lot", "unit_cost": 12},
    ],
    "demand": [{"type": "sales", "id": "SO-1", "item": "BIKE", "location": "MAIN",
                "date": "2027-02-01", "qty": 12}],
    "shop": {
        "calendars": [
            {"code": "DAY", "weekdays": ["07:00-11:30", "12:00-15:30"],
             "shifts": {"fri": ["07:00-12:00"]}, "holidays": ["2027-01-06", "2027-04-02"]},
            {"code": "2SHIFT", "weekdays": ["06:00-14:00", "14:00-22:00"],
             "shifts": {"sat": ["06:00-12:00"]}},
        ],
        "work_centers": [
            {"code": "CUT", "calendar": "DAY", "unit_cost": 42, "overhead_rate": "4.5"},
            {"code": "WELD", "calendar": "2SHIFT", "capacity": 2, "efficiency_pct": 90,
             "unit_cost": 48, "indirect_cost_pct": 10, "overhead_rate": 6, "queue_time": 30,
             "critical_load_pct": 95, "dampener_pct": 5},
            {"code": "PAINT", "calendar": "DAY", "unit_cost": "55.5", "critical_load_pct": 85},
            {"code": "COAT", "calendar": "DAY", "unit_cost": "2.5", "cost_basis": "unit",
             "subcontractor": "V-COAT"},
            {"code": "ASSEMBLY", "calendar": "DAY", "capacity": 4, "unit_cost": 38},
        ],
        "machine_centers": [
            {"code": "ROBOT-1", "work_center": "WELD", "unit_cost": 60, "efficiency_pct": 110},
            {"code": "ROBOT-2", "work_center": "WELD", "unit_cost": 60},
        ],
        "routings": [
            {"item": "FRAME", "operations": [
                {"no": "10", "resource": "CUT", "setup_time": 20, "run_time": "4.5",
                 "components": ["TUBE"], "move_time": 30},
                {"no": "20", "resource": "ROBOT-1", "alternatives": ["ROBOT-2", "WELD"],
                 "setup_time": 30, "run_time": 12},
                {"no": "30", "resource": "PAINT", "setup_time": 15, "run_time": 6,
                 "components": ["POWDER"], "wait_time": 240},
                {"no": "40", "resource": "COAT", "unit_cost_per": "2.8",
                 "description": "powder coat, outside", "wait_time": 1440},
            ]},
            {"item": "BIKE", "operations": [
                {"no": "10", "resource": "ASSEMBLY", "setup_time": 10, "run_time": 35,
                 "components": ["FRAME", "WHEEL"]},
            ]},
        ],
        "changeovers": [
            {"attribute": "colour", "from": "light", "to": "dark", "minutes": 20,
             "resource": "PAINT"},
            {"attribute": "colour", "from": "dark", "to": "light", "minutes": 45,
             "resource": "PAINT"},
            {"attribute": "colour", "from": "*", "to": "*", "minutes": 30},
            {"attribute": "finish", "from": "*", "to": "*", "minutes": 10},
        ],
    },
}  # fmt: skip


def shop_case() -> dict[str, Any]:
    """A fresh copy of the frame shop's case document (tests may change it)."""
    return copy.deepcopy(_CASE)
