"""Account pages outside django.contrib.auth's own: accepting an invitation."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext as _


class InviteAcceptView(auth_views.PasswordResetConfirmView):
    """The one-time link of an invitation: the contact chooses a password, which activates the account. The
    token is Django's password-reset token, so it stops working once a password is set."""

    template_name = "registration/invite_accept.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        self.user.is_active = True
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been set. You can now log in."))
        return response
