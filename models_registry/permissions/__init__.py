"""Who may see and do what: the one place for the portal's role and scope rules.

A user holds memberships (``Membership``: user, unit, role); a role on a unit reaches the whole subtree below it.
Services raise when this module says no; views, template tags, exports and ``reporting`` ask it what to show.
Nothing else in the application compares roles (``tests/test_permissions_module.py`` checks that).

Always import from this package (``from models_registry.permissions import practice_actions``). Its modules split the
rules by topic only: ``scopes`` (memberships, ``scope_q``, who the user is for the pages), ``practices`` (the
actions on a practice, the board's buttons, attachments) and ``boards`` (decisions, reports, who is told, passwords
and the second factor, Excel import, the reform queue). The table below is the whole answer.

=====================================  ===================================  =============================================
Role (on unit U)                       Sees                                 May do
=====================================  ===================================  =============================================
Cán bộ đơn vị — ``officer``            practices of U's subtree; the        register practices for U's subtree; on a
                                       similar titles of the whole          practice of U's subtree: ``edit``,
                                       district board                       ``attach`` (draft/returned), ``submit``,
                                                                            ``propose``, ``withdraw``, ``delete``
                                                                            (a draft only)
Ban Dân vận cấp huyện — ``reviewer``   practices, decisions and reports     on a practice whose board is in U's subtree:
(U is a board: ``Unit.reviews``)       of U's subtree; the board pages      ``return``, ``reject``, ``recognize`` (issue a
                                       (queue, decisions, dashboard)        district decision), ``discontinue``,
                                                                            ``mark_outstanding``, ``commend``; request
                                                                            U's report
Ban Dân vận Tỉnh ủy — ``provincial``   everything in province U; the        on a practice of U: ``recognize_provincial``,
                                       board pages, per-district            ``mark_outstanding``, ``commend``; request the
                                       dashboards                           report of every board of U and U's summary
Superuser (``is_superuser``)           everything                           every action in the services (data repair);
                                                                            the pages offer what an officer and
                                                                            provincial staff get, not the reviewing
                                                                            (that is a board's act: through /admin/)
Anybody, without login                 the public showcase (recognized      nothing
                                       practices, no contact data)
=====================================  ===================================  =============================================

The board's desk (``board_desk``): reviewers of the practice's board keep private notes, assign a proposal to a
colleague of the same board and record the yearly check; they, provincial staff of its province and superusers see
the notes and choose which photos the public sees. Officers and the public see none of it. A unit of today that
took others over in a reform (a ward, the city) also counts their history on its dashboard (``board_history_q``),
read-only: acting still needs a role on the practice's own board or unit —

except the board's year (``yearly``): once a reform closed a practice's board, the yearly check, the
discontinuation, the notes and the public photos go to the body that holds its unit today (``yearly_body``: the
successor ward's Đảng ủy; for a split commune the commune chosen in the queue, else the city board; for an old
district's own practice the city board), and with them ``mark_outstanding`` and ``commend``. The closed board's
reviewers and the closed province's staff keep reading (notes included) and act on nothing: no review action, no
outstanding mark, no commendation, no provincial recognition; the city board sees every practice of the city in the
yearly list.

Excel import (``import_scopes``): reviewers into their board's subtree, provincial staff into their province,
superusers anywhere; officers never (the import pages are a 404 for them).

Second factor (accounts app): required of reviewers, provincial staff, staff and superusers; an officer may choose it
(``second_factor_required``).

State still decides: ``practice_actions`` intersects the role's actions with ``TRANSITIONS`` (models/practices.py),
so a button shows only when both allow it; a service checks the role here and the state under its row lock.
A lookup outside ``visible_to`` / ``scope_q`` is a 404: missing and forbidden get the same answer.
"""

from .boards import (
    board_colleagues,
    import_batches_visible_to,
    import_scopes,
    may_choose_successor,
    may_import,
    may_issue_decision,
    may_recognize_provincial,
    may_request_report,
    may_reset_password,
    officer_memberships,
    officers_of,
    officers_resettable_by,
    provincial_units,
    requestable_units,
    reviewers_of,
    second_factor_required,
    successor_choices_visible_to,
)
from .practices import (
    ACTION_STATES,
    MAINTENANCE_ACTIONS,
    OFFICER_ACTIONS,
    OPEN_UNIT_ACTIONS,
    PROVINCIAL_ACTIONS,
    REVIEWER_ACTIONS,
    ReviewPermissions,
    attachments_visible_to,
    board_desk,
    board_ids_of,
    closed_unit_refusal,
    may_discontinue,
    may_register_for,
    practice_actions,
    practice_rights,
    practices_actionable_by,
    public_photos,
    registrable_units,
    review_permissions,
)
from .scopes import (
    BOARD_ROLES,
    REPORT_ROLES,
    UserLike,
    board_history_q,
    board_membership_depths,
    board_roots,
    board_scope_paths,
    board_scope_q,
    has_role,
    holds_role,
    is_board_user,
    is_officer,
    is_officer_only,
    is_provincial,
    is_reviewer,
    is_superuser,
    memberships_of,
    menu,
    officer_scope_q,
    provincial_scope_q,
    report_scope_q,
    reviewer_scope_q,
    scope_paths,
    scope_q,
    unit_list_stops_at_districts,
)
from .yearly import (
    acts_for,
    does_yearly_work,
    oversees,
    yearly_bodies,
    yearly_body,
    yearly_checkable_among,
    yearly_scope,
)

__all__ = [
    "MAINTENANCE_ACTIONS",
    "OPEN_UNIT_ACTIONS",
    "closed_unit_refusal",
    "board_colleagues",
    "board_desk",
    "public_photos",
    "may_discontinue",
    "does_yearly_work",
    "acts_for",
    "oversees",
    "yearly_body",
    "yearly_bodies",
    "yearly_checkable_among",
    "yearly_scope",
    "UserLike",
    "BOARD_ROLES",
    "REPORT_ROLES",
    "is_superuser",
    "memberships_of",
    "scope_paths",
    "scope_q",
    "has_role",
    "board_scope_q",
    "provincial_scope_q",
    "reviewer_scope_q",
    "officer_scope_q",
    "report_scope_q",
    "board_scope_paths",
    "board_membership_depths",
    "board_history_q",
    "board_roots",
    "is_officer",
    "is_officer_only",
    "is_reviewer",
    "is_provincial",
    "is_board_user",
    "menu",
    "unit_list_stops_at_districts",
    "holds_role",
    "OFFICER_ACTIONS",
    "REVIEWER_ACTIONS",
    "PROVINCIAL_ACTIONS",
    "ACTION_STATES",
    "may_register_for",
    "registrable_units",
    "board_ids_of",
    "practice_rights",
    "practice_actions",
    "practices_actionable_by",
    "ReviewPermissions",
    "review_permissions",
    "attachments_visible_to",
    "may_issue_decision",
    "may_recognize_provincial",
    "provincial_units",
    "requestable_units",
    "may_request_report",
    "reviewers_of",
    "officers_of",
    "second_factor_required",
    "officers_resettable_by",
    "may_reset_password",
    "import_scopes",
    "may_import",
    "import_batches_visible_to",
    "may_choose_successor",
    "officer_memberships",
    "successor_choices_visible_to",
]
