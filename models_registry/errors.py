"""Domain errors: raised by services, shown to users as plain messages."""


class DomainError(Exception):
    """An action that the rules of the movement do not allow now; the message is for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


class IllegalTransition(DomainError):
    pass


class StaleObject(DomainError):
    """The object changed since the user loaded the form (another tab, another reviewer)."""
