from allauth.account.adapter import DefaultAccountAdapter


class NoSignupAdapter(DefaultAccountAdapter):
    """Accounts are created by methodologists and administrators, never by public sign-up."""

    def is_open_for_signup(self, request):
        return False
