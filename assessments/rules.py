"""Who may assess and decide: VLAIO managers (the permission to decide applications), never readers or contacts."""

import rules

from grants.rules import is_vlaio_staff, may_decide

may_assess = is_vlaio_staff & may_decide

rules.add_perm("assessments.assess", may_assess)
rules.add_perm("assessments.decide_batch", may_assess)
