from django.urls import path

from .views import password, second_factor

urlpatterns = [
    path("security/", second_factor.account_security, name="account_security"),
    path("second-factor/", second_factor.second_factor_verify, name="second_factor_verify"),
    path("second-factor/enrol/", second_factor.second_factor_enrol, name="second_factor_enrol"),
    path("second-factor/backup-codes/", second_factor.backup_codes_renew, name="backup_codes_renew"),
    path("second-factor/disable/", second_factor.second_factor_disable, name="second_factor_disable"),
]
urlpatterns += [
    path("officers/", password.officer_list, name="officer_list"),
    path("officers/<int:pk>/reset-password/", password.officer_password_reset, name="officer_password_reset"),
]
