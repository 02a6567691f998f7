"""Pages by topic: practices (officer side), notifications, review, decisions, dashboard, public, home, health.

Views are thin: they find objects through selectors (404 outside the user's scope), ask ``permissions`` what to
offer, validate a form and call one service through ``helpers.service_call``.
"""
