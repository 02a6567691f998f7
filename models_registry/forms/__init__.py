"""Forms by topic: practices (registration, results, files), review (board actions), decisions, accounts (login).

Forms validate input and lay it out; services do the writing.
"""
