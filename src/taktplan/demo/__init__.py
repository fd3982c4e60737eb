"""The demo company: an invented bicycle and e-bike maker to plan, show and test with."""

from taktplan.demo.company import COMPANY_NAME, build_demo_company

__all__ = ["COMPANY_NAME", "build_demo_company"]
