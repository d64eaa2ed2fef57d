"""Outreach rules: home visits with a checklist, visit rounds, check-in circles and their calls.

Access follows the relationship:
- a coordinator plans and sees everything in the network;
- a professional plans and sees rounds, visits and circles of their areas (a role without area: all);
- a volunteer sees only the visits and calls assigned to them, with minimal data: first name,
  address, and the phone number only while the person agrees to be contacted;
- residents, partner staff and policy viewers see none of this.
Only people with "contact" consent are put into rounds and circles; the others are listed to the
coach as "ask consent first", without contact details.
"""

# A package of sub-domain modules (issue 10 item 4); every public name stays importable from
# zorgzaam.outreach.services.
# Names the views, API, hooks and forms reached through this module before the split.
from zorgzaam.audit.services import record
from zorgzaam.outreach.services.checklists import (
    CARE_THEME,
    DEFAULT_QUESTIONS,
    add_question,
    can_edit_checklist,
    checklists_for,
    ensure_default_checklist,
    remove_question,
    validate_answers,
    worry_themes,
)
from zorgzaam.outreach.services.circles import (
    add_member,
    calls_due,
    circle_members,
    create_circle,
    flagged_members,
    get_circle,
    log_call,
    remove_member,
)
from zorgzaam.outreach.services.lists import ListRow, week_list
from zorgzaam.outreach.services.permissions import (
    CALL_LOGGED,
    CHECKLIST_CHANGED,
    CIRCLE_CREATED,
    CIRCLE_VIEWED,
    HELPER_ROLES,
    LIST_VIEWED,
    MAX_TEXT,
    MEMBER_ADDED,
    MEMBER_REMOVED,
    ROUND_PLANNED,
    ROUND_VIEWED,
    VISIT_ASSIGNED,
    VISIT_RECORDED,
    VISIT_VIEWED,
    area_ok,
    can_log_call,
    can_manage_circle,
    can_plan,
    can_record_visit,
    can_see_visit,
    can_use,
    check_helper,
    contact_ok_ids,
    helpers_for,
    in_network,
    manages_visit,
    visible_circles,
    visible_members,
    visible_rounds,
    visible_visits,
)
from zorgzaam.outreach.services.rounds import (
    assign_visit,
    get_round,
    plan_round,
    round_list,
    round_progress,
    round_visits,
    street_choices,
)
from zorgzaam.outreach.services.visits import VisitCard, get_visit, my_visits, record_visit, visit_cards
from zorgzaam.people.actor import is_staff
from zorgzaam.people.services import STAFF_ROLES

__all__ = [
    "STAFF_ROLES",
    "is_staff",
    "record",
    "CALL_LOGGED",
    "CARE_THEME",
    "CHECKLIST_CHANGED",
    "CIRCLE_CREATED",
    "CIRCLE_VIEWED",
    "DEFAULT_QUESTIONS",
    "HELPER_ROLES",
    "LIST_VIEWED",
    "ListRow",
    "MAX_TEXT",
    "MEMBER_ADDED",
    "MEMBER_REMOVED",
    "ROUND_PLANNED",
    "ROUND_VIEWED",
    "VISIT_ASSIGNED",
    "VISIT_RECORDED",
    "VISIT_VIEWED",
    "VisitCard",
    "add_member",
    "add_question",
    "area_ok",
    "assign_visit",
    "calls_due",
    "can_edit_checklist",
    "can_log_call",
    "can_manage_circle",
    "can_plan",
    "can_record_visit",
    "can_see_visit",
    "can_use",
    "check_helper",
    "checklists_for",
    "circle_members",
    "contact_ok_ids",
    "create_circle",
    "ensure_default_checklist",
    "flagged_members",
    "get_circle",
    "get_round",
    "get_visit",
    "helpers_for",
    "in_network",
    "log_call",
    "manages_visit",
    "my_visits",
    "plan_round",
    "record_visit",
    "remove_member",
    "remove_question",
    "round_list",
    "round_progress",
    "round_visits",
    "street_choices",
    "validate_answers",
    "visible_circles",
    "visible_members",
    "visible_rounds",
    "visible_visits",
    "visit_cards",
    "week_list",
    "worry_themes",
]
