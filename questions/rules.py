"""Who may do what with written questions, on the staff predicates of `grants.rules`: managers register, draft,
approve and send; readers read the archive and the sent answers; academy contacts nothing."""

import rules

from grants.rules import is_vlaio_staff, may_decide, may_read_reports

may_manage_questions = is_vlaio_staff & may_decide
may_read_answers = may_read_reports | may_manage_questions

rules.add_perm("questions.manage_questions", may_manage_questions)
rules.add_perm("questions.read_answers", may_read_answers)
