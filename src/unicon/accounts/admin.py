from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from unicon.accounts import services
from unicon.accounts.models import User, UserSession
from unicon.core.errors import ServiceError


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    """Create users through the app or `unicon createadmin`; activation goes through services."""

    list_display = ["email", "full_name", "role", "customer", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "full_name", "phone"]
    fields = ["email", "full_name", "phone", "role", "customer", "is_active", "last_login"]
    readonly_fields = ["email", "role", "customer", "is_active", "last_login"]
    actions = ["deactivate", "activate"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Deactivate (ends every session)"))
    def deactivate(self, request, queryset):
        for user in queryset:
            try:
                services.deactivate_user(user, actor=request.user)
            except ServiceError as exc:
                self.message_user(request, f"{user}: {exc.message}", messages.ERROR)

    @admin.action(description=_("Activate"))
    def activate(self, request, queryset):
        for user in queryset:
            services.activate_user(user)


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "created_at", "last_seen_at", "expire_date", "ip"]
    list_filter = ["kind"]
    search_fields = ["user__email"]
    fields = ["user", "kind", "created_at", "last_seen_at", "expire_date", "ip", "user_agent"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False
