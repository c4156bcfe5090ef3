"""Account pages outside django.contrib.auth's own: accepting an invitation."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from grants.tokens import invitation_token_generator, is_open_invitation


class InviteAcceptView(auth_views.PasswordResetConfirmView):
    """The one-time link of an invitation: the contact chooses a password, which activates the account. The token
    is an invitation token (`grants.tokens`), not a password-reset token, and only an account that never had a
    password is activated: a deactivated contact stays deactivated until staff reactivate them."""

    template_name = "registration/invite_accept.html"
    success_url = reverse_lazy("login")
    token_generator = invitation_token_generator

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and is_open_invitation(user) else None

    def form_valid(self, form):
        self.user.is_active = True
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been set. You can now log in."))
        return response
